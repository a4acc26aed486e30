import json
import logging
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dns_validation.api.server import LimitedHttpProtocol, ServerLimits
from dns_validation.cli import app
from dns_validation.testing import FakeAuthoritativeServer

runner = CliRunner()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, dns: FakeAuthoritativeServer) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DNS_SERVERS", dns.address)
    monkeypatch.setenv("DNS_TIMEOUT_MS", "500")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    return tmp_path


def test_check_email_json_ok(env: Path, dns: FakeAuthoritativeServer, email_zone) -> None:
    email_zone(dns, "cli.test")
    result = runner.invoke(app, ["check", "CLI.test.", "--type", "email", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["target"], data["type"], data["ok"], data["error"]) == (
        "cli.test",
        "EMAIL",
        True,
        None,
    )
    assert [i["key"] for i in data["missing"]] == ["MX", "SPF", "DMARC"]


def test_check_ui_table_not_ok(env: Path, dns: FakeAuthoritativeServer) -> None:
    dns.set("www.cli.test", "CNAME", ["elsewhere.example."])
    result = runner.invoke(app, ["check", "www.cli.test", "--type", "ui"])
    assert result.exit_code == 1
    assert "NOT OK" in result.stdout
    assert "forward.haltman.io" in result.stdout
    assert "elsewhere.example" in result.stdout


def test_check_email_table_with_mx_and_error(env: Path, dns: FakeAuthoritativeServer) -> None:
    dns.set("mx.cli.test", "MX", ["20 other.example."])
    dns.fault("_dmarc.mx.cli.test", "REFUSED")
    result = runner.invoke(app, ["check", "mx.cli.test", "--type", "email"])
    assert result.exit_code == 3  # a lookup failed (REFUSED): not the same as wrong records
    assert "20 other.example" in result.stdout
    assert "10 mail.abin.lat" in result.stdout
    assert "error:" in result.stdout


def test_check_email_table_ok(env: Path, dns: FakeAuthoritativeServer, email_zone) -> None:
    email_zone(dns, "fine.test")
    result = runner.invoke(app, ["check", "fine.test", "--type", "email"])
    assert result.exit_code == 0
    assert "OK" in result.stdout and "NOT OK" not in result.stdout


def test_check_bad_target(env: Path) -> None:
    result = runner.invoke(app, ["check", "https://x.test", "--type", "ui"])
    assert result.exit_code == 2
    assert "target must be a domain name without scheme" in result.stderr


def test_bad_configuration_is_one_line(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DNS_TIMEOUT_MS", "soon")
    result = runner.invoke(app, ["check", "x.test", "--type", "ui"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: invalid configuration: DNS_TIMEOUT_MS accepts a number of milliseconds"
        " greater than 0 and at most 600000"
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("name", "value"),
    [("DNS_POLL_INTERVAL_SECONDS", "inf"), ("DNS_JOB_MAX_AGE_HOURS", "1e308")],
)
def test_serve_refuses_overflowing_settings(
    env: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: invalid configuration: {name} accepts a number")
    assert "Traceback" not in result.output


def test_migrate(env: Path) -> None:
    result = runner.invoke(app, ["migrate"])
    assert result.exit_code == 0, result.output
    assert "latest revision" in result.stdout
    with sqlite3.connect(env / "cli.db") as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert {"dns_requests", "alembic_version"} <= tables
    assert mode == "wal"
    assert runner.invoke(app, ["migrate"]).exit_code == 0


def test_serve_bad_port_stops_before_start(env: Path) -> None:
    result = runner.invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2
    assert "PORT accepts an integer from 1 to 65535" in result.stderr


def test_serve_runs_uvicorn_with_settings(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    seen = {}

    def fake_run(self: uvicorn.Server, sockets=None) -> None:
        seen["host"], seen["port"] = self.config.host, self.config.port
        seen["bound"] = [sock.getsockname() for sock in sockets or []]
        for sock in sockets or []:
            sock.close()
        seen["http"], seen["keep_alive"] = self.config.http, self.config.timeout_keep_alive

    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        result = runner.invoke(app, ["serve", "--host", "127.0.0.2", "--port", "3123"])
    finally:
        root.handlers[:], root.level = handlers, level
    assert result.exit_code == 0, result.output
    http = seen.pop("http")
    assert isinstance(http, type) and issubclass(http, LimitedHttpProtocol)
    assert http.limits == ServerLimits()
    assert seen == {
        "host": "127.0.0.2",
        "port": 3123,
        "keep_alive": 5,
        "bound": [("127.0.0.2", 3123)],  # bound by serve itself, before the migrations
    }


def test_serve_with_workers_migrates_then_starts_uvicorn_workers(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    seen: dict[str, object] = {}

    def fake_run(app: str, **kwargs: object) -> None:
        seen.update(kwargs, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setenv("WORKERS", "3")
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        result = runner.invoke(app, ["serve", "--port", "3124"])
    finally:
        root.handlers[:], root.level = handlers, level
    assert result.exit_code == 0, result.output
    assert seen["app"] == "dns_validation.main:create_worker_app"
    assert (seen["workers"], seen["factory"], seen["port"]) == (3, True, 3124)
    assert seen["http"] == "dns_validation.api.server:WorkerHttpProtocol"
    with sqlite3.connect(env / "cli.db") as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0003",)]


def test_worker_app_factory(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dns_validation import get_settings
    from dns_validation.main import create_worker_app

    get_settings.cache_clear()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        worker_app = create_worker_app()
    finally:
        root.handlers[:], root.level = handlers, level
        get_settings.cache_clear()
    assert worker_app.title == "DNS Validation Service"


def test_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "check", "migrate"):
        assert command in result.stdout


def test_no_system_resolver_is_a_one_line_error(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dns.resolver

    def no_configuration(*args: object, **kwargs: object) -> None:
        raise dns.resolver.NoResolverConfiguration("no nameservers")

    monkeypatch.setenv("DNS_SERVERS", "")
    monkeypatch.setattr(dns.resolver, "Resolver", no_configuration)
    for command in (["check", "x.test", "--type", "ui"], ["serve"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2
        assert "DNS_SERVERS is empty and the system has no resolver" in result.stderr
        assert "Traceback" not in result.output
