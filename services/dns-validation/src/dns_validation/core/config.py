"""Service configuration from the environment and an optional ``.env`` file.

Every variable keeps the name the original service used. Durations accept decimals
(``DNS_JOB_MAX_AGE_HOURS=0.001``). Settings are never read at import time: call
:func:`get_settings` (cached) and clear it with ``get_settings.cache_clear()`` in tests, or pass a
:class:`Settings` instance to ``create_app``.
"""

from __future__ import annotations

import functools
import ipaddress
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from dns_validation.domain.email_rules import DKIMSelector, parse_dkim_selectors
from dns_validation.domain.normalize import InvalidTargetError, normalize_host
from dns_validation.domain.schedule import Backoff

__all__ = [
    "ACCEPTS",
    "ConfigError",
    "Nameserver",
    "Settings",
    "get_settings",
    "load_settings",
    "parse_dns_servers",
]

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./dns-validation.db"

#: What each variable accepts, used in start-up error messages and in the README table.
ACCEPTS: dict[str, str] = {
    "host": "an IP address or host name to bind to",
    "port": "an integer from 1 to 65535",
    "database_url": (
        "an SQLAlchemy async URL (sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db)"
    ),
    "dns_servers": "a comma-separated list of ip, ip:port or [ipv6]:port entries (empty = system)",
    "dns_timeout_ms": "a number of milliseconds greater than 0 and at most 600000",
    "dns_check_mode": "recursive, authoritative or both",
    "dns_authoritative_port": "an integer from 1 to 65535",
    "dns_poll_interval_seconds": "a number of seconds greater than 0 and at most 604800",
    "dns_backoff": "fixed or exponential",
    "dns_backoff_base_seconds": "a number of seconds greater than 0 and at most 604800",
    "dns_backoff_factor": "a number from 1 to 1000",
    "dns_backoff_max_seconds": "a number of seconds greater than 0 and at most 604800",
    "active_recheck_interval_hours": "a number of hours from 0 to 87600 (0 = off)",
    "active_max_failures": "an integer from 1 to 1000000",
    "recheck_min_interval_seconds": "a number of seconds from 0 to 604800",
    "dns_job_max_age_hours": "a number of hours greater than 0 and at most 87600",
    "checkdns_min_interval_seconds": "a number of seconds from 0 to 604800",
    "checkdns_token": "any non-empty string (empty = no API key required)",
    "target_cooldown_seconds": "a number of seconds from 0 to 604800",
    "max_active_jobs": "an integer from 1 to 100000000",
    "rate_limit_per_minute": "an integer from 0 to 1000000 (0 = no limit)",
    "ui_cname_expected": "a host name (letters, digits, hyphens, dots)",
    "email_mx_expected_host": "a host name (letters, digits, hyphens, dots)",
    "email_mx_expected_priority": "an integer from 0 to 65535",
    "email_spf_expected": "a non-empty TXT value such as 'v=spf1 mx -all'",
    "email_dmarc_expected": "a non-empty TXT value such as 'v=DMARC1; p=none'",
    "email_match": "exact or semantic",
    "email_dkim_selectors": (
        "comma-separated selectors, each 'sel', 'sel=cname.target.host' or"
        " 'sel=v=DKIM1; p=<key>' (empty = no DKIM check)"
    ),
    "dns_check_concurrency": "an integer from 1 to 10000",
    "log_level": "one of DEBUG, INFO, WARNING, ERROR",
    "workers": "an integer from 1 to 64",
    "max_connections": "an integer from 1 to 1000000",
    "max_connections_per_client": "an integer from 1 to 1000000",
    "max_header_bytes": "an integer from 1024 to 1048576",
    "max_header_count": "an integer from 1 to 1000",
    "header_timeout_seconds": "a number of seconds greater than 0 and at most 3600",
    "body_timeout_seconds": "a number of seconds greater than 0 and at most 3600",
    "keep_alive_timeout_seconds": "a number of seconds greater than 0 and at most 3600",
    "request_token": "any non-empty string (empty = no key of its own for POST and DELETE)",
    "max_pending_per_client": "an integer from 0 to 100000000 (0 = no per-client cap)",
}


