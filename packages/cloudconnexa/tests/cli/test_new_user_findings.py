"""Problems found by trying the command line as a new user would (issue 9)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from cloudconnexa.cli import _output
from cloudconnexa.testing import FakeCloudConnexa


def test_a_body_file_that_is_not_utf8_is_a_usage_error(run: Any, tmp_path: Path) -> None:
    body = tmp_path / "latin1.json"
    body.write_bytes(
        '{"domain": "caf\u00e9.example", "ipv4Addresses": ["10.0.0.1"]}'.encode("latin-1")
    )
    result = run("dns-records", "create", "--file", str(body))
    assert result.exit_code == 2
    assert "is not UTF-8" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_conflicting_and_missing_options_exit_2(run: Any, fake: FakeCloudConnexa) -> None:
    fake.clear_requests()
    both = run("dns-records", "create", "--data", "{}", "--file", "-", input="{}")
    assert both.exit_code == 2 and "exactly one of --data or --file" in both.stderr
    missing = run("devices", "get", "some-device")
    assert missing.exit_code == 2 and "--user-id" in missing.stderr
    assert fake.requests == []


def test_a_long_table_is_streamed_with_every_row(
    run: Any, fake: FakeCloudConnexa, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_output, "TABLE_BUFFER", 20)
    fake.seed_users(55)
    result = run("users", "list", "--page-size", "10")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    header, rule, rows = lines[0], lines[1], lines[2:]
    assert header.split()[:4] == ["id", "firstName", "lastName", "username"]
    assert set(rule.replace(" ", "")) == {"-"}
    assert len(rows) == 55
    assert [row.split()[4] for row in rows] == [f"user{i}" for i in range(55)]
    # Short listings keep the rich table.
    short = run("users", "list", "--limit", "5")
    assert "┃" in short.stdout and "user4" in short.stdout


def test_table_memory_does_not_grow_with_the_listing() -> None:
    # The table writer keeps TABLE_BUFFER rows, not the whole listing.
    def rows(n: int) -> Any:
        for i in range(n):
            yield {"id": f"id-{i:08d}", "username": f"user{i}", "email": f"user{i}@example.com"}

    def peak(n: int) -> int:
        with open(os.devnull, "w") as sink:
            saved, sys.stdout = sys.stdout, sink
            try:
                tracemalloc.start()
                _output.emit_many(rows(n), _output.OutputFormat.table)
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
                sys.stdout = saved

    small, large = peak(2 * _output.TABLE_BUFFER), peak(20 * _output.TABLE_BUFFER)
    assert large < small * 2


def _cli(*args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", "from cloudconnexa.cli import main; main()", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **env},
    )


@pytest.mark.parametrize("fmt", ["json", "table", "csv"])
def test_a_reader_that_stops_early_is_not_an_error(
    fmt: str, env: dict[str, str], fake: FakeCloudConnexa
) -> None:
    fake.seed_users(3000)
    with _cli("-o", fmt, "users", "list", env=env) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()  # `| head -1`
        process.stdout.close()
        errors = process.stderr.read().decode()
        status = process.wait(timeout=60)
    assert status == 0, errors
    assert first
    assert errors == ""


def test_a_refused_connection_names_the_token_request(env: dict[str, str]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = _cli(
        "networks", "list", env={**env, "CLOUDCONNEXA_BASE_URL": f"http://127.0.0.1:{port}"}
    )
    out, err = process.communicate(timeout=60)
    assert process.returncode == 5
    message = err.decode().strip()
    assert message.startswith("Error: APIConnectionError: POST /api/v1/oauth/token failed")
    assert "refused the connection" in message
    assert env["CLOUDCONNEXA_CLIENT_SECRET"] not in message
    assert out == b""


def test_declining_a_delete_is_not_an_error(run: Any) -> None:
    created = run(
        "-o",
        "json",
        "dns-records",
        "create",
        "--data",
        json.dumps({"domain": "keep.example.com", "ipv4Addresses": ["10.0.0.9"]}),
    )
    record_id = json.loads(created.stdout)["id"]
    declined = run("dns-records", "delete", record_id, input="n\n")
    assert declined.exit_code == 0
    assert "Error" not in declined.stderr
