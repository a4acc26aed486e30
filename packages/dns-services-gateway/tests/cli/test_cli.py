"""The dns-services CLI against the fake over real HTTP and DNS."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

import dns_services_gateway.cli as cli_package
from dns_services_gateway import AuthenticationError, NotFoundError
from dns_services_gateway.cli import _context, main
from dns_services_gateway.testing import FakeDNSServices, FakeZone

RunJson = Callable[..., tuple[int, Any]]
Run = Callable[..., Result]


def one_line_error(result: Result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.output
    return lines[0]


# ------------------------------------------------------------------------- global


def test_help_lists_every_command(run: Run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("auth", "domains", "records", "verify", "health", "sandbox"):
        assert command in result.stdout
    records_help = run("records", "--help").stdout
    for command in ("list", "create", "update", "delete", "apply"):
        assert command in records_help


def test_bad_output_format_and_nameserver(run: Run) -> None:
    result = run("--output", "xml", "health")
    assert result.exit_code == 2
    assert "--output must be table or json" in one_line_error(result)
    result = run("--nameserver", "127.0.0.1:99999", "health")
    assert result.exit_code == 2
    assert "bad port" in one_line_error(result)


def test_version(run: Run) -> None:
    from dns_services_gateway import __version__

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"dns-services-gateway {__version__}\n"


def test_parse_nameserver() -> None:
    assert _context.parse_nameserver("ns1.example") == "ns1.example"
    assert _context.parse_nameserver("127.0.0.1:5353") == ("127.0.0.1", 5353)
    assert _context.parse_nameserver("[::1]:53") == ("::1", 53)
    assert _context.parse_nameserver("[2001:db8::1]") == "2001:db8::1"
    assert _context.parse_nameserver("2001:db8::1") == "2001:db8::1"


def test_missing_configuration_is_one_line(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DNS_SERVICES_USERNAME")
    result = run("health")
    assert result.exit_code == 2
    assert "DNS_SERVICES_USERNAME" in one_line_error(result)


def test_flags_take_precedence_over_environment(
    run_json: RunJson, monkeypatch: pytest.MonkeyPatch, fake: FakeDNSServices
) -> None:
    monkeypatch.setenv("DNS_SERVICES_PASSWORD", "wrong")
    monkeypatch.setenv("DNS_SERVICES_BASE_URL", "http://127.0.0.1:9")
    code, body = run_json(
        "--base-url", fake.base_url, "--password", "cli-secret-pw", "--basic", "health"
    )
    assert code == 0
    assert body["auth_mode"] == "basic"
    assert fake.requests_to("/api/login") == []


def test_missing_cli_extra_gives_a_friendly_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> None:
        raise ModuleNotFoundError("No module named 'typer'", name="typer")

    monkeypatch.setattr(cli_package, "_load_app", broken)
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 1
    assert "pip install 'dns-services-gateway[cli]'" in capsys.readouterr().err


def test_other_import_errors_are_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise ModuleNotFoundError("No module named 'something_else'", name="something_else")

    monkeypatch.setattr(cli_package, "_load_app", broken)
    with pytest.raises(ModuleNotFoundError):
        main()
    with pytest.raises(AttributeError):
        _ = cli_package.nothing_here


def test_main_runs_the_app(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    monkeypatch.setattr("sys.argv", ["dns-services", "--output", "json", "health"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 0


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--bogus", "health"], "Error: No such option: --bogus (see 'dns-services --help')"),
        (["records", "list"], "Error: Missing argument 'domain'."),
        (["--timeout", "soon", "health"], "Error: Invalid value for '--timeout'"),
        (
            [
                "records",
                "create",
                "example.com",
                "-t",
                "A",
                "--name",
                "x",
                "--content",
                "y",
                "--ttl",
                "long",
            ],
            "(see 'dns-services records create --help')",
        ),
    ],
)
def test_usage_errors_are_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    argv: list[str],
    expected: str,
) -> None:
    """The console script turns click's boxed usage errors into one line and exit code 2."""
    monkeypatch.setattr("sys.argv", ["dns-services", *argv])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), captured.err
    assert expected in lines[0]
    assert captured.out == ""


