"""Client fixtures wired to the fake DNS.services server over real loopback HTTP and DNS."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from dns_services_gateway import AsyncDNSServicesClient, RetryPolicy
from dns_services_gateway.testing import FakeDNSServices

USER = "user@example.com"
PASSWORD = "s3cret-Passw0rd"


@pytest.fixture
async def async_client(
    fake: FakeDNSServices, tmp_path: Path
) -> AsyncIterator[AsyncDNSServicesClient]:
    async with AsyncDNSServicesClient(
        username=USER,
        password=PASSWORD,
        base_url=fake.base_url + "/api/",
        token_path=tmp_path / "tokens" / "token",
        retry_policy=RetryPolicy(max_retries=3, backoff_base=0.01, backoff_max=0.05),
        nameservers=[fake.nameserver],
        dns_timeout=1.0,
        verify_deadline=5.0,
    ) as client:
        yield client
