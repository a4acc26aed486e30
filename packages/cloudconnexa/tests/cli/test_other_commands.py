"""Profiles, connections, settings, configuration, the sandbox and the missing-extra hint."""

from __future__ import annotations

import builtins
import csv
import io
import json
import os
import signal
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudconnexa.cli import main
from cloudconnexa.cli._common import UsageProblem
from cloudconnexa.cli._config import ConfigFileError, load_profiles, resolve, save_profile
from cloudconnexa.cli._files import write_private
from cloudconnexa.cli.connections import parse_moment
from cloudconnexa.testing import FakeCloudConnexa


def _connector(run: Any, as_json: Any, group: str = "network") -> str:
    if group == "network":
        parent = as_json(run("networks", "create", "--data", '{"name": "n"}', json_out=True))["id"]
        return str(
            as_json(
                run(
                    "network-connectors",
                    "create",
                    "--network-id",
                    parent,
                    "--data",
                    '{"name": "c", "vpnRegionId": "de-fra"}',
                    json_out=True,
                )
            )["id"]
        )
    parent = as_json(run("hosts", "create", "--data", '{"name": "h"}', json_out=True))["id"]
    return str(
        as_json(
            run(
                "host-connectors",
                "create",
                "--host-id",
                parent,
                "--data",
                '{"name": "c", "vpnRegionId": "de-fra"}',
                json_out=True,
            )
        )["id"]
    )


def test_profiles_download_to_stdout_and_file(run: Any, as_json: Any, tmp_path: Path) -> None:
    connector = _connector(run, as_json)
    shown = run("profiles", "download", connector)
    assert shown.exit_code == 0 and shown.stdout.startswith("client\n")
    target = tmp_path / "c.ovpn"
    saved = run("profiles", "download", connector, "--to", str(target))
    assert saved.exit_code == 0
    assert target.read_text() == shown.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert run("profiles", "revoke", connector).exit_code == 0
    host_connector = _connector(run, as_json, "host")
    assert run("profiles", "download", host_connector, "--kind", "host").exit_code == 0
    assert run("profiles", "revoke", host_connector, "--kind", "host").exit_code == 0
    wrong = run("profiles", "download", connector, "--kind", "host")
    assert wrong.exit_code == 4 and wrong.stderr.startswith("Error:")
    unwritable = run("profiles", "download", connector, "--to", str(tmp_path / "no" / "dir.ovpn"))
    assert unwritable.exit_code == 1 and "cannot write" in unwritable.stderr


def test_device_profiles(run: Any, as_json: Any, fake: FakeCloudConnexa) -> None:
    user_id = fake.seed_users(1)[0]
    device = as_json(
        run("devices", "create", "--user-id", user_id, "--data", '{"name": "d"}', json_out=True)
    )["id"]
    missing = run("profiles", "download", device, "--kind", "device")
    assert missing.exit_code == 2 and "--user-id and --region-id" in missing.stderr
    ok = run(
        "profiles",
        "download",
        device,
        "--kind",
        "device",
        "--user-id",
        user_id,
        "--region-id",
        "fi-hel",
    )
    assert ok.exit_code == 0 and "fi-hel" in ok.stdout
    assert run("profiles", "revoke", device, "--kind", "device").exit_code == 2
    assert (
        run("profiles", "revoke", device, "--kind", "device", "--user-id", user_id).exit_code == 0
    )


