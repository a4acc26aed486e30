"""Debug logging of requests and responses with secrets redacted."""

from __future__ import annotations

import json
import logging
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx

__all__ = ["REDACTED", "enable_debug_logging", "logger", "redact_body", "redact_headers"]

logger = logging.getLogger("dns_services_gateway")
REDACTED = "***"

_SECRET_HEADERS = {"authorization", "cookie", "set-cookie", "proxy-authorization"}
_SECRET_KEY = re.compile(r"pass|token|refresh|secret|authorization", re.IGNORECASE)
_MAX_BODY = 2000


def redact_headers(headers: httpx.Headers) -> dict[str, str]:
    """Headers as a dict with credentials replaced by ``***``.

    Args:
        headers: Request or response headers.

    Returns:
        A plain dict safe to log.
    """
    return {
        key: (REDACTED if key.lower() in _SECRET_HEADERS else value)
        for key, value in headers.items()
    }


def _redact_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: (REDACTED if _SECRET_KEY.search(str(key)) else _redact_value(item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redact_value(item) for item in value]
    return value


def redact_body(content: bytes, content_type: str | None) -> str:
    """A loggable rendering of a body with passwords, tokens and refresh tokens removed.

    JSON objects and form bodies have every key that looks like a secret (``password``,
    ``token``, ``refresh``, ``refresh_token``, ...) replaced by ``***``; other bodies are
    truncated.

    Args:
        content: The raw body.
        content_type: Its ``Content-Type``.

    Returns:
        The redacted text (at most about 2,000 characters).
    """
    if not content:
        return ""
    text = content.decode("utf-8", errors="replace")
    kind = (content_type or "").lower()
    if "x-www-form-urlencoded" in kind:
        pairs = parse_qsl(text, keep_blank_values=True)
        text = urlencode([(k, REDACTED if _SECRET_KEY.search(k) else v) for k, v in pairs])
    else:
        try:
            text = json.dumps(_redact_value(json.loads(text)))
        except ValueError:
            if _SECRET_KEY.search(text):
                return "<non-JSON body withheld>"
    return text if len(text) <= _MAX_BODY else text[:_MAX_BODY] + "…"


def log_request(request: httpx.Request) -> None:
    """Log a request at DEBUG level, secrets redacted.

    Args:
        request: The request (its body must be in memory).
    """
    if not logger.isEnabledFor(logging.DEBUG):
        return
    body = redact_body(request.content, request.headers.get("content-type"))
    logger.debug(
        "request %s %s headers=%s body=%s",
        request.method,
        request.url,
        redact_headers(request.headers),
        body,
    )


def log_response(request: httpx.Request, response: httpx.Response, elapsed: float) -> None:
    """Log a response at DEBUG level, secrets redacted.

    Args:
        request: The request it answers.
        response: The response, body read.
        elapsed: Seconds the exchange took.
    """
    if not logger.isEnabledFor(logging.DEBUG):
        return
    body = redact_body(response.content, response.headers.get("content-type"))
    logger.debug(
        "response %s %s -> %d in %.1f ms headers=%s body=%s",
        request.method,
        request.url,
        response.status_code,
        elapsed * 1000,
        redact_headers(response.headers),
        body,
    )


def enable_debug_logging() -> None:
    """Turn on DEBUG logging for this package (``DNS_SERVICES_DEBUG``).

    Sets the package logger to DEBUG and, when the application configured no logging at all,
    attaches a stderr handler so that the output is visible.
    """
    logger.setLevel(logging.DEBUG)
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
