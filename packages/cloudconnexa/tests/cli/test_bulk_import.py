"""`users import`, `routes import`, `dns-records import` against the fake (issue 9)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cloudconnexa.testing import FakeCloudConnexa


def _users_csv(path: Path, group_id: str, count: int, *, bad: tuple[int, ...] = ()) -> Path:
    lines = ["username,email,firstName,lastName,groupId,role"]
    for i in range(count):
        role = "NOT_A_ROLE" if i in bad else "MEMBER"
        email = "not-an-email" if i in bad else f"u{i}@example.com"
        lines.append(f"u{i},{email},First,Last {i},{group_id},{role}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _usernames(fake: FakeCloudConnexa) -> list[str]:
    return sorted(u["username"] for u in fake.state.table("users").values())


def test_users_import_creates_then_a_rerun_skips(
    run: Any, as_json: Any, fake: FakeCloudConnexa, tmp_path: Path
) -> None:
    group = fake.state.default_group_id
    source = _users_csv(tmp_path / "users.csv", group, 30)
    report = as_json(run("users", "import", str(source), json_out=True))
    assert report["created"] == 30 and report["failed"] == 0
    assert _usernames(fake) == sorted(f"u{i}" for i in range(30))
    assert (tmp_path / "users.csv.journal").exists()
    fake.clear_requests()
    again = as_json(run("users", "import", str(source), json_out=True))
    assert again["skipped"] == 30 and again["created"] == 0
    writes = [r for r in fake.requests if r.method in ("POST", "PUT") and "oauth" not in r.path]
    assert writes == []


def test_a_lost_journal_creates_no_duplicate_and_updates_in_place(
    run: Any, as_json: Any, fake: FakeCloudConnexa, tmp_path: Path
) -> None:
    group = fake.state.default_group_id
    source = _users_csv(tmp_path / "users.csv", group, 10)
    as_json(run("users", "import", str(source), json_out=True))
    (tmp_path / "users.csv.journal").unlink()  # as after a crash before the journal was written
    rows = source.read_text().replace("Last 3,", "Changed,")
    source.write_text(rows)
    report = as_json(run("users", "import", str(source), json_out=True))
    assert report == {
        "created": 0,
        "updated": 1,
        "unchanged": 9,
        "skipped": 0,
        "failed": 0,
        "failures": [],
    }
    assert len(fake.state.table("users")) == 10
    changed = [u for u in fake.state.table("users").values() if u["username"] == "u3"]
    assert changed[0]["lastName"] == "Changed"


def test_bad_rows_are_reported_and_the_run_goes_on(
    run: Any, fake: FakeCloudConnexa, tmp_path: Path
) -> None:
    group = fake.state.default_group_id
    source = _users_csv(tmp_path / "users.csv", group, 8, bad=(2, 5))
    result = run("-o", "json", "users", "import", str(source))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["created"] == 6 and report["failed"] == 2
    assert [f["row"] for f in report["failures"]] == [3, 6]
    assert "row 3 (u2):" in result.stderr and "BadRequestError" in result.stderr
    assert "Traceback" not in result.stderr


def test_stop_on_error(run: Any, fake: FakeCloudConnexa, tmp_path: Path) -> None:
    group = fake.state.default_group_id
    source = _users_csv(tmp_path / "users.csv", group, 8, bad=(2,))
    result = run("-o", "json", "users", "import", str(source), "--stop-on-error")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["created"] == 2 and report["failed"] == 1
    assert _usernames(fake) == ["u0", "u1"]


def test_wrong_types_in_a_json_array_fail_the_row_only(
    run: Any, fake: FakeCloudConnexa, tmp_path: Path
) -> None:
    group = fake.state.default_group_id
    rows = [
        {"username": "ok", "email": "ok@example.com", "groupId": group},
        {"username": "bad", "email": "bad@example.com", "groupId": 42},
        {"email": "nokey@example.com", "groupId": group},
    ]
    source = tmp_path / "users.json"
    source.write_text(json.dumps(rows))
    result = run("-o", "json", "users", "import", str(source))
    report = json.loads(result.stdout)
    assert report["created"] == 1 and report["failed"] == 2
    assert "InvalidArgumentError" in report["failures"][0]["error"]
    assert "no username" in report["failures"][1]["error"]


def test_routes_import_by_network_name_and_dns_records(
    run: Any, as_json: Any, fake: FakeCloudConnexa, tmp_path: Path
) -> None:
    as_json(run("networks", "create", "--data", '{"name": "hq"}', json_out=True))
    routes = tmp_path / "routes.csv"
    routes.write_text(
        "network,value,description\nhq,10.1.0.0/24,one\nhq,10.1.1.0/24,two\nnowhere,10.2.0.0/24,x\n"
    )
    result = run("-o", "json", "routes", "import", str(routes))
    report = json.loads(result.stdout)
    assert report["created"] == 2 and report["failed"] == 1
    assert "no network is named 'nowhere'" in report["failures"][0]["error"]
    records = tmp_path / "records.csv"
    records.write_text(
        "domain,ipv4Addresses,description\n"
        "a.example.com,10.0.0.1;10.0.0.2,first\n"
        "b.example.com,10.0.0.3,second\n"
    )
    created = as_json(run("dns-records", "import", str(records), json_out=True))
    assert created["created"] == 2
    stored = {r["domain"]: r for r in fake.state.table("dns_records").values()}
    assert stored["a.example.com"]["ipv4Addresses"] == ["10.0.0.1", "10.0.0.2"]


def test_unreadable_files_are_usage_errors(run: Any, tmp_path: Path) -> None:
    missing = run("users", "import", str(tmp_path / "absent.csv"))
    assert missing.exit_code == 2 and "cannot read" in missing.stderr
    latin = tmp_path / "latin.csv"
    latin.write_bytes("username\ncaf\u00e9\n".encode("latin-1"))
    assert run("users", "import", str(latin)).exit_code == 2
    scalar = tmp_path / "scalar.json"
    scalar.write_text('{"username": "x"}')
    result = run("users", "import", str(scalar))
    assert result.exit_code == 2 and "JSON array of objects" in result.stderr
