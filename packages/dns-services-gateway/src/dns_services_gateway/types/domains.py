"""Domain models: the registrar list joined with hosted zones, and one domain's details."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from .records import SOA, Record

__all__ = ["DNS_SERVICES_NAMESERVERS", "Domain", "DomainDetails"]

DNS_SERVICES_NAMESERVERS: tuple[str, ...] = ("ns1.dns.services", "ns2.dns.services")
"""The provider's authoritative nameservers (dns-services-api.md §6.1, item 10)."""


class Domain(BaseModel):
    """A domain known to the account: registered here, hosted here, or both.

    Attributes:
        name: The domain name, lower case.
        registrar_id: The registrar domain id (``/api/domain``), None when not registered here.
        status: Registration status (``Active``, ``Expired``, ...), None when not registered here.
        expires: Expiry date, when registered here.
        days_to_expiry: Days until expiry as reported by the API.
        autorenew: Whether the registration renews automatically.
        hosted: Whether a DNS zone for it is hosted here (``/api/dns``).
        zone_id: The hosted zone id, when hosted.
        service_id: The hosting service id, when hosted.
        nameservers: Registrar nameservers, when known (one extra call per domain).
        dns_configured: True when hosted and the registrar delegates to the provider's
            nameservers; None when the nameservers are unknown.
    """

    model_config = ConfigDict(frozen=True)

    name: str
    registrar_id: str | None = None
    status: str | None = None
    expires: dt.date | None = None
    days_to_expiry: int | None = None
    autorenew: bool | None = None
    hosted: bool = False
    zone_id: str | None = None
    service_id: str | None = None
    nameservers: list[str] = Field(default_factory=list)
    dns_configured: bool | None = None


class DomainDetails(BaseModel):
    """One hosted zone in detail.

    Attributes:
        domain: The joined registrar/zone view of the domain.
        soa: The parsed SOA, None when the zone has none.
        records_by_type: The zone's records grouped by RRtype (SOA excluded).
        record_counts: Number of records per RRtype.
        configuration_status: ``"configured"`` (hosted, delegated to the provider),
            ``"hosted"`` (hosted, delegation unknown), ``"not_delegated"`` (hosted, registrar
            nameservers point elsewhere) or ``"not_hosted"``.
        available_operations: What the client can do with the domain (record CRUD on hosted
            zones, plus the service's own methods when the API lists them).
    """

    model_config = ConfigDict(frozen=True)

    domain: Domain
    soa: SOA | None = None
    records_by_type: dict[str, list[Record]] = Field(default_factory=dict)
    record_counts: dict[str, int] = Field(default_factory=dict)
    configuration_status: str
    available_operations: list[str] = Field(default_factory=list)