def test_connections_since(run: Any, as_json: Any, fake: FakeCloudConnexa) -> None:
    fake.seed_sessions(12)
    everything = as_json(run("connections", "list", "--size", "5", json_out=True))
    assert len(everything) == 12
    recent = as_json(run("connections", "list", "--since", "6h", json_out=True))
    assert 0 < len(recent) < 12
    iso = (datetime.now(UTC) - timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert len(as_json(run("connections", "list", "--since", iso, json_out=True))) == len(recent)
    active = as_json(
        run("connections", "list", "--status", "ACTIVE", "--limit", "2", json_out=True)
    )
    assert len(active) == 2 and {s["status"] for s in active} == {"ACTIVE"}
    until = as_json(run("connections", "list", "--until", "12h", json_out=True))
    assert 0 < len(until) < 12
    bad = run("connections", "list", "--since", "last tuesday")
    assert bad.exit_code == 2 and "--since" in bad.stderr
    too_old = run("connections", "list", "--since", "40d")
    assert too_old.exit_code == 2 and "at most 30 days back" in too_old.stderr
    assert run("--progress", "connections", "list").exit_code == 0
    table = run("connections", "list", "--limit", "3").stdout
    header = table.splitlines()[1]
    assert "userName" in header and "sessionStartTime" in header
    assert "clientUUID" not in header  # the table keeps to readable columns
    rows = list(csv.DictReader(io.StringIO(run("connections", "list", "-o", "csv").stdout)))
    assert len(rows) == 12 and "clientUUID" in rows[0]  # CSV has every field


def test_output_option_after_the_command(run: Any, as_json: Any, fake: FakeCloudConnexa) -> None:
    fake.seed_networks(2)
    assert len(as_json(run("networks", "list", "-o", "json"))) == 2
    rows = list(
        csv.DictReader(
            io.StringIO(run("--output", "json", "networks", "list", "--output", "csv").stdout)
        )
    )
    assert len(rows) == 2 and rows[0]["name"] == "network0"
    network_id = rows[0]["id"]
    assert as_json(run("networks", "get", network_id, "-o", "json"))["id"] == network_id
    assert as_json(run("regions", "list", "-o", "json"))[0]["id"]
    assert as_json(run("settings", "get", "wpc/topology", "-o", "json")) == "FULL_MESH"
    assert as_json(run("settings", "set", "wpc/topology", "CUSTOM", "-o", "json")) == "CUSTOM"
    assert {"name", "writable", "format"} <= set(as_json(run("settings", "list", "-o", "json"))[0])
    created = run(
        "routes",
        "create",
        "--network-id",
        network_id,
        "--data",
        '{"value": "10.1.0.0/16"}',
        "-o",
        "json",
    )
    route = as_json(created)
    updated = run(
        "routes",
        "update",
        route["id"],
        "--data",
        '{"value": "10.1.0.0/16", "description": "x"}',
        "-o",
        "json",
    )
    assert as_json(updated)["description"] == "x"


def test_parse_moment_forms() -> None:
    now = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
    assert parse_moment("30m", "--since", now) == now - timedelta(minutes=30)
    assert parse_moment("7d", "--since", now) == now - timedelta(days=7)
    assert parse_moment("2026-01-01T00:00:00", "--since").tzinfo is UTC
    with pytest.raises(UsageProblem, match="--until"):
        parse_moment("soon", "--until")


def test_settings_get_set_list(run: Any, as_json: Any) -> None:
    names = as_json(run("settings", "list", json_out=True))
    assert {"name": "wpc/topology", "writable": True, "format": "text/plain"} in names
    assert as_json(run("settings", "get", "wpc/topology", json_out=True)) == "FULL_MESH"
    assert as_json(run("settings", "set", "wpc/topology", "CUSTOM", json_out=True)) == "CUSTOM"
    assert (
        as_json(run("settings", "set", "dns/default-suffix", '"corp.example.com"', json_out=True))
        == "corp.example.com"
    )
    assert as_json(run("settings", "set", "wpc/snat", "true", json_out=True)) is True
    assert as_json(run("settings", "set", "users/connection-timeout", "45", json_out=True)) == 45
    servers = as_json(
        run("settings", "set", "dns/custom-servers", '{"primaryIpV4": "9.9.9.9"}', json_out=True)
    )
    assert servers["primaryIpV4"] == "9.9.9.9"
    table = run("settings", "get", "dns/custom-servers")
    assert "primaryIpV4" in table.stdout
    assert run("settings", "get", "wpc/snat").stdout.strip() == "true"
    for args, message in (
        (("set", "wpc/snat", "maybe"), "takes JSON"),
        (("set", "no/such", "1"), "unknown setting"),
        (("set", "wpc/topology", "RING"), "Error:"),
        (("set", "auth/ldap/group-mappings", "{}"), "read-only"),
    ):
        result = run("settings", *args)
        assert result.exit_code == 2, args
        assert message in result.stderr


def test_credentials_from_flags_file_and_errors(
    run: Any, fake: FakeCloudConnexa, tmp_path: Path, as_json: Any
) -> None:
    config = tmp_path / "cfg" / "config.toml"
    no_env = {
        "CLOUDCONNEXA_BASE_URL": "",
        "CLOUDCONNEXA_CLIENT_ID": "",
        "CLOUDCONNEXA_CLIENT_SECRET": "",
        "CLOUDCONNEXA_CONFIG": str(config),
    }
    missing = run("users", "list", extra_env=no_env)
    assert missing.exit_code == 2
    assert "missing base_url, client_id, client_secret" in missing.stderr
    saved = run(
        "--profile",
        "lab",
        "configure",
        "--base-url",
        fake.base_url,
        "--client-id",
        fake.client_id,
        extra_env=no_env,
        input=f"{fake.client_secret}\n",
    )
    assert saved.exit_code == 0, saved.stderr
    assert f"Saved profile [lab] to {config}" in saved.stderr
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert fake.client_secret not in saved.stdout + saved.stderr
    assert as_json(run("--profile", "lab", "users", "list", json_out=True, extra_env=no_env)) == []
    assert run("--profile", "other", "users", "list", extra_env=no_env).exit_code == 2
    flags = run(
        "--base-url",
        fake.base_url,
        "--client-id",
        fake.client_id,
        "--client-secret",
        "wrong",
        "users",
        "list",
        extra_env=no_env,
    )
    assert flags.exit_code == 3 and "wrong" not in flags.stderr
    bad_url = run("--base-url", "https://acme.openvpn.com", "users", "list")
    assert bad_url.exit_code == 2 and "api.openvpn.com" in bad_url.stderr
    os.chmod(config, 0o644)
    loose = run("--profile", "lab", "users", "list", extra_env=no_env)
    assert loose.exit_code == 2 and "chmod 600" in loose.stderr


def test_config_file_helpers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "config.toml"
    save_profile(
        path,
        "default",
        {
            "base_url": "https://a.api.openvpn.com",
            "client_id": "id",
            "client_secret": 'se"c\\ret\x01',
        },
    )
    save_profile(
        path,
        "team one",
        {"base_url": "https://b.api.openvpn.com", "client_id": "id2", "client_secret": "s2"},
    )
    profiles = load_profiles(path)
    assert profiles["default"]["client_secret"] == 'se"c\\ret\x01'
    assert profiles["team one"]["client_id"] == "id2"
    credentials = resolve(
        base_url=None, client_id="override", client_secret=None, profile=None, path=path
    )
    assert credentials.client_id == "override" and credentials.client_secret == 'se"c\\ret\x01'
    assert "ret" not in repr(credentials)
    path.write_text("[broken\n")
    path.chmod(0o600)
    with pytest.raises(ConfigFileError, match="cannot read"):
        load_profiles(path)
    path.write_text("[p]\nclient_id = 5\n")
    with pytest.raises(ConfigFileError, match="table of strings"):
        load_profiles(path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CLOUDCONNEXA_CONFIG", raising=False)
    from cloudconnexa.cli._config import default_path

    assert default_path() == tmp_path / "xdg" / "cloudconnexa" / "config.toml"
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ConfigFileError, match="cannot write"):
        save_profile(blocker / "config.toml", "x", {"client_id": "a"})


def test_sandbox_prints_credentials_and_serves(run: Any) -> None:
    result = run(
        "sandbox",
        "--client-secret",
        "s3cret",
        "--users",
        "3",
        "--networks",
        "1",
        "--sessions",
        "2",
        "--strict-rate-limit",
        "--newer-api",
        "--duration",
        "0.2",
    )
    assert result.exit_code == 0, result.stderr
    assert "CloudConnexa sandbox running at http://127.0.0.1:" in result.stdout
    assert "CLOUDCONNEXA_CLIENT_SECRET=s3cret" in result.stdout
    assert "Sandbox stopped." in result.stderr


def test_sandbox_port_in_use(run: Any, fake: FakeCloudConnexa) -> None:
    result = run("sandbox", "--port", str(fake.port), "--duration", "0")
    assert result.exit_code == 1 and "cannot listen" in result.stderr


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_sandbox_as_a_subprocess_until_interrupted(stop: signal.Signals) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from cloudconnexa.cli import main; main()",
            "sandbox",
            "--client-secret",
            "x",
            "--users",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        url = line.rsplit(" ", 1)[-1].strip()
        token = httpx.post(url + "/api/v1/oauth/token", auth=("sandbox", "x")).json()[
            "access_token"
        ]
        users = httpx.get(
            url + "/api/v1/users", headers={"Authorization": f"Bearer {token}"}
        ).json()
        assert users["totalElements"] == 2
    finally:
        process.send_signal(stop)
        _, errors = process.communicate(timeout=10)
    assert process.returncode == 0, errors
    assert "Sandbox stopped." in errors


def test_main_runs_the_app(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["cloudconnexa", "settings", "--help"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 0
    assert "settings" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["networks", "list", "--bogus"], "No such option: --bogus"),
        (["--output", "xml", "networks", "list"], "'xml' is not one of"),
        (["networks", "list", "--page-size", "5000"], "less than or equal to 1000"),
        (["nosuch"], "No such command 'nosuch'"),
        (["routes", "get"], "give the routes item by ID or by --name, exactly one of them"),
        (["routes", "get", "x", "y"], "unexpected extra argument"),
    ],
)
def test_usage_errors_are_one_line(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and expected in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_main_exit_codes(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exited:
        main(["networks", "get", "no-such-network"])
    assert exited.value.code == 4
    assert capsys.readouterr().err.startswith("Error: NotFoundError: HTTP 404: ")
    with pytest.raises(SystemExit) as exited:
        main(["--output", "json", "networks", "list"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == "[]"
    with pytest.raises(SystemExit) as exited:
        main(["networks"])  # a bare group shows its help
    assert exited.value.code == 2
    assert "Usage: cloudconnexa networks" in capsys.readouterr().out


def test_aborted_prompt_is_one_line(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CLOUDCONNEXA_CONFIG", env["CLOUDCONNEXA_CONFIG"])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as exited:
        main(["configure", "--base-url", "acme", "--client-secret", "x"])  # prompts for the id
    assert exited.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith(
        "Error: no answer to the prompt on stdin (pass --yes to skip a confirmation)"
    )


def test_missing_cli_extra_gives_a_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "cloudconnexa.cli._app":
            raise ModuleNotFoundError("No module named 'typer'", name="typer")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    assert "pip install 'cloudconnexa[cli]'" in capsys.readouterr().err


def test_other_import_errors_are_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "cloudconnexa.cli._app":
            raise ModuleNotFoundError("No module named 'somethingelse'", name="somethingelse")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ModuleNotFoundError):
        main()


def test_keyboard_interrupt_is_one_line(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from cloudconnexa.cli import settings

    def interrupted(name: str, raw: str) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(settings, "parse_value", interrupted)
    result = run("settings", "set", "wpc/snat", "true")
    assert result.exit_code == 130 and "interrupted" in result.stderr


def test_regions_list(run: Any, as_json: Any) -> None:
    regions = as_json(run("regions", "list", json_out=True))
    assert "de-fra" in {r["id"] for r in regions}
    assert "fi-hel" in run("regions", "list").stdout


def test_private_files_are_atomic_and_leave_no_temporary_file(
    tmp_path: Path, run: Any, fake: FakeCloudConnexa
) -> None:
    target = tmp_path / "profile.ovpn"
    write_private(target, "secret key\n")
    assert target.read_text() == "secret key\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    blocked = tmp_path / "a-directory"
    blocked.mkdir()
    with pytest.raises(OSError):
        write_private(blocked, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-directory", "profile.ovpn"]
    network_id = fake.seed_networks(1)[0]
    created = run(
        "--output",
        "json",
        "network-connectors",
        "create",
        "--network-id",
        network_id,
        "--data",
        '{"name": "c1", "vpnRegionId": "de-fra"}',
    )
    connector_id = json.loads(created.stdout)["id"]
    failed = run("profiles", "download", connector_id, "--to", str(blocked))
    assert failed.exit_code == 1
    assert failed.stderr.startswith(f"Error: cannot write {blocked}")
    assert len(failed.stderr.strip().splitlines()) == 1


def test_verbose_logs_retries_and_requests_without_secrets(
    run: Any, fake: FakeCloudConnexa
) -> None:
    fake.faults.fail_next(1, 503)
    quiet = run("regions", "list", "-o", "json")
    assert quiet.exit_code == 0 and "cloudconnexa:" not in quiet.stderr
    fake.faults.fail_next(1, 503)
    verbose = run("-v", "regions", "list", "-o", "json")
    assert verbose.exit_code == 0
    assert "cloudconnexa: retrying GET /api/v1/regions after HTTP 503" in verbose.stderr
    assert "-> 200" not in verbose.stderr  # per-request lines need -vv
    chatty = run("-vv", "users", "list", "-o", "json")
    assert "cloudconnexa: POST /api/v1/oauth/token -> 200" in chatty.stderr
    assert "GET /api/v1/users response body" in chatty.stderr
    assert fake.client_secret not in chatty.stderr
    assert fake._auth.tokens  # the live access tokens never appear
    assert all(token not in chatty.stderr for token in fake._auth.tokens)
    assert json.loads(chatty.stdout) == []
