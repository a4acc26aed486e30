"""The DNS.services client (the asyncio source is written by hand; the blocking twin generated)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from pathlib import Path
from time import monotonic
from types import TracebackType
from typing import Any, Literal, Self

import httpx

from .._auth import JWTAuth
from .._base import DEFAULT_MAX_RETRIES, RetryPolicy, raise_for_api_error
from .._exceptions import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    DNSServicesError,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    RateLimitError,
)
from .._logging import enable_debug_logging
from .._records import (
    RecordSpec,
    check_domain,
    find_created,
    parse_zone,
    parse_zone_list,
    precheck_record,
    to_fqdn,
    validate_record,
)
from .._settings import Settings
from .._token_store import TokenStore
from .._verification import DNSExpectation, api_check, check_timing, combine
from .._version import __version__
from ..types.batch import BatchResult, RecordChange
from ..types.records import Zone, ZoneRef
from ..types.responses import (
    AuthStatus,
    CheckResult,
    HealthStatus,
    OperationResponse,
    VerificationResult,
    VerifyLevel,
)
from ._batch import run_batch
from ._dns import Nameserver, check_authoritative
from ._manage import run_manage_record
from ._resources import AsyncDomains, AsyncRecords
from ._transport import AsyncRetryTransport
from ._zones import AsyncZones

__all__ = ["AsyncDNSServicesClient"]


class AsyncDNSServicesClient:
    """Client for the DNS.services API (``https://dns.services/api``).

    Every argument left as None falls back to its ``DNS_SERVICES_*`` environment variable, then
    to the default (see :class:`~dns_services_gateway.Settings`).

    Args:
        username: Account e-mail (``DNS_SERVICES_USERNAME``); required.
        password: Account password (``DNS_SERVICES_PASSWORD``); required.
        base_url: Site URL (``DNS_SERVICES_BASE_URL``, default ``https://dns.services``), with or
            without a trailing ``/api``. ``http://`` only for loopback hosts.
        token_path: JWT token file (``DNS_SERVICES_TOKEN_PATH``, default
            ``~/.dns-services/token``); 0600 in a 0700 directory.
        verify_ssl: Verify TLS certificates (``DNS_SERVICES_VERIFY_SSL``, default true).
        timeout: Per-request timeout in seconds (``DNS_SERVICES_TIMEOUT``, default 30).
        auth: ``"jwt"`` (login, refresh, token file) or ``"basic"`` (credentials on every
            request, no login).
        max_retries: Retries for 429, 5xx and connection errors (default 2; 0 disables).
        retry_policy: A full retry policy; overrides ``max_retries``.
        store_token: Keep JWT tokens in the token file (default True).
        debug: Log requests and responses, secrets redacted (``DNS_SERVICES_DEBUG``).
        nameservers: Default authoritative nameservers for DNS verification (names, addresses
            or ``(host, port)``); when None, ``DNS_SERVICES_NAMESERVERS`` (a comma-separated
            list of ``host`` or ``host:port``), else the zone's NS records.
        resolver: ``(address, port)`` of the recursive resolver used to look up nameserver
            host names during DNS verification (default: the system resolver).
        dns_timeout: Seconds to wait for one DNS answer during verification (default 2).
        verify_deadline: Seconds DNS verification keeps polling (default 30).
        http_client: An ``httpx.AsyncClient`` to use instead of building one; the client's own
            transport, timeout and TLS settings then apply, and no retry transport is added.
        transport: An ``httpx.AsyncBaseTransport`` under the retry transport (tests, proxies).

    Raises:
        ConfigurationError: A setting is invalid or username/password are missing; also its
            subclass :class:`~dns_services_gateway.TokenFileError` when the token file is
            readable by group/others or unreadable (JWT mode with ``store_token``).
    """

    def __init__(
        self,
        *,
        username: str | None = None,
        password: str | None = None,
        base_url: str | None = None,
        token_path: str | Path | None = None,
        verify_ssl: bool | None = None,
        timeout: float | None = None,
        auth: Literal["jwt", "basic"] = "jwt",
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_policy: RetryPolicy | None = None,
        store_token: bool = True,
        debug: bool | None = None,
        nameservers: Iterable[Nameserver] | None = None,
        resolver: tuple[str, int] | None = None,
        dns_timeout: float = 2.0,
        verify_deadline: float = 30.0,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = Settings.load(
            username=username,
            password=password,
            base_url=base_url,
            token_path=token_path,
            verify_ssl=verify_ssl,
            timeout=timeout,
            debug=debug,
        )
        if not self.settings.username:
            raise ConfigurationError(
                "username is required: pass username= or set DNS_SERVICES_USERNAME",
                variable="DNS_SERVICES_USERNAME",
            )
        if self.settings.password is None or not self.settings.password.get_secret_value():
            raise ConfigurationError(
                "password is required: pass password= or set DNS_SERVICES_PASSWORD",
                variable="DNS_SERVICES_PASSWORD",
            )
        if auth not in ("jwt", "basic"):
            raise ConfigurationError(f"auth must be 'jwt' or 'basic', got {auth!r}")
        if max_retries < 0:
            raise ConfigurationError(f"max_retries must be >= 0, got {max_retries}")
        if dns_timeout <= 0 or verify_deadline < 0:
            raise ConfigurationError("dns_timeout must be > 0 and verify_deadline >= 0 seconds")
        if self.settings.debug:
            enable_debug_logging()
        self.api_url = self.settings.base_url + "/api"
        self.auth_mode = auth
        self.policy = retry_policy or RetryPolicy(max_retries=max_retries)
        password_text = self.settings.password.get_secret_value()
        self._auth: httpx.Auth
        if auth == "jwt":
            self._auth = JWTAuth(
                username=self.settings.username,
                password=password_text,
                api_url=self.api_url,
                store=TokenStore(self.settings.token_path) if store_token else None,
            )
        else:
            self._auth = httpx.BasicAuth(self.settings.username, password_text)
        self.nameservers: list[Nameserver] | None = (
            list(nameservers) if nameservers is not None else self.settings.nameserver_list
        )
        self.resolver = resolver
        self.dns_timeout = dns_timeout
        self.verify_deadline = verify_deadline
        self._owns_http = http_client is None
        if http_client is not None:
            self._http = http_client
        else:
            inner = transport or httpx.AsyncHTTPTransport(verify=self.settings.verify_ssl)
            self._http = httpx.AsyncClient(
                transport=AsyncRetryTransport(inner, self.policy),
                timeout=self.settings.timeout,
                headers={
                    "Accept": "application/json",
                    "User-Agent": f"dns-services-gateway/{__version__}",
                },
            )
        self._zones: dict[str, ZoneRef] | None = None

    @classmethod
    def from_env(cls, *, dotenv: bool = True, **overrides: Any) -> Self:
        """Build a client from the ``DNS_SERVICES_*`` environment variables and ``./.env``.

        Precedence for each setting: ``overrides``, then the real environment, then the
        ``DNS_SERVICES_*`` lines of a ``.env`` file in the current working directory, then the
        default. The file is read without changing ``os.environ``; its values are never logged.

        Args:
            dotenv: Read ``.env`` (default True). ``DNS_SERVICES_NO_DOTENV=1`` in the
                environment turns it off as well.
            **overrides: Constructor arguments that take precedence over the environment
                (``nameservers`` also as a ``DNS_SERVICES_NAMESERVERS``-style string).

        Returns:
            The client.

        Raises:
            ConfigurationError: A variable is missing or invalid (the message names it), or
                ``.env`` is unreadable or holds ``DNS_SERVICES_PASSWORD`` while group or other
                users can access it (run ``chmod 600 .env``), or the token file is unusable
                (:class:`~dns_services_gateway.TokenFileError`).
        """
        servers = overrides.pop("nameservers", None)
        fields = {name: overrides.pop(name, None) for name in Settings.model_fields}
        if isinstance(servers, str):
            fields["nameservers"], servers = servers, None
        settings = Settings.load(dotenv=dotenv, **fields)
        password = settings.password.get_secret_value() if settings.password else None
        for name, value in (("username", settings.username), ("password", password)):
            if not value:
                variable = f"DNS_SERVICES_{name.upper()}"
                where = " or in ./.env" if dotenv else ""
                raise ConfigurationError(
                    f"{name} is required: pass {name}= or set {variable} in the environment{where}",
                    variable=variable,
                )
        return cls(
            username=settings.username,
            password=password,
            base_url=settings.base_url,
            token_path=settings.token_path,
            verify_ssl=settings.verify_ssl,
            timeout=settings.timeout,
            debug=settings.debug,
            nameservers=servers if servers is not None else settings.nameserver_list,
            **overrides,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(api_url={self.api_url!r}, auth={self.auth_mode!r})"

    # -- lifecycle -------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the HTTP connections (an injected ``http_client`` is left open)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- HTTP ------------------------------------------------------------------------------

    async def _send(self, request: httpx.Request, *, auth: bool = True) -> httpx.Response:
        try:
            if auth:
                return await self._http.send(request, auth=self._auth)
            return await self._http.send(request)
        except httpx.TimeoutException as exc:
            raise APITimeoutError(
                f"{request.method} {request.url.path} timed out: {type(exc).__name__}"
            ) from None
        except httpx.TransportError as exc:
            raise APIConnectionError(
                f"{request.method} {request.url.path} failed: {type(exc).__name__}: {exc}"
            ) from None

    async def request(self, method: str, path: str, *, json: Any = None) -> Any:
        """Send an authenticated API request and return the decoded body.

        Args:
            method: The HTTP method.
            path: The path under ``/api``, such as ``"dns"`` or ``"service/292/dns/1178"``.
            json: A JSON-serialisable body (dict or list), or None to send no body.

        Returns:
            The decoded JSON body (usually a dict).

        Raises:
            APIError: The API refused (including errors inside HTTP 200).
            APITimeoutError: No response within the timeout (after retries).
            APIConnectionError: No response (after retries).
        """  # noqa: DOC502
        request = self._http.build_request(method, f"{self.api_url}/{path.lstrip('/')}", json=json)
        response = await self._send(request)
        return raise_for_api_error(response)

    # -- zones -----------------------------------------------------------------------------

    async def list_zones(self, *, refresh: bool = False) -> list[ZoneRef]:
        """List the hosted zones (``GET /api/dns``), cached per client.

        Args:
            refresh: Ignore the cache.

        Returns:
            The zones, in the API's order.

        Raises:
            APIError: The API refused the listing.
            APIConnectionError: The API could not be reached.
        """  # noqa: DOC502
        if self._zones is None or refresh:
            body = await self.request("GET", "dns")
            self._zones = {zone.name: zone for zone in parse_zone_list(body)}
        return list(self._zones.values())

    async def zone_ref(self, domain: str) -> ZoneRef:
        """Find the hosted zone for a name: the longest zone-name suffix (dns-services-api.md §5).

        Args:
            domain: A zone name or any name inside a zone.

        Returns:
            The zone.

        Raises:
            InvalidArgumentError: ``domain`` is empty.
            NotFoundError: No hosted zone contains the name.
        """  # noqa: DOC503
        name = check_domain(domain)
        for refresh in (False, True):
            zones = {zone.name: zone for zone in await self.list_zones(refresh=refresh)}
            labels = name.split(".")
            for i in range(len(labels)):
                candidate = ".".join(labels[i:])
                if candidate in zones:
                    return zones[candidate]
        raise NotFoundError(f"no hosted zone for {name} in this account")

    async def get_zone(self, domain: str | ZoneRef) -> Zone:
        """Read a zone with all its records (``GET /api/service/{sid}/dns/{zid}``).

        Args:
            domain: The zone name (or a name inside it), or a :class:`ZoneRef`.

        Returns:
            The parsed zone.

        Raises:
            NotFoundError: No hosted zone for ``domain`` (or HTTP 404 for the zone).
            APIError: The API refused the read.
            APIConnectionError: The API could not be reached.
        """  # noqa: DOC502
        ref = domain if isinstance(domain, ZoneRef) else await self.zone_ref(domain)
        body = await self.request("GET", f"service/{ref.service_id}/dns/{ref.id}")
        return parse_zone(body, zone_id=ref.id, service_id=ref.service_id)

    @staticmethod
    def _records_path(ref: ZoneRef, record_id: str | None = None) -> str:
        path = f"service/{ref.service_id}/dns/{ref.id}/records"
        return path if record_id is None else f"{path}/{record_id}"

    async def _post_create(self, ref: ZoneRef, spec: RecordSpec, before: Zone) -> Zone | None:
        """POST a create; after a failure without a clear answer, re-read before resending.

        Returns:
            None when the POST succeeded, or the zone read that showed the record landed.
        """
        attempt = 0
        while True:
            try:
                await self.request("POST", self._records_path(ref), json=spec.body())
                return None
            except (APIConnectionError, InternalServerError, RateLimitError) as exc:
                # The create returns no id: a blind resend could duplicate the record.
                current = await self.get_zone(ref)
                if find_created(before, current, spec, fresh_only=True) is not None:
                    return current
                wait = exc.retry_after if isinstance(exc, RateLimitError) else None
                if attempt >= self.policy.max_retries:
                    raise
                if wait is None:
                    wait = self.policy.backoff(attempt)
                elif wait > self.policy.max_wait:
                    raise
                attempt += 1
                await asyncio.sleep(wait)

    # -- resources -------------------------------------------------------------------------

    @cached_property
    def records(self) -> AsyncRecords:
        """Typed record operations (``list``, ``create``, ``update``, ``delete``).

        Returns:
            The record operations bound to this client (one instance per client).
        """
        return AsyncRecords(self)

    @cached_property
    def zones(self) -> AsyncZones:
        """Operations on whole zones (``list``, ``get``, ``export``, ``plan`` and ``sync``).

        Returns:
            The zone operations bound to this client (one instance per client).
        """
        return AsyncZones(self)

    @cached_property
    def domains(self) -> AsyncDomains:
        """Domain operations (``list`` and ``get``).

        Returns:
            The domain operations bound to this client (one instance per client).
        """
        return AsyncDomains(self)

    # -- verification ----------------------------------------------------------------------

    async def _zone_nameservers(self, zone: Zone) -> list[Nameserver]:
        servers: list[Nameserver] = [
            r.content for r in zone.records if r.type == "NS" and r.name == zone.name
        ]
        if not servers and zone.soa is not None:
            servers = [zone.soa.primary_ns]
        return servers

    async def _dns_check(
        self,
        zone: Zone,
        expectations: list[DNSExpectation],
        nameservers: Iterable[Nameserver] | None,
        dns_timeout: float | None,
        deadline: float | None,
    ) -> CheckResult:
        servers = list(nameservers) if nameservers is not None else self.nameservers
        if servers is None:
            servers = await self._zone_nameservers(zone)
        return await check_authoritative(
            expectations,
            servers,
            timeout=self.dns_timeout if dns_timeout is None else dns_timeout,
            deadline=self.verify_deadline if deadline is None else deadline,
            resolver=self.resolver,
        )

    async def verify(
        self,
        domain: str,
        *,
        name: str,
        record_type: str,
        content: str,
        priority: int | None = None,
        present: bool = True,
        level: VerifyLevel = "dns",
        nameservers: Iterable[Nameserver] | None = None,
        dns_timeout: float | None = None,
        deadline: float | None = None,
    ) -> VerificationResult:
        """Check that a record is (or is no longer) in the zone and on its nameservers.

        Level ``"api"`` re-reads the zone; level ``"dns"`` also asks the authoritative
        nameservers directly (polling with backoff until ``deadline``).

        Args:
            domain: The zone name.
            name: Owner name: relative, FQDN or ``@``.
            record_type: The RRtype.
            content: The record data.
            priority: MX/SRV priority to require, if any.
            present: True to require the record, False to require its absence.
            level: ``"api"`` or ``"dns"``.
            nameservers: Nameservers to ask (default: the client's, else the zone's NS records).
            dns_timeout: Seconds per DNS answer.
            deadline: Seconds to keep polling DNS.

        Returns:
            The verdict with per-level reasons; ``verified`` is None when a level could not
            check (for example no nameserver answered).

        Raises:
            NotFoundError: No hosted zone for ``domain``.
            InvalidArgumentError: Bad arguments (a level other than ``"api"``/``"dns"``, a
                non-positive ``dns_timeout``, a negative ``deadline``, bad record data), raised
                before any request.
        """  # noqa: DOC503
        if level not in ("api", "dns"):
            raise InvalidArgumentError("level", f"must be 'api' or 'dns', got {level!r}")
        check_timing(dns_timeout, deadline)
        if present:
            precheck_record(
                record_type=record_type,
                name=name,
                content=content,
                priority=priority,
                complete=True,
                domain=domain,
            )
        else:
            precheck_record(record_type=record_type, name=name, domain=domain)
        zone = await self.get_zone(domain)
        rtype = record_type.upper()
        spec_content = content
        if present:
            spec = validate_record(
                zone=zone.name, name=name, record_type=rtype, content=content, priority=priority
            )
            spec_content = spec.content
        expect = DNSExpectation(
            fqdn=to_fqdn(name, zone.name),
            type=rtype,
            content=spec_content,
            priority=priority,
            present=present,
        )
        api = api_check(zone, [expect])
        dns = None
        if level == "dns":
            dns = await self._dns_check(zone, [expect], nameservers, dns_timeout, deadline)
        return combine(level, api, dns)

    # -- manage_record ---------------------------------------------------------------------

    async def manage_record(
        self,
        action: Literal["create", "read", "update", "delete", "ensure"],
        domain: str,
        record_type: str,
        data: Mapping[str, Any],
        *,
        verify: VerifyLevel | bool = "api",
        missing_ok: bool = False,
        nameservers: Iterable[Nameserver] | None = None,
        dns_timeout: float | None = None,
        deadline: float | None = None,
    ) -> OperationResponse:
        """Create, read, update, delete or ensure a record and report it in the envelope.

        Every write goes through the client's one write pipeline (the one ``batch`` runs) and
        can be repeated: a create identical to a record in the zone, an update already
        applied and an ``ensure`` that finds the record as asked send nothing and report
        ``metadata["outcome"] == "unchanged"``; a delete with ``missing_ok`` that finds no
        record reports ``"absent"``.

        ``data`` keys: ``name`` (relative, FQDN or ``@``), ``content``, ``ttl`` (seconds),
        ``priority`` (MX/SRV); for update/delete, ``id`` (or ``record_id``) or ``name`` (plus
        ``match_content`` for an update inside a record set); ``new_name`` renames on update.
        A delete without ``id`` or ``content`` removes the whole record set of that name and
        type. A read returns the record set of ``name`` and the type in ``data.after``.

        Args:
            action: ``"create"``, ``"read"``, ``"update"``, ``"delete"`` or ``"ensure"``
                (create the value, or update the TTL and priority of the record holding it).
            domain: The zone name.
            record_type: The RRtype (A, AAAA, CNAME, MX, TXT, NS, SRV, CAA, PTR).
            data: The record fields (see above).
            verify: ``"none"``, ``"api"`` (default: re-read the zone, check the record and,
                when something was sent, that the SOA serial moved) or ``"dns"`` (also ask
                the authoritative nameservers); True means ``"dns"``, False ``"none"``.
            missing_ok: A delete that finds no matching record succeeds with outcome
                ``absent`` instead of ``status="error"``.
            nameservers: Nameservers for DNS verification.
            dns_timeout: Seconds per DNS answer.
            deadline: Seconds DNS verification keeps polling.

        Returns:
            The envelope. Record problems (validation, unknown zone or record, an API refusal
            inside HTTP 200) give ``status="error"`` with the error.

        Raises:
            InvalidArgumentError: ``action``, ``verify``, ``data``, ``dns_timeout`` or ``deadline``
                itself is not usable (a call error, not a record problem).
            AuthenticationError: Credentials refused.
            RateLimitError: Rate limited beyond the retry budget.
            APIConnectionError: The API could not be reached.
            InternalServerError: 5xx after retries.
            ConfigurationError: Bad configuration or token file.
        """  # noqa: DOC502
        return await run_manage_record(
            self,
            action,
            domain,
            record_type,
            data,
            verify=verify,
            missing_ok=missing_ok,
            nameservers=nameservers,
            dns_timeout=dns_timeout,
            deadline=deadline,
        )

    # -- batch -----------------------------------------------------------------------------

    async def batch(
        self,
        changes: Iterable[RecordChange | Mapping[str, Any]],
        *,
        dry_run: bool = False,
        stop_on_error: bool = True,
        progress: Callable[[int], object] | None = None,
        missing_ok: bool = False,
    ) -> BatchResult:
        """Apply many record changes, in order per zone.

        Each zone is read once before (to plan and validate every change) and, when something
        was sent to it, once after (to verify every change). A change the zone already
        reflects (an identical create, an update or ``ensure`` already applied, a
        ``missing_ok`` delete of a missing record) plans nothing and reports ``unchanged`` or
        ``absent``, so the same list can be applied twice. Creates return no id, so changes to
        one zone are sent one after another, never in parallel. See
        :class:`~dns_services_gateway.RecordChange` for the dict shape.

        Args:
            changes: The changes, as dicts or :class:`RecordChange` models.
            dry_run: Plan only: resolve and validate every change, send nothing.
            stop_on_error: Send nothing when a change fails planning (bad data, an unknown
                zone or record: all such changes are reported), and skip the remaining
                changes after the first failure while sending (default); False applies every
                change that can be applied.
            progress: Called with a change's index (its position in ``changes``) once that
                change has been sent, has failed, was skipped or needed nothing; for progress
                bars.
            missing_ok: Treat every delete as ``missing_ok``: one that finds no record
                reports ``absent`` instead of failing.

        Returns:
            The plan and one result per change.

        Raises:
            InvalidArgumentError: A change does not have the documented shape (nothing was sent).
            AuthenticationError: Credentials refused.
            APIConnectionError: The API could not be reached.
        """  # noqa: DOC502
        return await run_batch(
            self,
            changes,
            dry_run=dry_run,
            stop_on_error=stop_on_error,
            missing_ok=missing_ok,
            progress=progress,
        )

    # -- account ---------------------------------------------------------------------------

    async def health(self) -> HealthStatus:
        """Probe the API with an authenticated ``GET /api/details`` and time it.

        Returns:
            ``ok=True`` with the latency and account e-mail, or ``ok=False`` with the error.
            Never raises for API or network failures.
        """
        started = monotonic()
        try:
            body = await self.request("GET", "details")
        except DNSServicesError as exc:
            return HealthStatus(
                ok=False,
                api_url=self.api_url,
                auth_mode=self.auth_mode,
                rate_limit=self._rate_limit(),
                error=f"{type(exc).__name__}: {exc.message}",
                error_type=type(exc).__name__,
            )
        latency = (monotonic() - started) * 1000
        client = body.get("client") if isinstance(body, dict) else None
        email = client.get("email") if isinstance(client, dict) else None
        return HealthStatus(
            ok=True,
            api_url=self.api_url,
            latency_ms=round(latency, 1),
            auth_mode=self.auth_mode,
            account_email=email if isinstance(email, str) else None,
            rate_limit=self._rate_limit(),
        )

    def _rate_limit(self) -> dict[str, int]:
        return dict(self._auth.rate_limit) if isinstance(self._auth, JWTAuth) else {}

    def auth_status(self) -> AuthStatus:
        """Describe the credentials held, without any secret and without a request.

        Returns:
            Mode, username, token presence and expiry, token file.
        """
        if not isinstance(self._auth, JWTAuth):
            return AuthStatus(mode="basic", username=self.settings.username, token_present=False)
        facts = self._auth.status()
        expires_at = facts["expires_at"]
        store = self._auth.store
        return AuthStatus(
            mode="jwt",
            username=self.settings.username,
            token_present=facts["token_present"],
            refresh_token_present=facts["refresh_token_present"],
            expires_at=None
            if expires_at is None
            else dt.datetime.fromtimestamp(expires_at, dt.UTC),
            expires_in=None if facts["expires_in"] is None else round(facts["expires_in"], 1),
            token_path=str(store.path) if store is not None else None,
            token_file_exists=store.exists() if store is not None else False,
        )

    async def login(self) -> AuthStatus:
        """Log in now (``POST /api/login``) and store the new token.

        Returns:
            The new authentication status.

        Raises:
            ConfigurationError: In Basic mode (there is no login).
            AuthenticationError: The credentials were refused.
            RateLimitError: Too many logins (``retry_after`` seconds).
        """  # noqa: DOC503
        if not isinstance(self._auth, JWTAuth):
            raise ConfigurationError("login() needs auth='jwt'; Basic auth has no login")
        response = await self._send(self._auth.build_login_request(), auth=False)
        self._auth.accept_login(response)
        return self.auth_status()

    async def logout(self) -> bool:
        """Invalidate the access token (``POST /api/logout``) and delete the token file.

        Returns:
            True when a token was held and the API accepted the logout.

        Raises:
            ConfigurationError: In Basic mode.
        """
        if not isinstance(self._auth, JWTAuth):
            raise ConfigurationError("logout() needs auth='jwt'; Basic auth has no session")
        tokens = self._auth.tokens
        accepted = False
        if tokens is not None:
            request = self._http.build_request(
                "POST",
                f"{self.api_url}/logout",
                headers={"Authorization": f"Bearer {tokens.access_token}"},
            )
            try:
                response = await self._send(request, auth=False)
                accepted = response.status_code == 200
            except APIConnectionError:
                accepted = False
        self._auth.clear(delete_file=True)
        return accepted
