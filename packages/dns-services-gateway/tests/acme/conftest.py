"""Pebble, the ACME test server (Debian package ``pebble``), resolving through the fake's DNS.

:class:`~dns_services_gateway.testing.PebbleServer` runs it on loopback with a listener
certificate made for the test, and points its ``-dnsserver`` at the fake's authoritative
nameserver. The tests are skipped, with the reason, when ``pebble`` or the ``certbot`` extra is
not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dns_services_gateway.testing import FakeDNSServices, PebbleServer

USERNAME = "acme@example.com"
PASSWORD = "acme-Secret-Pw-42"


@pytest.fixture
def fake() -> Iterator[FakeDNSServices]:
    with FakeDNSServices(username=USERNAME, password=PASSWORD) as running:
        running.add_zone("example.test")
        yield running


@pytest.fixture
def pebble(fake: FakeDNSServices, tmp_path: Path) -> Iterator[PebbleServer]:
    if not PebbleServer.available():
        pytest.skip("pebble (Debian package 'pebble', the ACME test server) is not installed")
    pytest.importorskip("certbot", reason="the 'certbot' extra is not installed")
    with PebbleServer(tmp_path / "pebble", fake.nameserver) as server:
        yield server
