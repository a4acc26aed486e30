"""TLS certificates are verified unless the caller opts out.

An HTTPS server on 127.0.0.1 with a throwaway self-signed certificate (made by the ``openssl``
command) plays a tenant: the default client refuses it before sending the client secret, a
client given the certificate as its CA (``verify=ssl_context``) accepts it, and ``verify=False``
turns the check off.
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

import pytest

from cloudconnexa import APIConnectionError, AsyncCloudConnexaClient, CloudConnexaClient

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")

SECRET = "tls-client-secret"


class _Tenant(http.server.BaseHTTPRequestHandler):
    """Answers the token request and ``GET /api/v1/regions``; records what it saw."""

    seen: list[str] = []

    def _reply(self, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        self.seen.append(f"POST {self.path}")
        self._reply({"access_token": "tls-token", "token_type": "bearer", "expires_in": 3600})

    def do_GET(self) -> None:
        self.seen.append(f"GET {self.path}")
        self._reply([{"id": "de-fra", "regionName": "Frankfurt"}])

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


@pytest.fixture(scope="module")
def tenant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    command += ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
    command += ["-keyout", str(key), "-out", str(cert)]
    subprocess.run(command, check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Tenant)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", cert
    finally:
        server.shutdown()
        server.server_close()


def test_self_signed_certificate_is_refused_by_default(tenant: tuple[str, Path]) -> None:
    url, _ = tenant
    _Tenant.seen.clear()
    with (
        CloudConnexaClient(url, "tls-id", SECRET, max_retries=0) as client,
        pytest.raises(APIConnectionError, match="CERTIFICATE_VERIFY_FAILED") as refused,
    ):
        client.regions.list()
    assert SECRET not in str(refused.value)
    assert _Tenant.seen == []  # the handshake failed: no request, no credentials sent


def test_a_private_ca_or_no_verification_is_accepted(tenant: tuple[str, Path]) -> None:
    url, cert = tenant
    trusted = ssl.create_default_context(cafile=str(cert))
    with CloudConnexaClient(url, "tls-id", SECRET, verify=trusted) as client:
        assert [r.id for r in client.regions.list()] == ["de-fra"]
    with CloudConnexaClient(url, "tls-id", SECRET, verify=False) as client:
        assert client.regions.list()[0].region_name == "Frankfurt"


async def test_async_client_verifies_too(tenant: tuple[str, Path]) -> None:
    url, _ = tenant
    async with AsyncCloudConnexaClient(url, "tls-id", SECRET, max_retries=0) as client:
        with pytest.raises(APIConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
            await client.regions.list()
    async with AsyncCloudConnexaClient(url, "tls-id", SECRET, verify=False) as client:
        assert len(await client.regions.list()) == 1
