"""Error mapping: response bodies, the API's error messages and the status-to-exception table.

The error body shapes are those of cloudconnexa-api.md §8; the status codes and their quirks
(a DNS record's "not found" answered as 400, a gateway 404 for an unknown path) are §7.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from cloudconnexa._exceptions import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    CloudConnexaError,
    ConflictError,
    FieldError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from cloudconnexa._ratelimit import rate_limit_wait


def parse_body(response: httpx.Response) -> Any:
    """Decode a response body that has been read.

    Args:
        response: The response.

    Returns:
        The parsed JSON value when the body is JSON, else the body text, or ``None`` when the
        body is empty or only whitespace.
    """
    text = response.text
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _request_id(response: httpx.Response, body: Any) -> str | None:
    if isinstance(body, dict):
        for key in ("requestId", "request_id", "traceId"):
            if body.get(key):
                return str(body[key])
    for header in ("X-Request-Id", "X-Amzn-RequestId", "X-Correlation-Id"):
        if response.headers.get(header):
            return response.headers[header]
    return None


def _field_errors(body: Any) -> dict[str, list[FieldError]]:
    details: dict[str, list[FieldError]] = {}
    raw = body.get("errorDetails") if isinstance(body, dict) else None
    if not isinstance(raw, dict):
        return details
    for name, entries in raw.items():
        items = entries if isinstance(entries, list) else [entries]
        parsed = []
        for entry in items:
            if isinstance(entry, dict):
                params = entry.get("params")
                parsed.append(
                    FieldError(
                        error_code=entry.get("errorCode"),
                        message=str(entry.get("message", "")),
                        params=params if isinstance(params, dict) else {},
                    )
                )
            else:
                parsed.append(FieldError(error_code=None, message=str(entry)))
        details[str(name)] = parsed
    return details


def error_message(response: httpx.Response, body: Any) -> str:
    """Extract a one-line message from an error body (``ErrorResponse``, gateway or HTML).

    Args:
        response: The error response (for its status, reason and request path).
        body: The body as returned by :func:`parse_body`.

    Returns:
        The message: the first non-empty known message field of a JSON body, a hint about
        ``api_url`` for an HTML page, the first line of a text body (200 characters at
        most), or the status reason.
    """
    if isinstance(body, dict):
        for key in ("errorMessage", "message", "error_description", "error", "statusError"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    if isinstance(body, str):
        if body.lstrip().startswith("<"):
            return (
                f"unexpected HTML response to {response.request.url.path}; "
                "check api_url (expected https://<cloud_id>.api.openvpn.com)"
            )
        first = body.strip().splitlines()[0]
        return first[:200]
    if response.status_code == 429:
        return "rate limit exceeded"
    return response.reason_phrase or f"HTTP {response.status_code}"


def make_status_error(response: httpx.Response) -> APIStatusError:
    """Map a non-2xx response (body already read) to the exception class for its status.

    400 is :class:`BadRequestError`, 422 :class:`UnprocessableEntityError` (both with the
    body's per-field ``details``), 5xx :class:`InternalServerError`. The API-specific twist
    (cloudconnexa-api.md §7): a DNS-record GET/PUT/DELETE of an unknown id answers 400 with
    "not found" in the message; that becomes :class:`NotFoundError`.

    Args:
        response: The non-2xx response, body already read.

    Returns:
        The exception to raise (not raised here): :class:`AuthenticationError` (401),
        :class:`BadRequestError` (400) or :class:`UnprocessableEntityError` (422) with field
        details, :class:`PermissionDeniedError` (403), :class:`NotFoundError` (404, or 400/422
        saying "not found"), :class:`ConflictError` (409), :class:`RateLimitError` with
        ``retry_after`` (429), :class:`InternalServerError` (5xx), else :class:`APIStatusError`.
    """
    body = parse_body(response)
    status = response.status_code
    message = error_message(response, body)
    common: dict[str, Any] = {
        "details": _field_errors(body),
        "status_code": status,
        "request_id": _request_id(response, body),
        "body": body,
        "response": response,
    }
    if status in (400, 422) and "not found" in message.lower():
        return NotFoundError(message, **common)
    if status == 429:
        error = RateLimitError(message, **common)
        error.retry_after = rate_limit_wait(response.headers)
        return error
    if status >= 500:
        return InternalServerError(message, **common)
    return _STATUS_CLASSES.get(status, APIStatusError)(message, **common)


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
}


def is_unknown_path(error: CloudConnexaError) -> bool:
    """Return whether a 404 came from the API gateway (unknown path), not a missing resource.

    The gateway answers ``{path, requestId, status, statusError, timestamp}`` (cloudconnexa-api.md
    §8); a missing resource answers an ``ErrorResponse`` with ``errorMessage``.

    Args:
        error: The error raised for a response.

    Returns:
        ``True`` for a 404 whose body is not an ``ErrorResponse``.
    """
    if error.status_code != 404:
        return False
    body = error.body
    return not isinstance(body, dict) or not ("errorMessage" in body or "errorDetails" in body)
