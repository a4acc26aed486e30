"""Stopping under a backlog, short renewed leases, and the expiry sweep's own schedule; in
process with a slow checker, then with real `dns-validation serve` processes (SIGTERM, kill -9)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from dns_validation import load_settings
from dns_validation.core.db import create_engine, migrate
from dns_validation.domain.validators import Answer, CheckResult, Expectations, ui_findings
from dns_validation.poller.loop import Poller, default_lease_seconds
from dns_validation.queue.repository import JobRepository
from dns_validation.testing import FakeAuthoritativeServer, free_port

EXP = Expectations("forward.haltman.io", "mail.abin.lat", 10, "v=spf1 mx -all", "v=DMARC1; p=none")


class SlowChecker:
    """Every check takes ``delay`` seconds and finds a wrong CNAME."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.expectations = EXP
        self.started = 0

    async def check(self, job_type: str, target: str) -> CheckResult:
        self.started += 1
        await asyncio.sleep(self.delay)
        return ui_findings(target, Answer(("elsewhere.example",)), EXP)


async def fill(repo: JobRepository, count: int, *, expires_in: float = 3600) -> None:
    now = datetime.now(UTC)
    for i in range(count):
        await repo.create(f"b{i}.test", "UI", now, now + timedelta(seconds=expires_in), now)


async def leased(engine: AsyncEngine, owner: str | None = None) -> int:
    query = "SELECT count(*) FROM dns_requests WHERE lease_owner IS NOT NULL"
    if owner is not None:
        query = "SELECT count(*) FROM dns_requests WHERE lease_owner = :o"
    async with engine.connect() as conn:
        return int((await conn.execute(sa.text(query), {"o": owner})).scalar_one())


async def status_of(repo: JobRepository, target: str) -> str:
    job = await repo.get(target, "UI")
    assert job is not None
    return job.status


def test_default_lease_is_short() -> None:
    assert default_lease_seconds(load_settings()) == 10  # DNS_TIMEOUT_MS=5000
    assert default_lease_seconds(load_settings(dns_timeout_ms=500)) == 5
    assert default_lease_seconds(load_settings(dns_timeout_ms=60000)) == 30


