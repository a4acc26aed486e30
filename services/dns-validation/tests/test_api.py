import re
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from dns_validation import create_app, load_settings
from dns_validation.core.db import create_engine
from dns_validation.queue.repository import JobRepository
from dns_validation.testing import FakeAuthoritativeServer

ISO_MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
JSON = {"content-type": "application/json"}


async def post(client: httpx.AsyncClient, kind: str, target: object, **kw) -> httpx.Response:
    return await client.post(f"/request/{kind}", json={"target": target}, **kw)


async def test_post_ui_pending_202(make_client, dns: FakeAuthoritativeServer) -> None:
    h = await make_client()
    r = await post(h.client, "ui", " WWW.Example.COM. ")
    assert r.status_code == 202
    body = r.json()
    assert set(body) == {"id", "target", "type", "status", "expires_at"}
    assert body["target"] == "www.example.com"
    assert (body["type"], body["status"]) == ("UI", "PENDING")
    assert ISO_MS.fullmatch(body["expires_at"])
    assert r.headers["content-type"] == "application/json"


async def test_post_ui_active_200(make_client, dns: FakeAuthoritativeServer) -> None:
    dns.set("www.example.com", "CNAME", ["forward.haltman.io."])
    h = await make_client()
    r = await post(h.client, "ui", "www.example.com")
    assert r.status_code == 200
    assert r.json()["status"] == "ACTIVE"


async def test_post_email_active_200_and_pending(make_client, dns, email_zone) -> None:
    email_zone(dns, "good.example")
    h = await make_client()
    r = await post(h.client, "email", "good.example")
    assert (r.status_code, r.json()["status"], r.json()["type"]) == (200, "ACTIVE", "EMAIL")
    r = await post(h.client, "email", "bad.example")
    assert (r.status_code, r.json()["status"]) == (202, "PENDING")


async def test_charset_parameter_accepted(make_client, dns) -> None:
    h = await make_client()
    r = await h.client.post(
        "/request/ui",
        content=b'{"target": "a.example"}',
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert r.status_code == 202


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        (b'{"target": "a.example"}', {}),
        (b'{"target": "a.example"}', {"content-type": "text/plain"}),
        (b"target=a.example", {"content-type": "application/x-www-form-urlencoded"}),
        (b"{", {"content-type": "text/json"}),
    ],
)
async def test_415(make_client, content: bytes, headers: dict[str, str]) -> None:
    h = await make_client()
    r = await h.client.post("/request/email", content=content, headers=headers)
    assert (r.status_code, r.json()) == (415, {"error": "unsupported_media_type"})


@pytest.mark.parametrize("content", [b"{", b'{"target": }', b"nope", b'{"target": "a"'])
async def test_invalid_json(make_client, content: bytes) -> None:
    h = await make_client()
    r = await h.client.post("/request/ui", content=content, headers=JSON)
    assert (r.status_code, r.json()) == (400, {"error": "invalid_json"})


async def test_413_body_too_large(make_client) -> None:
    h = await make_client()
    big = b'{"target": "' + b"a" * 11000 + b'"}'
    r = await h.client.post("/request/ui", content=big, headers=JSON)
    assert (r.status_code, r.json()) == (413, {"error": "request entity too large"})


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"[1, 2]", "body must be a JSON object"),
        (b'"example.com"', "body must be a JSON object"),
        (b"null", "body must be a JSON object"),
        (b"{}", 'body must only contain "target"'),
        (b"", 'body must only contain "target"'),
        (b'{"target": "a.example", "x": 1}', 'body must only contain "target"'),
        (b'{"domain": "a.example"}', 'body must only contain "target"'),
        (b'{"target": 5}', "target must be a string"),
        (b'{"target": ["a"]}', "target must be a string"),
        (b'{"target": "https://example.com"}', "target must be a domain name without scheme"),
        (b'{"target": "1.2.3.4"}', "target must not be an IP address"),
        (b'{"target": "a..b"}', "target contains empty labels"),
        (b'{"target": ""}', "target is required"),
    ],
)
async def test_400_bodies(make_client, content: bytes, error: str) -> None:
    h = await make_client()
    r = await h.client.post("/request/email", content=content, headers=JSON)
    assert (r.status_code, r.json()) == (400, {"error": error})


