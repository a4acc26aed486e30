"""Settings: the eight ``DNS_SERVICES_*`` environment variables, validated at start-up."""

from __future__ import annotations

import ipaddress
import math
import re
from pathlib import Path
from typing import Any

import httpx
import pydantic
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ._dotenv import read_dotenv
from ._exceptions import ConfigurationError

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TOKEN_PATH", "Settings", "is_loopback_host"]

DEFAULT_BASE_URL = "https://dns.services"
DEFAULT_TOKEN_PATH = "~/.dns-services/token"

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def is_loopback_host(host: str) -> bool:
    """Tell whether ``host`` is a loopback name or address (127.0.0.0/8, ::1, ``localhost``).

    Args:
        host: A host name or IP literal (IPv6 with or without brackets).

    Returns:
        True for loopback hosts.
    """
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _strict_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    raise ValueError("must be one of true/false/1/0/yes/no")


class Settings(BaseSettings):
    """Client configuration from keyword arguments, then ``DNS_SERVICES_*`` variables.

    Keyword arguments override the environment. Every value is checked when the object is
    built; a bad one raises :class:`~dns_services_gateway.ConfigurationError` naming the
    variable.

    Attributes:
        username: Account e-mail (``DNS_SERVICES_USERNAME``); the API's login name is the
            e-mail address (dns-services-api.md §3).
        password: Account password (``DNS_SERVICES_PASSWORD``), kept as a ``SecretStr``.
        base_url: Site URL (``DNS_SERVICES_BASE_URL``, default ``https://dns.services``); a
            trailing ``/api`` or ``/`` is removed. ``http://`` is accepted only for loopback
            hosts.
        token_path: JWT token file (``DNS_SERVICES_TOKEN_PATH``, default
            ``~/.dns-services/token``); ``~`` is expanded.
        verify_ssl: Verify TLS certificates (``DNS_SERVICES_VERIFY_SSL``, default true);
            accepts true/false/1/0/yes/no only.
        timeout: Per-request timeout in seconds (``DNS_SERVICES_TIMEOUT``, default 30); must be
            a positive number.
        debug: Log every request and response with secrets redacted (``DNS_SERVICES_DEBUG``).
        nameservers: Nameservers that DNS verification asks instead of the zone's NS records
            (``DNS_SERVICES_NAMESERVERS``): a comma- or space-separated list of ``host``,
            ``host:port`` or ``[v6]:port`` (port default 53); see :attr:`nameserver_list`.
    """

    model_config = SettingsConfigDict(
        env_prefix="DNS_SERVICES_", case_sensitive=False, extra="ignore", frozen=True
    )

    username: str | None = None
    password: SecretStr | None = None
    base_url: str = DEFAULT_BASE_URL
    token_path: Path = Field(default=Path(DEFAULT_TOKEN_PATH))
    verify_ssl: bool = True
    timeout: float = 30.0
    debug: bool = False
    nameservers: str | None = None

    @property
    def nameserver_list(self) -> list[str | tuple[str, int]] | None:
        """``nameservers`` parsed: host names or addresses, ``(host, port)`` with a port.

        Returns:
            The nameservers in the given order, or None when the setting is not set.
        """
        if self.nameservers is None:
            return None
        return [parse_nameserver(item) for item in _split_list(self.nameservers)]

    @field_validator("nameservers", mode="before")
    @classmethod
    def _nameservers(cls, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError("must be a comma-separated list of host or host:port")
        items = _split_list(value)
        if not items:
            return None
        for item in items:
            parse_nameserver(item)
        return ",".join(items)

    @field_validator("verify_ssl", "debug", mode="before")
    @classmethod
    def _bools(cls, value: Any) -> Any:
        return _strict_bool(value)

    @field_validator("timeout", mode="before")
    @classmethod
    def _timeout(cls, value: Any) -> Any:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            raise ValueError("must be a positive number of seconds") from None
        if not math.isfinite(seconds) or seconds <= 0:
            raise ValueError("must be a positive number of seconds")
        return seconds

    @field_validator("username", mode="before")
    @classmethod
    def _username(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    @field_validator("token_path", mode="after")
    @classmethod
    def _token_path(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator("base_url", mode="before")
    @classmethod
    def _base_url(cls, value: Any) -> Any:
        return normalize_base_url(str(value))

    @classmethod
    def load(cls, *, dotenv: bool = False, **overrides: Any) -> Settings:
        """Build settings from ``overrides`` (None values ignored), the environment and ``.env``.

        Precedence: ``overrides``, then real ``DNS_SERVICES_*`` environment variables, then
        (with ``dotenv``) the ``DNS_SERVICES_*`` lines of ``./.env``, then the defaults.

        Args:
            dotenv: Also read ``.env`` in the current working directory, unless
                ``DNS_SERVICES_NO_DOTENV=1`` is set in the environment.
            **overrides: Field values that take precedence over ``DNS_SERVICES_*`` variables.

        Returns:
            The validated settings.

        Raises:
            ConfigurationError: A value is invalid (the message names the variable and says
                when it came from ``.env``), or ``.env`` is unreadable, or it holds
                ``DNS_SERVICES_PASSWORD`` while group or other users can access it.
        """
        given = {key: value for key, value in overrides.items() if value is not None}
        from_file: dict[str, str] = {}
        if dotenv:
            for name, value in read_dotenv().items():
                field = name.removeprefix("DNS_SERVICES_").lower()
                if field in cls.model_fields and field not in given:
                    from_file[field] = value
        try:
            return cls(**{**from_file, **given})
        except pydantic.ValidationError as exc:
            error = exc.errors()[0]
            field = str(error["loc"][0]) if error["loc"] else "settings"
            variable = f"DNS_SERVICES_{field.upper()}"
            reason = str(error["msg"]).removeprefix("Value error, ")
            if field in given:
                source = f"{field}= / {variable}"
            elif field in from_file:
                source = f"{variable} (from .env)"
            else:
                source = variable
            raise ConfigurationError(f"{source}: {reason}", variable=variable) from None


def normalize_base_url(url: str) -> str:
    """Normalise a DNS.services base URL to ``scheme://host[:port][/prefix]`` without ``/api``.

    Args:
        url: ``https://dns.services``, ``https://dns.services/api`` or ``.../api/``; ``http://``
            only for loopback hosts.

    Returns:
        The URL without trailing slash and without the ``/api`` suffix.

    Raises:
        ValueError: The URL is not http(s), has no host, carries credentials, a query or a
            fragment, or uses ``http://`` for a non-loopback host. The message never repeats
            credentials.
    """
    text = url.strip().rstrip("/")
    try:
        parsed = httpx.URL(text)
    except httpx.InvalidURL:
        raise ValueError("not a valid URL") from None
    if parsed.userinfo:
        # Never echoed: it may hold a password.
        raise ValueError(
            "must not contain credentials (user:password@); use DNS_SERVICES_USERNAME and "
            "DNS_SERVICES_PASSWORD"
        )
    if parsed.query or parsed.fragment:
        raise ValueError(f"must not have a query or fragment, got {text!r}")
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"must be an http(s) URL with a host, got {text!r}")
    if parsed.scheme == "http" and not is_loopback_host(parsed.host):
        raise ValueError("http:// is allowed only for loopback hosts; use https://")
    if text.endswith("/api"):
        text = text[: -len("/api")]
    return text


def _split_list(text: str) -> list[str]:
    return [item for item in re.split(r"[,\s]+", text.strip()) if item]


def parse_nameserver(value: str) -> str | tuple[str, int]:
    """Parse ``host``, ``host:port`` or ``[v6]:port`` into a nameserver for verification.

    Args:
        value: ``"ns1.example.net"``, ``"127.0.0.1:5353"``, ``"[::1]:5353"`` or a bare IPv6
            address.

    Returns:
        The host alone (port 53), or ``(host, port)``.

    Raises:
        ValueError: The host is empty or the port is not a number from 1 to 65535.
    """
    text = value.strip()
    host, port = text, ""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest.removeprefix(":")
    elif text.count(":") == 1:
        host, _, port = text.partition(":")
    if not host:
        raise ValueError(f"no host in {value!r}")
    if not port:
        return host
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"bad port in {value!r}")
    return host, int(port)
