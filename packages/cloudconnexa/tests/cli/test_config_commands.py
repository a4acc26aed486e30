"""`cloudconnexa export`, `plan` and `apply` run with CliRunner against the fake."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from cloudconnexa import CloudConnexaClient
from cloudconnexa.cli import main
from cloudconnexa.testing import FakeCloudConnexa


def _client(fake: FakeCloudConnexa) -> CloudConnexaClient:
    return CloudConnexaClient(fake.base_url, fake.client_id, fake.client_secret)


def _seed(fake: FakeCloudConnexa) -> None:
    with _client(fake) as client:
        network = client.networks.create({"name": "hq", "description": "head office"})
        client.routes.create({"value": "10.1.0.0/24"}, network_id=network.id)
        client.dns_records.create({"domain": "db.example.com", "ipv4Addresses": ["10.1.0.5"]})


def _export(run: Any, tmp_path: Path, *args: str) -> Path:
    result = run("export", *args)
    assert result.exit_code == 0, result.output + result.stderr
    path = tmp_path / "tenant.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_export_writes_yaml_and_json(run: Any, fake: FakeCloudConnexa, tmp_path: Path) -> None:
    _seed(fake)
    path = _export(run, tmp_path, "--resources", "networks,dns-records")
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(document) == ["version", "networks", "dns-records"]
    assert document["networks"][0]["routes"] == [{"subnet": "10.1.0.0/24"}]
    as_json = run("export", "--resources", "dns-records", "-o", "json")
    assert json.loads(as_json.stdout)["dns-records"][0]["domain"] == "db.example.com"


def test_export_unknown_kind_is_a_usage_error(run: Any) -> None:
    result = run("export", "--resources", "widgets")
    assert result.exit_code == 2
    assert "unknown resource kind 'widgets'" in result.stderr


def test_plan_exit_codes(run: Any, fake: FakeCloudConnexa, tmp_path: Path) -> None:
    _seed(fake)
    path = _export(run, tmp_path, "--resources", "networks,dns-records")
    unchanged = run("plan", str(path))
    assert unchanged.exit_code == 0, unchanged.output + unchanged.stderr
    assert "No changes" in unchanged.stderr

    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["networks"][0]["description"] = "headquarters"
    document["dns-records"].append({"domain": "web.example.com", "ipv4Addresses": ["10.1.0.6"]})
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    changed = run("plan", str(path))
    assert changed.exit_code == 2, changed.output + changed.stderr
    assert "headquarters" in changed.stdout and "web.example.com" in changed.stdout
    assert "1 to create, 1 to update, 0 to delete" in changed.stderr

    as_json = run("plan", str(path), "-o", "json")
    assert as_json.exit_code == 2
    data = json.loads(as_json.stdout)
    assert data["summary"] == {"create": 1, "update": 1, "delete": 0}
    update = next(c for c in data["changes"] if c["action"] == "update")
    assert update["fields"] == [
        {"field": "description", "before": "head office", "after": "headquarters"}
    ]


def test_plan_errors_exit_1(run: Any, tmp_path: Path) -> None:
    missing = run("plan", str(tmp_path / "missing.yaml"))
    assert missing.exit_code == 1
    assert "cannot read" in missing.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 7\n", encoding="utf-8")
    result = run("plan", str(bad))
    assert result.exit_code == 1
    assert "unsupported document version 7" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"version: 1\n# caf\xe9\n")
    assert run("plan", str(latin)).exit_code == 1
    denied = run("plan", str(bad), extra_env={"CLOUDCONNEXA_CLIENT_SECRET": "wrong"})
    assert denied.exit_code == 1


def test_plan_reads_stdin(run: Any) -> None:
    result = run("plan", "-", input="version: 1\ndns-records: []\n")
    assert result.exit_code == 0, result.output + result.stderr


def test_apply_then_plan_has_no_changes(run: Any, fake: FakeCloudConnexa, tmp_path: Path) -> None:
    path = tmp_path / "tenant.yaml"
    path.write_text(
        "version: 1\n"
        "user-groups:\n"
        "  - {name: ops, vpnRegionIds: [de-fra]}\n"
        "users:\n"
        "  - {username: ann, firstName: Ann, lastName: A, email: ann@example.com, group: ops}\n",
        encoding="utf-8",
    )
    declined = run("apply", str(path), input="n\n")
    assert declined.exit_code == 0
    assert "nothing was changed" in declined.stderr
    applied = run("apply", str(path), "--yes")
    assert applied.exit_code == 0, applied.output + applied.stderr
    assert "created users ann" in applied.stderr
    assert "Applied 2 change(s)" in applied.stderr
    # The built-in Default group is not in the document: its delete is shown, not done.
    assert "Skipped 1 delete(s)" in applied.stderr
    again = run("plan", str(path), "-o", "json")
    changes = json.loads(again.stdout)["changes"]
    assert [(c["action"], c["key"]) for c in changes] == [("delete", "Default")]
    with _client(fake) as client:
        assert [u.username for u in client.users.list()] == ["ann"]


def test_apply_prune_threshold_and_force(run: Any, fake: FakeCloudConnexa, tmp_path: Path) -> None:
    with _client(fake) as client:
        for i in range(3):
            client.dns_records.create(
                {"domain": f"h{i}.example.com", "ipv4Addresses": ["10.0.0.1"]}
            )
    path = tmp_path / "tenant.yaml"
    path.write_text("version: 1\ndns-records: []\n", encoding="utf-8")
    refused = run("apply", str(path), "--yes", "--prune")
    assert refused.exit_code == 1
    assert "refusing to delete more than 30% of a kind (dns-records: 3 of 3)" in refused.stderr
    forced = run("apply", str(path), "--yes", "--prune", "--force", "-o", "json")
    assert forced.exit_code == 0, forced.output + forced.stderr
    assert len(json.loads(forced.stdout)["applied"]) == 3
    assert run("plan", str(path)).exit_code == 0


def test_apply_failure_reports_what_was_applied(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "tenant.yaml"
    path.write_text(
        "version: 1\n"
        "dns-records:\n"
        "  - {domain: a.example.com, ipv4Addresses: [10.0.0.1]}\n"
        "  - {domain: b.example.com, ipv4Addresses: [nonsense]}\n"
        "  - {domain: c.example.com, ipv4Addresses: [10.0.0.3]}\n",
        encoding="utf-8",
    )
    result = run("apply", str(path), "--yes", "-o", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [c["key"] for c in data["applied"]] == ["a.example.com"]
    assert data["failed"]["key"] == "b.example.com"
    assert "create dns-records b.example.com failed: BadRequestError" in result.stderr
    table = run("apply", str(path), "--yes")
    assert table.exit_code == 1
    assert "1 change(s) applied before it" not in table.stderr  # a.example.com exists now
    assert "0 change(s) applied before it" in table.stderr


def test_plan_usage_errors_exit_1_not_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["plan"], ["plan", "tenant.yaml", "--bogus"]):
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 1, argv
        assert capsys.readouterr().err.startswith("Error: ")
    with pytest.raises(SystemExit) as exited:
        main(["apply"])
    assert exited.value.code == 2


def test_plan_through_main_exits_2_for_changes(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "tenant.yaml"
    path.write_text(
        "version: 1\ndns-records: [{domain: x.example.com, ipv4Addresses: [10.0.0.9]}]\n"
    )
    with pytest.raises(SystemExit) as exited:
        main(["plan", str(path)])
    assert exited.value.code == 2