async def test_409_duplicate_pending_and_active(make_client, dns) -> None:
    dns.set("ok.example", "CNAME", ["forward.haltman.io."])
    h = await make_client()
    assert (await post(h.client, "ui", "example.com")).status_code == 202
    r = await post(h.client, "ui", "EXAMPLE.com.")
    assert (r.status_code, r.json()) == (409, {"error": "Duplicate request for UI example.com"})
    assert (await post(h.client, "ui", "ok.example")).status_code == 200
    r = await post(h.client, "ui", "ok.example")
    assert (r.status_code, r.json()) == (409, {"error": "Duplicate request for UI ok.example"})
    r = await post(h.client, "email", "example.com")  # other type is independent
    assert r.status_code == 202


async def test_429_cooldown(make_client) -> None:
    h = await make_client(target_cooldown_seconds=60)
    assert (await post(h.client, "email", "c.example")).status_code == 202
    r = await post(h.client, "email", "c.example")
    assert (r.status_code, r.json()) == (429, {"error": "target is in cooldown window"})


async def test_429_rate_limit_with_retry_after(make_client) -> None:
    h = await make_client(rate_limit_per_minute=3)
    await h.client.post("/request/ui", content=b"x")  # 415: not counted
    assert (await post(h.client, "ui", "r1.example")).status_code == 202
    assert (await h.client.get("/api/checkdns/r1.example")).status_code == 200
    assert (await h.client.get("/api/checkdns/none.example")).status_code == 404
    r = await h.client.get("/api/checkdns/r1.example")
    assert r.status_code == 429
    assert r.json() == {"error": "rate_limited", "message": "Too many requests"}
    assert 1 <= int(r.headers["retry-after"]) <= 60
    r = await post(h.client, "ui", "r2.example")
    assert r.status_code == 429
    for _ in range(5):
        assert (await h.client.get("/healthz")).status_code == 200
    other = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=h.app, client=("127.0.0.10", 1)), base_url="http://t"
    )
    async with other:
        assert (await other.get("/api/checkdns/r1.example")).status_code == 200


async def test_rate_limit_zero_disables(make_client) -> None:
    h = await make_client(rate_limit_per_minute=0)
    for _ in range(5):
        assert (await h.client.get("/api/checkdns/x.example")).status_code == 404


async def test_503_server_busy(make_client) -> None:
    h = await make_client(max_active_jobs=1)
    assert (await post(h.client, "ui", "one.example")).status_code == 202
    r = await post(h.client, "ui", "two.example")
    assert (r.status_code, r.json()) == (
        503,
        {"error": "server_busy", "message": "Too many active jobs"},
    )
    r = await h.client.post("/request/ui", content=b"[]", headers=JSON)
    assert r.status_code == 400  # body validation comes first


async def test_expired_and_failed_rows_restart(
    make_client, dns, sqlite_engine: AsyncEngine
) -> None:
    h = await make_client()
    first = (await post(h.client, "email", "re.example")).json()
    async with sqlite_engine.begin() as conn:
        await conn.execute(sa.text("UPDATE dns_requests SET status = 'EXPIRED'"))
    r = await post(h.client, "email", "re.example")
    assert r.status_code == 202
    assert r.json()["id"] == first["id"] and r.json()["status"] == "PENDING"
    async with sqlite_engine.begin() as conn:
        await conn.execute(sa.text("UPDATE dns_requests SET status = 'FAILED'"))
    dns.set("re.example", "MX", ["10 mail.abin.lat."])
    dns.set("re.example", "TXT", ['"v=spf1 mx -all"'])
    dns.set("_dmarc.re.example", "TXT", ['"v=DMARC1; p=none"'])
    r = await post(h.client, "email", "re.example")
    assert (r.status_code, r.json()["status"]) == (200, "ACTIVE")
    body = (await h.client.get("/api/checkdns/re.example")).json()
    assert body["email"]["status"] == "ACTIVE"


async def test_get_404_and_400(make_client) -> None:
    h = await make_client()
    r = await h.client.get("/api/checkdns/Nothing.Example.")
    assert (r.status_code, r.json()) == (404, {"error": "not_found", "target": "nothing.example"})
    r = await h.client.get("/api/checkdns/a..b")
    assert (r.status_code, r.json()) == (400, {"error": "target contains empty labels"})
    r = await h.client.get("/api/checkdns/example.com:80")
    assert (r.status_code, r.json()) == (400, {"error": "target must not contain a port"})


