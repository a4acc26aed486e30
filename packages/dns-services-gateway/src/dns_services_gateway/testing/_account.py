"""The fake account: everything the API serves, behind one lock."""

from __future__ import annotations

import datetime
import math
import re
import secrets
import threading

from dns_services_gateway.testing._clock import FakeClock
from dns_services_gateway.testing._state import (
    FakeDomain,
    FakeService,
    FakeZone,
    IdSequence,
    SOAValues,
)
from dns_services_gateway.testing._tokens import TokenStore

# One label of a domain name (RFC 1035 §2.3.1, plus "_" as in service names).
_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")

__all__ = ["Account", "LoginLimiter"]


class LoginLimiter:
    """Fixed-window budget for ``POST /api/login`` (README section 4: 25 per window).

    Args:
        clock: Fake clock.
        limit: Logins allowed per window.
        window: Window length in seconds.
    """

    def __init__(self, clock: FakeClock, limit: int, window: float) -> None:
        self._clock = clock
        self.limit = limit
        self.window = window
        self._start = clock.now()
        self._used = 0
        self._lock = threading.Lock()

    def hit(self) -> tuple[bool, dict[str, str]]:
        """Count one login attempt.

        Returns:
            ``(allowed, headers)``, where headers are ``X-RateLimit-Limit``,
            ``X-RateLimit-Remaining`` and ``X-RateLimit-Reset`` (seconds until the window
            resets).
        """
        now = self._clock.now()
        with self._lock:
            if now - self._start >= self.window:
                self._start = now
                self._used = 0
            allowed = self._used < self.limit
            if allowed:
                self._used += 1
            remaining = self.limit - self._used
            reset = max(0, math.ceil(self._start + self.window - now))
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": str(reset),
        }
        return allowed, headers


