"""API keys: ``CHECKDNS_TOKEN`` and ``REQUEST_TOKEN``, compared in constant time."""

from __future__ import annotations

import hmac

from pydantic import SecretStr

from dns_validation.core.config import Settings

__all__ = ["key_accepted", "write_key_accepted"]


def key_accepted(api_key: str | None, *tokens: SecretStr | None) -> bool:
    """Whether ``api_key`` matches one of the configured ``tokens``.

    Every configured token is compared (``hmac.compare_digest``), so the time taken does not
    tell which one, if any, matched.

    Args:
        api_key: the ``x-api-key`` header, or ``None`` when absent.
        *tokens: the tokens; ``None`` for one not configured.

    Returns:
        ``True`` when no token is configured, or when ``api_key`` equals one of them.
    """
    configured = [token for token in tokens if token is not None]
    if not configured:
        return True
    if api_key is None:
        return False
    given = api_key.encode()
    matched = False
    for token in configured:
        matched |= hmac.compare_digest(given, token.get_secret_value().encode())
    return matched


def write_key_accepted(settings: Settings, api_key: str | None) -> bool:
    """Whether a request may create or cancel jobs.

    While ``CHECKDNS_TOKEN`` protects the status route, the write routes need a key too, or
    they would tell an anonymous caller what the status route hides (whether a target has a
    job, through ``409``) and let it create jobs for names it probes. ``REQUEST_TOKEN`` is
    accepted there as well, so that the systems creating jobs need not know the read key.

    Args:
        settings: the configuration (``REQUEST_TOKEN`` and ``CHECKDNS_TOKEN``).
        api_key: the ``x-api-key`` header, or ``None``.

    Returns:
        ``True`` when neither token is set or ``api_key`` matches one of them.
    """
    return key_accepted(api_key, settings.request_token, settings.checkdns_token)
