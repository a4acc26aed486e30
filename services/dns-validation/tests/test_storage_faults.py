"""Storage faults: the SQLite file deleted or made immutable while the service runs, the database
unreachable; `serve` never silently replaces a deleted database; one log line per incident."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dns_validation import create_app
from dns_validation.cli import app as cli
from dns_validation.core.db import create_engine, migrate
from dns_validation.core.incidents import STORAGE
from dns_validation.testing import free_port

runner = CliRunner()
CHATTR = shutil.which("chattr")


@pytest.fixture(autouse=True)
def fresh_incident() -> Iterator[None]:
    STORAGE.succeeded()
    yield
    STORAGE.succeeded()


def storage_lines(caplog: pytest.LogCaptureFixture, event: str) -> int:
    return sum(1 for r in caplog.records if r.getMessage() == event)


async def post(client, target: str):
    return await client.post("/request/ui", json={"target": target})


async def test_deleted_sqlite_file_is_noticed(
    make_client, tmp_path: Path, dns, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    h = await make_client()
    assert (await h.client.get("/readyz")).status_code == 200
    assert (await post(h.client, "before.example")).status_code == 202
    (tmp_path / "app.db").unlink()
    r = await h.client.get("/readyz")
    assert r.status_code == 503
    assert r.json() == {"error": "database_unavailable", "reason": "database file is gone"}
    for i in range(5):
        r = await post(h.client, f"after{i}.example")
        assert (r.status_code, r.json()) == (503, {"error": "storage_unavailable"})
    assert storage_lines(caplog, "storage.unavailable") == 1
    assert not any(r.exc_info for r in caplog.records)  # no traceback


@pytest.mark.skipif(CHATTR is None, reason="chattr (e2fsprogs) is not installed")
async def test_immutable_database_file_gives_503(
    make_settings, tmp_path: Path, dns, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    path = tmp_path / "immutable.db"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await migrate(engine)
    await engine.dispose()
    import httpx

    app = create_app(make_settings(database_url=f"sqlite+aiosqlite:///{path}"), run_poller=False)
    done = subprocess.run([CHATTR, "+i", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"chattr +i failed here: {done.stderr.decode().strip()}")
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, client=("127.0.0.9", 1))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                r = await client.get("/readyz")
                assert r.status_code == 503
                assert r.json()["error"] == "database_unavailable"
                for i in range(5):
                    r = await post(client, f"imm{i}.example")
                    assert (r.status_code, r.json()) == (503, {"error": "storage_unavailable"})
    finally:
        subprocess.run([CHATTR, "-i", str(path)], check=True)
    assert storage_lines(caplog, "storage.unavailable") == 1
    assert not any(r.exc_info for r in caplog.records)


async def test_unreachable_postgresql_gives_503(make_settings, dns) -> None:
    import httpx

    settings = make_settings(database_url="postgresql+asyncpg://nobody@127.0.0.1:9/none")
    engine = create_engine(settings.database_url)
    app = create_app(settings, engine=engine, run_poller=False, apply_migrations=False)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, client=("127.0.0.9", 1))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                r = await client.get("/readyz")
                assert r.status_code == 503
                r = await post(client, "x.example")
                assert (r.status_code, r.json()) == (503, {"error": "storage_unavailable"})
    finally:
        await engine.dispose()


# The command line.


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, dns) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DNS_SERVERS", dns.address)
    monkeypatch.setenv("DNS_TIMEOUT_MS", "500")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    return tmp_path


@pytest.fixture
def no_uvicorn(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    import uvicorn

    runs: list[dict] = []

    def fake_run(self: uvicorn.Server, sockets=None) -> None:
        runs.append({"sockets": sockets})
        for sock in sockets or []:
            sock.close()

    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield runs
    root.handlers[:], root.level = handlers, level


def test_serve_refuses_to_replace_a_deleted_database(env: Path, no_uvicorn) -> None:
    assert runner.invoke(cli, ["migrate"]).exit_code == 0
    (env / "cli.db").unlink()
    result = runner.invoke(cli, ["serve", "--port", str(free_port())])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is missing" in lines[0] and "migrate" in lines[0]
    assert not (env / "cli.db").exists()
    assert no_uvicorn == []
    # the documented ways out
    result = runner.invoke(cli, ["serve", "--port", str(free_port()), "--create-database"])
    assert result.exit_code == 0, result.output
    assert (env / "cli.db").exists() and len(no_uvicorn) == 1
    (env / "cli.db").unlink()
    assert runner.invoke(cli, ["migrate"]).exit_code == 0
    assert runner.invoke(cli, ["serve", "--port", str(free_port())]).exit_code == 0


def test_first_serve_creates_the_database(env: Path, no_uvicorn) -> None:
    result = runner.invoke(cli, ["serve", "--port", str(free_port())])
    assert result.exit_code == 0, result.output
    assert (env / "cli.db").exists() and (env / "cli.db.created").exists()


def test_serve_binds_before_it_migrates(env: Path, no_uvicorn) -> None:
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    try:
        port = busy.getsockname()[1]
        result = runner.invoke(cli, ["serve", "--port", str(port)])
    finally:
        busy.close()
    assert result.exit_code == 1
    assert (
        result.stderr.strip() == f"error: cannot listen on 127.0.0.1:{port}: Address already in use"
    )
    assert not (env / "cli.db").exists()  # nothing was migrated


# asyncpg leaves the socket of a refused connection for the garbage collector
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("command", [["migrate"], ["serve"]])
def test_database_errors_are_one_line(
    env: Path, monkeypatch: pytest.MonkeyPatch, no_uvicorn, command
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://nobody:pw@127.0.0.1:9/none")
    result = runner.invoke(cli, command)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot use the database: ")
    assert "Traceback" not in result.output and "pw" not in result.output


def test_check_exit_code_tells_transient_errors_from_wrong_records(env: Path, dns) -> None:
    dns.set("wrong.test", "CNAME", ["elsewhere.example."])
    assert runner.invoke(cli, ["check", "wrong.test", "--type", "ui"]).exit_code == 1
    dns.fault("down.test", "SERVFAIL")
    result = runner.invoke(cli, ["check", "down.test", "--type", "ui"])
    assert result.exit_code == 3
    line = result.stderr.strip()
    assert line.startswith("error: DNS lookup failed (")
    assert line.endswith(f"resolvers asked: {dns.address}")


# DNS health in /readyz.


async def test_readyz_reports_dns_failing(make_client, dns) -> None:
    h = await make_client()
    for i in range(5):
        dns.fault(f"dead{i}.example", "SERVFAIL")
        assert (await post(h.client, f"dead{i}.example")).status_code == 202
    r = await h.client.get("/readyz")
    assert r.status_code == 503
    body = r.json()
    assert body["error"] == "dns_unavailable"
    assert body["reason"].startswith("the last 5 DNS checks all failed; last error: ")
    # one answer (even one saying the record is wrong) makes DNS usable again
    assert (await post(h.client, "alive.example")).status_code == 202
    assert (await h.client.get("/readyz")).json() == {"status": "ready"}


def test_dns_health_needs_recent_failures_only() -> None:
    from dns_validation.poller.dns_health import DNSHealth

    health = DNSHealth(window=10, min_failures=3, max_age=300)
    health.record("timeout")
    health.record("timeout")
    assert health.problem() is None  # too few to judge
    health.record("SERVFAIL")
    assert health.problem() == "the last 3 DNS checks all failed; last error: SERVFAIL"
    health.record(None)
    assert health.problem() is None
    stale = DNSHealth(window=10, min_failures=1, max_age=0.001)
    stale.record("timeout")
    time.sleep(0.01)
    assert stale.problem() is None  # older than max_age
