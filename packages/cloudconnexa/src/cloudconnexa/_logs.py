"""Logging and redaction: the ``cloudconnexa`` logger, secrets masked in what it writes."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import httpx

logger = logging.getLogger("cloudconnexa")

REDACTED = "***"
_SECRET_KEYS = frozenset(
    {
        "access_token",
        "authorization",
        "client_secret",
        "password",
        "peercertificatekeypassphrase",
        "peercertificateprivatekey",
        "presharedkey",
        "token",
    }
)


def monotonic() -> float:
    """Return a monotonic clock reading (for durations).

    Returns:
        Seconds since an arbitrary fixed point; only differences are meaningful.
    """
    return time.monotonic()


def redact(value: Any) -> Any:
    """Copy a JSON-like value with secret fields replaced by ``***``.

    Args:
        value: A dict, list or scalar; dict keys are compared case-insensitively with the
            secret names (``client_secret``, ``access_token``, ``password``, ...), at any depth.

    Returns:
        The redacted copy (scalars are returned as they are).
    """
    if isinstance(value, dict):
        return {
            k: REDACTED if str(k).lower() in _SECRET_KEYS else redact(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


def body_for_log(content: bytes, limit: int = 2000) -> str:
    """Render a request or response body for a debug log line, secrets redacted.

    Args:
        content: The raw body bytes.
        limit: Largest number of characters kept; longer text is cut and ends in ``...``.

    Returns:
        ``<empty>`` for no body, the redacted JSON, the text, or a size note in place of
        text that looks like a private key.
    """
    if not content:
        return "<empty>"
    try:
        text = json.dumps(redact(json.loads(content)))
    except ValueError:
        text = content.decode("utf-8", "replace")
        if "BEGIN" in text and "KEY" in text:
            return f"<{len(content)} bytes, not logged>"
    return text if len(text) <= limit else text[:limit] + "..."


def log_exchange(
    request: httpx.Request,
    status: int | None,
    duration: float,
    retries: int,
    error: str | None = None,
) -> None:
    """Log one attempt at DEBUG level on the ``cloudconnexa`` logger.

    The line shows the method, the path (no query string), the status, the duration in
    milliseconds and the retry count; headers and bodies are not logged.

    Args:
        request: The request sent.
        status: The response status, or ``None`` when no response came.
        duration: How long the attempt took, in seconds.
        retries: Retries made before this attempt.
        error: The transport error's class name when ``status`` is ``None``.
    """
    outcome = str(status) if status is not None else f"error {error}"
    logger.debug(
        "%s %s -> %s in %.1f ms (retries=%d)",
        request.method,
        request.url.path,
        outcome,
        duration * 1000,
        retries,
        extra={
            "http_method": request.method,
            "http_path": request.url.path,
            "http_status": status,
            "duration_ms": duration * 1000,
            "retries": retries,
        },
    )
