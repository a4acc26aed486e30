"""Fixtures for the fake server's own tests: a running fake and the recorded cassettes."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from dns_services_gateway.testing import FakeDNSServices

USERNAME = "user@example.com"
PASSWORD = "s3cret-passw0rd"


@pytest.fixture
def fake() -> Iterator[FakeDNSServices]:
    with FakeDNSServices(username=USERNAME, password=PASSWORD) as running:
        yield running


@pytest.fixture
def api(fake: FakeDNSServices) -> Iterator[httpx.Client]:
    """An httpx client logged in to the fake with a Bearer token."""
    with httpx.Client(base_url=fake.api_url, timeout=5) as client:
        response = client.post("/login", data={"username": USERNAME, "password": PASSWORD})
        response.raise_for_status()
        client.headers["Authorization"] = f"Bearer {response.json()['token']}"
        yield client


@pytest.fixture
def zone_path(fake: FakeDNSServices) -> str:
    zone = fake.add_zone("example.com")
    return f"/service/{zone.service_id}/dns/{zone.zone_id}"
