"""When checks happen: the backoff, POST /api/recheck, and verification after ACTIVE, with a
clock the test controls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from dns_validation import load_settings
from dns_validation.domain.schedule import Backoff, verdict
from dns_validation.main import build_checker
from dns_validation.poller.loop import Poller
from dns_validation.queue.repository import JobRepository

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


class Clock:
    """A clock that moves only when the test says so."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


# -- the schedule ---------------------------------------------------------------------------------
def test_fixed_backoff_is_the_poll_interval() -> None:
    backoff = load_settings(dns_poll_interval_seconds=42).backoff
    assert [backoff.delay(n) for n in (1, 2, 10)] == [42, 42, 42]


def test_exponential_backoff_grows_to_its_cap() -> None:
    backoff = Backoff("exponential", 300, base=60, factor=2, cap=600)
    assert [backoff.delay(n) for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]
    assert backoff.delay(10**6) == 600  # no overflow however many checks


def test_cloudflare_like_example_configuration() -> None:
    settings = load_settings(
        dns_backoff="EXPONENTIAL",
        dns_backoff_base_seconds=60,
        dns_backoff_factor=1.15,
        dns_backoff_max_seconds=14400,
    )
    delays = [settings.backoff.delay(n) for n in range(1, 76)]
    assert delays[0] == 60 and delays[1] == pytest.approx(69)
    assert max(delays) == 14400
    assert delays == sorted(delays)


@pytest.mark.parametrize("name", ["dns_backoff_factor", "dns_backoff_base_seconds"])
def test_bad_backoff_values(name: str) -> None:
    from dns_validation import ConfigError

    with pytest.raises(ConfigError, match=name.upper()):
        load_settings(**{name: 0.5 if name == "dns_backoff_factor" else 0})


def test_verdict() -> None:
    assert verdict(True, None) == "passed"
    assert verdict(False, None) == "failed"
    assert verdict(False, "timeout after 500 ms") == "transient"


# -- the poller follows the schedule --------------------------------------------------------------
async def test_next_check_at_follows_the_exponential_schedule(
    sqlite_engine: Any, dns: Any, make_settings: Any
) -> None:
    settings = make_settings(
        dns_backoff="exponential",
        dns_backoff_base_seconds=60,
        dns_backoff_factor=2,
        dns_backoff_max_seconds=300,
    )
    repo = JobRepository(sqlite_engine)
    checker = build_checker(settings)
    clock = Clock()
    poller = Poller(repo, checker, settings, clock=clock)
    await repo.create("slow.test", "UI", T0, T0 + timedelta(days=1), T0)
    waits = []
    try:
        for _ in range(6):
            assert (await poller.tick()).checked == 1
            job = await repo.get("slow.test", "UI")
            assert job is not None and job.next_check_at is not None
            waits.append((job.next_check_at - clock.now).total_seconds())
            clock.now = job.next_check_at - timedelta(seconds=1)
            assert (await poller.tick()).checked == 0  # not due a second early
            clock.now = job.next_check_at
    finally:
        await checker.aclose()
    assert waits == [60, 120, 240, 300, 300, 300]
    assert job.check_count == 6


# -- POST /api/recheck ----------------------------------------------------------------------------
async def test_recheck_turns_a_fixed_target_active_and_is_throttled(
    make_client: Any, dns: Any
) -> None:
    h = await make_client(
        recheck_min_interval_seconds=300,
        dns_backoff="exponential",
        dns_backoff_base_seconds=60,
    )
    assert (await h.client.post("/request/ui", json={"target": "fix.test"})).status_code == 202
    assert (await h.client.post("/request/email", json={"target": "fix.test"})).status_code == 202
    dns.set("fix.test", "CNAME", ["forward.haltman.io."])
    before = (await h.client.get("/api/checkdns/fix.test")).json()
    assert before["ui"]["status"] == "PENDING"
    r = await h.client.post("/api/recheck/FIX.test?type=ui")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == set(before)
    assert body["ui"]["status"] == "ACTIVE" and body["ui"]["missing"][0]["ok"]
    assert body["email"] is None  # only the type asked for
    again = await h.client.post("/api/recheck/fix.test?type=ui")
    assert again.status_code == 429 and again.json()["error"] == "rate_limited"
    assert 1 <= int(again.headers["retry-after"]) <= 300
    # Another type is another key; a PENDING job starts its backoff again.
    r = await h.client.post("/api/recheck/fix.test?type=email")
    assert r.status_code == 200 and r.json()["email"]["status"] == "PENDING"
    job = await h.app.state.services.repository.get("fix.test", "EMAIL")
    assert job.check_count == 1
    wait = (job.next_check_at - job.last_checked_at).total_seconds()
    assert wait == pytest.approx(60, abs=1)


