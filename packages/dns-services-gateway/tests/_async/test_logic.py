"""Logic tests over httpx.MockTransport: auth flows, retries, errors, logging, token file."""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from dns_services_gateway import (
    APIConnectionError,
    APIOperationError,
    APITimeoutError,
    AsyncDNSServicesClient,
    AuthenticationError,
    ConfigurationError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    TokenFileError,
)

USER = "user@example.com"
PASSWORD = "s3cret-Passw0rd"
ZONES = {
    "service_ids": ["7"],
    "zones": [{"domain_id": "11", "name": "example.com", "service_id": "7"}],
}


def zone_body(
    serial: int = 2024010100, extra: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    records = [
        {
            "id": "1",
            "domain_id": "11",
            "name": "example.com",
            "type": "SOA",
            "content": [
                "ns1.dns.services",
                "post.dns.services",
                str(serial),
                "10800",
                "3600",
                "1814400",
                "7200",
            ],
            "ttl": "60",
            "prio": "0",
            "change_date": "0",
            "priority": "0",
        },
        {
            "id": "2",
            "domain_id": "11",
            "name": "example.com",
            "type": "NS",
            "content": "ns1.dns.services",
            "ttl": "86400",
            "prio": "0",
            "change_date": "0",
            "priority": "0",
        },
        *(extra or []),
    ]
    return {"service_id": "7", "name": "example.com", "records": records}


class Api:
    """A scripted MockTransport handler; ``routes`` maps (method, path) to a responder."""

    def __init__(self, make_jwt: Callable[..., str]) -> None:
        self.make_jwt = make_jwt
        self.requests: list[httpx.Request] = []
        self.token = make_jwt(3600)
        self.routes: dict[tuple[str, str], Callable[[httpx.Request], httpx.Response]] = {
            ("POST", "/api/login"): lambda r: httpx.Response(
                200,
                json={"token": self.token, "refresh": "R1"},
                headers={
                    "X-RateLimit-Limit": "25",
                    "X-RateLimit-Remaining": "24",
                    "X-RateLimit-Reset": "300",
                },
            ),
            ("POST", "/api/token"): lambda r: httpx.Response(
                200, json={"token": self.token, "refresh": "R2"}
            ),
            ("GET", "/api/dns"): lambda r: httpx.Response(200, json=ZONES),
            ("GET", "/api/service/7/dns/11"): lambda r: httpx.Response(200, json=zone_body()),
            ("GET", "/api/details"): lambda r: httpx.Response(
                200, json={"client": {"email": USER}}
            ),
            ("POST", "/api/logout"): lambda r: httpx.Response(200, json={"success": True}),
        }

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        route = self.routes.get((request.method, request.url.path))
        if route is None:
            return httpx.Response(200, json={"error": ["invalid method"]})
        return route(request)

    def paths(self, method: str | None = None) -> list[str]:
        return [r.url.path for r in self.requests if method is None or r.method == method]


@pytest.fixture
def api(make_jwt: Callable[..., str]) -> Api:
    return Api(make_jwt)


@pytest.fixture
def build(api: Api, tmp_path: Path) -> Callable[..., AsyncDNSServicesClient]:
    def build(**kwargs: Any) -> AsyncDNSServicesClient:
        options: dict[str, Any] = {
            "username": USER,
            "password": PASSWORD,
            "token_path": tmp_path / "dir" / "token",
            "transport": httpx.MockTransport(api),
            "retry_policy": RetryPolicy(max_retries=2, backoff_base=0.001, backoff_max=0.002),
        }
        options.update(kwargs)
        return AsyncDNSServicesClient(**options)

    return build


async def test_login_once_and_reuse(api: Api, build: Callable[..., AsyncDNSServicesClient]) -> None:
    async with build() as client:
        await client.list_zones(refresh=True)
        await client.list_zones(refresh=True)
        await client.get_zone("www.example.com")
    assert api.paths().count("/api/login") == 1
    login = api.requests[0]
    assert login.headers["content-type"] == "application/x-www-form-urlencoded"
    assert login.content.decode() == f"username=user%40example.com&password={PASSWORD}"
    assert api.requests[1].headers["authorization"] == f"Bearer {api.token}"


async def test_token_file_is_private_and_reused(
    api: Api, build: Callable[..., AsyncDNSServicesClient], tmp_path: Path
) -> None:
    async with build() as client:
        await client.list_zones()
        status = client.auth_status()
    path = tmp_path / "dir" / "token"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert json.loads(path.read_text())["access_token"] == api.token
    assert status.token_present and status.refresh_token_present
    assert status.expires_in is not None and 3500 < status.expires_in <= 3600
    assert PASSWORD not in path.read_text()
    async with build() as client:
        assert client.auth_status().token_present
        await client.list_zones()
    assert api.paths().count("/api/login") == 1


async def test_exposed_token_file_is_refused(
    build: Callable[..., AsyncDNSServicesClient], tmp_path: Path
) -> None:
    path = tmp_path / "dir" / "token"
    path.parent.mkdir()
    path.write_text("{}")
    os.chmod(path, 0o644)
    with pytest.raises(TokenFileError, match="chmod 600"):
        build()
    os.chmod(path, 0o600)
    with pytest.raises(TokenFileError, match="unknown format"):
        build()
    path.write_text("not json")
    with pytest.raises(TokenFileError, match="not valid JSON"):
        build()


async def test_refresh_before_expiry(
    api: Api, build: Callable[..., AsyncDNSServicesClient], make_jwt: Callable[..., str]
) -> None:
    api.token = make_jwt(30)  # inside the 60 s refresh margin
    async with build() as client:
        await client.list_zones(refresh=True)
        api.token = make_jwt(3600)
        await client.list_zones(refresh=True)
        await client.list_zones(refresh=True)
    assert api.paths("POST") == ["/api/login", "/api/token"]
    refresh = next(r for r in api.requests if r.url.path == "/api/token")
    assert refresh.content == b"refresh_token=R1"


async def test_failed_refresh_falls_back_to_login(
    api: Api, build: Callable[..., AsyncDNSServicesClient], make_jwt: Callable[..., str]
) -> None:
    api.token = make_jwt(-10)
    api.routes[("POST", "/api/token")] = lambda r: httpx.Response(
        401, json={"error": ["invalid token"]}
    )
    async with build() as client:
        await client.list_zones(refresh=True)
        api.token = make_jwt(3600)
        await client.list_zones(refresh=True)
    assert api.paths("POST") == ["/api/login", "/api/token", "/api/login"]


async def test_401_renews_once_and_replays(
    api: Api, build: Callable[..., AsyncDNSServicesClient]
) -> None:
    calls = {"n": 0}

    def dns(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            return httpx.Response(401, json={"error": ["unauthorized"]})
        return httpx.Response(200, json=ZONES)

    api.routes[("GET", "/api/dns")] = dns
    async with build() as client:
        zones = await client.list_zones()
    assert [z.id for z in zones] == ["11"]
    assert api.paths() == ["/api/login", "/api/dns", "/api/token", "/api/dns"]


async def test_second_401_is_authentication_error(
    api: Api, build: Callable[..., AsyncDNSServicesClient]
) -> None:
    api.routes[("GET", "/api/dns")] = lambda r: httpx.Response(
        401, json={"error": ["wronglogin", "unauthorized"]}
    )
    async with build() as client:
        with pytest.raises(AuthenticationError) as info:
            await client.list_zones()
    assert info.value.status_code == 401
    assert info.value.errors == ["wronglogin", "unauthorized"]
    assert api.paths().count("/api/dns") == 2


async def test_refused_login(api: Api, build: Callable[..., AsyncDNSServicesClient]) -> None:
    api.routes[("POST", "/api/login")] = lambda r: httpx.Response(
        401, json={"error": ["wronglogin"]}
    )
    async with build() as client:
        with pytest.raises(AuthenticationError, match="refused: wronglogin") as info:
            await client.list_zones()
    assert PASSWORD not in str(info.value)


async def test_login_rate_limited(api: Api, build: Callable[..., AsyncDNSServicesClient]) -> None:
    api.routes[("POST", "/api/login")] = lambda r: httpx.Response(
        429, json={"error": ["too many"]}, headers={"X-RateLimit-Reset": "240"}
    )
    async with build() as client:
        with pytest.raises(RateLimitError) as info:
            await client.login()
    assert info.value.retry_after == 240
    assert api.paths() == ["/api/login"]  # 240 s exceeds max_wait: not retried


async def test_basic_auth(api: Api, build: Callable[..., AsyncDNSServicesClient]) -> None:
    async with build(auth="basic") as client:
        await client.list_zones()
        assert client.auth_status().mode == "basic"
        with pytest.raises(ConfigurationError):
            await client.login()
        with pytest.raises(ConfigurationError):
            await client.logout()
    assert api.paths() == ["/api/dns"]
    assert api.requests[0].headers["authorization"].startswith("Basic ")


async def test_login_logout(
    api: Api, build: Callable[..., AsyncDNSServicesClient], tmp_path: Path
) -> None:
    async with build() as client:
        status = await client.login()
        assert status.token_present and status.token_file_exists
        assert await client.logout() is True
        assert not client.auth_status().token_present
        assert await client.logout() is False
    assert not (tmp_path / "dir" / "token").exists()
    logout = next(r for r in api.requests if r.url.path == "/api/logout")
    assert logout.headers["authorization"] == f"Bearer {api.token}"


async def test_retries_5xx_then_success(
    api: Api, build: Callable[..., AsyncDNSServicesClient]
) -> None:
    responses = [
        httpx.Response(503, text="<html>502 Bad Gateway</html>"),
        httpx.Response(500, json={}),
        httpx.Response(200, json=ZONES),
    ]
    api.routes[("GET", "/api/dns")] = lambda r: responses.pop(0)
    async with build() as client:
        assert len(await client.list_zones()) == 1


async def test_retries_exhausted(api: Api, build: Callable[..., AsyncDNSServicesClient]) -> None:
    api.routes[("GET", "/api/dns")] = lambda r: httpx.Response(502, text="<html>Bad Gateway</html>")
    async with build() as client:
        with pytest.raises(InternalServerError, match=r"HTTP 502.*Bad Gateway") as info:
            await client.list_zones()
    assert info.value.body == "<html>Bad Gateway</html>"
    assert api.paths().count("/api/dns") == 3


async def test_rate_limit_honours_retry_after(
    api: Api, build: Callable[..., AsyncDNSServicesClient]
) -> None:
    responses = [httpx.Response(429, headers={"Retry-After": "0"}), httpx.Response(200, json=ZONES)]
    api.routes[("GET", "/api/dns")] = lambda r: responses.pop(0)
    async with build() as client:
        assert len(await client.list_zones()) == 1


async def test_connection_errors(api: Api, build: Callable[..., AsyncDNSServicesClient]) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    api.routes[("GET", "/api/dns")] = broken
    async with build() as client:
        with pytest.raises(APIConnectionError, match="ConnectError"):
            await client.list_zones()
    assert api.paths().count("/api/dns") == 3

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    api.routes[("GET", "/api/dns")] = slow
    async with build(max_retries=0, retry_policy=None) as client:
        with pytest.raises(APITimeoutError):
            await client.list_zones()


async def test_error_inside_200(api: Api, build: Callable[..., AsyncDNSServicesClient]) -> None:
    api.routes[("GET", "/api/details")] = lambda r: httpx.Response(
        200, json={"error": ["invalid method"]}
    )
    async with build() as client:
        with pytest.raises(APIOperationError, match="invalid method"):
            await client.request("GET", "details")
        health = await client.health()
    assert health.ok is False and "invalid method" in (health.error or "")


async def test_health(api: Api, build: Callable[..., AsyncDNSServicesClient]) -> None:
    async with build() as client:
        health = await client.health()
    assert health.ok and health.account_email == USER
    assert health.rate_limit == {"limit": 25, "remaining": 24, "reset": 300}
    assert health.latency_ms is not None


async def test_unknown_zone(build: Callable[..., AsyncDNSServicesClient]) -> None:
    async with build() as client:
        with pytest.raises(NotFoundError, match=r"no hosted zone for example\.org"):
            await client.zone_ref("example.org")
        response = await client.manage_record(
            action="create",
            domain="example.org",
            record_type="A",
            data={"name": "www", "content": "192.0.2.1"},
        )
    assert response.status == "error"
    assert response.error is not None and response.error.type == "NotFoundError"


async def test_create_is_not_resent_blindly(
    api: Api, build: Callable[..., AsyncDNSServicesClient]
) -> None:
    """A create whose response is lost is checked by re-reading the zone, not resent."""
    landed = {"done": False}
    new = {
        "id": "50",
        "domain_id": "11",
        "name": "www.example.com",
        "type": "A",
        "content": "192.0.2.1",
        "ttl": "3600",
        "prio": "0",
        "change_date": "0",
        "priority": "0",
    }

    def post(request: httpx.Request) -> httpx.Response:
        landed["done"] = True
        raise httpx.RemoteProtocolError("server disconnected", request=request)

    def zone(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json=zone_body(2 if landed["done"] else 1, [new] if landed["done"] else [])
        )

    api.routes[("POST", "/api/service/7/dns/11/records")] = post
    api.routes[("GET", "/api/service/7/dns/11")] = zone
    async with build() as client:
        response = await client.manage_record(
            action="create",
            domain="example.com",
            record_type="A",
            data={"name": "www", "content": "192.0.2.1"},
        )
    assert response.status == "success", response.error
    assert response.metadata["record_ids"] == ["50"]
    assert api.paths("POST").count("/api/service/7/dns/11/records") == 1


async def test_create_resent_after_reread_shows_nothing(
    api: Api, build: Callable[..., AsyncDNSServicesClient]
) -> None:
    attempts = {"n": 0}

    def post(request: httpx.Request) -> httpx.Response:
        attempts["n"] += 1
        if attempts["n"] == 1:
            return httpx.Response(503, text="busy")
        return httpx.Response(200, json={"success": True, "record": json.loads(request.content)})

    api.routes[("POST", "/api/service/7/dns/11/records")] = post
    async with build() as client:
        record = await client.records.create(
            "example.com", name="www", record_type="A", content="192.0.2.1"
        )
    assert attempts["n"] == 2
    assert record.id is None  # the scripted zone never shows it
    gets = api.paths("GET").count("/api/service/7/dns/11")
    assert gets == 3  # before, the re-read after the 503, after


async def test_debug_logging_redacts_secrets(
    api: Api, build: Callable[..., AsyncDNSServicesClient], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="dns_services_gateway")
    async with build(debug=True) as client:
        await client.list_zones()
        await client.health()
    text = caplog.text
    assert "POST" in text and "/api/login" in text and "/api/dns" in text
    assert PASSWORD not in text
    assert api.token not in text
    assert "R1" not in text.replace("HTTP/1.1", "")
    assert "password=%2A%2A%2A" in text or "password=***" in text
    assert '"token": "***"' in text
    logging.getLogger("dns_services_gateway").setLevel(logging.NOTSET)


async def test_login_refused_with_no_logins_left_is_a_rate_limit(
    api: Api, build: Callable[..., AsyncDNSServicesClient]
) -> None:
    api.routes[("POST", "/api/login")] = lambda r: httpx.Response(
        200,
        json={"error": ["too many attempts"]},
        headers={
            "X-RateLimit-Limit": "25",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": "94",
        },
    )
    async with build() as client:
        with pytest.raises(RateLimitError) as info:
            await client.list_zones()
    assert info.value.retry_after == 94
    assert "too many attempts" in info.value.errors


async def test_rename_reports_the_new_record_set(
    api: Api, build: Callable[..., AsyncDNSServicesClient]
) -> None:
    state = {"renamed": False}
    old = {
        "id": "9",
        "domain_id": "11",
        "name": "old.example.com",
        "type": "A",
        "content": "192.0.2.9",
        "ttl": "300",
        "prio": "0",
        "change_date": "0",
        "priority": "0",
    }
    new = {**old, "name": "new.example.com"}

    def zone(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json=zone_body(3 if state["renamed"] else 2, [new if state["renamed"] else old])
        )

    def put(request: httpx.Request) -> httpx.Response:
        state["renamed"] = True
        return httpx.Response(
            200, json={"success": True, "record": {"id": "9", **json.loads(request.content)}}
        )

    api.routes[("GET", "/api/service/7/dns/11")] = zone
    api.routes[("PUT", "/api/service/7/dns/11/records/9")] = put
    async with build() as client:
        response = await client.manage_record(
            action="update",
            domain="example.com",
            record_type="A",
            data={"id": 9, "new_name": "new"},
        )
    assert response.status == "success", response.error
    assert (
        response.data.before is not None
        and response.data.before["records"][0]["name"] == "old.example.com"
    )
    assert (
        response.data.after is not None
        and response.data.after["records"][0]["name"] == "new.example.com"
    )
    assert response.metadata["new_name"] == "new.example.com"
    assert response.data.verified is True
    assert json.loads(api.requests[-2].content) == {
        "type": "A",
        "name": "new",
        "content": "192.0.2.9",
        "ttl": 300,
    }
