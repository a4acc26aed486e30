import asyncio
import collections
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from dns_validation import load_settings
from dns_validation.main import build_checker
from dns_validation.poller.loop import Poller
from dns_validation.queue.repository import JobRepository
from dns_validation.testing import FakeAuthoritativeServer


async def wait_for_status(client, target: str, kind: str, status: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    body = None
    while time.monotonic() < deadline:
        body = (await client.get(f"/api/checkdns/{target}")).json()
        if body[kind] and body[kind]["status"] == status:
            return body
        await asyncio.sleep(0.05)
    raise AssertionError(f"{target} never became {status}: {body}")


async def test_zone_fixed_while_poller_runs(make_client, dns: FakeAuthoritativeServer) -> None:
    dns.set("shop.test", "MX", ["10 mx.other.net."])
    dns.set("shop.test", "TXT", ['"v=spf1 include:_spf.google.com ~all"'])
    h = await make_client(run_poller=True, dns_poll_interval_seconds=0.2)
    r = await h.client.post("/request/email", json={"target": "shop.test"})
    assert (r.status_code, r.json()["status"]) == (202, "PENDING")
    body = (await h.client.get("/api/checkdns/shop.test")).json()
    items = {i["key"]: i for i in body["email"]["missing"]}
    assert items["MX"]["found"] == [{"exchange": "mx.other.net", "priority": 10}]
    assert items["SPF"]["found"] == ["v=spf1 include:_spf.google.com ~all"]
    assert items["DMARC"]["found"] == []
    # the customer fixes the zone, one record set at a time
    dns.set("shop.test", "MX", ["10 mail.abin.lat."])
    dns.set("shop.test", "TXT", ['"v=spf1 " "mx -all"'])
    await asyncio.sleep(0.5)
    body = (await h.client.get("/api/checkdns/shop.test")).json()
    assert body["email"]["status"] == "PENDING"
    assert [i["ok"] for i in body["email"]["missing"]] == [True, True, False]
    dns.set("_dmarc.shop.test", "TXT", ['"v=DMARC1; p=none"'])
    body = await wait_for_status(h.client, "shop.test", "email", "ACTIVE")
    assert all(i["ok"] for i in body["email"]["missing"])
    assert body["summary"]["overall_status"] == "ACTIVE"


async def test_ui_chain_fixed_while_poller_runs(make_client, dns) -> None:
    dns.set("app.shop.test", "CNAME", ["lb.shop.test."])
    h = await make_client(run_poller=True, dns_poll_interval_seconds=0.2)
    assert (await h.client.post("/request/ui", json={"target": "app.shop.test"})).status_code == 202
    dns.set("lb.shop.test", "CNAME", ["forward.haltman.io."])
    body = await wait_for_status(h.client, "app.shop.test", "ui", "ACTIVE")
    assert body["ui"]["missing"][0]["found"] == ["lb.shop.test", "forward.haltman.io"]


async def test_transient_error_keeps_pending(make_client, dns, email_zone) -> None:
    email_zone(dns, "flaky.test")
    dns.fault("flaky.test", "SERVFAIL")
    h = await make_client(run_poller=True, dns_poll_interval_seconds=0.1, dns_timeout_ms=300)
    r = await h.client.post("/request/email", json={"target": "flaky.test"})
    assert r.status_code == 202
    await asyncio.sleep(0.6)
    body = (await h.client.get("/api/checkdns/flaky.test")).json()
    assert body["email"]["status"] == "PENDING"
    items = {i["key"]: i for i in body["email"]["missing"]}
    assert "no server answered" in items["MX"]["error"]
    assert items["DMARC"]["ok"] is True
    dns.fault("flaky.test", None)
    await wait_for_status(h.client, "flaky.test", "email", "ACTIVE")


async def test_jobs_expire_and_can_be_requested_again(make_client, dns) -> None:
    h = await make_client(
        run_poller=True, dns_poll_interval_seconds=0.1, dns_job_max_age_hours=0.0003
    )
    assert (await h.client.post("/request/ui", json={"target": "old.test"})).status_code == 202
    await wait_for_status(h.client, "old.test", "ui", "EXPIRED", timeout=5)
    r = await h.client.post("/request/ui", json={"target": "old.test"})
    assert (r.status_code, r.json()["status"]) == (202, "PENDING")


async def test_rows_expired_while_down_are_expired_on_first_tick(engine: AsyncEngine, dns) -> None:
    repo = JobRepository(engine)
    past = datetime.now(UTC) - timedelta(hours=2)
    await repo.create("stale.test", "UI", past, past + timedelta(hours=1), past)
    settings = load_settings(dns_servers=dns.address, dns_timeout_ms=300)
    stats = await Poller(repo, build_checker(settings), settings).tick()
    assert (stats.expired, stats.checked) == (1, 0)
    job = await repo.get("stale.test", "UI")
    assert job is not None and job.status == "EXPIRED"


async def test_two_pollers_never_check_one_row_twice(engine: AsyncEngine, dns, email_zone) -> None:
    repo = JobRepository(engine)
    now = datetime.now(UTC)
    for i in range(150):
        await repo.create(f"t{i}.test", "EMAIL", now, now + timedelta(hours=1), now)
        if i % 3 == 0:
            email_zone(dns, f"t{i}.test")
    settings = load_settings(dns_servers=dns.address, dns_check_concurrency=8, dns_timeout_ms=2000)
    seen: collections.Counter[str] = collections.Counter()
    inner = build_checker(settings)

    class CountingChecker:
        def __init__(self) -> None:
            self.expectations = inner.expectations

        async def check(self, job_type, target):
            seen[target] += 1
            return await inner.check(job_type, target)

    pollers = [
        Poller(repo, CountingChecker(), settings, batch_size=10)  # type: ignore[arg-type]
        for _ in range(3)
    ]
    async with inner:
        stats = await asyncio.gather(*(p.tick() for p in pollers))
        assert sum(s.checked for s in stats) == 150
        assert set(seen.values()) == {1}
        assert sum(s.activated for s in stats) == 50
        assert await repo.count_pending() == 100
        # nothing is due again before the poll interval
        assert (await pollers[0].tick()).checked == 0


async def test_poller_survives_a_failing_tick(sqlite_engine: AsyncEngine, dns) -> None:
    repo = JobRepository(sqlite_engine)
    settings = load_settings(dns_servers=dns.address, dns_poll_interval_seconds=0.05)
    poller = Poller(repo, build_checker(settings), settings)
    calls = 0
    original = repo.expire_overdue

    async def flaky(now):
        nonlocal calls
        calls += 1
        if calls == 1:
            raise OSError("database went away")
        return await original(now)

    repo.expire_overdue = flaky  # type: ignore[method-assign]
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    while calls < 3:
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(task, 2)
    assert calls >= 3


@pytest.mark.parametrize("interval", [0.05, 600])
def test_tick_interval_is_at_most_one_second(interval: float) -> None:
    settings = load_settings(dns_poll_interval_seconds=interval)
    poller = Poller(None, None, settings)  # type: ignore[arg-type]
    assert poller.interval == min(1.0, interval)
    assert poller.batch_size == settings.dns_check_concurrency
