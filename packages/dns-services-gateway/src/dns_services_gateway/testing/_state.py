"""In-memory state of the fake DNS.services account: services, zones, records, domains.

Facts about the live API come from ``dns-services-api.md`` (sections 5-10 and 13)
and the recorded traffic next to it.
"""

from __future__ import annotations

import dataclasses
import datetime
import threading
from collections.abc import Iterator
from typing import Any, Literal

from dns_services_gateway.testing._clock import FakeClock

__all__ = [
    "RECORD_TYPES",
    "FakeDomain",
    "FakeRecord",
    "FakeService",
    "FakeZone",
    "IdSequence",
    "RecordsForm",
    "SOAValues",
    "ZoneSnapshot",
]

#: Record types the zone endpoints accept on writes (README section 6.1, quirk 12, and the
#: issue's list); SOA exists in every zone but cannot be written.
RECORD_TYPES = frozenset({"A", "AAAA", "CAA", "CNAME", "MX", "NS", "PTR", "SRV", "TXT"})

#: How ``records`` renders in a zone read: ``"auto"`` follows PHP's ``json_encode`` (a list
#: when the positional keys are exactly ``0..n-1``, an object otherwise), ``"object"`` and
#: ``"list"`` force one form (README section 6.1, quirk 1).
RecordsForm = Literal["auto", "object", "list"]

#: A record as the authoritative DNS server sees it: (FQDN, type, content, TTL, priority).
RecordTuple = tuple[str, str, str, int, int]


@dataclasses.dataclass(frozen=True)
class SOAValues:
    """The SOA fields of a zone (RFC 1035 section 3.3.13), in the API's array order.

    Attributes:
        mname: Primary nameserver, for example ``ns1.dns.services``.
        rname: Hostmaster mailbox in domain-name form, for example ``post.dns.services``.
        serial: SOA serial; the API bumps it by exactly 1 per change (README 6.1, quirk 6).
        refresh: Refresh interval in seconds.
        retry: Retry interval in seconds.
        expire: Expire limit in seconds.
        minimum: Negative-caching TTL in seconds (RFC 2308 section 4).
    """

    mname: str = "ns1.dns.services"
    rname: str = "post.dns.services"
    serial: int = 2024010100
    refresh: int = 10800
    retry: int = 3600
    expire: int = 1814400
    minimum: int = 7200

    def as_list(self) -> list[str]:
        """Return the 7-item array of strings the API renders as SOA ``content``.

        Returns:
            ``[mname, rname, serial, refresh, retry, expire, minimum]``, the numbers (seconds,
            except the serial) as decimal strings.
        """
        return [
            self.mname,
            self.rname,
            str(self.serial),
            str(self.refresh),
            str(self.retry),
            str(self.expire),
            str(self.minimum),
        ]


@dataclasses.dataclass
class FakeRecord:
    """One record of a fake zone.

    Attributes:
        id: Account-wide record id, increasing and never reused.
        name: Owner name as an FQDN without the trailing dot (the API's read form).
        type: RRtype, for example ``"TXT"``.
        content: Record data as sent (TXT unquoted unless it was sent quoted; SOA content is
            rendered from the zone's :class:`SOAValues`).
        ttl: TTL in seconds.
        priority: MX/SRV priority (0 for other types).
        hidden: Whether the record occupies a position in ``records`` without being rendered.
            The live API hides some positions (README 6.1, quirk 1); hidden records are not
            served over DNS either.
    """

    id: int
    name: str
    type: str
    content: str
    ttl: int = 3600
    priority: int = 0
    hidden: bool = False

    def as_tuple(self) -> RecordTuple:
        """Return the immutable (FQDN, type, content, TTL, priority) view used by DNS.

        Returns:
            ``(name, type, content, ttl, priority)`` with the TTL in seconds.
        """
        return (self.name, self.type, self.content, self.ttl, self.priority)


@dataclasses.dataclass(frozen=True)
class ZoneSnapshot:
    """A published version of a zone, as the authoritative nameserver serves it.

    Attributes:
        published_at: Fake-clock time (POSIX seconds) of the change that produced it.
        soa: The SOA values, serial included.
        soa_ttl: TTL of the SOA record, in seconds.
        records: Visible non-SOA records.
    """

    published_at: float
    soa: SOAValues
    soa_ttl: int
    records: tuple[RecordTuple, ...]


