"""PebbleServer: pebble on loopback, resolving through a given DNS server, and certbot runs.

The tests that start pebble are skipped, with the reason, when the ``pebble`` program (Debian
package ``pebble``) is not installed; the listener certificate needs ``cryptography`` (the
``certbot`` extra).
"""

from __future__ import annotations

import json
import ssl
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dns_services_gateway.testing import FakeDNSServices, PebbleServer

needs_pebble = pytest.mark.skipif(
    not PebbleServer.available(),
    reason="pebble (Debian package 'pebble', the ACME test server) is not installed",
)


@pytest.fixture
def pebble(fake: FakeDNSServices, tmp_path: Path) -> Iterator[PebbleServer]:
    pytest.importorskip("cryptography", reason="cryptography (the 'certbot' extra) is absent")
    with PebbleServer(tmp_path / "pebble", fake.nameserver) as server:
        yield server


@needs_pebble
def test_directory_answers_over_tls_trusted_by_the_ca_bundle(pebble: PebbleServer) -> None:
    context = ssl.create_default_context(cafile=str(pebble.ca_bundle))
    directory = httpx.get(pebble.directory_url, verify=context, timeout=5).json()
    assert {"newAccount", "newNonce", "newOrder"} <= set(directory)
    assert directory["newNonce"].startswith("https://127.0.0.1:")
    # Without the bundle the listener is not trusted.
    with pytest.raises(httpx.ConnectError):
        httpx.get(pebble.directory_url, timeout=5)


@needs_pebble
def test_every_listener_is_loopback_and_dns_goes_to_the_given_server(
    pebble: PebbleServer, fake: FakeDNSServices
) -> None:
    config = json.loads((pebble.directory / "pebble-config.json").read_text())["pebble"]
    assert config["listenAddress"] == f"127.0.0.1:{pebble.port}"
    assert config["managementListenAddress"].startswith("127.0.0.1:")
    key = Path(config["privateKey"])
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert pebble.process is not None
    cmdline = Path(f"/proc/{pebble.process.pid}/cmdline").read_bytes().split(b"\0")
    host, port = fake.nameserver
    assert cmdline[cmdline.index(b"-dnsserver") + 1] == f"{host}:{port}".encode()


@needs_pebble
def test_stop_ends_the_process_and_is_idempotent(fake: FakeDNSServices, tmp_path: Path) -> None:
    pytest.importorskip("cryptography", reason="cryptography (the 'certbot' extra) is absent")
    server = PebbleServer(tmp_path / "pebble", fake.nameserver)
    server.start()
    process = server.process
    assert process is not None and process.poll() is None
    server.stop()
    assert process.poll() is not None
    assert server.process is None
    server.stop()
    with pytest.raises(httpx.ConnectError):
        context = ssl.create_default_context(cafile=str(server.ca_bundle))
        httpx.get(server.directory_url, verify=context, timeout=2)


@needs_pebble
def test_run_certbot_passes_server_names_and_ca_bundle(
    pebble: PebbleServer, tmp_path: Path
) -> None:
    # A stand-in certbot that records its arguments and environment.
    record = tmp_path / "record.json"
    fake_certbot = tmp_path / "certbot"
    fake_certbot.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        f"open({str(record)!r}, 'w').write(json.dumps([sys.argv[1:], dict(os.environ)]))\n"
        "print('done'); print('warned', file=sys.stderr); sys.exit(3)\n"
    )
    fake_certbot.chmod(0o755)
    work = tmp_path / "work"
    done = pebble.run_certbot(
        work,
        ["*.example.test", "example.test"],
        "--authenticator",
        "dns-services",
        env={"EXTRA": "1"},
        certbot=fake_certbot,
    )
    args, env = json.loads(record.read_text())
    assert args[0] == "certonly"
    assert args[args.index("--server") + 1] == pebble.directory_url
    assert args[args.index("--config-dir") + 1] == str(work / "config")
    assert args[args.index("--cert-name") + 1] == "example.test"
    assert args[args.index("--authenticator") + 1] == "dns-services"
    assert args[-4:] == ["-d", "*.example.test", "-d", "example.test"]
    assert env["REQUESTS_CA_BUNDLE"] == str(pebble.ca_bundle)
    assert env["EXTRA"] == "1"
    assert (done.returncode, done.output) == (3, "done\nwarned\n")
    assert done.certificate == work / "config" / "live" / "example.test" / "cert.pem"
    assert not done.issued


def test_missing_program_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    server = PebbleServer(tmp_path / "pebble", ("127.0.0.1", 53), binary=tmp_path / "absent")
    with pytest.raises(FileNotFoundError, match="pebble is not installed"):
        server.start()
    assert not (tmp_path / "pebble").exists()


def test_a_program_that_exits_at_once_is_reported_with_its_log(tmp_path: Path) -> None:
    pytest.importorskip("cryptography", reason="cryptography (the 'certbot' extra) is absent")
    program = tmp_path / "pebble"
    program.write_text("#!/bin/sh\necho 'bad config' >&2\nexit 1\n")
    program.chmod(0o755)
    server = PebbleServer(tmp_path / "home", ("127.0.0.1", 53), binary=program)
    with pytest.raises(RuntimeError, match="bad config"):
        server.start()
    assert server.process is None


def test_run_certbot_needs_a_running_pebble(tmp_path: Path) -> None:
    server = PebbleServer(tmp_path, ("127.0.0.1", 53))
    with pytest.raises(RuntimeError, match="not running"):
        server.run_certbot(tmp_path, ["example.test"])
