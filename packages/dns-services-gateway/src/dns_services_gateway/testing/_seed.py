"""Seed data taken from the recorded live account (the package's ``tests/cassettes/``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dns_services_gateway.testing._state import FakeZone, SOAValues

if TYPE_CHECKING:
    from dns_services_gateway.testing._server import FakeDNSServices

__all__ = ["seed_recorded_account", "seed_zone_from_body"]


def _positions(records: Any) -> dict[int, Mapping[str, Any]]:
    if isinstance(records, Mapping):
        return {int(key): value for key, value in records.items()}
    if isinstance(records, list):
        return dict(enumerate(records))
    raise ValueError(f"records must be a list or an object, got {type(records).__name__}")


def seed_zone_from_body(
    fake: FakeDNSServices,
    body: Mapping[str, Any],
    *,
    zone_id: int,
    service_id: int | None = None,
) -> FakeZone:
    """Create a zone that renders exactly like a recorded ``GET …/dns/{zid}`` body.

    Record ids, positional keys (gaps included), TTLs, priorities, quoted TXT and the SOA
    array are reproduced. Each missing position becomes a hidden record whose id lies between
    its neighbours' ids, as on the live API (README section 6.1, quirk 1).

    Args:
        fake: The fake to seed (running or not).
        body: The parsed zone read body (``service_id``, ``name``, ``records``).
        zone_id: The zone id (``domain_id``) to give the zone.
        service_id: The owning service; ``body["service_id"]`` by default.

    Returns:
        The new zone.

    Raises:
        ValueError: If the body has no SOA record, or ids leave no room for a hidden position.
    """
    by_position = _positions(body["records"])
    soa_body = next((r for r in by_position.values() if r["type"] == "SOA"), None)
    if soa_body is None:
        raise ValueError("the zone body has no SOA record")
    mname, rname, serial, refresh, retry, expire, minimum = soa_body["content"]
    zone = fake.add_zone(
        str(body["name"]),
        zone_id=zone_id,
        service_id=int(body["service_id"]) if service_id is None else service_id,
        serial=int(serial),
        seed=False,
    )
    zone.soa = SOAValues(
        mname=mname,
        rname=rname,
        serial=int(serial),
        refresh=int(refresh),
        retry=int(retry),
        expire=int(expire),
        minimum=int(minimum),
    )
    last_id = 0
    for position in range(max(by_position) + 1):
        record = by_position.get(position)
        if record is None:
            following = [int(r["id"]) for p, r in by_position.items() if p > position]
            hidden_id = last_id + 1
            if following and hidden_id >= min(following):
                raise ValueError(f"no free record id for hidden position {position}")
            zone.add_record(zone.name, "TXT", "hidden", record_id=hidden_id, hidden=True)
            last_id = hidden_id
            continue
        last_id = int(record["id"])
        content = record["content"]
        zone.add_record(
            str(record["name"]),
            str(record["type"]),
            "" if record["type"] == "SOA" else str(content),
            ttl=int(record["ttl"]),
            priority=int(record.get("priority") or record.get("prio") or 0),
            record_id=last_id,
        )
    zone.publish()
    return zone


#: The first 20 positions of the recorded ``astylos.dk`` zone (service 292, zone 1178), as
#: (id, name, type, content, ttl, priority); position 16 is hidden on the live API.
_ASTYLOS: list[tuple[int, str, str, Any, int, int] | None] = [
    (
        15257,
        "astylos.dk",
        "SOA",
        ["ns1.dns.services", "post.dns.services", "2022031011", "10800", "3600", "1814400", "7200"],
        60,
        0,
    ),
    (15258, "astylos.dk", "NS", "ns1.dns.services", 86400, 0),
    (15259, "astylos.dk", "NS", "ns2.dns.services", 86400, 0),
    (15263, "astylos.dk", "A", "85.184.142.35", 43200, 0),
    (15264, "astylos.dk", "CAA", '0 issue "letsencrypt.org"', 43200, 0),
    (15265, "googleffffffffa80f23e4.astylos.dk", "CNAME", "google.com", 43200, 0),
    (15266, "mail.astylos.dk", "CNAME", "ghs.google.com", 43200, 0),
    (15267, "astylos.dk", "MX", "aspmx.l.google.com", 43200, 10),
    (15268, "astylos.dk", "MX", "alt1.aspmx.l.google.com", 43200, 20),
    (15269, "astylos.dk", "MX", "alt2.aspmx.l.google.com", 43200, 20),
    (15270, "astylos.dk", "MX", "aspmx2.googlemail.com", 43200, 30),
    (15271, "astylos.dk", "MX", "aspmx3.googlemail.com", 43200, 30),
    (15272, "astylos.dk", "MX", "aspmx4.googlemail.com", 43200, 30),
    (15273, "astylos.dk", "MX", "aspmx5.googlemail.com", 43200, 30),
    (15279, "astylos.dk", "TXT", '"v=spf1 include:_spf.google.com ~all"', 43200, 0),
    (
        15280,
        "google._domainkey.astylos.dk",
        "TXT",
        '"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCNz/zlpkVI00coZI8LcdWTPaqLSvmK0m'
        "Spe3i4+HUwnHphM+sdEMnFdM1c4SYl6kC6vlCqlSnU0wN7tFyVH2Z4O6gfxgDn2aeH2niz/0IBaSHeVrolgAwidp9F"
        '34yO5vnDliT8OVLdlHsXbVNc19+0pN4JaS/fwXBjUTR2T2KtIwIDAQAB"',
        43200,
        0,
    ),
    None,
    (396179, "hass.astylos.dk", "CNAME", "astylos.dk", 3600, 0),
    (396180, "unifi.astylos.dk", "CNAME", "astylos.dk", 3600, 0),
    (396181, "nuc.astylos.dk", "CNAME", "astylos.dk", 3600, 0),
]


def seed_recorded_account(fake: FakeDNSServices) -> FakeZone:
    """Add the recorded ``astylos.dk`` zone (service 292, zone 1178) to a fake.

    The zone has the live account's SOA (serial 2022031011), both NS records, the apex A and
    CAA records, the MX set, the quoted SPF and DKIM TXT records, the CNAMEs, and a hidden
    position (key 16), so zone reads render ``records`` as a gapped object. New records get
    ids from 406459, the next id seen in the recordings.

    Args:
        fake: The fake to add the zone to.

    Returns:
        The zone.
    """
    records: dict[str, Any] = {}
    for position, item in enumerate(_ASTYLOS):
        if item is None:
            continue
        rid, name, rtype, content, ttl, priority = item
        records[str(position)] = {
            "id": str(rid),
            "name": name,
            "type": rtype,
            "content": content,
            "ttl": str(ttl),
            "priority": str(priority),
        }
    body = {"service_id": "292", "name": "astylos.dk", "records": records}
    zone = seed_zone_from_body(fake, body, zone_id=1178)
    fake.set_next_record_id(406459)
    return zone