async def test_get_401_with_token(make_client) -> None:
    h = await make_client(checkdns_token="s3cret-token")
    # with the status route protected, POST needs the key too (it would reveal existence)
    r = await post(h.client, "ui", "tok.example")
    assert (r.status_code, r.json()) == (401, {"error": "unauthorized"})
    r = await post(h.client, "ui", "tok.example", headers={"x-api-key": "s3cret-token"})
    assert r.status_code == 202
    for headers in ({}, {"x-api-key": "wrong"}, {"x-api-key": ""}):
        r = await h.client.get("/api/checkdns/tok.example", headers=headers)
        assert (r.status_code, r.json()) == (401, {"error": "unauthorized"})
    r = await h.client.get("/api/checkdns/bad..target")
    assert r.status_code == 401  # the key is checked before the target
    r = await h.client.get("/api/checkdns/tok.example", headers={"x-api-key": "s3cret-token"})
    assert r.status_code == 200


async def test_get_full_shape_stored_result(make_client, dns) -> None:
    dns.set("shape.example", "CNAME", ["some.other.host."])
    h = await make_client()
    await post(h.client, "ui", "shape.example")
    r = await h.client.get("/api/checkdns/SHAPE.example")
    assert r.status_code == 200
    body = r.json()
    assert body["target"] == body["normalized_target"] == "shape.example"
    assert body["email"] is None
    ui = body["ui"]
    assert ui["status"] == "PENDING"
    for key in ("created_at", "expires_at", "last_checked_at", "next_check_at"):
        assert ISO_MS.fullmatch(ui[key]), key
    assert ui["missing"] == [
        {
            "key": "CNAME",
            "type": "CNAME",
            "name": "shape.example",
            "expected": "forward.haltman.io",
            "found": ["some.other.host"],
            "ok": False,
            "found_truncated": False,
            "reason": "CNAME chain from shape.example does not reach forward.haltman.io",
            "servers": [
                {
                    "server": f"resolver {dns.address}",
                    "ok": False,
                    "found": ["some.other.host"],
                    "error": None,
                }
            ],
        }
    ]
    s = body["summary"]
    assert s == {
        "has_ui": True,
        "has_email": False,
        "overall_status": "PENDING",
        "expires_at_min": ui["expires_at"],
        "last_checked_at_max": ui["last_checked_at"],
        "next_check_at_min": ui["next_check_at"],
    }


async def test_get_mixed_and_same(make_client, dns, email_zone) -> None:
    email_zone(dns, "mix.example")
    h = await make_client()
    assert (await post(h.client, "email", "mix.example")).status_code == 200
    assert (await post(h.client, "ui", "mix.example")).status_code == 202
    body = (await h.client.get("/api/checkdns/mix.example")).json()
    assert body["summary"]["overall_status"] == "MIXED"
    assert body["summary"]["has_ui"] and body["summary"]["has_email"]
    assert body["email"]["next_check_at"] is None
    assert body["summary"]["next_check_at_min"] == body["ui"]["next_check_at"]
    await post(h.client, "ui", "both.example")
    await post(h.client, "email", "both.example")
    body = (await h.client.get("/api/checkdns/both.example")).json()
    assert body["summary"]["overall_status"] == "PENDING"


async def test_get_read_only_check_then_throttled(
    make_client, dns, email_zone, sqlite_engine: AsyncEngine
) -> None:
    email_zone(dns, "ro.example")
    h = await make_client(checkdns_min_interval_seconds=300)
    now = datetime.now(UTC)
    repo = JobRepository(sqlite_engine)
    await repo.create("ro.example", "EMAIL", now, now + timedelta(days=1), now)
    body = (await h.client.get("/api/checkdns/ro.example")).json()
    items = body["email"]["missing"]
    assert [i["ok"] for i in items] == [True, True, True]
    assert body["email"]["status"] == "PENDING"  # read-only: not persisted
    assert body["email"]["last_checked_at"] is None
    body = (await h.client.get("/api/checkdns/ro.example")).json()
    items = body["email"]["missing"]
    assert all(i["found"] == [] and not i["ok"] and "found_truncated" not in i for i in items)
    assert [i["key"] for i in items] == ["MX", "SPF", "DMARC"]


