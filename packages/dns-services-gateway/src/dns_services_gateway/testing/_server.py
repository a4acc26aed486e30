"""``FakeDNSServices``: the fake API and its authoritative nameserver, started together."""

from __future__ import annotations

import datetime
import threading
from types import TracebackType
from typing import Self

import dns.name

from dns_services_gateway.testing._account import Account
from dns_services_gateway.testing._api import ApiRequest, ApiResponse, FakeApi
from dns_services_gateway.testing._clock import FakeClock
from dns_services_gateway.testing._dns import DNSServerThread
from dns_services_gateway.testing._faults import Faults
from dns_services_gateway.testing._http import HTTPServerThread, RequestLogEntry
from dns_services_gateway.testing._state import FakeDomain, FakeService, FakeZone

__all__ = ["FakeDNSServices"]


class FakeDNSServices:
    """A stateful fake of the DNS.services API over real HTTP, plus an authoritative DNS server.

    Both listen on ``127.0.0.1`` with ephemeral ports and run in background threads; use the
    object as a context manager (or call :meth:`start` and :meth:`stop`). The API is served
    under ``/api`` exactly as ``dns-services-api.md`` describes it: string numbers
    on reads, FQDN names, quoted TXT, the SOA as a 7-item array, MX priority in ``prio`` and
    ``priority``, a gapped-key ``records`` object, a create echo without id, errors inside
    HTTP 200, the SOA serial bumped by 1 per change, JWT access tokens with a real ``exp``, and
    rate-limit headers on logins.

    Example:
        >>> with FakeDNSServices(username="user@example.com", password="secret") as fake:
        ...     zone = fake.add_zone("example.com")
        ...     fake.base_url  # doctest: +SKIP
        'http://127.0.0.1:41234'

    Args:
        username: Account e-mail accepted by ``POST /api/login`` and Basic auth.
        password: Account password.
        token_lifetime: Access token lifetime in seconds (the live value is undocumented).
        refresh_lifetime: Refresh token lifetime in seconds.
        login_limit: Logins allowed per window (README section 4 observed 25).
        login_window: Login rate-limit window in seconds.
        first_record_id: First record id handed out (ids are account-wide and never reused).
        not_found_status: HTTP status for an unknown service, zone or domain id.
        strict: Validate record data strictly (A must be IPv4, AAAA IPv6, no CNAME at the
            apex or beside other data, MX and SRV need a priority); lenient by default, as
            the live rules are unknown.
        clock: Clock to use; a new :class:`FakeClock` by default.
        host: Loopback address to bind.
        http_port: HTTP port (0 picks a free one).
        dns_port: DNS port for UDP and TCP (0 picks a free one).
    """

    def __init__(
        self,
        *,
        username: str = "user@example.com",
        password: str = "secret",
        token_lifetime: float = 3600.0,
        refresh_lifetime: float = 30 * 86400.0,
        login_limit: int = 25,
        login_window: float = 300.0,
        first_record_id: int = 400000,
        not_found_status: int = 200,
        strict: bool = False,
        clock: FakeClock | None = None,
        host: str = "127.0.0.1",
        http_port: int = 0,
        dns_port: int = 0,
    ) -> None:
        self.clock = clock or FakeClock()
        self.faults = Faults()
        self.account = Account(
            username=username,
            password=password,
            clock=self.clock,
            token_lifetime=token_lifetime,
            refresh_lifetime=refresh_lifetime,
            login_limit=login_limit,
            login_window=login_window,
            first_record_id=first_record_id,
        )
        self.api = FakeApi(
            self.account,
            not_found_status=not_found_status,
            strict=strict,
            unknown_route_status=lambda: self.faults.unknown_route_status,
            token_endpoint_enabled=lambda: self.faults.token_endpoint_enabled,
        )
        self._log: list[RequestLogEntry] = []
        self._log_lock = threading.Lock()
        self._host = host
        self._http_port = http_port
        self._dns_port = dns_port
        self._http: HTTPServerThread | None = None
        self._dns: DNSServerThread | None = None

    def __repr__(self) -> str:
        state = "running" if self._http is not None else "stopped"
        return f"FakeDNSServices({state}, username={self.username!r}, zones={len(self.zones)})"

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        """Start the HTTP and DNS servers; returns ``self``.

        Returns:
            This fake, now serving (so that ``fake = FakeDNSServices(...).start()`` works).

        Raises:
            RuntimeError: If already started.
            OSError: If a port cannot be bound.
        """  # noqa: DOC503 (OSError comes from binding the server sockets)
        if self._http is not None:
            raise RuntimeError("the fake is already running")
        self._dns = DNSServerThread(self._zone_for_query, self._host, self._dns_port)
        self._http = HTTPServerThread(
            self._handle, self.faults, self.clock.now, self._record, self._host, self._http_port
        )
        self._dns.start()
        self._http.start()
        return self

    def stop(self) -> None:
        """Stop both servers (idempotent)."""
        if self._http is not None:
            self._http.stop()
            self._http = None
        if self._dns is not None:
            self._dns.stop()
            self._dns = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ addresses

    @property
    def base_url(self) -> str:
        """Root URL of the fake, for example ``http://127.0.0.1:41234`` (API under ``/api``).

        Raises:
            RuntimeError: If the fake is not running.
        """
        if self._http is None:
            raise RuntimeError("the fake is not running; use it as a context manager")
        host, port = self._http.address
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        """``base_url`` + ``/api``."""
        return self.base_url + "/api"

    @property
    def nameserver(self) -> tuple[str, int]:
        """``(host, port)`` of the authoritative DNS server (UDP and TCP) for the fake's zones.

        Raises:
            RuntimeError: If the fake is not running.
        """
        if self._dns is None:
            raise RuntimeError("the fake is not running; use it as a context manager")
        return self._dns.address

    @property
    def username(self) -> str:
        """The account e-mail."""
        return self.account.username

    @property
    def password(self) -> str:
        """The account password."""
        return self.account.password

    # ------------------------------------------------------------------ state

    @property
    def zones(self) -> list[FakeZone]:
        """All hosted zones, in zone-id order."""
        with self.account.lock:
            return sorted(self.account.zones.values(), key=lambda z: z.zone_id)

    @property
    def services(self) -> list[FakeService]:
        """All DNS hosting services of the account."""
        with self.account.lock:
            return list(self.account.services.values())

    @property
    def domains(self) -> list[FakeDomain]:
        """All registrar domains of the account."""
        with self.account.lock:
            return list(self.account.domains.values())

    def add_zone(
        self,
        name: str,
        *,
        zone_id: int | None = None,
        service_id: int | None = None,
        serial: int | None = None,
        seed: bool = True,
    ) -> FakeZone:
        """Create a hosted zone, seeded with its SOA and NS records like a new live zone.

        Args:
            name: Zone apex, for example ``"example.com"``.
            zone_id: Explicit zone id; the next free one (from 1178) by default.
            service_id: Owning service id; the account's first service by default (created
                on demand, ids from 292).
            serial: Initial SOA serial; ``YYYYMMDD00`` of the fake clock's date by default.
            seed: Add the SOA (TTL 60) and the two ``ns1``/``ns2.dns.services`` NS records
                (TTL 86400), as the live API shows them (README section 6.1).

        Returns:
            The zone; seed more records with :meth:`FakeZone.add_record`.

        Raises:
            ValueError: If the name is empty or not a valid domain name, the zone exists, or
                ``zone_id`` is already used.
        """  # noqa: DOC502 (raised by the account)
        return self.account.add_zone(
            name, zone_id=zone_id, service_id=service_id, serial=serial, seed=seed
        )

    def zone(self, name: str) -> FakeZone:
        """Return the zone whose apex is ``name``.

        Args:
            name: Zone apex, case-insensitive, with or without the trailing dot.

        Returns:
            The zone.

        Raises:
            KeyError: If there is no such zone.
        """
        zone = self.account.zone_by_name(name)
        if zone is None:
            raise KeyError(name)
        return zone

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
        """Register a domain at the fake registrar (served by ``/api/domain``).

        Args:
            name: Domain name.
            expires: Expiry date; one year from the fake clock's date by default.
            status: Registration status, for example ``"Active"`` or ``"Expired"``.
            autorenew: Whether it renews automatically.
            nameservers: Delegation; ``ns1``/``ns2.dns.services`` by default.
            domain_id: Explicit registrar id; the next free one (from 5001) by default.

        Returns:
            The domain.
        """
        return self.account.add_domain(
            name,
            expires=expires,
            status=status,
            autorenew=autorenew,
            nameservers=nameservers,
            domain_id=domain_id,
        )

    def set_next_record_id(self, value: int) -> None:
        """Make the next created record get id ``value`` (to mirror recorded traffic).

        Args:
            value: The id of the next record; keep it above the ids already used.
        """
        self.account.set_next_record_id(value)

    @property
    def token_lifetime(self) -> float:
        """Lifetime in seconds of access tokens issued from now on.

        Setting it raises ``ValueError`` unless the value is a positive number of seconds.
        """
        return self.account.tokens.access_lifetime

    @token_lifetime.setter
    def token_lifetime(self, seconds: float) -> None:
        if seconds <= 0:
            raise ValueError(f"token lifetime must be > 0 seconds, got {seconds!r}")
        self.account.tokens.access_lifetime = seconds

    @property
    def tokens_issued(self) -> int:
        """Number of access tokens issued so far (logins plus refreshes)."""
        return self.account.tokens.issued

    @property
    def tokens_refreshed(self) -> int:
        """Number of successful ``POST /api/token`` refreshes."""
        return self.account.tokens.refreshed

    # ------------------------------------------------------------------ request log

    @property
    def requests(self) -> list[RequestLogEntry]:
        """A copy of the request log, oldest first."""
        with self._log_lock:
            return list(self._log)

    def requests_to(self, path: str, method: str | None = None) -> list[RequestLogEntry]:
        """Logged requests whose path ends with ``path`` (and whose method matches).

        Args:
            path: Path suffix, for example ``"/api/login"`` or ``"/records"``.
            method: HTTP method to keep (any case), or None for all.

        Returns:
            The matching log entries, oldest first (trailing slashes are ignored).
        """
        return [
            entry
            for entry in self.requests
            if entry.path.rstrip("/").endswith(path.rstrip("/"))
            and (method is None or entry.method == method.upper())
        ]

    def clear_requests(self) -> None:
        """Empty the request log."""
        with self._log_lock:
            self._log.clear()

    def _record(self, entry: RequestLogEntry) -> None:
        with self._log_lock:
            self._log.append(entry)

    # ------------------------------------------------------------------ plumbing

    def handle(self, request: ApiRequest) -> ApiResponse:
        """Answer one request in-process, without HTTP (faults do not apply).

        Args:
            request: The parsed request.

        Returns:
            The response the HTTP server would send (status, JSON body, headers).
        """
        return self.api.handle(request)

    def _handle(self, request: ApiRequest, stale: bool) -> ApiResponse:
        return self.api.handle(request, stale=stale)

    def reset(self) -> None:
        """Return to an empty account: no services, zones, domains, tokens, faults or log.

        The credentials, the clock and the listening servers stay; record ids keep
        increasing (they are never reused).
        """
        self.account.reset()
        self.api.clear_served()
        self.faults.clear()
        self.clear_requests()

    def _zone_for_query(self, qname: dns.name.Name) -> tuple[FakeZone | None, float]:
        best: FakeZone | None = None
        best_labels = -1
        for zone in self.zones:
            origin = dns.name.from_text(zone.name)
            if qname.is_subdomain(origin) and len(origin.labels) > best_labels:
                best, best_labels = zone, len(origin.labels)
        return best, self.clock.now() - self.faults.dns_propagation_delay
