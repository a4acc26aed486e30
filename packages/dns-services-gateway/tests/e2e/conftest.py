"""End-to-end fixtures: the real client over loopback HTTP + DNS against the fake."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dns_services_gateway import AsyncDNSServicesClient, DNSServicesClient, RetryPolicy
from dns_services_gateway.testing import FakeDNSServices, FakeZone

USERNAME = "e2e@example.com"
PASSWORD = "e2e-Secret-Pw-42"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in (
        "DNS_SERVICES_USERNAME",
        "DNS_SERVICES_PASSWORD",
        "DNS_SERVICES_BASE_URL",
        "DNS_SERVICES_TOKEN_PATH",
        "DNS_SERVICES_VERIFY_SSL",
        "DNS_SERVICES_TIMEOUT",
        "DNS_SERVICES_DEBUG",
    ):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def fake() -> Iterator[FakeDNSServices]:
    with FakeDNSServices(username=USERNAME, password=PASSWORD) as running:
        yield running


@pytest.fixture
def zone(fake: FakeDNSServices) -> FakeZone:
    zone = fake.add_zone("example.com")
    zone.add_record("www", "A", "192.0.2.10")
    return zone


def _options(fake: FakeDNSServices, tmp_path: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {
        "username": USERNAME,
        "password": PASSWORD,
        "base_url": fake.base_url,
        "token_path": tmp_path / "tokens" / "token",
        "nameservers": [fake.nameserver],
        "dns_timeout": 1.0,
        "verify_deadline": 5.0,
        "retry_policy": RetryPolicy(max_retries=3, backoff_base=0.01, backoff_max=0.1),
    }
    options.update(overrides)
    return options


@pytest.fixture
def make_client(
    fake: FakeDNSServices, tmp_path: Path
) -> Iterator[Callable[..., DNSServicesClient]]:
    """Build sync clients wired to the fake (closed at teardown)."""
    clients: list[DNSServicesClient] = []

    def build(**overrides: Any) -> DNSServicesClient:
        client = DNSServicesClient(**_options(fake, tmp_path, overrides))
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.close()


@pytest.fixture
def make_async_client(
    fake: FakeDNSServices, tmp_path: Path
) -> Callable[..., AsyncDNSServicesClient]:
    """Build async clients wired to the fake (use them with ``async with``)."""

    def build(**overrides: Any) -> AsyncDNSServicesClient:
        return AsyncDNSServicesClient(**_options(fake, tmp_path, overrides))

    return build
