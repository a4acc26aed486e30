"""Registrar nameservers of a domain: typed reads and idempotent changes against the fake."""

from __future__ import annotations

import json

import pytest

from dns_services_gateway import AsyncDNSServicesClient, InvalidArgumentError, NotFoundError
from dns_services_gateway.testing import FakeDNSServices


def _puts(fake: FakeDNSServices) -> list[dict[str, object]]:
    return [
        json.loads(e.body) for e in fake.requests if e.method == "PUT" and e.path.endswith("/ns")
    ]


async def test_read_and_change_the_delegation(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    domain = fake.add_domain("example.com")
    assert await async_client.domains.nameservers("Example.COM.") == [
        "ns1.dns.services",
        "ns2.dns.services",
    ]
    fake.clear_requests()
    changed = await async_client.domains.set_nameservers(
        "example.com", ["NS1.Example.NET.", "ns2.bücher.example"]
    )
    assert changed == ["ns1.example.net", "ns2.xn--bcher-kva.example"]
    assert domain.nameservers == changed
    assert _puts(fake) == [{"nameservers": ["ns1.example.net", "ns2.xn--bcher-kva.example"]}]
    # Already so: nothing is sent.
    fake.clear_requests()
    again = await async_client.domains.set_nameservers(
        "example.com", ["ns1.example.net", "ns2.xn--bcher-kva.example"]
    )
    assert again == changed and _puts(fake) == []
    # Back to the provider's defaults: an empty list is sent.
    defaults = await async_client.domains.set_nameservers("example.com")
    assert defaults == ["ns1.dns.services", "ns2.dns.services"]
    assert _puts(fake) == [{"nameservers": []}]
    assert (await async_client.domains.get("example.com")).domain.dns_configured is True


async def test_bad_nameservers_are_refused_before_any_request(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    fake.add_domain("example.com")
    fake.clear_requests()
    for servers, message in (
        (["only-one.example.net"], "at least two"),
        (["ns1.example.net", "ns1.example.net."], "twice"),
        (["ns1.example.net", "bad_label-.example"], "not a valid host name"),
    ):
        with pytest.raises(InvalidArgumentError, match=message):
            await async_client.domains.set_nameservers("example.com", servers)
    assert fake.requests == []


async def test_a_domain_not_registered_here(async_client: AsyncDNSServicesClient) -> None:
    # example.com is hosted by the fixture but not registered at the fake registrar.
    with pytest.raises(NotFoundError, match="not registered"):
        await async_client.domains.nameservers("example.com")
    with pytest.raises(NotFoundError, match="not registered"):
        await async_client.domains.set_nameservers("example.com", ["a.example", "b.example"])
