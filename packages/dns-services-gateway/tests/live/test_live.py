"""Opt-in checks against the real DNS.services API (marked ``live``)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from dns_services_gateway import DNSServicesClient

pytestmark = pytest.mark.live

# The authoritative nameservers may take a while to load a change: poll for up to 3 minutes.
DNS_CHECK: dict[str, Any] = {"verify": "dns", "deadline": 180.0}


def test_real_login(live_client: DNSServicesClient) -> None:
    status = live_client.login()
    assert status.mode == "jwt"
    assert status.token_present
    assert status.expires_in is None or status.expires_in > 0


def test_real_domain_listing(live_client: DNSServicesClient) -> None:
    domains = live_client.domains.list()
    names = [domain.name for domain in domains]
    assert len(names) == len(set(names))
    assert all(name and not name.endswith(".") for name in names)


def test_real_txt_create_verify_delete(live_client: DNSServicesClient, live_zone: str) -> None:
    name = f"_gateway-live-{uuid.uuid4().hex[:12]}"
    data = {"name": name, "content": f"dns-services-gateway live test {uuid.uuid4()}", "ttl": 300}
    removed = False
    try:
        created = live_client.manage_record(
            action="create", domain=live_zone, record_type="TXT", data=data, **DNS_CHECK
        )
        assert created.status == "success", created.error
        assert created.data.verified is True, created.data.verification
        deleted = live_client.manage_record(
            action="delete", domain=live_zone, record_type="TXT", data=data, **DNS_CHECK
        )
        removed = deleted.status == "success"
        assert removed, deleted.error
        assert deleted.data.verified is True, deleted.data.verification
    finally:
        if not removed:
            # Whole record set of this unique name: nothing else can live there.
            live_client.manage_record(
                action="delete",
                domain=live_zone,
                record_type="TXT",
                data={"name": name},
                verify="none",
            )
