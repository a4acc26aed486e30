"""CLI tests run typer's CliRunner against the fake API and nameserver over loopback."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from dns_services_gateway.cli import app
from dns_services_gateway.testing import FakeDNSServices, FakeZone

USERNAME = "cli@example.com"
PASSWORD = "cli-secret-pw"


@pytest.fixture
def fake() -> Iterator[FakeDNSServices]:
    with FakeDNSServices(username=USERNAME, password=PASSWORD) as running:
        yield running


@pytest.fixture
def zone(fake: FakeDNSServices) -> FakeZone:
    zone = fake.add_zone("example.com")
    zone.add_record("www", "A", "192.0.2.10")
    zone.add_record("@", "MX", "mail.example.com", priority=10)
    fake.add_domain("example.com")
    return zone


@pytest.fixture
def env(fake: FakeDNSServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Point the CLI at the fake through the DNS_SERVICES_* variables."""
    values = {
        "DNS_SERVICES_BASE_URL": fake.base_url,
        "DNS_SERVICES_USERNAME": USERNAME,
        "DNS_SERVICES_PASSWORD": PASSWORD,
        "DNS_SERVICES_TOKEN_PATH": str(tmp_path / "tokens" / "token"),
    }
    for key in ("DNS_SERVICES_VERIFY_SSL", "DNS_SERVICES_TIMEOUT", "DNS_SERVICES_DEBUG"):
        monkeypatch.delenv(key, raising=False)
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("COLUMNS", "200")  # wide rich tables, so assertions see whole cells
    return values


@pytest.fixture
def run(env: dict[str, str]) -> Callable[..., Result]:
    """Invoke ``dns-services`` with arguments; returns the click Result."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, list(args))

    return invoke


@pytest.fixture
def run_json(run: Callable[..., Result]) -> Callable[..., tuple[int, Any]]:
    """Invoke with ``--output json``; returns (exit code, parsed stdout or None)."""

    def invoke(*args: str) -> tuple[int, Any]:
        result = run("--output", "json", *args)
        assert "Traceback" not in result.output
        return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else None

    return invoke