def test_group_alone_shows_its_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: dict[str, str]
) -> None:
    monkeypatch.setattr("sys.argv", ["dns-services", "records"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert "apply" in captured.out + captured.err
    assert "Error:" not in captured.err


def test_abort_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: dict[str, str]
) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise typer.Abort()

    monkeypatch.setattr(_context.CLIState, "client", interrupted)
    monkeypatch.setattr("sys.argv", ["dns-services", "health"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 0, "a declined confirmation is not an error"
    assert capsys.readouterr().err == "Aborted: nothing was changed.\n"


def test_exit_codes_by_error_type() -> None:
    assert _context.exit_code("InvalidArgumentError") == 2
    assert _context.exit_code("TokenFileError") == 2, "a ConfigurationError"
    assert _context.exit_code(AuthenticationError) == 3
    assert _context.exit_code(NotFoundError("gone")) == 4
    assert _context.exit_code("APITimeoutError") == 5
    assert _context.exit_code("RateLimitError") == 5
    assert _context.exit_code("APIOperationError") == 1
    assert _context.exit_code("InternalServerError") == 1
    assert _context.exit_code("NoSuchError") == 1
    assert _context.exit_code("Settings") == 1, "not an exception"
    assert _context.exit_code(None) == 1


# ---------------------------------------------------------------------------- auth


def test_auth_login_status_logout(run_json: RunJson, fake: FakeDNSServices, env: dict) -> None:
    code, status = run_json("auth", "login")
    assert code == 0
    assert status["mode"] == "jwt" and status["token_present"] is True
    assert status["token_file_exists"] is True
    token_file = Path(env["DNS_SERVICES_TOKEN_PATH"])
    assert token_file.stat().st_mode & 0o777 == 0o600
    assert "eyJ" not in json.dumps(status), "no JWT in the output"

    code, status = run_json("auth", "status")
    assert code == 0 and status["token_present"] is True
    assert 3500 < status["expires_in"] <= 3600
    assert len(fake.requests_to("/api/login")) == 1, "status sends no request"

    code, result = run_json("auth", "logout")
    assert code == 0 and result == {"logged_out": True}
    assert not token_file.exists()
    code, status = run_json("auth", "status")
    assert status["token_present"] is False


def test_auth_tables_and_wrong_password(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("auth", "status")
    assert result.exit_code == 0 and "token_present" in result.stdout
    assert run("auth", "logout").exit_code == 0
    monkeypatch.setenv("DNS_SERVICES_PASSWORD", "Hunter2-Wrong-Pass")
    result = run("auth", "login")
    assert result.exit_code == 3
    assert "AuthenticationError" in one_line_error(result)
    assert "Hunter2" not in result.output
    result = run("health")
    assert result.exit_code == 3, "refused credentials are not a network failure"
    assert "unhealthy: AuthenticationError" in one_line_error(result)
    assert "Hunter2" not in result.output


def test_basic_mode_has_no_login(run: Run) -> None:
    result = run("--basic", "auth", "login")
    assert result.exit_code == 2
    assert "ConfigurationError" in one_line_error(result)


# ----------------------------------------------------------------------- domains


def test_domains_list_and_show(run_json: RunJson, run: Run, zone: FakeZone) -> None:
    code, domains = run_json("domains", "list", "--nameservers")
    assert code == 0
    assert [d["name"] for d in domains] == ["example.com"]
    assert domains[0]["hosted"] is True and domains[0]["dns_configured"] is True
    code, details = run_json("domains", "show", "example.com")
    assert code == 0
    assert details["soa"]["serial"] == zone.serial
    assert details["record_counts"] == {"A": 1, "MX": 1, "NS": 2}
    assert details["configuration_status"] == "configured"
    table = run("domains", "list")
    assert table.exit_code == 0 and "example.com" in table.stdout
    assert "configured" in run("domains", "show", "example.com").stdout
    missing = run("domains", "show", "nowhere.example")
    assert missing.exit_code == 4
    assert "NotFoundError" in one_line_error(missing)


# ----------------------------------------------------------------------- records


def test_domains_nameservers_show_set_default(
    run_json: RunJson, run: Run, fake: FakeDNSServices
) -> None:
    domain = fake.add_domain("example.com")
    code, shown = run_json("domains", "nameservers", "example.com")
    assert code == 0
    assert shown == {
        "domain": "example.com",
        "nameservers": ["ns1.dns.services", "ns2.dns.services"],
    }
    code, changed = run_json(
        "domains",
        "nameservers",
        "example.com",
        "--set",
        "ns1.example.net",
        "--set",
        "ns2.example.net",
    )
    assert code == 0 and changed["nameservers"] == ["ns1.example.net", "ns2.example.net"]
    assert domain.nameservers == ["ns1.example.net", "ns2.example.net"]
    code, reset = run_json("domains", "nameservers", "example.com", "--default")
    assert code == 0 and reset["nameservers"] == ["ns1.dns.services", "ns2.dns.services"]
    table = run("domains", "nameservers", "example.com")
    assert table.exit_code == 0 and "ns1.dns.services" in table.stdout
    both = run("domains", "nameservers", "example.com", "--default", "--set", "a.example")
    assert both.exit_code == 2 and "not both" in one_line_error(both)
    one = run("domains", "nameservers", "example.com", "--set", "a.example")
    assert one.exit_code == 2 and "at least two" in one_line_error(one)
    missing = run("domains", "nameservers", "other.example")
    assert missing.exit_code != 0 and "not registered" in one_line_error(missing)


def test_records_list(run_json: RunJson, run: Run, zone: FakeZone) -> None:
    code, records = run_json("records", "list", "example.com")
    assert code == 0
    assert {(r["type"], r["name"]) for r in records} >= {("A", "www.example.com")}
    code, only_a = run_json("records", "list", "example.com", "--type", "A", "--name", "www")
    assert [r["content"] for r in only_a] == ["192.0.2.10"]
    table = run("records", "list", "example.com")
    assert table.exit_code == 0 and "192.0.2.10" in table.stdout


def test_create_update_delete_envelopes(run_json: RunJson, zone: FakeZone) -> None:
    serial = zone.serial
    code, created = run_json(
        "records", "create", "example.com", "-t", "TXT", "--name", "_acme", "--content", "tok"
    )
    assert code == 0
    assert created["status"] == "success" and created["operation"] == "create"
    assert created["data"]["verified"] is True
    assert created["metadata"]["serial_after"] == serial + 1
    assert zone.find("_acme", "TXT")[0].content == "tok"

    code, updated = run_json(
        "records",
        "update",
        "example.com",
        "-t",
        "TXT",
        "--name",
        "_acme",
        "--content",
        "tok2",
        "--ttl",
        "120",
    )
    assert code == 0 and updated["status"] == "success"
    assert zone.find("_acme", "TXT")[0].ttl == 120

    code, deleted = run_json(
        "records", "delete", "example.com", "-t", "TXT", "--name", "_acme", "--verify", "none"
    )
    assert code == 0 and deleted["operation"] == "delete"
    assert zone.find("_acme", "TXT") == []
    assert zone.serial == serial + 3


def test_record_errors_exit_non_zero_with_envelope(
    run_json: RunJson, run: Run, zone: FakeZone
) -> None:
    code, envelope = run_json(
        "records", "create", "example.com", "-t", "A", "--name", "bad", "--content", "999.1.1.1"
    )
    assert code == 2
    assert envelope["status"] == "error" and envelope["error"]["type"] == "InvalidArgumentError"
    result = run("records", "delete", "example.com", "-t", "A", "--name", "nothing")
    assert result.exit_code == 4
    assert "NotFoundError" in one_line_error(result)
    result = run("records", "update", "example.com", "-t", "A", "--content", "192.0.2.1")
    assert result.exit_code == 2
    assert "--id or --name" in one_line_error(result)
    result = run("records", "delete", "example.com", "-t", "A")
    assert result.exit_code == 2
    result = run(
        "records",
        "create",
        "example.com",
        "-t",
        "A",
        "--name",
        "x",
        "--content",
        "192.0.2.1",
        "--verify",
        "sometimes",
    )
    assert result.exit_code == 2
    assert "must be none, api or dns" in one_line_error(result)


def test_api_error_inside_http_200_is_reported(
    run: Run, zone: FakeZone, fake: FakeDNSServices
) -> None:
    result = run(
        "records", "update", "example.com", "-t", "A", "--id", "999999", "--content", "192.0.2.1"
    )
    assert result.exit_code == 4
    one_line_error(result)


def test_create_with_dns_verification(
    run_json: RunJson, fake: FakeDNSServices, zone: FakeZone
) -> None:
    host, port = fake.nameserver
    code, created = run_json(
        "--nameserver",
        f"{host}:{port}",
        "records",
        "create",
        "example.com",
        "-t",
        "A",
        "--name",
        "api",
        "--content",
        "192.0.2.55",
        "--verify",
        "dns",
    )
    assert code == 0
    assert created["data"]["verification"]["dns"]["ok"] is True


def test_unverified_change_exits_non_zero(
    run_json: RunJson, run: Run, zone: FakeZone, fake: FakeDNSServices
) -> None:
    # The zone read after the create serves the zone as it was: the API check cannot see it.
    fake.faults.stale_reads_next(2)
    base = ["records", "create", "example.com", "-t", "A", "--name", "late"]
    result = run(*base, "--content", "192.0.2.60")
    assert result.exit_code == 1
    assert "create sent but not verified: api:" in one_line_error(result)
    fake.faults.stale_reads_next(2)
    code, envelope = run_json(*base, "--content", "192.0.2.61")
    assert code == 1
    assert envelope["status"] == "success" and envelope["data"]["verified"] is False
    result = run(*base, "--content", "192.0.2.62", "--verify", "none")
    assert result.exit_code == 0, "nothing to verify, nothing to report"


def test_dns_verification_deadline_on_changes(
    run: Run, zone: FakeZone, fake: FakeDNSServices
) -> None:
    host, port = fake.nameserver
    fake.faults.dns_propagation_delay = 60.0  # the nameserver lags far behind the API
    base = ["--nameserver", f"{host}:{port}", "records", "create", "example.com", "-t", "A"]
    result = run(*base, "--name", "slow", "--content", "192.0.2.70", "--verify", "dns",
                 "--deadline", "0.3", "--dns-timeout", "0.5")  # fmt: skip
    assert result.exit_code == 1
    assert "create sent but not verified" in one_line_error(result)
    assert "deadline of 0.3 s passed" in result.stderr
    result = run(*base, "--name", "x", "--content", "192.0.2.71", "--verify", "dns",
                 "--deadline", "-1")  # fmt: skip
    assert result.exit_code == 2
    assert "InvalidArgumentError: deadline" in one_line_error(result)
    assert zone.find("x", "A") == [], "refused before anything was sent"


def test_apply_with_unverified_changes_exits_non_zero(
    run_json: RunJson, tmp_path: Path, zone: FakeZone, fake: FakeDNSServices
) -> None:
    path = tmp_path / "one.yaml"
    path.write_text("- {action: create, domain: example.com, type: A, name: l, content: 192.0.2.7}")
    fake.faults.stale_reads_next(2)  # the read after the batch still shows the zone before it
    code, result = run_json("records", "apply", str(path), "--yes")
    assert code == 1
    assert [(r["status"], r["verified"]) for r in result["results"]] == [("success", False)]


def test_table_output_for_changes(run: Run, zone: FakeZone) -> None:
    result = run(
        "records", "create", "example.com", "-t", "A", "--name", "t", "--content", "192.0.2.3"
    )
    assert result.exit_code == 0
    assert "create success" in result.stdout
    result = run(
        "records", "create", "example.com", "-t", "A", "--name", "t", "--content", "192.0.2.300"
    )
    assert result.exit_code == 2
    assert "create error" in result.stdout
    assert "InvalidArgumentError: content: '192.0.2.300' is not an IPv4 address" in result.stdout
    assert "is not an IPv4 address" in one_line_error(result)


# ------------------------------------------------------------------------- apply


CHANGES = """
- {action: create, domain: example.com, type: A, name: app, content: 192.0.2.20}
- {action: update, domain: example.com, type: A, name: www, match_content: 192.0.2.10,
   content: 192.0.2.11}
- {action: create, domain: other.example, type: TXT, name: "@", content: hello}
- {action: delete, domain: example.com, type: MX, name: "@"}
"""


@pytest.fixture
def changes_file(tmp_path: Path, zone: FakeZone, fake: FakeDNSServices) -> Path:
    fake.add_zone("other.example")
    path = tmp_path / "changes.yaml"
    path.write_text(CHANGES)
    return path


def test_apply_is_a_dry_run_by_default(
    run_json: RunJson, run: Run, changes_file: Path, zone: FakeZone, fake: FakeDNSServices
) -> None:
    serial = zone.serial
    code, result = run_json("records", "apply", str(changes_file))
    assert code == 0
    assert result["dry_run"] is True
    assert [p["action"] for p in result["plan"]] == ["create", "update", "create", "delete"]
    assert zone.serial == serial
    assert fake.requests_to("/records") == [], "a dry run sends no write"
    table = run("records", "apply", str(changes_file))
    assert "nothing was sent" in table.stdout and "--yes" in table.stdout


def test_apply_with_yes(
    run_json: RunJson, changes_file: Path, zone: FakeZone, fake: FakeDNSServices
) -> None:
    code, result = run_json("records", "apply", str(changes_file), "--yes")
    assert code == 0, result
    assert result["dry_run"] is False
    assert [r["index"] for r in result["results"]] == [0, 1, 2, 3]
    assert all(r["status"] == "success" for r in result["results"])
    assert [p["index"] for p in result["plan"]] == [0, 1, 2, 3]
    assert zone.find("app", "A") and zone.find("www", "A")[0].content == "192.0.2.11"
    assert zone.find("@", "MX") == []
    assert fake.zone("other.example").find("@", "TXT")[0].content == "hello"
    assert set(result["serials"]) == {"example.com", "other.example"}
    other_id = fake.zone("other.example").zone_id
    writes = [
        (e.method, f"/dns/{other_id}/" in e.path) for e in fake.requests if "/records" in e.path
    ]
    # In file order (so in file order within each zone), one change at a time.
    assert writes == [("POST", False), ("PUT", False), ("POST", True), ("DELETE", False)]


def test_apply_twice_plans_nothing_the_second_time(
    run_json: RunJson, run: Run, changes_file: Path, zone: FakeZone, fake: FakeDNSServices
) -> None:
    code, first = run_json("records", "apply", str(changes_file), "--yes")
    assert code == 0, first
    fake.clear_requests()
    serial = zone.serial
    code, dry = run_json("records", "apply", str(changes_file))
    assert code == 0 and dry["plan"] == []
    assert [r["status"] for r in dry["results"]] == ["unchanged"] * 3 + ["absent"]
    code, second = run_json("records", "apply", str(changes_file), "--yes")
    assert code == 0, second
    assert second["plan"] == []
    assert [r["status"] for r in second["results"]] == ["unchanged"] * 3 + ["absent"]
    assert zone.serial == serial
    assert fake.requests_to("/records") == []
    table = run("records", "apply", str(changes_file))
    assert "0 create(s), 0 update(s), 0 delete(s), 4 already applied" in table.stdout
    # With --no-missing-ok the delete of the MX records that are gone is an error.
    code, strict = run_json("records", "apply", str(changes_file), "--no-missing-ok")
    assert code != 0
    assert [r["status"] for r in strict["results"]][-1] == "error"


def test_create_twice_ensure_and_delete_missing_ok(
    run_json: RunJson, zone: FakeZone, fake: FakeDNSServices
) -> None:
    args = ("records", "create", "example.com", "-t", "A", "--name", "twice.example.com.")
    code, first = run_json(*args, "--content", "192.0.2.70")
    assert code == 0 and first["metadata"]["outcome"] == "created"
    fake.clear_requests()
    code, second = run_json(*args, "--content", "192.0.2.70")
    assert code == 0 and second["metadata"]["outcome"] == "unchanged"
    assert second["data"]["verified"] is True
    assert fake.requests_to("/records") == []
    code, ensured = run_json(
        "records",
        "ensure",
        "example.com",
        "-t",
        "A",
        "--name",
        "twice",
        "--content",
        "192.0.2.70",
        "--ttl",
        "90",
    )
    assert code == 0 and ensured["metadata"]["outcome"] == "updated"
    assert [r.ttl for r in zone.find("twice", "A")] == [90]
    delete = ("records", "delete", "example.com", "-t", "A", "--name", "twice")
    code, deleted = run_json(*delete)
    assert code == 0 and deleted["metadata"]["outcome"] == "deleted"
    code, missing = run_json(*delete)
    assert code != 0 and missing["error"]["type"] == "NotFoundError"
    code, absent = run_json(*delete, "--missing-ok")
    assert code == 0 and absent["metadata"]["outcome"] == "absent"


def test_absolute_name_outside_the_zone_is_refused(
    run_json: RunJson, zone: FakeZone, fake: FakeDNSServices
) -> None:
    fake.clear_requests()
    code, result = run_json(
        "records",
        "create",
        "example.com",
        "-t",
        "A",
        "--name",
        "www.example.org.",
        "--content",
        "192.0.2.90",
    )
    assert code != 0
    assert result["error"]["field"] == "name" and "absolute" in result["error"]["message"]
    assert fake.requests == []
    assert zone.find("www.example.org", "A") == []


def test_apply_table_with_progress(run: Run, changes_file: Path) -> None:
    result = run("records", "apply", str(changes_file), "--yes")
    assert result.exit_code == 0
    assert "Results" in result.stdout
    assert "Applying changes" in result.stderr


def test_apply_failures_stop_or_continue(
    run_json: RunJson, tmp_path: Path, zone: FakeZone, fake: FakeDNSServices
) -> None:
    fake.add_zone("other.example")
    path = tmp_path / "fail.json"
    path.write_text(
        json.dumps(
            [
                {"action": "delete", "domain": "example.com", "type": "A", "name": "missing"},
                {
                    "action": "create",
                    "domain": "other.example",
                    "type": "A",
                    "name": "x",
                    "content": "192.0.2.1",
                },
            ]
        )
    )
    code, result = run_json("records", "apply", str(path), "--yes", "--no-missing-ok")
    assert code == 1
    assert [r["status"] for r in result["results"]] == ["error", "skipped"]
    assert fake.zone("other.example").find("x", "A") == []
    code, result = run_json(
        "records", "apply", str(path), "--yes", "--continue-on-error", "--no-missing-ok"
    )
    assert code == 1
    assert [r["status"] for r in result["results"]] == ["error", "success"]


def test_apply_dry_run_lists_every_change_that_cannot_be_applied(
    run: Run, run_json: RunJson, tmp_path: Path, zone: FakeZone, fake: FakeDNSServices
) -> None:
    path = tmp_path / "mixed.yaml"
    path.write_text(
        "- {action: create, domain: example.com, type: A, name: ok, content: 192.0.2.1}\n"
        "- {action: create, domain: example.com, type: A, name: bad, content: 300.1.1.1}\n"
        "- {action: delete, domain: example.com, type: A, name: nothere}\n"
    )
    result = run("records", "apply", str(path), "--no-missing-ok")
    assert result.exit_code == 1
    assert "Changes that cannot be applied" in result.stdout
    assert "'300.1.1.1' is not an IPv4 address" in result.stdout
    assert "no A record nothere" in result.stdout
    assert "Fix the 2 change(s) above first." in result.stdout
    assert "#1 InvalidArgumentError" in one_line_error(result)
    fake.clear_requests()
    code, applied = run_json("records", "apply", str(path), "--yes", "--no-missing-ok")
    assert code == 1
    assert [r["status"] for r in applied["results"]] == ["skipped", "error", "error"]
    assert [e for e in fake.requests if "/records" in e.path] == [], "nothing was sent"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[{]", "not valid YAML or JSON"),
        ("[]", "non-empty list"),
        ("just a string", "non-empty list"),
        ("- {action: explode, domain: example.com, type: A}", "changes[0].action"),
        ("changes:\n  - {action: create, type: A, name: x, content: 192.0.2.1}", "changes[0]"),
    ],
)
def test_apply_rejects_bad_files(run: Run, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    result = run("records", "apply", str(path))
    assert result.exit_code == 2
    assert message in one_line_error(result)


def test_apply_missing_file(run: Run, tmp_path: Path) -> None:
    result = run("records", "apply", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "cannot read" in one_line_error(result) and "nope.yaml" in result.stderr
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = run("records", "apply", str(binary))
    assert result.exit_code == 2
    assert "not valid YAML or JSON" in one_line_error(result)


# ------------------------------------------------------------------ verify, health


def test_verify_dns_and_api(
    run_json: RunJson, run: Run, fake: FakeDNSServices, zone: FakeZone
) -> None:
    host, port = fake.nameserver
    ns = f"{host}:{port}"
    code, result = run_json(
        "--nameserver",
        ns,
        "verify",
        "example.com",
        "-t",
        "A",
        "--name",
        "www",
        "--content",
        "192.0.2.10",
    )
    assert code == 0
    assert result["verified"] is True and result["dns"]["ok"] is True
    assert result["api"]["reason"] == "the zone holds the expected record"
    code, result = run_json(
        "verify",
        "example.com",
        "-t",
        "A",
        "--name",
        "www",
        "--content",
        "192.0.2.99",
        "--level",
        "api",
    )
    assert code == 1 and result["verified"] is False
    code, result = run_json(
        "verify",
        "example.com",
        "-t",
        "A",
        "--name",
        "gone",
        "--content",
        "192.0.2.1",
        "--absent",
        "--level",
        "api",
    )
    assert code == 0
    assert result["api"]["reason"] == "the zone no longer holds the record"
    table = run(
        "--nameserver",
        ns,
        "verify",
        "example.com",
        "-t",
        "A",
        "--name",
        "www",
        "--content",
        "192.0.2.10",
    )
    assert table.exit_code == 0 and "Verification" in table.stdout
    bad = run(
        "verify",
        "example.com",
        "-t",
        "A",
        "--name",
        "www",
        "--content",
        "1.1.1.1",
        "--level",
        "none",
    )
    assert bad.exit_code == 2


def test_verify_refuses_bad_level_and_timings(run: Run, zone: FakeZone) -> None:
    base = ["verify", "example.com", "-t", "A", "--name", "www", "--content", "192.0.2.10"]
    result = run(*base, "--level", "none")
    assert result.exit_code == 2
    assert "level: must be api or dns" in one_line_error(result)
    result = run(*base, "--deadline", "-3")
    assert result.exit_code == 2
    assert "InvalidArgumentError: deadline" in one_line_error(result)
    result = run(*base, "--dns-timeout", "0")
    assert result.exit_code == 2
    assert "InvalidArgumentError: dns_timeout" in one_line_error(result)


def test_verify_says_why_when_dns_cannot_answer(
    run: Run, fake: FakeDNSServices, zone: FakeZone
) -> None:
    fake.faults.dns_propagation_delay = 3600
    zone.add_record("late", "A", "192.0.2.77")
    host, port = fake.nameserver
    result = run(
        "--nameserver",
        f"{host}:{port}",
        "verify",
        "example.com",
        "-t",
        "A",
        "--name",
        "late",
        "--content",
        "192.0.2.77",
        "--deadline",
        "0.5",
        "--dns-timeout",
        "0.5",
    )
    assert result.exit_code == 1
    line = one_line_error(result)
    assert "verified" in line and "dns" in line


def test_health(run_json: RunJson, run: Run, fake: FakeDNSServices) -> None:
    code, health = run_json("health")
    assert code == 0
    assert health["ok"] is True and health["account_email"] == "cli@example.com"
    assert health["rate_limit"]["limit"] == 25
    assert "Health" in run("health").stdout


def test_health_failure_and_connection_errors(
    run: Run, fake: FakeDNSServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.faults.fail_next(10, 503)
    result = run("health")
    assert result.exit_code == 5
    assert "unhealthy" in one_line_error(result)
    fake.faults.clear()
    monkeypatch.setenv("DNS_SERVICES_BASE_URL", "http://127.0.0.1:9")
    result = run("--timeout", "2", "records", "list", "example.com")
    assert result.exit_code == 5
    assert "APIConnectionError" in one_line_error(result)


def test_unexpected_errors_are_one_line(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(_context.CLIState, "client", explode)
    result = run("health")
    assert result.exit_code == 1
    assert "unexpected RuntimeError: boom" in one_line_error(result)


# ------------------------------------------------------------------------ sandbox


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--zone", "bad zone!"),
        ("--token-lifetime", "0"),
        ("--propagation-delay", "-1"),
        ("--port", "70000"),
        ("--dns-port", "-1"),
    ],
)
def test_sandbox_refuses_bad_options(run: Run, option: str, value: str) -> None:
    result = run("sandbox", option, value, "--exit-after", "0")
    assert result.exit_code == 2
    assert f"InvalidArgumentError: {option}" in one_line_error(result)
    assert "sandbox" not in result.stdout.lower(), "nothing started"


def test_sandbox_prints_connection_details(env: dict[str, str]) -> None:
    runner = CliRunner()
    from dns_services_gateway.cli import app

    result = runner.invoke(
        app,
        [
            "--output",
            "json",
            "sandbox",
            "--zone",
            "demo.example",
            "--sandbox-password",
            "pw",
            "--propagation-delay",
            "1",
            "--exit-after",
            "0",
        ],
    )
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["username"] == "sandbox@example.com" and info["password"] == "pw"
    assert info["token_path"] == "~/.dns-services/sandbox-token"
    assert info["base_url"].startswith("http://127.0.0.1:")
    assert info["api_url"] == info["base_url"] + "/api"
    assert info["nameserver"]["host"] == "127.0.0.1" and info["nameserver"]["port"] > 0
    assert info["zones"] == ["demo.example"]
    ns = info["nameserver"]
    assert info["environment"] == {
        "DNS_SERVICES_BASE_URL": info["base_url"],
        "DNS_SERVICES_USERNAME": "sandbox@example.com",
        "DNS_SERVICES_PASSWORD": "pw",
        "DNS_SERVICES_TOKEN_PATH": "~/.dns-services/sandbox-token",
        "DNS_SERVICES_NAMESERVERS": f"{ns['host']}:{ns['port']}",
    }
    table = runner.invoke(app, ["sandbox", "--exit-after", "0"])
    assert table.exit_code == 0
    assert "DNS_SERVICES_BASE_URL" in table.stdout and "Ctrl-C" in table.stdout
    assert "export DNS_SERVICES_NAMESERVERS=127.0.0.1:" in table.stdout
    assert "Sandbox stopped." in table.stdout


def test_sandbox_process_serves_a_working_account(tmp_path: Path) -> None:
    """Run ``dns-services sandbox`` as a real process and use the printed credentials."""
    import subprocess
    import sys

    import dns.message
    import dns.query

    from dns_services_gateway import DNSServicesClient

    command = [
        sys.executable,
        "-c",
        "from dns_services_gateway.cli import main; main()",
        "--output",
        "json",
        "sandbox",
        "--exit-after",
        "60",
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            lines = []
            for line in process.stdout:
                lines.append(line)
                if line.rstrip() == "}":
                    break
            info = json.loads("".join(lines))
            with DNSServicesClient(
                username=info["username"],
                password=info["password"],
                base_url=info["base_url"],
                token_path=tmp_path / "t" / "token",
            ) as client:
                records = client.records.list("example.com")
            assert {r.type for r in records} == {"NS", "A", "MX", "TXT"}
            answer = dns.query.udp(
                dns.message.make_query("www.example.com", "A"),
                info["nameserver"]["host"],
                port=info["nameserver"]["port"],
                timeout=3,
            )
            assert [rd.to_text() for rd in answer.answer[0]] == ["192.0.2.10"]
        finally:
            process.terminate()  # SIGTERM stops it cleanly, like Ctrl-C
            assert process.wait(timeout=10) == 0


def test_debug_logs_requests_without_secrets(
    run: Run, zone: FakeZone, env: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    # pytest owns the root logger here, so the records are read from caplog.
    caplog.set_level("DEBUG", logger="dns_services_gateway")
    result = run("--debug", "records", "list", "example.com")
    assert result.exit_code == 0
    assert "request GET" in caplog.text and "/api/login" in caplog.text
    assert env["DNS_SERVICES_PASSWORD"] not in caplog.text + result.output
    assert "eyJ" not in caplog.text + result.output, "no JWT in the debug log"


def test_missing_extra_in_a_real_process() -> None:
    """With typer unimportable, the console script explains the extra instead of a trace."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['typer'] = None; sys.modules['rich'] = None\n"
        "from dns_services_gateway.cli import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "health"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "pip install 'dns-services-gateway[cli]'" in done.stderr
    assert "Traceback" not in done.stderr
