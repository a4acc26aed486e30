"""``dns-services zone export|sync`` against the fake over real HTTP and DNS."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from typer.testing import Result

from dns_services_gateway.testing import FakeDNSServices, FakeZone

Run = Callable[..., Result]
RunJson = Callable[..., tuple[int, Any]]


def ns(fake: FakeDNSServices) -> list[str]:
    host, port = fake.nameserver
    return ["--nameserver", f"{host}:{port}"]


def record_writes(fake: FakeDNSServices) -> list[str]:
    return [e.method for e in fake.requests if e.method != "GET" and "/records" in e.path]


def test_zone_group_is_listed(run: Run) -> None:
    result = run("zone", "--help")
    assert result.exit_code == 0
    assert "export" in result.stdout and "sync" in result.stdout


def test_export_formats(run: Run, zone: FakeZone, tmp_path: Path) -> None:
    bind = run("zone", "export", "example.com")
    assert bind.exit_code == 0, bind.output
    assert "$ORIGIN example.com." in bind.stdout and "IN SOA" in bind.stdout
    yaml_out = run("zone", "export", "example.com", "--format", "yaml")
    assert yaml.safe_load(yaml_out.stdout)["www"]["value"] == "192.0.2.10"
    target = tmp_path / "example.com.json"
    written = run("zone", "export", "example.com", "-f", "json", "--file", str(target))
    assert written.exit_code == 0 and written.stdout == ""
    assert json.loads(target.read_text())["zone"] == "example.com"
    bad = run("zone", "export", "example.com", "--format", "xml")
    assert bad.exit_code == 2 and "format" in bad.stderr


def test_export_edit_sync_with_json_plan_then_nothing(
    run: Run, run_json: RunJson, fake: FakeDNSServices, zone: FakeZone, tmp_path: Path
) -> None:
    path = tmp_path / "example.com.yaml"
    assert run("zone", "export", "example.com", "-f", "yaml", "--file", str(path)).exit_code == 0
    document = yaml.safe_load(path.read_text())
    document["www"]["value"] = "192.0.2.20"
    document["api"] = {"type": "A", "ttl": 300, "values": ["192.0.2.30", "192.0.2.31"]}
    path.write_text(yaml.safe_dump(document))

    fake.clear_requests()
    code, dry = run_json(*ns(fake), "zone", "sync", "example.com", str(path))
    assert code == 0 and dry["applied"] is False and record_writes(fake) == []
    actions = [(c["action"], c["name"], c["content"]) for c in dry["plan"]["changes"]]
    assert actions == [
        ("create", "api.example.com", "192.0.2.30"),
        ("create", "api.example.com", "192.0.2.31"),
        ("update", "www.example.com", "192.0.2.20"),
    ]

    code, applied = run_json(*ns(fake), "zone", "sync", "example.com", str(path), "--yes")
    assert code == 0, applied
    assert applied["applied"] is True and applied["verified"] is True
    assert applied["requests"] == 3 and applied["dns"]["ok"] is True
    assert [r.content for r in zone.find("www", "A")] == ["192.0.2.20"]

    fake.clear_requests()
    code, again = run_json(*ns(fake), "zone", "sync", "example.com", str(path), "--yes")
    assert code == 0 and again["plan"]["changes"] == [] and record_writes(fake) == []
    # -o json also works after the command, as the usage line writes it.
    local = run(*ns(fake), "zone", "sync", "example.com", str(path), "-o", "json")
    assert local.exit_code == 0 and json.loads(local.stdout)["applied"] is False
    bad = run("zone", "sync", "example.com", str(path), "-o", "xml")
    assert bad.exit_code == 2 and "--output must be table or json" in bad.stderr


def test_sync_table_dry_run_threshold_and_ignore(
    run: Run, fake: FakeDNSServices, zone: FakeZone, tmp_path: Path
) -> None:
    for i in range(10):
        zone.add_record(f"h{i}", "A", f"192.0.2.{100 + i}")
    path = tmp_path / "zone.db"
    path.write_text("$TTL 3600\nwww IN A 192.0.2.10\n")
    dry = run(*ns(fake), "zone", "sync", "example.com", str(path))
    assert dry.exit_code == 0, dry.output
    assert "Plan for example.com (dry run)" in dry.stdout and "delete" in dry.stdout
    assert "Over a threshold" in dry.stderr and "--yes" in dry.stderr

    refused = run(*ns(fake), "zone", "sync", "example.com", str(path), "--yes")
    assert refused.exit_code == 1
    assert "PlanThresholdError" in refused.stderr and "Traceback" not in refused.output
    assert len(zone.find("h1", "A")) == 1

    ignored = run(
        *ns(fake),
        "zone",
        "sync",
        "example.com",
        str(path),
        "--yes",
        "--ignore",
        "h*",
        "--ignore",
        "@/MX",
    )
    assert ignored.exit_code == 0, ignored.output
    assert "No changes to example.com" in ignored.stdout
    assert len(zone.find("h1", "A")) == 1 and len(zone.find("@", "MX")) == 1

    forced = run(
        *ns(fake), "zone", "sync", "example.com", str(path), "--yes", "--force", "--verify", "api"
    )
    assert forced.exit_code == 0, forced.output
    assert zone.find("h1", "A") == [] and len(zone.find("@", "NS")) == 2


def test_sync_threshold_from_environment(
    run: Run,
    fake: FakeDNSServices,
    zone: FakeZone,
    tmp_path: Path,
    monkeypatch: Any,
) -> None:
    for i in range(10):
        zone.add_record(f"h{i}", "A", f"192.0.2.{100 + i}")
    path = tmp_path / "zone.db"
    path.write_text("$TTL 3600\nwww IN A 192.0.2.10\n@ IN MX 10 mail\n")
    monkeypatch.setenv("DNS_SERVICES_SYNC_DELETE_THRESHOLD", "1")
    result = run(*ns(fake), "zone", "sync", "example.com", str(path), "--yes")
    assert result.exit_code == 0, result.output
    assert zone.find("h1", "A") == []


def test_sync_bad_file_is_one_line_error(run: Run, zone: FakeZone, tmp_path: Path) -> None:
    path = tmp_path / "zone.db"
    path.write_text("www.example.org. 60 IN A 192.0.2.1\n")
    result = run("zone", "sync", "example.com", str(path))
    assert result.exit_code == 2
    assert "outside the zone" in result.stderr and "Traceback" not in result.output
    missing = run("zone", "sync", "example.com", str(tmp_path / "absent.db"))
    assert missing.exit_code != 0 and "Traceback" not in missing.output
