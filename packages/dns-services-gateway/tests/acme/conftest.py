"""Pebble, the ACME test server (Debian package ``pebble``), resolving through the fake's DNS.

Pebble serves its ACME directory over HTTPS on a loopback port with a certificate made here,
and validates DNS-01 challenges by asking the fake's authoritative nameserver (``-dnsserver``).
The tests are skipped, with the reason, when the ``pebble`` program is not installed.
"""

from __future__ import annotations

import dataclasses
import datetime
import ipaddress
import json
import os
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dns_services_gateway.testing import FakeDNSServices

USERNAME = "acme@example.com"
PASSWORD = "acme-Secret-Pw-42"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tls_pair(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost (pebble's HTTPS listener)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pebble test listener")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


@dataclasses.dataclass
class Pebble:
    """A running pebble: its directory URL and the CA bundle that trusts its listener."""

    directory: str
    ca_bundle: Path
    log: Path


@pytest.fixture
def fake() -> Iterator[FakeDNSServices]:
    with FakeDNSServices(username=USERNAME, password=PASSWORD) as running:
        running.add_zone("example.test")
        yield running


@pytest.fixture
def pebble(fake: FakeDNSServices, tmp_path: Path) -> Iterator[Pebble]:
    program = shutil.which("pebble")
    if program is None:
        pytest.skip("pebble (Debian package 'pebble', the ACME test server) is not installed")
    pytest.importorskip("certbot", reason="the 'certbot' extra is not installed")
    home = tmp_path / "pebble"
    home.mkdir()
    cert, key = _tls_pair(home)
    port = _free_port()
    config = home / "pebble-config.json"
    config.write_text(
        json.dumps(
            {
                "pebble": {
                    "listenAddress": f"127.0.0.1:{port}",
                    "managementListenAddress": f"127.0.0.1:{_free_port()}",
                    "certificate": str(cert),
                    "privateKey": str(key),
                    "httpPort": _free_port(),
                    "tlsPort": _free_port(),
                    "ocspResponderURL": "",
                    "externalAccountBindingRequired": False,
                }
            }
        )
    )
    host, dns_port = fake.nameserver
    env = {
        **os.environ,
        "PEBBLE_VA_NOSLEEP": "1",  # validate at once instead of after a random pause
        "PEBBLE_WFE_NONCEREJECT": "0",  # no random badNonce answers
        "PEBBLE_AUTHZREUSE": "0",  # every order runs its own challenges
    }
    log = home / "pebble.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [program, "-config", str(config), "-dnsserver", f"{host}:{dns_port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    directory = f"https://127.0.0.1:{port}/dir"
    context = ssl.create_default_context(cafile=str(cert))
    try:
        for _ in range(200):
            if process.poll() is not None:
                pytest.fail(f"pebble exited: {log.read_text()[-2000:]}")
            try:
                httpx.get(directory, verify=context, timeout=1.0).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        else:
            pytest.fail(f"pebble did not start: {log.read_text()[-2000:]}")
        yield Pebble(directory=directory, ca_bundle=cert, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
