"""TLS: certificates are verified unless the user turns verification off.

A real HTTPS server on 127.0.0.1 with a self-signed certificate (made with the ``openssl``
command) stands in for an impostor: the default client must refuse it.
"""

from __future__ import annotations

import http.server
import json
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dns_services_gateway import AsyncDNSServicesClient, DNSServicesClient

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


class _Details(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps({"client": {"email": "tls@example.com"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="module")
def https_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Details)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _options(url: str, tmp_path: Path) -> dict[str, Any]:
    return {
        "username": "tls@example.com",
        "password": "tls-Secret-pw",
        "base_url": url,
        "auth": "basic",
        "max_retries": 0,
        "token_path": tmp_path / "token",
    }


def test_self_signed_certificate_is_refused_by_default(https_url: str, tmp_path: Path) -> None:
    with DNSServicesClient(**_options(https_url, tmp_path)) as client:
        assert client.settings.verify_ssl is True
        status = client.health()
    assert not status.ok
    assert status.error_type == "APIConnectionError"
    assert "CERTIFICATE_VERIFY_FAILED" in (status.error or "")
    assert "tls-Secret-pw" not in (status.error or "")


def test_verification_can_be_turned_off(
    https_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = _options(https_url, tmp_path)
    with DNSServicesClient(**options, verify_ssl=False) as client:
        status = client.health()
    assert status.ok and status.account_email == "tls@example.com"
    monkeypatch.setenv("DNS_SERVICES_VERIFY_SSL", "false")
    with DNSServicesClient(**options) as client:
        assert client.health().ok


async def test_async_client_verifies_too(https_url: str, tmp_path: Path) -> None:
    async with AsyncDNSServicesClient(**_options(https_url, tmp_path)) as client:
        refused = await client.health()
    assert refused.error_type == "APIConnectionError"
    options = _options(https_url, tmp_path)
    async with AsyncDNSServicesClient(**options, verify_ssl=False) as client:
        assert (await client.health()).ok