async def test_get_no_check_when_recently_checked(
    make_client, dns, sqlite_engine: AsyncEngine
) -> None:
    dns.set("rc.example", "CNAME", ["forward.haltman.io."])
    h = await make_client(checkdns_min_interval_seconds=300)
    now = datetime.now(UTC)
    await JobRepository(sqlite_engine).create("rc.example", "UI", now, now + timedelta(days=1), now)
    async with sqlite_engine.begin() as conn:
        await conn.execute(
            sa.text("UPDATE dns_requests SET last_checked_at = :n"), {"n": now.replace(tzinfo=None)}
        )
    before = dns.queries
    body = (await h.client.get("/api/checkdns/rc.example")).json()
    assert body["ui"]["missing"][0]["found"] == []
    assert body["ui"]["missing"][0]["ok"] is False
    assert dns.queries == before


async def test_get_read_only_check_failure_falls_back(make_client, sqlite_engine) -> None:
    h = await make_client(checkdns_min_interval_seconds=0)
    now = datetime.now(UTC)
    await JobRepository(sqlite_engine).create("f.example", "UI", now, now + timedelta(days=1), now)

    async def boom(*args, **kwargs):
        raise RuntimeError("resolver exploded")

    h.app.state.services.checker.check = boom
    body = (await h.client.get("/api/checkdns/f.example")).json()
    assert body["ui"]["missing"][0]["found"] == []


async def test_immediate_check_failure_still_202(make_client) -> None:
    h = await make_client()

    async def boom(*args, **kwargs):
        raise RuntimeError("resolver exploded")

    h.app.state.services.checker.check = boom
    r = await post(h.client, "ui", "boom.example")
    assert (r.status_code, r.json()["status"]) == (202, "PENDING")


async def test_unknown_route_and_method_are_json(make_client) -> None:
    h = await make_client()
    r = await h.client.get("/nope")
    assert (r.status_code, r.json()) == (404, {"error": "not_found"})
    r = await h.client.get("/request/ui")
    assert (r.status_code, r.json()) == (405, {"error": "method_not_allowed"})
    r = await h.client.get("/api/checkdns/a%2Fb")
    assert r.status_code == 404 and r.headers["content-type"] == "application/json"


async def test_500_internal_error(make_client) -> None:
    h = await make_client()

    async def broken(*args: object) -> int:
        raise RuntimeError("database exploded with secrets")

    h.app.state.services.repository.admission = broken
    transport = httpx.ASGITransport(app=h.app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        r = await client.post("/request/ui", json={"target": "x.example"})
    assert (r.status_code, r.json()) == (500, {"error": "internal_error"})
    assert "secrets" not in r.text


async def test_health_ready_openapi_docs(make_client) -> None:
    h = await make_client()
    assert (await h.client.get("/healthz")).json() == {"status": "ok"}
    assert (await h.client.get("/readyz")).json() == {"status": "ready"}
    spec = (await h.client.get("/openapi.json")).json()
    assert set(spec["paths"]) >= {"/request/ui", "/request/email", "/api/checkdns/{target}"}
    text = str(spec)
    assert "'422'" not in text and "HTTPValidationError" not in text
    docs = await h.client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_readyz_503_when_database_unreachable(make_settings) -> None:
    engine = create_engine(f"postgresql+asyncpg://postgres@127.0.0.1:{closed_port()}/none")
    app = create_app(make_settings(), engine=engine, run_poller=False, apply_migrations=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            r = await client.get("/readyz")
    assert (r.status_code, r.json()["error"]) == (503, "database_unavailable")
    assert r.json()["reason"]  # the error's type, never its message
    await engine.dispose()


async def test_route_before_lifespan_is_500_json(make_settings) -> None:
    app = create_app(make_settings(), run_poller=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        r = await client.get("/readyz")
    assert (r.status_code, r.json()) == (500, {"error": "internal_error"})


async def test_app_builds_its_own_engine(tmp_path: Path, dns) -> None:
    settings = load_settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'own.db'}",
        dns_servers=dns.address,
        dns_poll_interval_seconds=0.2,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/readyz")).status_code == 200
    assert (tmp_path / "own.db").exists()


async def test_cors_for_browser_front_ends(make_client) -> None:
    h = await make_client(rate_limit_per_minute=1)
    origin = {"origin": "https://app.example"}
    preflight = await h.client.options(
        "/request/ui",
        headers={
            **origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    r = await h.client.post("/request/ui", content=b"x", headers=origin)
    assert r.status_code == 415 and r.headers["access-control-allow-origin"] == "*"
    await h.client.get("/api/checkdns/a.example", headers=origin)
    r = await h.client.get("/api/checkdns/a.example", headers=origin)
    assert r.status_code == 429 and r.headers["access-control-allow-origin"] == "*"
