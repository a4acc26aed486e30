"""Client configuration without I/O: base-URL normalisation and environment fallbacks.

Facts (``cloudconnexa-api.md`` §2): a tenant's API lives at
``https://<cloud_id>.api.openvpn.com`` and every path starts with ``/api/v1/`` whatever the
documented API version; the version is never part of the URL.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping

import httpx

from cloudconnexa._exceptions import ConfigurationError

ENV_BASE_URL = "CLOUDCONNEXA_BASE_URL"
ENV_CLIENT_ID = "CLOUDCONNEXA_CLIENT_ID"
ENV_CLIENT_SECRET = "CLOUDCONNEXA_CLIENT_SECRET"

API_DOMAIN = "api.openvpn.com"
SUPPORTED_API_VERSIONS = ("1.1.0",)

_CLOUD_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", re.IGNORECASE)
_HOSTNAME = re.compile(r"^[a-z0-9.-]+$")
_API_SUFFIXES = ("/api/v1", "/api/beta", "/api")
_VERSION = re.compile(r"^\d+\.\d+(?:\.\d+)?$")


def is_loopback_host(host: str) -> bool:
    """Tell whether a host is a loopback host.

    Args:
        host: A host name or IP address (an IPv6 address may be in brackets).

    Returns:
        ``True`` for ``localhost``, an address in 127.0.0.0/8, or ``::1``.
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def normalize_base_url(value: str) -> str:
    """Turn what a user typed into the tenant base URL ``https://<cloud_id>.api.openvpn.com``.

    Accepted: a bare cloud id (``acme``), a host without scheme (``acme.api.openvpn.com``), or a
    URL. A trailing ``/``, ``/api``, ``/api/v1`` or ``/api/beta`` is stripped (appending it
    doubles the path and gives 404, cloudconnexa-api.md §2). ``http://`` is allowed only for
    loopback hosts (tests and the fake server).

    Args:
        value: The base URL or cloud id.

    Returns:
        The normalised base URL, without a trailing slash.

    Raises:
        ConfigurationError: The value cannot be a tenant URL; the message shows the expected form.
    """
    text = value.strip()
    expected = f"expected https://<cloud_id>.{API_DOMAIN} or a bare cloud id"
    if not text:
        raise ConfigurationError(f"api_url is empty; {expected}")
    if "://" not in text:
        if _CLOUD_ID.match(text):
            return f"https://{text.lower()}.{API_DOMAIN}"
        text = f"https://{text}"
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise ConfigurationError(f"api_url {value!r} is not a valid URL; {expected}") from exc
    host = url.host.lower()
    if not host:
        raise ConfigurationError(f"api_url {value!r} has no host; {expected}")
    if ":" not in host and not _HOSTNAME.match(host):
        raise ConfigurationError(f"api_url {value!r} has an invalid host name; {expected}")
    if url.userinfo:
        raise ConfigurationError(
            "api_url must not contain credentials; pass client_id and client_secret instead"
        )
    if url.query or url.fragment:
        raise ConfigurationError(f"api_url {value!r} must not have a query or fragment")
    if url.scheme == "http":
        if not is_loopback_host(host):
            raise ConfigurationError(
                f"api_url {value!r} uses http://; the API requires https:// "
                "(http:// is allowed only for loopback hosts such as 127.0.0.1)"
            )
    elif url.scheme != "https":
        raise ConfigurationError(f"api_url {value!r} has scheme {url.scheme!r}; {expected}")
    if host == API_DOMAIN or host == "openvpn.com":
        raise ConfigurationError(
            f"api_url {value!r} names no tenant; {expected} (the cloud id is in the admin portal)"
        )
    if host.endswith(".openvpn.com") and not host.endswith(f".{API_DOMAIN}"):
        cloud_id = host.split(".", 1)[0]
        raise ConfigurationError(
            f"api_url {value!r} is missing '.api.'; use https://{cloud_id}.{API_DOMAIN}"
        )
    if host.endswith(f".{API_DOMAIN}") and host.count(".") != 3:
        raise ConfigurationError(f"api_url {value!r} is not a tenant API host; {expected}")
    path = url.path.rstrip("/")
    for suffix in _API_SUFFIXES:
        if path.lower().endswith(suffix):
            path = path[: -len(suffix)].rstrip("/")
            break
    if path:
        raise ConfigurationError(
            f"api_url {value!r} has an unexpected path {url.path!r}; "
            "give the tenant root only (the client adds /api/v1/...)"
        )
    port = f":{url.port}" if url.port is not None else ""
    netloc_host = f"[{host}]" if ":" in host else host
    return f"{url.scheme}://{netloc_host}{port}"


def resolve_setting(
    value: str | None,
    *,
    argument: str,
    variable: str,
    environ: Mapping[str, str] | None = None,
) -> str:
    """Return ``value``, or the environment variable's value when ``value`` is ``None``.

    Args:
        value: The constructor argument.
        argument: The argument's name, for the error message.
        variable: The environment variable consulted as a fallback.
        environ: The environment (defaults to ``os.environ``).

    Returns:
        The value without surrounding whitespace.

    Raises:
        ConfigurationError: Neither is set (or the value is blank), naming both; or the value
            is not a string (such as ``client_secret=12345``).
    """
    env = os.environ if environ is None else environ
    result = value if value is not None else env.get(variable)
    if result is not None and not isinstance(result, str):
        # The value itself is never shown: it may be a secret.
        raise ConfigurationError(f"{argument} must be a string, got {type(result).__name__}")
    if result is None or not result.strip():
        raise ConfigurationError(
            f"missing {argument}: pass {argument}=... or set the {variable} environment variable"
        )
    return result.strip()


def check_api_version(version: str) -> str:
    """Validate ``api_version`` (metadata only: it never appears in request paths).

    Args:
        version: The API document revision the caller expects, such as ``"1.1.0"``.

    Returns:
        ``version``, unchanged.

    Raises:
        ConfigurationError: It is not a string holding a dotted number such as ``"1.1.0"``.
    """
    if not isinstance(version, str) or not _VERSION.match(version):
        raise ConfigurationError(
            f"api_version {version!r} is not a version such as '1.1.0' "
            "(it is metadata only; every path is /api/v1/...)"
        )
    return version
