"""`--name` wherever an item id is taken, and `update --set FIELD=VALUE` (issue 9)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cloudconnexa.cli._common import UsageProblem
from cloudconnexa.cli._edit import merged_body, parse_assignment
from cloudconnexa.cli.resources import build_group, crud_services
from cloudconnexa.testing import FakeCloudConnexa
from cloudconnexa.types import NetworkResponse, NetworkUpdateRequest, UserGroupRequest


def _create(run: Any, as_json: Any, group: str, body: dict[str, Any], *extra: str) -> Any:
    return as_json(run(group, "create", "--data", json.dumps(body), *extra, json_out=True))


def test_every_crud_group_takes_name_where_it_takes_an_id() -> None:
    import typer.main

    for service in crud_services():
        command = typer.main.get_command(build_group(service))
        for verb in ("get", "update", "delete"):
            options = {
                opt for param in command.commands[verb].params for opt in getattr(param, "opts", [])
            }
            assert "--name" in options, (service, verb)
        assert "--set" in {
            opt for param in command.commands["update"].params for opt in getattr(param, "opts", [])
        }


def test_get_update_delete_by_name(run: Any, as_json: Any, fake: FakeCloudConnexa) -> None:
    network = _create(run, as_json, "networks", {"name": "hq", "description": "head office"})
    shown = as_json(run("networks", "get", "--name", "hq", json_out=True))
    assert shown["id"] == network["id"]
    changed = as_json(
        run("networks", "update", "--name", "hq", "--set", "description=moved", json_out=True)
    )
    assert changed["description"] == "moved" and changed["name"] == "hq"
    deleted = run("networks", "delete", "--name", "hq", "--yes")
    assert deleted.exit_code == 0, deleted.stderr
    missing = run("networks", "get", "--name", "hq")
    assert missing.exit_code == 4
    assert "no item of networks has name 'hq'" in missing.stderr


def test_users_are_found_by_username_and_records_by_domain(
    run: Any, as_json: Any, fake: FakeCloudConnexa
) -> None:
    user_id = fake.seed_users(3)[1]
    assert as_json(run("users", "get", "--name", "user1", json_out=True))["id"] == user_id
    record = _create(
        run, as_json, "dns-records", {"domain": "db.example.com", "ipv4Addresses": ["10.0.0.5"]}
    )
    found = as_json(run("dns-records", "get", "--name", "db.example.com", json_out=True))
    assert found["id"] == record["id"]


def test_routes_by_subnet_scoped_to_a_network(
    run: Any, as_json: Any, fake: FakeCloudConnexa
) -> None:
    first = _create(run, as_json, "networks", {"name": "a"})
    second = _create(run, as_json, "networks", {"name": "b"})
    route = _create(
        run,
        as_json,
        "routes",
        {"type": "IP_V4", "value": "10.9.0.0/24"},
        "--network-id",
        second["id"],
    )
    found = as_json(run("routes", "get", "--name", "10.9.0.0/24", json_out=True))
    assert found["id"] == route["id"]
    scoped = run("routes", "get", "--name", "10.9.0.0/24", "--network-id", first["id"])
    assert scoped.exit_code == 4


def test_an_ambiguous_name_is_refused_with_the_ids(
    run: Any, as_json: Any, fake: FakeCloudConnexa
) -> None:
    user_id = fake.seed_users(1)[0]
    ids = [
        _create(run, as_json, "devices", {"name": "laptop"}, "--user-id", user_id)["id"]
        for _ in range(2)
    ]
    result = run("devices", "get", "--name", "laptop", "--user-id", user_id)
    assert result.exit_code == 2
    assert "2 items of devices have name 'laptop'" in result.stderr
    assert all(item in result.stderr for item in ids)


def test_id_and_name_are_exclusive(run: Any, fake: FakeCloudConnexa) -> None:
    fake.clear_requests()
    neither = run("networks", "get")
    both = run("networks", "get", "some-id", "--name", "hq")
    for result in (neither, both):
        assert result.exit_code == 2
        assert "by ID or by --name, exactly one" in result.stderr
    assert fake.requests == []


def test_set_merges_into_the_current_object(run: Any, as_json: Any, fake: FakeCloudConnexa) -> None:
    group = _create(
        run,
        as_json,
        "user-groups",
        {"name": "staff", "maxDevice": 2, "internetAccess": "SPLIT_TUNNEL_ON", "vpnRegionIds": []},
    )
    updated = as_json(
        run(
            "user-groups",
            "update",
            group["id"],
            "--set",
            "maxDevice=5",
            "--set",
            "allRegionsIncluded=true",
            json_out=True,
        )
    )
    assert updated["maxDevice"] == 5
    assert updated["allRegionsIncluded"] is True
    assert updated["name"] == "staff"
    assert updated["internetAccess"] == "SPLIT_TUNNEL_ON"
    put = [r for r in fake.requests if r.method == "PUT"][-1]
    sent = json.loads(put.body)
    assert "id" not in sent and sent["name"] == "staff"


def test_set_errors_are_usage_errors(run: Any, as_json: Any, fake: FakeCloudConnexa) -> None:
    group = _create(run, as_json, "user-groups", {"name": "ops", "vpnRegionIds": []})
    for args, message in (
        (("--set", "maxDevice"), "--set takes FIELD=VALUE"),
        (("--set", "colour=red"), "'colour' is not a field of the update"),
        (("--set", "maxDevice=three"), "this field takes JSON"),
        (("--set", 'maxDevice="3"'), "maxDevice"),  # strict: a string is refused
        (("--set", "name=x", "--data", "{}"), "either --set FIELD=VALUE or a full body"),
    ):
        result = run("user-groups", "update", group["id"], *args)
        assert result.exit_code == 2, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)


def test_parse_assignment_types() -> None:
    assert parse_assignment("name=123", UserGroupRequest) == ("name", "123")
    assert parse_assignment("max_device=3", UserGroupRequest) == ("maxDevice", 3)
    assert parse_assignment("internetAccess=RESTRICTED_INTERNET", UserGroupRequest) == (
        "internetAccess",
        "RESTRICTED_INTERNET",
    )
    assert parse_assignment('vpnRegionIds=["de-fra"]', UserGroupRequest) == (
        "vpnRegionIds",
        ["de-fra"],
    )
    assert parse_assignment("maxDevice=null", UserGroupRequest) == ("maxDevice", None)
    with pytest.raises(UsageProblem):
        parse_assignment("=3", UserGroupRequest)


def test_merged_body_keeps_only_updatable_fields() -> None:
    current = NetworkResponse.model_validate(
        {"id": "n1", "name": "hq", "egress": True, "routes": [], "systemSubnets": ["10.0.0.0/8"]}
    )
    body = merged_body(current, NetworkUpdateRequest, ["egress=false"])
    assert body == {"name": "hq", "egress": False}


def test_parents_by_name(run: Any, as_json: Any, fake: FakeCloudConnexa) -> None:
    network = _create(run, as_json, "networks", {"name": "hq"})
    route = as_json(
        run(
            "routes", "create", "--network", "hq", "--data", '{"value": "10.7.0.0/24"}',
            json_out=True,
        )
    )  # fmt: skip
    listed = as_json(run("routes", "list", "--network", "hq", json_out=True))
    assert [r["id"] for r in listed] == [route["id"]]
    found = as_json(run("routes", "get", "--name", "10.7.0.0/24", "--network", "hq", json_out=True))
    assert found["id"] == route["id"]
    both = run("routes", "list", "--network", "hq", "--network-id", network["id"])
    assert both.exit_code == 2 and "not both" in both.stderr
    unknown = run("routes", "list", "--network", "nowhere")
    assert unknown.exit_code == 4
    fake.seed_users(1)
    device = _create(run, as_json, "devices", {"name": "phone"}, "--user", "user0")
    shown = as_json(run("devices", "get", "--name", "phone", "--user", "user0", json_out=True))
    assert shown["id"] == device["id"]
