"""Admission: MAX_ACTIVE_JOBS under concurrency at a bounded cost, REQUEST_TOKEN, the per-client
cap, DELETE to cancel, and no existence leak through POST while a key protects GET."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from dns_validation.core.db import create_engine
from dns_validation.queue.repository import AdmissionRefusedError, Caps, JobRepository
from dns_validation.testing import FakeAuthoritativeServer


async def post(client: httpx.AsyncClient, target: str, **kw) -> httpx.Response:
    return await client.post("/request/ui", json={"target": target}, **kw)


def other_client(app, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 4321))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


async def pending(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        query = sa.text("SELECT count(*) FROM dns_requests WHERE status = 'PENDING'")
        return int((await conn.execute(query)).scalar_one())


async def test_max_active_jobs_holds_under_concurrency(
    make_client, engine: AsyncEngine, dns: FakeAuthoritativeServer
) -> None:
    h = await make_client(engine=engine, max_active_jobs=5)
    answers = await asyncio.gather(*(post(h.client, f"c{i}.example") for i in range(20)))
    codes = sorted(r.status_code for r in answers)
    assert codes == [202] * 5 + [503] * 15
    assert all(
        r.json() == {"error": "server_busy", "message": "Too many active jobs"}
        for r in answers
        if r.status_code == 503
    )
    assert await pending(engine) == 5


async def test_cap_holds_across_processes_sharing_the_database(engine: AsyncEngine) -> None:
    """Two repositories on two engines, as two replicas would be."""
    if engine.dialect.name == "sqlite":
        second = create_engine(str(engine.url))
    else:
        second = create_engine(
            engine.url.render_as_string(hide_password=False),
            connect_args={"server_settings": {"search_path": await _search_path(engine)}},
        )
    repos = [JobRepository(engine), JobRepository(second)]
    now = datetime.now(UTC)
    later = now + timedelta(hours=1)

    async def one(i: int) -> bool:
        try:
            await repos[i % 2].create(f"r{i}.test", "UI", now, later, now, None, Caps(7))
        except AdmissionRefusedError as refused:
            assert refused.reason == "server_busy"
            return False
        return True

    try:
        created = await asyncio.gather(*(one(i) for i in range(40)))
    finally:
        await second.dispose()
    assert sum(created) == 7
    assert await pending(engine) == 7


async def _search_path(engine: AsyncEngine) -> str:
    async with engine.connect() as conn:
        return str((await conn.execute(sa.text("SHOW search_path"))).scalar_one())


async def test_admission_count_reads_at_most_the_cap(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    now = datetime.now(UTC)
    for i in range(10):
        await repo.create(f"p{i}.test", "UI", now, now + timedelta(hours=1), now)
    assert (await repo.admission("x.test", "UI", 3))[0] == 3
    assert (await repo.admission("x.test", "UI", 100))[0] == 10


async def test_request_token(make_client, dns) -> None:
    h = await make_client(request_token="post-key")
    for headers in ({}, {"x-api-key": "wrong"}):
        r = await post(h.client, "tok.example", headers=headers)
        assert (r.status_code, r.json()) == (401, {"error": "unauthorized"})
    r = await post(h.client, "tok.example", headers={"x-api-key": "post-key"})
    assert r.status_code == 202
    # GET is not protected by REQUEST_TOKEN alone
    assert (await h.client.get("/api/checkdns/tok.example")).status_code == 200


async def test_either_token_opens_post_when_both_are_set(make_client, dns) -> None:
    h = await make_client(request_token="post-key", checkdns_token="read-key")
    assert (await post(h.client, "a.example", headers={"x-api-key": "read-key"})).status_code == 202
    assert (await post(h.client, "b.example", headers={"x-api-key": "post-key"})).status_code == 202
    r = await h.client.get("/api/checkdns/a.example", headers={"x-api-key": "post-key"})
    assert r.status_code == 401  # the read key alone opens GET


async def test_post_reveals_nothing_while_get_is_protected(
    make_client, sqlite_engine: AsyncEngine, dns
) -> None:
    h = await make_client(checkdns_token="read-key")
    key = {"x-api-key": "read-key"}
    assert (await post(h.client, "known.example", headers=key)).status_code == 202
    known = await post(h.client, "known.example")
    unknown = await post(h.client, "probe.example")
    # the same answer whether the target has a job or not, and nothing created
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert (unknown.status_code, unknown.json()) == (401, {"error": "unauthorized"})
    assert await pending(sqlite_engine) == 1


async def test_per_client_cap_of_pending_jobs(make_client, sqlite_engine, dns) -> None:
    dns.set("good.example", "CNAME", ["forward.haltman.io."])
    h = await make_client(max_pending_per_client=3)
    for i in range(3):
        assert (await post(h.client, f"j{i}.example")).status_code == 202
    r = await post(h.client, "j3.example")
    assert r.status_code == 429
    assert r.json() == {
        "error": "too_many_pending",
        "message": "Too many pending jobs for this client",
    }
    # a job that is right at once does not count, and other clients are not affected
    assert (await post(h.client, "good.example")).status_code == 200
    async with other_client(h.app, "192.0.2.7") as other:
        assert (await post(other, "k0.example")).status_code == 202
    # cancelling one frees a place
    r = await h.client.delete("/api/requests/j0.example", params={"type": "ui"})
    assert r.status_code == 200
    assert (await post(h.client, "j3.example")).status_code == 202


async def test_cancel(make_client, sqlite_engine: AsyncEngine, dns) -> None:
    h = await make_client()
    created = (await post(h.client, "c.example")).json()
    r = await h.client.delete("/api/requests/C.Example.", params={"type": "UI"})
    assert r.status_code == 200
    body = r.json()
    assert (body["id"], body["target"], body["type"], body["status"]) == (
        created["id"],
        "c.example",
        "UI",
        "CANCELLED",
    )
    status = (await h.client.get("/api/checkdns/c.example")).json()["ui"]["status"]
    assert status == "CANCELLED"
    # idempotent, and no longer claimed by the poller
    assert (await h.client.delete("/api/requests/c.example?type=ui")).status_code == 200
    repo = JobRepository(sqlite_engine)
    assert await repo.claim_due("w", datetime.now(UTC) + timedelta(days=1), 10, 10) == []
    # a new request restarts it
    r = await post(h.client, "c.example")
    assert (r.status_code, r.json()["id"], r.json()["status"]) == (202, created["id"], "PENDING")


async def test_cancel_errors(make_client, sqlite_engine: AsyncEngine, dns) -> None:
    h = await make_client()
    await post(h.client, "e.example")
    r = await h.client.delete("/api/requests/e.example")
    assert (r.status_code, r.json()) == (400, {"error": "type must be UI or EMAIL"})
    r = await h.client.delete("/api/requests/e.example?type=dkim")
    assert r.status_code == 400
    r = await h.client.delete("/api/requests/e.example?type=email")
    assert (r.status_code, r.json()) == (404, {"error": "not_found", "target": "e.example"})
    r = await h.client.delete("/api/requests/bad..name?type=ui")
    assert (r.status_code, r.json()) == (400, {"error": "target contains empty labels"})
    async with sqlite_engine.begin() as conn:
        await conn.execute(sa.text("UPDATE dns_requests SET status = 'EXPIRED'"))
    r = await h.client.delete("/api/requests/e.example?type=ui")
    assert (r.status_code, r.json()) == (
        409,
        {"error": "not_cancellable", "job_status": "EXPIRED"},
    )


@pytest.mark.parametrize("tokens", [{"checkdns_token": "k"}, {"request_token": "k"}])
async def test_cancel_needs_the_key(make_client, dns, tokens) -> None:
    h = await make_client(**tokens)
    assert (await post(h.client, "k.example", headers={"x-api-key": "k"})).status_code == 202
    r = await h.client.delete("/api/requests/k.example?type=ui")
    assert (r.status_code, r.json()) == (401, {"error": "unauthorized"})
    r = await h.client.delete("/api/requests/k.example?type=ui", headers={"x-api-key": "k"})
    assert r.status_code == 200
