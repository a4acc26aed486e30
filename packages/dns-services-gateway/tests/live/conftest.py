"""Live tests against the real DNS.services API: opt-in (`make test-live`), not in `make test`.

Credentials come from ``DNS_SERVICES_USERNAME`` and ``DNS_SERVICES_PASSWORD`` (plus the other
``DNS_SERVICES_*`` settings), in the environment or in ``./.env``; the record test also needs
``DNS_SERVICES_LIVE_ZONE``, a zone of that account where a short-lived TXT record may be
created. Without them a test skips with a reason naming the missing variables. Tokens are kept
in memory only, so the live run never replaces the token file of the account.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from dns_services_gateway import DNSServicesClient
from dns_services_gateway._dotenv import read_dotenv

CREDENTIALS = ("DNS_SERVICES_USERNAME", "DNS_SERVICES_PASSWORD")
ZONE = "DNS_SERVICES_LIVE_ZONE"


HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip these tests unless the run selected them with ``-m live`` (as ``make test-live`` does).

    A plain ``pytest`` of the package with credentials in ``.env`` must not reach the real API.
    """
    if re.search(r"(?<!not )\blive\b", config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="live test: run it with `make test-live` (pytest -m live)")
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_env() -> None:
    """Replace the suite-wide fixture that clears ``DNS_SERVICES_*``: live tests need them."""


def _value(name: str) -> str:
    return (os.environ.get(name) or read_dotenv().get(name) or "").strip()


def _require(*names: str) -> None:
    missing = [name for name in names if not _value(name)]
    if missing:
        pytest.skip(f"live DNS.services tests need {', '.join(missing)} (environment or ./.env)")


@pytest.fixture
def live_client() -> Iterator[DNSServicesClient]:
    _require(*CREDENTIALS)
    with DNSServicesClient.from_env(store_token=False) as client:
        yield client


@pytest.fixture
def live_zone(live_client: DNSServicesClient) -> str:
    _require(ZONE)
    return _value(ZONE)