def quote_txt(content: str) -> str:
    """Wrap TXT content in double quotes the way zone reads show it (README 6.1, quirk 4).

    Content that already starts and ends with a quote is returned unchanged.

    Args:
        content: TXT data as sent.

    Returns:
        The content in double quotes, inner quotes and backslashes escaped.
    """
    if len(content) >= 2 and content.startswith('"') and content.endswith('"'):
        return content
    return '"' + content.replace("\\", "\\\\").replace('"', '\\"') + '"'


class FakeZone:
    """A hosted DNS zone of the fake account.

    Obtain zones from :meth:`FakeDNSServices.add_zone`; do not construct them directly.
    Mutations through this object do not bump the SOA serial (they model state that existed
    before the test); mutations through the HTTP API do.

    Attributes:
        zone_id: Zone id (``domain_id`` in API bodies).
        service_id: Id of the DNS hosting service that owns the zone.
        name: Zone apex, lower case, without the trailing dot.
        soa: Current SOA values.
        records: All records (SOA included, hidden ones too) in ascending id order.
        records_form: How zone reads render ``records``: ``"auto"`` (a list when no
            position is hidden, else an object keyed by position, like PHP's
            ``json_encode``), or ``"object"``/``"list"`` to force one form.

    Args:
        zone_id: Zone id.
        service_id: Id of the owning DNS hosting service.
        name: Zone apex, lower case, without the trailing dot.
        soa: Initial SOA values.
        next_id: The account-wide record id sequence.
        clock: The fake clock that stamps published versions.
        lock: The account lock, shared by every zone of the account.
    """

    def __init__(
        self,
        *,
        zone_id: int,
        service_id: int,
        name: str,
        soa: SOAValues,
        next_id: IdSequence,
        clock: FakeClock,
        lock: threading.RLock,
    ) -> None:
        self.zone_id = zone_id
        self.service_id = service_id
        self.name = name
        self.soa = soa
        self.records: list[FakeRecord] = []
        self.records_form: RecordsForm = "auto"
        self._next_id = next_id
        self._clock = clock
        self._lock = lock
        self._history: list[ZoneSnapshot] = []

    def __repr__(self) -> str:
        return (
            f"FakeZone(name={self.name!r}, zone_id={self.zone_id}, service_id={self.service_id}, "
            f"serial={self.soa.serial}, records={len(self.records)})"
        )

    @property
    def serial(self) -> int:
        """The zone's current SOA serial."""
        return self.soa.serial

    def fqdn(self, name: str) -> str:
        """Normalise a written owner name to the API's read form (README section 13).

        A trailing dot is stripped; ``@`` and the empty name mean the apex; a name equal to
        the zone or ending in ``.<zone>`` is kept; any other name gets ``.<zone>`` appended.

        Args:
            name: Relative name, FQDN (with or without the trailing dot), ``@`` or ``""``.

        Returns:
            The owner FQDN without the trailing dot (the case of ``name`` is kept).
        """
        name = name.strip().rstrip(".")
        if name in ("", "@"):
            return self.name
        lowered = name.lower()
        if lowered == self.name or lowered.endswith("." + self.name):
            return name
        return f"{name}.{self.name}"

    def add_record(
        self,
        name: str,
        type: str,
        content: str,
        *,
        ttl: int = 3600,
        priority: int = 0,
        record_id: int | None = None,
        hidden: bool = False,
    ) -> FakeRecord:
        """Add a record without bumping the serial (seed data), and publish it to DNS.

        Args:
            name: Owner name, relative or FQDN (normalised with :meth:`fqdn`).
            type: RRtype (upper-cased).
            content: Record data; TXT unquoted, MX/CNAME/NS targets without trailing dot.
            ttl: TTL in seconds.
            priority: MX/SRV priority.
            record_id: Explicit id (to mirror recorded data); defaults to the next free id.
            hidden: Occupy a position without being rendered (see :class:`FakeRecord`).

        Returns:
            The new record.
        """
        with self._lock:
            if record_id is None:
                record_id = self._next_id()
            else:
                self._next_id.ensure_above(record_id)
            record = FakeRecord(
                id=record_id,
                name=self.fqdn(name),
                type=type.upper(),
                content=content,
                ttl=ttl,
                priority=priority,
                hidden=hidden,
            )
            self.records.append(record)
            self.records.sort(key=lambda r: r.id)
            self.publish()
            return record

    def get(self, record_id: int) -> FakeRecord | None:
        """Return the visible, writable (non-SOA) record with this id, or None.

        Args:
            record_id: The account-wide record id.

        Returns:
            The live record object (changing it changes the zone), or None when no visible
            non-SOA record has that id.
        """
        with self._lock:
            for record in self.records:
                if record.id == record_id and not record.hidden and record.type != "SOA":
                    return record
            return None

    def find(self, name: str, type: str | None = None) -> list[FakeRecord]:
        """Return the visible records at a name, optionally of one RRtype.

        Args:
            name: Owner name, relative or FQDN.
            type: RRtype to keep, or None for all types.

        Returns:
            The matching visible records (the SOA record too, when it matches), in
            ascending id order; the name is compared case-insensitively.
        """
        fqdn = self.fqdn(name).lower()
        with self._lock:
            return [
                r
                for r in self.records
                if not r.hidden
                and r.name.lower() == fqdn
                and (type is None or r.type == type.upper())
            ]

    def visible(self) -> Iterator[tuple[int, FakeRecord]]:
        """Iterate over the rendered (not hidden) records, in ascending id order.

        Yields:
            ``(position, record)`` pairs, ``position`` being the index in :attr:`records`
            (hidden records leave gaps).
        """
        for position, record in enumerate(self.records):
            if not record.hidden:
                yield position, record

    def bump_serial(self) -> None:
        """Increase the SOA serial by exactly 1 and publish the new version to DNS."""
        with self._lock:
            self.soa = dataclasses.replace(self.soa, serial=self.soa.serial + 1)
            self.publish()

    def publish(self) -> None:
        """Record the current zone content as a new version for the DNS server."""
        now = self._clock.now()
        snapshot = ZoneSnapshot(
            published_at=now,
            soa=self.soa,
            soa_ttl=next((r.ttl for r in self.records if r.type == "SOA"), 60),
            records=tuple(r.as_tuple() for r in self.records if not r.hidden and r.type != "SOA"),
        )
        with self._lock:
            self._history.append(snapshot)
            # Keep the versions of the last ten minutes, plus the newest one older than that.
            horizon = now - 600.0
            while len(self._history) > 1 and self._history[1].published_at <= horizon:
                del self._history[0]

    def snapshot_at(self, when: float) -> ZoneSnapshot:
        """Return the newest published version at or before ``when`` (fake POSIX seconds).

        When every version is newer (a delay longer than the zone's age), the oldest known
        version is returned, so that a zone never disappears from DNS.

        Args:
            when: Fake-clock time in POSIX seconds.

        Returns:
            The zone version the nameserver serves at that time.
        """
        with self._lock:
            chosen = self._history[0]
            for snapshot in self._history:
                if snapshot.published_at <= when:
                    chosen = snapshot
                else:
                    break
            return chosen

    def render_record(self, record: FakeRecord) -> dict[str, Any]:
        """Render one record as a zone read shows it: strings only, FQDN, quoted TXT.

        Args:
            record: A record of this zone.

        Returns:
            The record's JSON object: ``id``, ``domain_id``, ``name``, ``type``, ``content``
            (the SOA as a 7-item list), ``ttl``, ``prio``, ``priority`` and ``change_date``.
        """
        content: Any
        if record.type == "SOA":
            content = self.soa.as_list()
        elif record.type == "TXT":
            content = quote_txt(record.content)
        else:
            content = record.content
        priority = str(record.priority) if record.type in ("MX", "SRV") else "0"
        return {
            "id": str(record.id),
            "domain_id": str(self.zone_id),
            "name": record.name,
            "type": record.type,
            "content": content,
            "ttl": str(record.ttl),
            "prio": priority,
            "change_date": "0",
            "priority": priority,
        }

    def render(self) -> dict[str, Any]:
        """Render ``GET /api/service/{sid}/dns/{zid}`` (README section 6.1).

        Returns:
            The body: ``service_id``, ``name`` and ``records``, the latter a list, or a dict
            keyed by position when hidden records leave gaps (or as :attr:`records_form`
            forces).
        """
        with self._lock:
            items = [(pos, self.render_record(rec)) for pos, rec in self.visible()]
            records: Any
            gapless = all(pos == index for index, (pos, _) in enumerate(items))
            if self.records_form == "list" or (self.records_form == "auto" and gapless):
                records = [body for _, body in items]
            else:
                records = {str(pos): body for pos, body in items}
            return {"service_id": str(self.service_id), "name": self.name, "records": records}