class Account:
    """State of one DNS.services client account in the fake.

    Args:
        username: Account e-mail, used as the login ``username``.
        password: Account password.
        clock: Fake clock.
        token_lifetime: Access token lifetime in seconds.
        refresh_lifetime: Refresh token lifetime in seconds.
        login_limit: Logins allowed per rate-limit window.
        login_window: Rate-limit window in seconds.
        first_record_id: First record id handed out.
    """

    def __init__(
        self,
        *,
        username: str,
        password: str,
        clock: FakeClock,
        token_lifetime: float,
        refresh_lifetime: float,
        login_limit: int,
        login_window: float,
        first_record_id: int,
    ) -> None:
        self.lock = threading.RLock()
        self.username = username
        self.password = password
        self.clock = clock
        self.tokens = TokenStore(clock, token_lifetime, refresh_lifetime)
        self.logins = LoginLimiter(clock, login_limit, login_window)
        self.services: dict[int, FakeService] = {}
        self.zones: dict[int, FakeZone] = {}
        self.domains: dict[int, FakeDomain] = {}
        self.next_record_id = IdSequence(first_record_id)
        self._next_zone_id = IdSequence(1178)
        self._next_service_id = IdSequence(292)
        self._next_domain_id = IdSequence(5001)
        self.client_id = 1042
        self.last_login = ""

    def reset(self) -> None:
        """Forget every service, zone, domain and issued token (credentials stay)."""
        with self.lock:
            self.services.clear()
            self.zones.clear()
            self.domains.clear()
            self.tokens = TokenStore(
                self.clock, self.tokens.access_lifetime, self.tokens.refresh_lifetime
            )
            self.logins = LoginLimiter(self.clock, self.logins.limit, self.logins.window)

    @staticmethod
    def _take(sequence: IdSequence, explicit: int | None) -> int:
        if explicit is None:
            return sequence()
        sequence.ensure_above(explicit)
        return explicit

    def set_next_record_id(self, value: int) -> None:
        """Make the next created record get id ``value`` (ids are never reused).

        Args:
            value: The id of the next record; keep it above the ids already used.
        """
        self.next_record_id.reset(value)

    def add_service(self, service_id: int | None = None, name: str = "DNS Hosting") -> FakeService:
        """Create a DNS hosting service and return it.

        Args:
            service_id: Explicit service id; the next free one by default.
            name: The service's product name.

        Returns:
            The new service (with a random service password).

        Raises:
            ValueError: If ``service_id`` is already used.
        """
        with self.lock:
            if service_id is not None and service_id in self.services:
                raise ValueError(f"service id {service_id} is already used")
            sid = self._take(self._next_service_id, service_id)
            service = FakeService(id=sid, name=name, password=secrets.token_urlsafe(12))
            self.services[sid] = service
            return service

    def default_service(self) -> FakeService:
        """Return the first service, creating one when the account has none.

        Returns:
            The service that zones without an explicit ``service_id`` belong to.
        """
        with self.lock:
            if not self.services:
                return self.add_service()
            return next(iter(self.services.values()))

    def add_zone(
        self,
        name: str,
        *,
        zone_id: int | None = None,
        service_id: int | None = None,
        serial: int | None = None,
        seed: bool = True,
    ) -> FakeZone:
        """Create a hosted zone, seeded with its SOA and the two DNS.services NS records.

        Args:
            name: Zone apex; case and a trailing dot are normalised away.
            zone_id: Explicit zone id; the next free one by default.
            service_id: Owning service; the default service when None, created when unknown.
            serial: Initial SOA serial; by default today's date (fake clock, UTC) as
                ``YYYYMMDD00``.
            seed: Add the SOA and the two NS records; False leaves the zone empty.

        Returns:
            The new zone, already published to the nameserver.

        Raises:
            ValueError: If the name is not a valid domain name (letters, digits, ``-`` and
                ``_`` in labels of 1 to 63 characters) or a zone of that name already exists.
        """
        apex = name.strip().rstrip(".").lower()
        if not apex:
            raise ValueError("zone name must not be empty")
        if len(apex) > 253 or not all(_LABEL.match(label) for label in apex.split(".")):
            raise ValueError(f"zone name {name!r} is not a valid domain name")
        with self.lock:
            if any(z.name == apex for z in self.zones.values()):
                raise ValueError(f"zone {apex!r} already exists")
            if zone_id is not None and zone_id in self.zones:
                raise ValueError(f"zone id {zone_id} is already used")
            if service_id is None:
                sid = self.default_service().id
            else:
                sid = service_id
                if sid not in self.services:
                    self.add_service(sid)
            today = datetime.datetime.fromtimestamp(self.clock.now(), tz=datetime.UTC).date()
            soa = SOAValues(
                serial=int(today.strftime("%Y%m%d")) * 100 if serial is None else serial
            )
            zone = FakeZone(
                zone_id=self._take(self._next_zone_id, zone_id),
                service_id=sid,
                name=apex,
                soa=soa,
                next_id=self.next_record_id,
                clock=self.clock,
                lock=self.lock,
            )
            self.zones[zone.zone_id] = zone
            if seed:
                zone.add_record(apex, "SOA", "", ttl=60)
                zone.add_record(apex, "NS", "ns1.dns.services", ttl=86400)
                zone.add_record(apex, "NS", "ns2.dns.services", ttl=86400)
            else:
                zone.publish()
            return zone

    def zone_by_name(self, name: str) -> FakeZone | None:
        """Return the zone whose apex is ``name`` (case-insensitive), if any.

        Args:
            name: Zone apex, with or without the trailing dot.

        Returns:
            The zone, or None when the account hosts no zone of that name.
        """
        wanted = name.strip().rstrip(".").lower()
        with self.lock:
            for zone in self.zones.values():
                if zone.name == wanted:
                    return zone
        return None

    def add_domain(
        self,
        name: str,
        *,
        expires: datetime.date | None = None,
        status: str = "Active",
        autorenew: bool = True,
        nameservers: list[str] | None = None,
        domain_id: int | None = None,
    ) -> FakeDomain:
        """Register a domain at the fake registrar and return it.

        Args:
            name: Domain name; case and a trailing dot are normalised away.
            expires: Expiry date; one year after today (fake clock, UTC) by default.
            status: Registration status, for example ``"Active"`` or ``"Expired"``.
            autorenew: Whether the registration renews automatically.
            nameservers: Delegation at the registry; the two DNS.services nameservers when
                None.
            domain_id: Explicit registrar id; the next free one by default.

        Returns:
            The registered domain.
        """
        with self.lock:
            if expires is None:
                today = datetime.datetime.fromtimestamp(self.clock.now(), tz=datetime.UTC).date()
                expires = today + datetime.timedelta(days=365)
            domain = FakeDomain(
                id=self._take(self._next_domain_id, domain_id),
                name=name.strip().rstrip(".").lower(),
                expires=expires,
                status=status,
                autorenew=autorenew,
            )
            if nameservers is not None:
                domain.nameservers = list(nameservers)
            self.domains[domain.id] = domain
            return domain
