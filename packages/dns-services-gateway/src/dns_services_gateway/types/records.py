"""Record, SOA and zone models, parsed from the API's zone reads (dns-services-api.md §6)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["RECORD_TYPES", "SOA", "Record", "RecordType", "Zone", "ZoneRef"]

RecordType = Literal["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA", "PTR"]
"""The record types the API serves and this client writes."""

RECORD_TYPES: tuple[str, ...] = ("A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA", "PTR")


class Record(BaseModel):
    """One resource record as the API stores it, with the live quirks removed.

    Attributes:
        id: The record id (a string of digits), or None for a record whose create echo
            carried no id and that has not been re-read yet.
        zone: The zone name (apex), lower case, without trailing dot.
        name: The owner name as an FQDN without trailing dot (the API's own form).
        type: The RRtype (``A``, ``MX``, ``SOA``, ...).
        content: The record data: TXT without its quotes and with 255-byte chunks joined;
            SOA as the seven fields joined by spaces.
        ttl: Time to live in seconds.
        priority: MX/SRV priority (read from ``priority``, falling back to ``prio``); None for
            other types.
    """

    model_config = ConfigDict(frozen=True)

    id: str | None
    zone: str
    name: str
    type: str
    content: str
    ttl: int
    priority: int | None = None

    @property
    def relative_name(self) -> str:
        """The owner name relative to the zone; ``@`` for the apex."""
        if self.name == self.zone:
            return "@"
        return self.name.removesuffix("." + self.zone)


class SOA(BaseModel):
    """A zone's SOA record data (RFC 1035 §3.3.13).

    Attributes:
        primary_ns: MNAME, the primary authoritative nameserver.
        hostmaster: RNAME, the responsible mailbox in DNS form (``post.dns.services``).
        serial: The zone serial; DNS.services adds 1 on every record change (dns-services-api.md
        §6.1). refresh: Seconds between secondary refreshes.
        retry: Seconds before a failed refresh is retried.
        expire: Seconds after which secondaries stop answering without a refresh.
        minimum: Negative-caching TTL in seconds (RFC 2308 §4).
        ttl: The SOA record's own TTL in seconds.
    """

    model_config = ConfigDict(frozen=True)

    primary_ns: str
    hostmaster: str
    serial: int
    refresh: int
    retry: int
    expire: int
    minimum: int
    ttl: int | None = None


class ZoneRef(BaseModel):
    """A hosted zone as listed by ``GET /api/dns``.

    Attributes:
        id: The zone id (the API calls it ``domain_id``).
        name: The zone name, lower case.
        service_id: The hosting service the zone belongs to.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    service_id: str


class Zone(BaseModel):
    """A zone read (``GET /api/service/{sid}/dns/{zid}``).

    Attributes:
        id: The zone id.
        name: The zone name (apex), lower case.
        service_id: The hosting service id.
        soa: The parsed SOA, or None when the zone has no SOA record.
        records: Every record except the SOA, in the API's (ascending id) order.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    service_id: str
    soa: SOA | None = None
    records: list[Record] = Field(default_factory=list)

    @property
    def serial(self) -> int | None:
        """The SOA serial, or None without an SOA."""
        return self.soa.serial if self.soa is not None else None