@dataclass(frozen=True, slots=True)
class Nameserver:
    """One DNS server to query.

    Attributes:
        address: IPv4 or IPv6 address, without brackets.
        port: UDP/TCP port (53 unless given as ``ip:port`` or ``[ipv6]:port``).
    """

    address: str
    port: int = 53


def _parse_port(text: str, entry: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise ValueError(f"bad port in {entry!r}")
    return int(text)


def parse_dns_servers(value: str) -> tuple[Nameserver, ...]:
    """Parse the ``DNS_SERVERS`` syntax.

    Args:
        value: comma-separated entries, each ``ip``, ``ip:port`` or ``[ipv6]:port``; a bare IPv6
            address without a port is also accepted. Blank entries are ignored.

    Returns:
        The nameservers in order; empty when the value is blank (use the system resolver).

    Raises:
        ValueError: an entry is not an IP address with an optional port from 1 to 65535.
    """
    servers: list[Nameserver] = []
    for raw in value.split(","):
        entry = raw.strip()
        if not entry:
            continue
        port = 53
        if entry.startswith("["):
            host, sep, rest = entry[1:].partition("]")
            if not sep or (rest and not rest.startswith(":")):
                raise ValueError(f"bad IPv6 entry {entry!r}")
            if rest:
                port = _parse_port(rest[1:], entry)
        elif entry.count(":") == 1:
            host, _, port_text = entry.partition(":")
            port = _parse_port(port_text, entry)
        else:
            host = entry
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            raise ValueError(f"{entry!r} is not an IP address") from None
        servers.append(Nameserver(str(address), port))
    return tuple(servers)


class Settings(BaseSettings):
    """All service settings; field names are the environment variable names, lower-cased.

    Values come from keyword arguments, then the environment, then ``.env``, then the defaults
    below. The model is frozen.

    Attributes:
        host: address the HTTP server binds to (``127.0.0.1``).
        port: TCP port of the HTTP server, 1 to 65535 (3000).
        database_url: SQLAlchemy async URL, ``sqlite+aiosqlite`` (the default, a file in the
            working directory) or ``postgresql+asyncpg``.
        dns_servers: resolvers to query, ``ip``, ``ip:port`` or ``[ipv6]:port`` separated by
            commas; empty means the system resolver (see :attr:`nameservers`).
        dns_timeout_ms: total time budget of one DNS lookup, in milliseconds (5000).
        dns_check_mode: where answers come from: ``recursive`` (the resolvers, the default),
            ``authoritative`` (every authoritative server of the zone, asked without
            recursion) or ``both`` (the resolvers and every authoritative server must agree).
        dns_authoritative_port: the port authoritative servers are asked on (53); another
            value only makes sense for test set-ups on loopback.
        dns_poll_interval_seconds: seconds between two checks of a PENDING job with the
            ``fixed`` backoff (300).
        dns_backoff: ``fixed`` (the default: every ``dns_poll_interval_seconds``) or
            ``exponential`` (``base * factor ** (n - 1)`` seconds after the n-th check).
        dns_backoff_base_seconds: the first wait of the exponential backoff (60).
        dns_backoff_factor: its growth per check, 1 to 1000 (2).
        dns_backoff_max_seconds: its longest wait (3600).
        active_recheck_interval_hours: hours between two re-checks of an ACTIVE job; 0 (the
            default) never re-checks ACTIVE jobs.
        active_max_failures: consecutive failed re-checks after which an ACTIVE job becomes
            FAILED (3).
        recheck_min_interval_seconds: least time between two ``POST /api/recheck`` of one
            target, per process (10).
        dns_job_max_age_hours: hours after creation when a PENDING job becomes EXPIRED (24).
        checkdns_min_interval_seconds: minimum seconds between two read-only checks run by
            ``GET /api/checkdns`` for one target and type (300).
        checkdns_token: when set, ``GET /api/checkdns`` requires it in ``x-api-key``; an empty
            value means no token. Held as a ``SecretStr``, masked in reprs.
        target_cooldown_seconds: seconds after a request during which the same target and type
            are answered 429 (60).
        max_active_jobs: PENDING jobs allowed at once; a request over it gets 503 (100).
        rate_limit_per_minute: requests per minute per client IP, 0 for no limit; the probes
            are exempt (60).
        ui_cname_expected: host the CNAME chain of a UI target must reach.
        email_mx_expected_host: expected MX exchange of an e-mail target.
        email_mx_expected_priority: expected MX preference, 0 to 65535 (10).
        email_spf_expected: SPF TXT value expected at the apex.
        email_dmarc_expected: DMARC TXT value expected at ``_dmarc.<target>``.
        email_match: ``exact`` (the default: SPF and DMARC must equal the expected text) or
            ``semantic`` (DMARC read as tags, SPF as terms; RFC 7489 §6.3, RFC 7208 §4.6).
        email_dkim_selectors: DKIM selectors an e-mail target must publish, comma-separated;
            empty (the default) means DKIM is not checked (see :attr:`dkim_selectors`).
        dns_check_concurrency: jobs the poller checks at the same time, 1 to 10000 (100).
        log_level: ``DEBUG``, ``INFO`` (the default), ``WARNING`` or ``ERROR``.
        workers: service processes sharing the port, each with a poller, 1 to 64 (1).
        max_connections: open HTTP connections one process accepts; more get 503 (1000).
        max_connections_per_client: open HTTP connections one client address may hold; more
            get 503 (100).
        max_header_bytes: bytes allowed for a request line and its headers; more get 431
            (16384).
        max_header_count: header fields allowed in one request; more get 431 (100).
        header_timeout_seconds: seconds a client has to send a request's line and headers;
            then 408 (10).
        body_timeout_seconds: seconds a client has to send a request's body once its
            headers arrived; then 408 (10).
        keep_alive_timeout_seconds: seconds an idle keep-alive connection stays open (5).
        request_token: when set, the POST routes and ``DELETE /api/requests`` accept it in
            ``x-api-key``; while either token is set, those routes need one of them. Held as
            a ``SecretStr``.
        max_pending_per_client: PENDING jobs one client address may hold at once; a request
            over it gets 429; 0 (the default) for no cap.
    """

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        frozen=True,
        allow_inf_nan=False,
    )

    host: str = Field("127.0.0.1", min_length=1, description="Address the HTTP server binds to.")
    port: int = Field(3000, ge=1, le=65535, description="TCP port of the HTTP server.")
    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="SQLAlchemy async URL; SQLite file by default, PostgreSQL via asyncpg.",
    )
    dns_servers: str = Field(
        "", description="Resolvers to query; empty means the system resolver (/etc/resolv.conf)."
    )
    dns_timeout_ms: float = Field(
        5000, gt=0, le=600_000, description="Total time budget of one DNS lookup, in milliseconds."
    )
    dns_check_mode: Literal["recursive", "authoritative", "both"] = Field(
        "recursive", description="Where answers come from: recursive, authoritative or both."
    )
    dns_authoritative_port: int = Field(
        53, ge=1, le=65535, description="Port the authoritative servers are asked on."
    )
    dns_poll_interval_seconds: float = Field(
        300, gt=0, le=604_800, description="Seconds between two checks of a PENDING job."
    )
    dns_backoff: Literal["fixed", "exponential"] = Field(
        "fixed", description="Re-check schedule of PENDING jobs: fixed or exponential."
    )
    dns_backoff_base_seconds: float = Field(
        60, gt=0, le=604_800, description="Exponential backoff: seconds after the first check."
    )
    dns_backoff_factor: float = Field(
        2, ge=1, le=1000, description="Exponential backoff: growth per check."
    )
    dns_backoff_max_seconds: float = Field(
        3600, gt=0, le=604_800, description="Exponential backoff: the longest wait, in seconds."
    )
    active_recheck_interval_hours: float = Field(
        0, ge=0, le=87_600, description="Hours between re-checks of an ACTIVE job (0 = never)."
    )
    active_max_failures: int = Field(
        3,
        ge=1,
        le=1_000_000,
        description="Failed re-checks in a row after which an ACTIVE job is FAILED.",
    )
    recheck_min_interval_seconds: float = Field(
        10,
        ge=0,
        le=604_800,
        description="Least seconds between two POST /api/recheck of one target.",
    )
    dns_job_max_age_hours: float = Field(
        24, gt=0, le=87_600, description="Hours after creation when a PENDING job becomes EXPIRED."
    )
    checkdns_min_interval_seconds: float = Field(
        300,
        ge=0,
        le=604_800,
        description="Minimum seconds between two read-only checks run by GET.",
    )
    checkdns_token: SecretStr | None = Field(
        None, description="If set, GET /api/checkdns requires it in the x-api-key header."
    )
    target_cooldown_seconds: float = Field(
        60,
        ge=0,
        le=604_800,
        description="Seconds after a request during which the same target+type gets 429.",
    )
    max_active_jobs: int = Field(
        100, ge=1, le=100_000_000, description="Maximum number of PENDING jobs (503)."
    )
    rate_limit_per_minute: int = Field(
        60,
        ge=0,
        le=1_000_000,
        description="Requests per minute per client IP (0 disables; /healthz exempt).",
    )
    ui_cname_expected: str = Field(
        "forward.haltman.io", description="Host the UI target's CNAME chain must reach."
    )
    email_mx_expected_host: str = Field("mail.abin.lat", description="Expected MX exchange.")
    email_mx_expected_priority: int = Field(
        10, ge=0, le=65535, description="Expected MX preference."
    )
    email_spf_expected: str = Field(
        "v=spf1 mx -all", min_length=1, description="Exact SPF TXT value at the apex."
    )
    email_dmarc_expected: str = Field(
        "v=DMARC1; p=none", min_length=1, description="Exact DMARC TXT value at _dmarc.<target>."
    )
    email_match: Literal["exact", "semantic"] = Field(
        "exact", description="How SPF and DMARC values are compared: exact or semantic."
    )
    email_dkim_selectors: str = Field(
        "", description="DKIM selectors to require (sel, sel=host or sel=v=DKIM1; p=...)."
    )
    dns_check_concurrency: int = Field(
        100, ge=1, le=10000, description="Poller: jobs checked at the same time."
    )
    log_level: str = Field("INFO", description="Log level of the JSON logs.")
    workers: int = Field(
        1, ge=1, le=64, description="Service processes sharing the port (each with a poller)."
    )
    max_connections: int = Field(
        1000, ge=1, le=1_000_000, description="Open HTTP connections per process (503 beyond)."
    )
    max_connections_per_client: int = Field(
        100, ge=1, le=1_000_000, description="Open HTTP connections per client address."
    )
    max_header_bytes: int = Field(
        16384, ge=1024, le=1_048_576, description="Bytes of request line and headers (431)."
    )
    max_header_count: int = Field(
        100, ge=1, le=1000, description="Header fields of one request (431 beyond)."
    )
    header_timeout_seconds: float = Field(
        10, gt=0, le=3600, description="Seconds to send a request's headers (408 beyond)."
    )
    body_timeout_seconds: float = Field(
        10, gt=0, le=3600, description="Seconds to send a request's body (408 beyond)."
    )
    keep_alive_timeout_seconds: float = Field(
        5, gt=0, le=3600, description="Seconds an idle keep-alive connection stays open."
    )
    request_token: SecretStr | None = Field(
        None, description="If set, POST and DELETE require it (or CHECKDNS_TOKEN) in x-api-key."
    )
    max_pending_per_client: int = Field(
        0, ge=0, le=100_000_000, description="PENDING jobs per client address (0 = no cap)."
    )

    @field_validator("dns_servers")
    @classmethod
    def _check_dns_servers(cls, value: str) -> str:
        parse_dns_servers(value)
        return value

    @field_validator("email_dkim_selectors")
    @classmethod
    def _check_dkim(cls, value: str) -> str:
        parse_dkim_selectors(value)
        return value

    @field_validator("email_match", "dns_check_mode", "dns_backoff", mode="before")
    @classmethod
    def _lower_match(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("checkdns_token", "request_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: Any) -> Any:
        if value is None or (isinstance(value, str) and value == ""):
            return None
        return value

    @field_validator("ui_cname_expected", "email_mx_expected_host")
    @classmethod
    def _check_host(cls, value: str) -> str:
        try:
            return normalize_host(value)
        except InvalidTargetError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError("not a database URL") from None
        if url.drivername not in {"sqlite+aiosqlite", "postgresql+asyncpg"}:
            raise ValueError("driver must be sqlite+aiosqlite or postgresql+asyncpg")
        return value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("unknown log level")
        return level

    @property
    def nameservers(self) -> tuple[Nameserver, ...]:
        """The parsed ``DNS_SERVERS``; empty means the system resolver."""
        return parse_dns_servers(self.dns_servers)

    @property
    def dkim_selectors(self) -> tuple[DKIMSelector, ...]:
        """The parsed ``EMAIL_DKIM_SELECTORS``; empty means DKIM is not checked."""
        return parse_dkim_selectors(self.email_dkim_selectors)

    @property
    def backoff(self) -> Backoff:
        """The re-check schedule of PENDING jobs (``DNS_BACKOFF`` and its settings)."""
        return Backoff(
            self.dns_backoff,
            self.dns_poll_interval_seconds,
            self.dns_backoff_base_seconds,
            self.dns_backoff_factor,
            self.dns_backoff_max_seconds,
        )

    @property
    def active_recheck_seconds(self) -> float | None:
        """``ACTIVE_RECHECK_INTERVAL_HOURS`` in seconds, or ``None`` when it is 0 (off)."""
        hours = self.active_recheck_interval_hours
        return hours * 3600.0 if hours > 0 else None

    @property
    def dns_timeout(self) -> float:
        """``DNS_TIMEOUT_MS`` in seconds."""
        return self.dns_timeout_ms / 1000.0

    @property
    def job_max_age_seconds(self) -> float:
        """``DNS_JOB_MAX_AGE_HOURS`` in seconds."""
        return self.dns_job_max_age_hours * 3600.0


class ConfigError(Exception):
    """A configuration value is invalid; the message is one line naming the variable."""


def _format_error(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "?"
        accepts = ACCEPTS.get(field, "a valid value")
        parts.append(f"{field.upper()} accepts {accepts}")
    return "invalid configuration: " + "; ".join(parts)


def load_settings(**overrides: Any) -> Settings:
    """Build settings from the environment, ``.env`` and keyword overrides.

    Args:
        **overrides: field values that win over the environment (for tests and the CLI).

    Returns:
        The validated settings.

    Raises:
        ConfigError: a value is invalid; the message names each variable and what it accepts,
            and never echoes the value (it may be a secret).
    """
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(_format_error(exc)) from None


@functools.cache
def get_settings() -> Settings:
    """Return the process-wide settings, read once on first call.

    The first call reads the environment through :func:`load_settings`; its
    :class:`ConfigError` (an invalid value) propagates unchanged, and nothing is cached
    then, so the next call reads the environment again.

    Returns:
        The validated settings, the same object on every later call.
    """
    return load_settings()