async def test_expiry_runs_while_a_long_tick_checks(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    await fill(repo, 40)  # 40 checks of 2 s, 4 at a time: the tick lasts 20 s
    now = datetime.now(UTC)
    await repo.create("soon.test", "UI", now, now + timedelta(seconds=1), now + timedelta(days=1))
    settings = load_settings(dns_check_concurrency=4, dns_timeout_ms=500)
    poller = Poller(repo, SlowChecker(2.0), settings, batch_size=4)  # type: ignore[arg-type]
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    try:
        for _ in range(100):
            if await status_of(repo, "soon.test") == "EXPIRED":
                break
            await asyncio.sleep(0.1)
        assert await status_of(repo, "soon.test") == "EXPIRED"
        assert not task.done()
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


async def test_stop_under_a_backlog_is_bounded_and_releases_leases(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    await fill(repo, 60)
    settings = load_settings(dns_check_concurrency=10, dns_timeout_ms=500)
    checker = SlowChecker(30.0)  # checks that would never finish within the grace
    poller = Poller(repo, checker, settings)  # type: ignore[arg-type]
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    for _ in range(600):  # generous: the machine may be busy
        if checker.started >= 10:
            break
        await asyncio.sleep(0.05)
    assert checker.started == 10
    assert await leased(engine, poller.owner) >= 10  # two batch loops: up to 20
    stop.set()
    # grace is DNS_TIMEOUT_MS + 1 s = 1.5 s; the old poller drained the whole backlog
    await asyncio.wait_for(task, 20)
    assert await leased(engine) == 0
    async with engine.connect() as conn:
        checked = (
            await conn.execute(
                sa.text("SELECT count(*) FROM dns_requests WHERE last_checked_at IS NOT NULL")
            )
        ).scalar_one()
    assert checked == 0
    assert checker.started == 10


async def test_stop_lets_checks_in_flight_finish(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    await fill(repo, 30)
    settings = load_settings(dns_check_concurrency=5, dns_timeout_ms=3000)  # grace 4 s
    checker = SlowChecker(0.5)
    poller = Poller(repo, checker, settings, batch_size=5)  # type: ignore[arg-type]
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    for _ in range(200):
        if checker.started >= 5:
            break
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(task, 15)
    async with engine.connect() as conn:
        checked = (
            await conn.execute(
                sa.text("SELECT count(*) FROM dns_requests WHERE last_checked_at IS NOT NULL")
            )
        ).scalar_one()
    assert checked == checker.started  # every check started was finished and stored
    assert 5 <= checked < 30
    assert await leased(engine) == 0


async def test_leases_are_renewed_while_a_check_runs(engine: AsyncEngine) -> None:
    repo = JobRepository(engine)
    await fill(repo, 3)
    settings = load_settings(dns_check_concurrency=3, dns_timeout_ms=500)
    poller = Poller(repo, SlowChecker(3.0), settings, lease_seconds=1.0)  # type: ignore[arg-type]
    tick = asyncio.create_task(poller.tick())
    try:
        for _ in range(100):
            if await leased(engine, poller.owner) == 3:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(2.0)  # twice the lease period: only renewal keeps the rows
        now = datetime.now(UTC)
        assert await repo.claim_due("other", now, 60, 10) == []
        stats = await asyncio.wait_for(tick, 15)
    finally:
        tick.cancel()
    assert stats.checked == 3
    assert await leased(engine) == 0


async def test_a_failing_check_releases_its_lease(sqlite_engine: AsyncEngine) -> None:
    repo = JobRepository(sqlite_engine)
    await fill(repo, 2)

    class Broken(SlowChecker):
        async def check(self, job_type: str, target: str) -> CheckResult:
            raise RuntimeError("bug")

    poller = Poller(repo, Broken(0), load_settings())  # type: ignore[arg-type]
    stats = await poller.tick()
    assert (stats.checked, stats.released) == (0, 2)
    assert await leased(sqlite_engine) == 0


# Real processes.


def _serve(
    tmp_path: Path, db_url: str, dns: FakeAuthoritativeServer, port: int
) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DNS_SERVERS": dns.address,
        "DNS_TIMEOUT_MS": "1000",
        "DNS_POLL_INTERVAL_SECONDS": "10",
        "DNS_CHECK_CONCURRENCY": "10",
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "dns_validation.cli", "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


async def _wait_ready(port: int, proc: subprocess.Popen) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            try:
                if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("serve did not start")


@pytest.fixture
async def backlog(tmp_path: Path, dns: FakeAuthoritativeServer):
    """An SQLite file with 2,000 due UI rows whose DNS never answers (each check: 1 s)."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'backlog.db'}"
    engine = create_engine(url)
    await migrate(engine)
    now = datetime.now(UTC)
    rows = [
        {
            "target": f"b{i}.test",
            "type": "UI",
            "status": "PENDING",
            "created_at": now,
            "updated_at": now,
            "next_check_at": now,
            "expires_at": now + timedelta(hours=1),
        }
        for i in range(2000)
    ]
    async with engine.begin() as conn:
        from dns_validation.queue.models import dns_requests

        await conn.execute(sa.insert(dns_requests), rows)
    for i in range(2000):
        dns.fault(f"b{i}.test", "DROP")
    yield url, engine
    await engine.dispose()


async def _wait_leased(engine: AsyncEngine, proc: subprocess.Popen) -> None:
    for _ in range(300):
        assert proc.poll() is None
        if await leased(engine) > 0:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the poller never claimed a row")


async def test_sigterm_under_a_backlog_exits_within_seconds(
    tmp_path: Path, dns: FakeAuthoritativeServer, backlog
) -> None:
    url, engine = backlog
    port = free_port()
    proc = _serve(tmp_path, url, dns, port)
    try:
        await _wait_ready(port, proc)
        await _wait_leased(engine, proc)
        proc.send_signal(signal.SIGTERM)
        # the old poller went on draining the backlog (2,000 s of checks / 10 at a time)
        code = await asyncio.to_thread(proc.wait, 30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    # uvicorn re-raises the signal once it has shut down cleanly, hence -SIGTERM
    assert code in (0, -signal.SIGTERM), stderr
    assert await leased(engine) == 0
    assert "Traceback" not in stderr


async def test_rows_of_a_killed_process_come_back_within_seconds(
    tmp_path: Path, dns: FakeAuthoritativeServer, backlog
) -> None:
    url, engine = backlog
    port = free_port()
    proc = _serve(tmp_path, url, dns, port)
    try:
        await _wait_ready(port, proc)
        await _wait_leased(engine, proc)
        proc.kill()  # kill -9: no chance to release anything
        proc.wait()
    finally:
        if proc.stderr:
            proc.stderr.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    async with engine.connect() as conn:
        held = set(
            (
                await conn.execute(
                    sa.text("SELECT id FROM dns_requests WHERE lease_owner IS NOT NULL")
                )
            ).scalars()
        )
    assert held
    repo = JobRepository(engine)
    killed_at = time.monotonic()
    rescued: set[int] = set()
    # lease = 2 x DNS_TIMEOUT_MS, at least 5 s (the old lease was 4 x 1 s + 30 s = 34 s)
    while time.monotonic() - killed_at < 15 and not held <= rescued:
        rescued |= {row[0] for row in await repo.claim_due("rescuer", datetime.now(UTC), 60, 5000)}
        await asyncio.sleep(0.2)
    assert held <= rescued