@dataclasses.dataclass
class FakeService:
    """A DNS hosting service (HostBill account) of the fake client.

    Attributes:
        id: Service id.
        name: Product name.
        domain: Label shown in the service list.
        password: Service password; ``GET /api/service/{id}`` returns it (README section 10).
    """

    id: int
    name: str = "DNS Hosting"
    domain: str = ""
    password: str = ""

    def render_summary(self) -> dict[str, str]:
        """Render one item of ``GET /api/service``.

        Returns:
            The service's summary object, all values strings.
        """
        return {
            "id": str(self.id),
            "domain": self.domain,
            "total": "0.00",
            "status": "Active",
            "billingcycle": "Free",
            "next_due": "0000-00-00",
            "category": "DNS",
            "category_url": "dns",
            "name": self.name,
        }

    def render_details(self) -> dict[str, str]:
        """Render the ``service`` object of ``GET /api/service/{id}``.

        Returns:
            The service's details, all values strings, the service password included.
        """
        return {
            "id": str(self.id),
            "date_created": "2022-03-10",
            "domain": self.domain,
            "firstpayment": "0.00",
            "total": "0.00",
            "billingcycle": "Free",
            "next_due": "0000-00-00",
            "next_invoice": "0000-00-00",
            "status": "Active",
            "label": "",
            "username": "",
            "password": self.password,
            "name": self.name,
        }


