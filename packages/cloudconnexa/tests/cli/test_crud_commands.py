"""The generated CRUD command groups, run with CliRunner against the fake."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from cloudconnexa.cli.resources import command_name, crud_services
from cloudconnexa.testing import FakeCloudConnexa


def test_every_crud_service_has_a_group(run: Any) -> None:
    services = crud_services()
    assert {"networks", "routes", "users", "user_groups", "devices", "dns_records", "hosts"} <= set(
        services
    )
    assert len(services) == 16
    result = run("--help")
    assert result.exit_code == 0
    for service in services:
        assert command_name(service) in result.stdout


def test_network_lifecycle_in_json(run: Any, as_json: Any) -> None:
    created = as_json(
        run(
            "networks",
            "create",
            "--data",
            '{"name": "hq", "description": "head office"}',
            json_out=True,
        )
    )
    assert created["name"] == "hq"
    network_id = created["id"]
    route = as_json(
        run(
            "routes",
            "create",
            "--network-id",
            network_id,
            "--data",
            '{"value": "10.8.0.0/24"}',
            json_out=True,
        )
    )
    assert route["type"] == "IP_V4"
    listed = as_json(run("routes", "list", "--network-id", network_id, json_out=True))
    assert [r["id"] for r in listed] == [route["id"]]
    shown = as_json(run("networks", "get", network_id, json_out=True))
    assert shown["routes"][0]["subnet"] == "10.8.0.0/24"
    updated = as_json(
        run("networks", "update", network_id, "--data", '{"name": "hq2"}', json_out=True)
    )
    assert updated["name"] == "hq2"
    deleted = run("networks", "delete", network_id, "--yes")
    assert deleted.exit_code == 0
    assert "Deleted networks" in deleted.stderr
    missing = run("networks", "get", network_id)
    assert missing.exit_code == 4
    assert missing.stderr.startswith("Error:")
    assert len(missing.stderr.strip().splitlines()) == 1


def test_parent_ids_are_required_before_sending(run: Any, fake: FakeCloudConnexa) -> None:
    fake.clear_requests()
    result = run("routes", "create", "--data", '{"value": "10.0.0.0/24"}')
    assert result.exit_code == 2
    assert "--network-id" in result.stderr
    assert fake.requests == []
    result = run("devices", "get", "some-id")
    assert result.exit_code == 2 and "--user-id" in result.stderr


def test_body_input_errors(run: Any, tmp_path: Path) -> None:
    for args, message in (
        ((), "exactly one of --data or --file"),
        (("--data", "{nope"), "not valid JSON"),
        (("--data", "[1, 2]"), "must be a JSON object"),
        (("--file", str(tmp_path / "missing.json")), "cannot read"),
    ):
        result = run("dns-records", "create", *args)
        assert result.exit_code == 2, args
        assert message in result.stderr


def test_body_from_file_and_stdin(run: Any, as_json: Any, tmp_path: Path) -> None:
    body = tmp_path / "record.json"
    body.write_text(json.dumps({"domain": "a.example.com", "ipv4Addresses": ["10.0.0.1"]}))
    first = as_json(run("dns-records", "create", "--file", str(body), json_out=True))
    assert first["domain"] == "a.example.com"
    second = as_json(
        run(
            "dns-records",
            "create",
            "--file",
            "-",
            json_out=True,
            input=json.dumps({"domain": "b.example.com", "ipv6Addresses": ["fd00::1"]}),
        )
    )
    assert second["ipv6Addresses"] == ["fd00::1"]


def test_api_validation_error_is_one_line(run: Any) -> None:
    result = run("dns-records", "create", "--data", '{"domain": "a.example.com"}')
    assert result.exit_code == 2  # the API's 400: bad input
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output + result.stderr


def test_validation_details_and_brackets_are_printed_literally(run: Any, as_json: Any) -> None:
    # The per-field details travel in brackets; rich markup must not swallow them.
    result = run(
        "networks", "create", "--data", '{"name": "hq", "description": "' + "x" * 300 + '"}'
    )
    assert result.exit_code == 2
    assert "[description: Length must be between {min} and {max}]" in result.stderr
    created = as_json(run("networks", "create", "--data", '{"name": "[prod] hq"}', json_out=True))
    table = run("networks", "get", created["id"])
    assert "[prod] hq" in table.stdout
    listing = run("networks", "list")
    assert "[prod] hq" in listing.stdout


def test_listing_formats_and_limits(run: Any, as_json: Any, fake: FakeCloudConnexa) -> None:
    fake.seed_users(25)
    users = as_json(run("users", "list", "--page-size", "10", json_out=True))
    assert len(users) == 25
    assert len(as_json(run("users", "list", "--limit", "7", json_out=True))) == 7
    table = run("users", "list", "--limit", "3")
    assert table.exit_code == 0
    assert "user0" in table.stdout and "username" in table.stdout
    rows = list(csv.DictReader(io.StringIO(run("--output", "csv", "users", "list").stdout)))
    assert len(rows) == 25 and rows[0]["username"] == "user0"
    empty = run("dns-records", "list")
    assert "(no items)" in empty.stdout
    assert as_json(run("dns-records", "list", json_out=True)) == []


def test_get_in_table_and_csv(run: Any, fake: FakeCloudConnexa) -> None:
    user_id = fake.seed_users(1)[0]
    table = run("users", "get", user_id)
    assert table.exit_code == 0 and "username" in table.stdout and "user0" in table.stdout
    rows = list(csv.DictReader(io.StringIO(run("--output", "csv", "users", "get", user_id).stdout)))
    assert rows[0]["id"] == user_id


def test_progress_bar_for_long_listings(run: Any, fake: FakeCloudConnexa) -> None:
    fake.seed_users(30)
    result = run("--progress", "users", "list", "--page-size", "10", json_out=False)
    assert result.exit_code == 0
    assert "Listing users" in result.stderr
    quiet = run("--no-progress", "users", "list")
    assert "Listing users" not in quiet.stderr


def test_delete_asks_for_confirmation(run: Any, as_json: Any) -> None:
    record = as_json(
        run(
            "dns-records",
            "create",
            "--data",
            '{"domain": "c.example.com", "ipv4Addresses": ["10.0.0.2"]}',
            json_out=True,
        )
    )
    declined = run("dns-records", "delete", record["id"], input="n\n")
    assert declined.exit_code == 0, "declining is not an error"
    assert declined.stderr.strip().endswith("Aborted: nothing was changed.")
    assert "Error:" not in declined.stderr
    assert as_json(run("dns-records", "get", record["id"], json_out=True))["id"] == record["id"]
    accepted = run("dns-records", "delete", record["id"], input="y\n")
    assert accepted.exit_code == 0


def test_devices_need_their_user(run: Any, as_json: Any, fake: FakeCloudConnexa) -> None:
    user_id = fake.seed_users(1)[0]
    device = as_json(
        run(
            "devices", "create", "--user-id", user_id, "--data", '{"name": "laptop"}', json_out=True
        )
    )
    shown = as_json(run("devices", "get", device["id"], "--user-id", user_id, json_out=True))
    assert shown["name"] == "laptop"
    assert len(as_json(run("devices", "list", "--user-id", user_id, json_out=True))) == 1


def test_columns_come_from_the_model_not_from_the_first_item(run: Any, as_json: Any) -> None:
    # The first network has no description; the column must still be there for the second.
    for body in ('{"name": "bare"}', '{"name": "described", "description": "has one"}'):
        as_json(run("networks", "create", "--data", body, json_out=True))
    rows = list(csv.DictReader(io.StringIO(run("networks", "list", "-o", "csv").stdout)))
    assert [r["name"] for r in rows] == ["bare", "described"]
    assert [r["description"] for r in rows] == ["", "has one"]
    assert "routes" not in rows[0]  # nested lists stay out of CSV and tables
    table = run("networks", "list").stdout
    assert "description" in table.splitlines()[1] and "has one" in table
