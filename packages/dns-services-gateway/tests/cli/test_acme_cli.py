"""``dns-services acme`` hooks against the fake: lego's exec convention and certbot's hooks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import Result

from dns_services_gateway.testing import FakeDNSServices

Run = Callable[..., Result]
RunJson = Callable[..., tuple[int, Any]]


@pytest.fixture
def zones(fake: FakeDNSServices) -> FakeDNSServices:
    fake.add_zone("example.com")
    fake.add_zone("sub.example.com")
    return fake


def ns(fake: FakeDNSServices) -> list[str]:
    host, port = fake.nameserver
    return ["--nameserver", f"{host}:{port}"]


def values(fake: FakeDNSServices, zone: str, name: str) -> list[str]:
    return sorted(r.content for r in fake.zone(zone).find(name, "TXT"))


def test_present_two_values_then_cleanup_exactly_one(
    run_json: RunJson, zones: FakeDNSServices
) -> None:
    # lego passes the FQDN with its trailing dot.
    code, first = run_json(
        *ns(zones), "acme", "present", "_acme-challenge.www.sub.example.com.", "value-1"
    )
    assert code == 0, first
    assert first == {
        "fqdn": "_acme-challenge.www.sub.example.com",
        "zone": "sub.example.com",  # the longest zone suffix, not example.com
        "created": True,
        "served": True,
        "reason": first["reason"],
    }
    code, second = run_json(
        *ns(zones),
        "acme",
        "present",
        "_acme-challenge.www.sub.example.com.",
        "value-2",
        "--ttl",
        "30",
    )
    assert code == 0 and second["created"] is True
    code, again = run_json(
        *ns(zones), "acme", "present", "_acme-challenge.www.sub.example.com.", "value-2"
    )
    assert code == 0 and again["created"] is False  # already there: not added twice
    records = zones.zone("sub.example.com").find("_acme-challenge.www", "TXT")
    assert sorted((r.content, r.ttl) for r in records) == [("value-1", 60), ("value-2", 30)]
    assert zones.zone("example.com").find("_acme-challenge.www.sub", "TXT") == []

    code, removed = run_json("acme", "cleanup", "_acme-challenge.www.sub.example.com.", "value-1")
    assert code == 0 and removed == {"fqdn": "_acme-challenge.www.sub.example.com", "removed": 1}
    assert values(zones, "sub.example.com", "_acme-challenge.www") == ["value-2"]
    code, absent = run_json("acme", "cleanup", "_acme-challenge.www.sub.example.com", "value-1")
    assert code == 0 and absent["removed"] == 0


def test_present_fails_when_the_nameserver_does_not_serve_it(
    run: Run, zones: FakeDNSServices
) -> None:
    zones.faults.dns_propagation_delay = 3600.0
    result = run(
        *ns(zones), "acme", "present", "_acme-challenge.example.com", "v", "--timeout", "0.3"
    )
    assert result.exit_code == 1
    assert "not served yet" in result.stderr and "Traceback" not in result.output


def test_unknown_zone_and_empty_value(run: Run, zones: FakeDNSServices) -> None:
    result = run(*ns(zones), "acme", "present", "_acme-challenge.example.org", "v")
    assert result.exit_code == 4 and "NotFoundError" in result.stderr
    result = run(*ns(zones), "acme", "present", "_acme-challenge.example.com", " ")
    assert result.exit_code == 2 and "must not be empty" in result.stderr


def test_certbot_hooks_read_the_environment(
    run_json: RunJson, run: Run, zones: FakeDNSServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = run("acme", "certbot-auth")
    assert missing.exit_code == 2 and "CERTBOT_DOMAIN" in missing.stderr
    monkeypatch.setenv("CERTBOT_DOMAIN", "example.com")
    for token in ("apex-token", "wildcard-token"):
        monkeypatch.setenv("CERTBOT_VALIDATION", token)
        code, data = run_json(*ns(zones), "acme", "certbot-auth")
        assert code == 0 and data["fqdn"] == "_acme-challenge.example.com"
    assert values(zones, "example.com", "_acme-challenge") == ["apex-token", "wildcard-token"]
    code, data = run_json("acme", "certbot-cleanup")
    assert code == 0 and data["removed"] == 1
    assert values(zones, "example.com", "_acme-challenge") == ["apex-token"]
