"""Fixtures for the fake server's own tests: a running fake and the recorded cassettes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from dns_services_gateway.testing import FakeDNSServices

# The reference material is ../shared from the repository root (also on CI).
REPO_ROOT = Path(__file__).resolve().parents[4]
RECORDED = REPO_ROOT.parent / "shared" / "api" / "dns-services" / "recorded"

USERNAME = "user@example.com"
PASSWORD = "s3cret-passw0rd"


def _load_cassettes() -> dict[str, list[dict[str, Any]]]:
    """Every recorded cassette, by file stem, as its list of interactions."""
    return {
        path.stem: yaml.safe_load(path.read_text())["interactions"]
        for path in sorted(RECORDED.glob("*.yaml"))
    }


CASSETTES = _load_cassettes()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize tests that take ``cassette_name`` with every recording's name."""
    if "cassette_name" in metafunc.fixturenames:
        metafunc.parametrize("cassette_name", sorted(CASSETTES))


@pytest.fixture
def cassettes() -> dict[str, list[dict[str, Any]]]:
    """Recorded interactions by cassette name (``shared/api/dns-services/recorded``)."""
    return CASSETTES


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