@dataclasses.dataclass
class FakeDomain:
    """A domain registered through the fake registrar (README section 9).

    Attributes:
        id: Registrar domain id (not the zone id).
        name: Domain name.
        expires: Expiry date.
        status: Registration status, for example ``"Active"`` or ``"Expired"``.
        autorenew: Whether the registration renews automatically.
        nameservers: Delegation at the registry.
        date_created: Registration date.
        period: Registration period in years.
        recurring_amount: Renewal price as a decimal string.
        idprotection: Whether WHOIS privacy is on.
    """

    id: int
    name: str
    expires: datetime.date
    status: str = "Active"
    autorenew: bool = True
    nameservers: list[str] = dataclasses.field(
        default_factory=lambda: ["ns1.dns.services", "ns2.dns.services"]
    )
    date_created: datetime.date = datetime.date(2022, 3, 10)
    period: int = 1
    recurring_amount: str = "10.00"
    idprotection: bool = False

    def days_to_expiry(self, now: float) -> int:
        """Count the days from the fake clock's ``now`` to :attr:`expires`.

        Args:
            now: Fake-clock time in POSIX seconds (the date is taken in UTC).

        Returns:
            Whole days until expiry; negative once expired.
        """
        today = datetime.datetime.fromtimestamp(now, tz=datetime.UTC).date()
        return (self.expires - today).days

    def render_summary(self, now: float) -> dict[str, str]:
        """Render one item of ``GET /api/domain``.

        Args:
            now: Fake-clock time in POSIX seconds, for ``daytoexpire``.

        Returns:
            The domain's summary object, all values strings.
        """
        return {
            "id": str(self.id),
            "name": self.name,
            "expires": self.expires.isoformat(),
            "recurring_amount": self.recurring_amount,
            "date_created": self.date_created.isoformat(),
            "status": self.status,
            "period": str(self.period),
            "autorenew": "1" if self.autorenew else "0",
            "daytoexpire": str(self.days_to_expiry(now)),
        }

    def render_details(self) -> dict[str, Any]:
        """Render the ``details`` object of ``GET /api/domain/{id}``.

        Returns:
            The domain's details, the nameservers as a list, the other values strings.
        """
        return {
            "id": str(self.id),
            "name": self.name,
            "date_created": self.date_created.isoformat(),
            "firstpayment": self.recurring_amount,
            "recurring_amount": self.recurring_amount,
            "period": str(self.period),
            "expires": self.expires.isoformat(),
            "status": self.status,
            "next_due": self.expires.isoformat(),
            "next_invoice": self.expires.isoformat(),
            "idprotection": "1" if self.idprotection else "0",
            "nameservers": list(self.nameservers),
            "autorenew": "1" if self.autorenew else "0",
        }


class IdSequence:
    """Thread-safe increasing ids: ``start``, ``start + 1``, ... (never reused).

    Args:
        start: First id handed out.
    """

    def __init__(self, start: int) -> None:
        self._next = start
        self._lock = threading.Lock()

    def __call__(self) -> int:
        """Hand out the next id.

        Returns:
            The id; the following call returns one more.
        """
        with self._lock:
            value = self._next
            self._next += 1
            return value

    def peek(self) -> int:
        """Tell which id the next call will hand out, without taking it.

        Returns:
            The next id.
        """
        with self._lock:
            return self._next

    def reset(self, value: int) -> None:
        """Make the next call hand out ``value``.

        Args:
            value: The next id; the caller keeps it above the ids already used.
        """
        with self._lock:
            self._next = value

    def ensure_above(self, used: int) -> None:
        """Make sure ids handed out from now on are greater than ``used``.

        Args:
            used: An id that was given explicitly and must not be handed out again.
        """
        with self._lock:
            self._next = max(self._next, used + 1)
