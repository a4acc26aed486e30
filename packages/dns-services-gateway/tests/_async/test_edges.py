"""Edge cases of the client over MockTransport: bad input, give-up paths, resources."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from dns_services_gateway import (
    APIConnectionError,
    AsyncDNSServicesClient,
    InvalidArgumentError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
)

USER = "user@example.com"
ZONES = {"zones": [{"domain_id": "11", "name": "example.com", "service_id": "7"}]}


def _record(rid: str, name: str, rtype: str, content: str, prio: str = "0") -> dict[str, Any]:
    return {
        "id": rid,
        "domain_id": "11",
        "name": name,
        "type": rtype,
        "content": content,
        "ttl": "300",
        "prio": prio,
        "change_date": "0",
        "priority": prio,
    }


ZONE = {
    "service_id": "7",
    "name": "example.com",
    "records": {
        "0": {
            "id": "1",
            "name": "example.com",
            "type": "SOA",
            "ttl": "60",
            "content": ["ns1.dns.services", "post.dns.services", "5", "1", "1", "1", "1"],
        },
        "2": _record("2", "www.example.com", "A", "192.0.2.1"),
        "3": _record("3", "set.example.com", "TXT", '"one"'),
        "5": _record("5", "set.example.com", "TXT", '"two"'),
    },
}


@pytest.fixture
def handler(make_jwt: Callable[..., str]) -> Callable[[httpx.Request], httpx.Response]:
    token = make_jwt(3600)

    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/api/login":
            return httpx.Response(200, json={"token": token, "refresh": "R"})
        if path == "/api/dns":
            return httpx.Response(200, json=ZONES)
        if path == "/api/service/7/dns/11":
            return httpx.Response(200, json=ZONE)
        if path.startswith("/api/service/7/dns/11/records"):
            return httpx.Response(200, json={"success": True})
        if path == "/api/domain":
            return httpx.Response(200, json={"error": ["invalid method"]})
        if path == "/api/service/7/methods":
            return httpx.Response(
                200,
                json={
                    "methods": [
                        {
                            "name": "Upgrade Request",
                            "method": "POST",
                            "route": "/service/@id/upgrade",
                        },
                        {
                            "name": "Upgrade Request",
                            "method": "post",
                            "route": "/service/@id/upgrade",
                        },
                        {"name": "", "method": "GET", "route": "/service/@id/label"},
                        {"name": "", "method": "", "route": ""},
                        "not a mapping",
                    ]
                },
            )
        return httpx.Response(404, json={"error": ["not found"]})

    return handle


def _client(
    handler: Callable[[httpx.Request], httpx.Response], tmp_path: Path, **kwargs: Any
) -> AsyncDNSServicesClient:
    options: dict[str, Any] = {
        "username": USER,
        "password": "pw",
        "token_path": tmp_path / "t",
        "transport": httpx.MockTransport(handler),
        "retry_policy": RetryPolicy(max_retries=1, backoff_base=0.001, backoff_max=0.001),
    }
    options.update(kwargs)
    return AsyncDNSServicesClient(**options)


async def test_manage_record_bad_arguments(handler: Any, tmp_path: Path) -> None:
    async with _client(handler, tmp_path) as client:
        for bad, bad_field in [
            ({"action": "upsert", "data": {}}, "action"),
            ({"action": "create", "data": {}, "verify": "maybe"}, "verify"),
            ({"action": "create", "data": ["not", "a", "mapping"]}, "data"),
        ]:
            with pytest.raises(InvalidArgumentError) as info:
                await client.manage_record(domain="example.com", record_type="A", **bad)
            assert info.value.field == bad_field
        cases = [
            (
                {"action": "update", "data": {"name": "set", "content": "x"}, "record_type": "TXT"},
                "match_content",
            ),
            ({"action": "update", "data": {"content": "192.0.2.1"}}, "id"),
            ({"action": "update", "data": {"content": "x"}}, "content"),
        ]
        for kwargs, field in cases:
            options = {"domain": "example.com", "record_type": "A", **kwargs}
            response = await client.manage_record(**options)
            assert response.status == "error", kwargs
            assert response.error is not None and response.error.field == field, response.error
        empty = await client.manage_record(action="create", domain=" ", record_type="A", data={})
        assert empty.error is not None and empty.error.field == "domain"
        unverified = await client.manage_record(
            action="delete",
            domain="example.com",
            record_type="TXT",
            data={"name": "set", "content": "one"},
            verify=False,
        )
        assert unverified.status == "success"
        assert unverified.data.verified is None
        assert (
            unverified.data.verification is not None
            and unverified.data.verification.level == "none"
        )
        assert unverified.metadata["ttl"] == 300
        read = await client.manage_record(
            action="read", domain="example.com", record_type="txt", data={"name": "set"}
        )
        dumped = read.model_dump(mode="json")
        assert dumped["operation"] == "read" and dumped["status"] == "success"
        assert [r["content"] for r in dumped["data"]["after"]["records"]] == ["one", "two"]
        assert dumped["metadata"]["record_ids"] == ["3", "5"] and dumped["data"]["before"] is None


async def test_records_resource_lookups(handler: Any, tmp_path: Path) -> None:
    async with _client(handler, tmp_path) as client:
        assert [r.id for r in await client.records.list("example.com", name="set")] == ["3", "5"]
        assert [r.id for r in await client.records.list("example.com", record_type="txt")] == [
            "3",
            "5",
        ]
        assert len(await client.records.list("example.com")) == 3
        with pytest.raises(NotFoundError):
            await client.records.update(
                "example.com", name="nope", record_type="A", content="192.0.2.9"
            )
        with pytest.raises(InvalidArgumentError, match="2 records match"):
            await client.records.update("example.com", name="set", record_type="TXT", content="x")
        updated = await client.records.update(
            "example.com",
            name="set",
            record_type="TXT",
            match_content="two",
            content="deux",
            ttl=60,
        )
        assert (updated.id, updated.content, updated.ttl) == ("5", "deux", 60)
        with pytest.raises(NotFoundError):
            await client.records.delete("example.com", "999")
        with pytest.raises(NotFoundError, match="no hosted zone"):
            await client.get_zone("example.org")


async def test_domains_without_registrar(handler: Any, tmp_path: Path) -> None:
    async with _client(handler, tmp_path) as client:
        domains = await client.domains.list(with_nameservers=True)
        assert [(d.name, d.hosted, d.registrar_id) for d in domains] == [
            ("example.com", True, None)
        ]
        details = await client.domains.get("example.com.")
        assert details.configuration_status == "hosted"
        assert details.available_operations[-2:] == [
            "service: Upgrade Request (POST /service/@id/upgrade)",
            "service: GET /service/@id/label",
        ]
        assert details.soa is not None and details.soa.serial == 5
        with pytest.raises(NotFoundError, match="neither registered nor hosted"):
            await client.domains.get("example.org")


async def test_create_gives_up_when_rate_limit_wait_is_too_long(
    handler: Any, tmp_path: Path
) -> None:
    def limited(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/records"):
            return httpx.Response(
                429, headers={"Retry-After": "3600"}, json={"error": ["slow down"]}
            )
        return handler(request)

    async with _client(limited, tmp_path) as client:
        with pytest.raises(RateLimitError) as info:
            await client.records.create(
                "example.com", name="new", record_type="A", content="192.0.2.7"
            )
    assert info.value.retry_after == 3600


async def test_create_gives_up_after_retries(handler: Any, tmp_path: Path) -> None:
    posts: list[int] = []

    def broken(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/records"):
            posts.append(1)
            raise httpx.ConnectError("refused", request=request)
        return handler(request)

    async with _client(broken, tmp_path) as client:
        with pytest.raises(APIConnectionError):
            await client.records.create(
                "example.com", name="new", record_type="A", content="192.0.2.7"
            )
    assert len(posts) == 2  # first attempt + max_retries=1, each after a zone re-read


async def test_logout_when_api_unreachable(handler: Any, tmp_path: Path) -> None:
    def offline_logout(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/logout":
            raise httpx.ConnectError("refused", request=request)
        return handler(request)

    async with _client(offline_logout, tmp_path) as client:
        await client.login()
        assert await client.logout() is False
        assert client.auth_status().token_present is False
    assert not (tmp_path / "t").exists()


async def test_injected_http_client_is_left_open(handler: Any, tmp_path: Path) -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        async with AsyncDNSServicesClient(
            username=USER, password="pw", token_path=tmp_path / "t", http_client=http
        ) as client:
            assert [z.name for z in await client.list_zones()] == ["example.com"]
            assert "example.com" not in repr(client) and "pw" not in repr(client)
        assert not http.is_closed


async def test_bad_verification_arguments_send_nothing(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(500)

    record = {"name": "www", "content": "192.0.2.1"}
    async with _client(handler, tmp_path) as client:
        for kwargs, field in [
            ({"dns_timeout": 0}, "dns_timeout"),
            ({"dns_timeout": -1.5}, "dns_timeout"),
            ({"dns_timeout": float("nan")}, "dns_timeout"),
            ({"deadline": -1}, "deadline"),
            ({"deadline": float("inf")}, "deadline"),
            ({"deadline": True}, "deadline"),
            ({"level": "none"}, "level"),
        ]:
            with pytest.raises(InvalidArgumentError) as info:
                await client.verify(
                    "example.com", name="www", record_type="A", content="192.0.2.1", **kwargs
                )
            assert info.value.field == field
            if field == "level":
                continue
            with pytest.raises(InvalidArgumentError) as info:
                await client.manage_record(
                    action="create",
                    domain="example.com",
                    record_type="A",
                    data=record,
                    verify="dns",
                    **kwargs,
                )
            assert info.value.field == field
    assert seen == [], "refused before any request"