async def test_recheck_errors(make_client: Any, dns: Any) -> None:
    h = await make_client(checkdns_token="s3cret")
    assert (await h.client.post("/api/recheck/x.test")).status_code == 401
    key = {"x-api-key": "s3cret"}
    assert (await h.client.post("/api/recheck/x.test", headers=key)).status_code == 404
    r = await h.client.post("/api/recheck/1.2.3", headers=key)
    assert r.status_code == 400
    # With CHECKDNS_TOKEN set, creating the job needs the key too.
    created = await h.client.post("/request/ui", json={"target": "x.test"}, headers=key)
    assert created.status_code in (200, 202)
    r = await h.client.post("/api/recheck/x.test?type=dns", headers=key)
    assert (r.status_code, r.json()["error"]) == (400, "type must be one of ui, email")
    r = await h.client.post("/api/recheck/x.test?type=email", headers=key)
    assert r.status_code == 404
    assert (await h.client.post("/api/recheck/x.test", headers=key)).status_code == 200


# -- verification after ACTIVE --------------------------------------------------------------------
async def test_active_degraded_then_failed(
    engine: Any, dns: Any, make_settings: Any, make_client: Any
) -> None:
    settings = make_settings(active_recheck_interval_hours=1, active_max_failures=2)
    repo = JobRepository(engine)
    checker = build_checker(settings)
    clock = Clock()
    poller = Poller(repo, checker, settings, clock=clock)
    dns.set("live.test", "CNAME", ["forward.haltman.io."])
    h = await make_client(engine=engine, active_recheck_interval_hours=1, active_max_failures=2)
    assert (await h.client.post("/request/ui", json={"target": "live.test"})).status_code == 200
    job = await repo.get("live.test", "UI")
    assert job.status == "ACTIVE" and job.next_check_at is not None
    clock.now = job.next_check_at

    async def tick() -> Any:
        stats = await poller.tick()
        clock.advance(hours=1)
        return stats

    try:
        assert (await tick()).verified == 1  # still right: nothing changes
        job = await repo.get("live.test", "UI")
        assert (job.status, job.degraded_since, job.consecutive_failures) == ("ACTIVE", None, 0)

        dns.delete("live.test")  # the customer removes the record
        broken_at = clock.now
        assert (await tick()).failed == 0
        job = await repo.get("live.test", "UI")
        assert (job.status, job.degraded_since, job.consecutive_failures) == (
            "ACTIVE",
            broken_at,
            1,
        )
        view = (await h.client.get("/api/checkdns/live.test")).json()["ui"]
        assert view["status"] == "ACTIVE" and view["consecutive_failures"] == 1
        assert view["degraded_since"] is not None
        assert view["missing"][0]["reason"] == "no CNAME record at live.test"

        dns.fault("live.test", "SERVFAIL")  # a transient error never counts
        await tick()
        job = await repo.get("live.test", "UI")
        assert (job.status, job.consecutive_failures) == ("ACTIVE", 1)

        dns.fault("live.test", None)
        dns.set("live.test", "CNAME", ["forward.haltman.io."])  # fixed again: cleared
        await tick()
        job = await repo.get("live.test", "UI")
        assert (job.degraded_since, job.consecutive_failures) == (None, 0)

        dns.delete("live.test")
        await tick()
        stats = await tick()
        assert stats.failed == 1
        job = await repo.get("live.test", "UI")
        assert (job.status, job.consecutive_failures) == ("FAILED", 2)
        assert job.fail_reason == "DNS records no longer pass (2 re-checks in a row)"
        assert job.stored_missing[0]["reason"] == "no CNAME record at live.test"
        assert (await tick()).checked == 0  # FAILED rows are not checked
    finally:
        await checker.aclose()


async def test_active_rows_are_left_alone_when_verification_is_off(
    sqlite_engine: Any, dns: Any, make_settings: Any
) -> None:
    settings = make_settings()
    repo = JobRepository(sqlite_engine)
    checker = build_checker(settings)
    clock = Clock()
    poller = Poller(repo, checker, settings, clock=clock)
    dns.set("off.test", "CNAME", ["forward.haltman.io."])
    try:
        result = await checker.check("UI", "off.test")
        await repo.create("off.test", "UI", T0, T0 + timedelta(days=1), T0, result)
        clock.advance(days=30)
        assert (await poller.tick()).checked == 0
    finally:
        await checker.aclose()
