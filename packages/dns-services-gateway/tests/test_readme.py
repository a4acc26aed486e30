"""The README's examples run unchanged against the fake (over loopback HTTP and DNS)."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dns_services_gateway import DNSServicesClient
from dns_services_gateway.cli import app
from dns_services_gateway.testing import FakeDNSServices

README = Path(__file__).resolve().parents[1] / "README.md"
# The credentials the README's async example passes explicitly.
USERNAME, PASSWORD = "you@example.com", "..."


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README.read_text(), re.M | re.S)


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDNSServices]:
    with FakeDNSServices(username=USERNAME, password=PASSWORD) as running:
        zone = running.add_zone("example.com")
        zone.add_record("www", "A", "192.0.2.10")
        zone.add_record("@", "MX", "mail.example.com", priority=10)
        zone.add_record("@", "MX", "old-mx.example.com", priority=20)
        zone.add_record("@", "TXT", "old")
        zone.add_record("_acme-challenge", "TXT", "earlier-token")
        monkeypatch.setenv("DNS_SERVICES_BASE_URL", running.base_url)
        monkeypatch.setenv("DNS_SERVICES_USERNAME", USERNAME)
        monkeypatch.setenv("DNS_SERVICES_PASSWORD", PASSWORD)
        monkeypatch.setenv("DNS_SERVICES_TOKEN_PATH", str(tmp_path / "tokens" / "token"))
        yield running


def _run(code: str, namespace: dict[str, Any] | None = None) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(README), "exec"), {"__name__": "__readme__", **(namespace or {})})
    return out.getvalue()


def test_readme_has_the_examples() -> None:
    assert len(_blocks("python")) == 3
    assert len(_blocks("yaml")) == 1


def test_sync_quick_start(fake: FakeDNSServices, monkeypatch: pytest.MonkeyPatch) -> None:
    # The example asks for DNS verification; DNS_SERVICES_NAMESERVERS points it at the
    # sandbox's nameserver instead of the zone's NS hosts, as the sandbox prints.
    host, port = fake.nameserver
    monkeypatch.setenv("DNS_SERVICES_NAMESERVERS", f"{host}:{port}")
    output = _run(_blocks("python")[0])
    assert "'status': 'success'" in output and "'verified': True" in output
    assert "'level': 'dns'" in output
    assert "example.com 10 mail.example.com" in output
    assert [r.content for r in fake.zone("example.com").find("www", "A")] == [
        "192.0.2.10",
        "192.0.2.1",
    ]


def test_async_quick_start(fake: FakeDNSServices) -> None:
    output = _run(_blocks("python")[1])
    record_id, name = output.split()
    assert name == "_acme-challenge.example.com" and record_id.isdigit()
    assert [r.content for r in fake.zone("example.com").find("_acme-challenge", "TXT")] == [
        "earlier-token"
    ], "created, then deleted by id"


def test_batch_example(fake: FakeDNSServices) -> None:
    with DNSServicesClient() as client:
        output = _run(_blocks("python")[2], {"client": client})
    lines = output.splitlines()
    assert lines[0] == "{'create': 1, 'update': 1, 'delete': 1}"
    assert lines[1:] == ["0 success True None", "1 success True None", "2 success True None"]
    zone = fake.zone("example.com")
    assert [r.content for r in zone.find("@", "TXT")] == ["new"]
    assert zone.find("_acme-challenge", "TXT") == []


def test_apply_file_example(fake: FakeDNSServices, tmp_path: Path) -> None:
    path = tmp_path / "changes.yaml"
    path.write_text(_blocks("yaml")[0])
    runner = CliRunner()
    dry = runner.invoke(app, ["--output", "json", "records", "apply", str(path)])
    assert dry.exit_code == 0, dry.output
    applied = runner.invoke(app, ["--output", "json", "records", "apply", str(path), "--yes"])
    assert applied.exit_code == 0, applied.output
    zone = fake.zone("example.com")
    assert [r.content for r in zone.find("www", "A")] == ["192.0.2.11"]
    assert [r.content for r in zone.find("@", "MX")] == ["mail.example.com"]
    assert [r.content for r in zone.find("_acme-challenge", "TXT")] == ["earlier-token", "token"]
