"""Names and TXT data against the fake: absolute names, IDNs, one TXT encoding."""

from __future__ import annotations

import json

import pytest

from dns_services_gateway import AsyncDNSServicesClient, InvalidArgumentError
from dns_services_gateway.testing import FakeDNSServices


async def test_absolute_name_outside_the_zone_is_refused_before_any_request(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    fake.clear_requests()
    with pytest.raises(InvalidArgumentError, match="absolute") as info:
        await async_client.records.create(
            "example.com", name="www.example.org.", record_type="A", content="192.0.2.80"
        )
    assert info.value.field == "name"
    response = await async_client.manage_record(
        "create", "example.com", "A", {"name": "www.example.org.", "content": "192.0.2.80"}
    )
    assert response.status == "error" and response.error is not None
    assert response.error.field == "name"
    with pytest.raises(InvalidArgumentError, match=r"changes\[0\]\.name"):
        await async_client.batch(
            [
                {
                    "action": "create",
                    "domain": "example.com",
                    "type": "A",
                    "name": "www.example.org.",
                    "content": "192.0.2.80",
                }
            ]
        )
    assert fake.requests == []
    assert fake.zone("example.com").find("www.example.org", "A") == []


async def test_absolute_name_inside_the_zone_and_relative_lookalikes(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    record = await async_client.records.create(
        "example.com", name="abs.example.com.", record_type="A", content="192.0.2.81"
    )
    assert record.name == "abs.example.com"
    sent = [e for e in fake.requests if e.method == "POST" and e.path.endswith("/records")]
    assert json.loads(sent[-1].body)["name"] == "abs"


async def test_idn_names_are_sent_as_punycode_and_served(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    response = await async_client.manage_record(
        "create",
        "example.com",
        "CNAME",
        {"name": "Bücher", "content": "ziel.bücher.example"},
        verify="dns",
    )
    assert response.status == "success", response.error
    assert response.metadata["name"] == "xn--bcher-kva.example.com"
    assert response.data.verified is True
    [stored] = fake.zone("example.com").find("xn--bcher-kva", "CNAME")
    assert stored.content == "ziel.xn--bcher-kva.example"
    again = await async_client.manage_record(
        "create",
        "example.com",
        "CNAME",
        {"name": "xn--bcher-kva", "content": "ziel.bücher.example"},
    )
    assert again.metadata["outcome"] == "unchanged"


async def test_txt_is_sent_one_way_whatever_its_length(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    long_value = "v=DKIM1; p=" + "A" * 600
    for value in ('short "quoted" text', long_value):
        fake.clear_requests()
        response = await async_client.manage_record(
            "create", "example.com", "TXT", {"name": "enc", "content": value}, verify="dns"
        )
        assert response.status == "success", response.error
        assert response.data.verified is True
        [post] = [e for e in fake.requests if e.method == "POST" and e.path.endswith("/records")]
        assert json.loads(post.body)["content"] == value
    contents = sorted(r.content for r in fake.zone("example.com").find("enc", "TXT"))
    assert contents == sorted(['short "quoted" text', long_value])


async def test_blank_txt_is_refused_before_sending(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    fake.clear_requests()
    for blank in ("", "  ", '""'):
        with pytest.raises(InvalidArgumentError, match="empty or blank"):
            await async_client.records.create(
                "example.com", name="blank", record_type="TXT", content=blank
            )
    assert fake.requests == []
    result = await async_client.batch(
        [{"action": "create", "domain": "example.com", "type": "TXT", "name": "b", "content": " "}]
    )
    assert [r.status for r in result.results] == ["error"]
    assert [e.method for e in fake.requests if "/records" in e.path] == []
