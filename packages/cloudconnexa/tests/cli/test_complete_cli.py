"""A CLI as complete as the library: every operation has a command (issue 9)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import typer.main

from cloudconnexa._operations import NEWER_OPERATIONS, OPERATIONS
from cloudconnexa.cli._app import app
from cloudconnexa.cli._targets import command_for
from cloudconnexa.testing import FakeCloudConnexa


def _commands() -> set[str]:
    found: set[str] = set()

    def walk(command: Any, prefix: str) -> None:
        if hasattr(command, "commands"):  # a group (typer vendors its own click)
            for name, sub in command.commands.items():
                walk(sub, f"{prefix} {name}".strip())
        else:
            found.add(prefix)

    walk(typer.main.get_command(app), "")
    return found


def test_every_library_operation_has_a_command() -> None:
    commands = _commands()
    missing = []
    for method, path, target in (*OPERATIONS, *NEWER_OPERATIONS):
        command = command_for(target)
        if command is None or command not in commands:
            missing.append(f"{method} {path} ({target}) -> {command}")
    assert missing == []


def test_cybershield_commands(run: Any, fake: FakeCloudConnexa) -> None:
    added = run("cybershield", "add", "block", "ads.example", "track.example", "--comment", "x")
    assert added.exit_code == 0, added.stderr
    assert set(fake.state.cybershield["block"]) == {"ads.example", "track.example"}
    removed = run("cybershield", "remove", "block", "ads.example")
    assert removed.exit_code == 0, removed.stderr
    assert set(fake.state.cybershield["block"]) == {"track.example"}
    run("cybershield", "add", "allow", "partner.example")
    assert set(fake.state.cybershield["allow"]) == {"partner.example"}


def test_access_group_items(run: Any, as_json: Any, fake: FakeCloudConnexa) -> None:
    user_group = as_json(
        run("user-groups", "create", "--data", json.dumps({"name": "staff"}), json_out=True)
    )
    everyone = {"type": "USER_GROUP", "allCovered": True}
    body = {"name": "ops", "source": [everyone], "destination": [everyone]}
    group = as_json(run("access-groups", "create", "--data", json.dumps(body), json_out=True))
    item = {"type": "USER_GROUP", "allCovered": False, "parent": user_group["id"]}
    with_source = as_json(
        run(
            "access-groups", "add-source", "--name", "ops", "--data", json.dumps(item),
            json_out=True,
        )
    )  # fmt: skip
    assert len(with_source["source"]) == 2
    without = as_json(
        run(
            "access-groups", "remove-source", group["id"], "--type", "USER_GROUP",
            "--parent-id", user_group["id"], json_out=True,
        )
    )  # fmt: skip
    assert len(without["source"]) == 1
    missing_type = run("access-groups", "remove-source", group["id"])
    assert missing_type.exit_code == 2 and "--type" in missing_type.stderr


def test_dns_log_and_audit_log(run: Any, as_json: Any, fake: FakeCloudConnexa) -> None:
    assert run("dns-log", "enable").exit_code == 0
    fake.seed_dns_resolutions(5)
    entries = as_json(run("dns-log", "list", json_out=True))
    assert len(entries) == 5
    assert run("dns-log", "disable").exit_code == 0
    fake.newer_api = True
    try:
        entries = as_json(run("audit-log", "list", "--since", "12h", json_out=True))
        assert isinstance(entries, list)
    finally:
        fake.newer_api = False
    old = run("audit-log", "list")
    assert old.exit_code == 4  # a 1.1.0 tenant does not serve it
    assert "NotSupportedError" in old.stderr or "NotFoundError" in old.stderr


def test_users_activate_and_suspend(run: Any, as_json: Any, fake: FakeCloudConnexa) -> None:
    fake.newer_api = True
    try:
        user_id = fake.seed_users(1)[0]
        suspended = as_json(run("users", "suspend", "--name", "user0", json_out=True))
        assert suspended["id"] == user_id and suspended["status"] == "SUSPENDED"
        active = as_json(run("users", "activate", user_id, json_out=True))
        assert active["status"] == "ACTIVE"
    finally:
        fake.newer_api = False


def test_connector_profile_encrypt_bundle_and_ipsec(
    run: Any, as_json: Any, fake: FakeCloudConnexa
) -> None:
    network = as_json(run("networks", "create", "--data", '{"name": "n"}', json_out=True))
    connector = as_json(
        run(
            "network-connectors", "create", "--network-id", network["id"], "--data",
            json.dumps({"name": "edge", "vpnRegionId": "de-fra"}), json_out=True,
        )
    )  # fmt: skip
    by_name = run("profiles", "download", "--name", "edge")
    assert by_name.exit_code == 0 and connector["id"] in by_name.stdout
    assert run("profiles", "download").exit_code == 2
    encrypted = run("profiles", "encrypt", connector["id"])
    assert encrypted.exit_code == 0 and encrypted.stdout.strip()
    bundle = run("profiles", "bundle", connector["id"], "--type", "DMG")
    assert bundle.exit_code == 0 and bundle.stdout.strip()
    device = run("profiles", "encrypt", connector["id"], "--kind", "device")
    assert device.exit_code == 2
    not_ipsec = run("network-connectors", "ipsec-start", "--name", "edge")
    assert not_ipsec.exit_code == 2  # the fake answers 400 for a connector that is not IPsec
    assert "BadRequestError" in not_ipsec.stderr


def test_authenticate_shows_the_token_state_without_the_token(
    run: Any, as_json: Any, fake: FakeCloudConnexa
) -> None:
    shown = as_json(run("authenticate", json_out=True))
    assert shown["tokenType"].lower() == "bearer"
    assert datetime.fromisoformat(shown["expiresAt"]) > datetime.now(UTC)
    assert "accessToken" not in shown and "access_token" not in json.dumps(shown)
