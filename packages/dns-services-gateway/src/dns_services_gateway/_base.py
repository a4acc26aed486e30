"""No-I/O core shared by the sync and async clients: error mapping and the retry policy."""

from __future__ import annotations

import dataclasses
import email.utils
import json
import random
import time
from typing import Any

import httpx

from ._exceptions import (
    APIError,
    APIOperationError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "RetryPolicy",
    "decode_body",
    "make_api_error",
    "raise_for_api_error",
    "rate_limit_wait",
]

DEFAULT_MAX_RETRIES = 2

_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}

# POSTs that are safe to resend: they create nothing in the zone (dns-services-api.md §3).
_RETRYABLE_POST_SUFFIXES = ("/api/login", "/api/token", "/api/logout", "/api/revoke")
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


def decode_body(response: httpx.Response) -> Any:
    """Parse a response body as JSON, or return its text when it is not JSON.

    Args:
        response: A response whose body has been read.

    Returns:
        The decoded JSON value, the raw text, or None for an empty body.
    """
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        return response.text


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def _error_strings(value: Any) -> list[str]:
    out: list[str] = []
    for item in _as_list(value):
        if isinstance(item, list):
            out.append(" ".join(str(part) for part in item))
        else:
            out.append(str(item))
    return out


def rate_limit_wait(headers: httpx.Headers, *, now: float | None = None) -> float | None:
    """Seconds to wait according to ``Retry-After`` or ``X-RateLimit-Reset``.

    ``Retry-After`` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3).
    DNS.services sends ``X-RateLimit-Reset`` as seconds until the window resets (dns-services-api.md
    §4).

    Args:
        headers: Response headers.
        now: Current POSIX time in seconds, for HTTP-date values; defaults to ``time.time()``.

    Returns:
        The wait in seconds (never negative), or None when neither header is usable.
    """
    retry_after = headers.get("retry-after")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(retry_after)
            except (TypeError, ValueError):
                when = None
            if when is not None:
                current = time.time() if now is None else now
                return max(0.0, when.timestamp() - current)
    reset = headers.get("x-ratelimit-reset")
    if reset:
        try:
            return max(0.0, float(reset))
        except ValueError:
            return None
    return None


def make_api_error(response: httpx.Response, body: Any = None) -> APIError | None:
    """Map a response to the exception it stands for, or None when it is a success.

    A response fails when the status is not 2xx, or the JSON body has ``"success": false``, or
    the JSON body has an ``error`` key (dns-services-api.md §8). HTTP-200 failures map to
    :class:`APIOperationError`; non-2xx statuses to the status-keyed classes.

    Args:
        response: The response, body already read.
        body: The decoded body; decoded from ``response`` when omitted.

    Returns:
        The exception to raise, or None.
    """
    if body is None:
        body = decode_body(response)
    errors: list[str] = []
    info: list[Any] = []
    failed_in_body = False
    if isinstance(body, dict):
        errors = _error_strings(body.get("error"))
        info = _as_list(body.get("info"))
        failed_in_body = body.get("success") is False or "error" in body
    status = response.status_code
    try:
        method, path = response.request.method, response.request.url.path
    except RuntimeError:  # a response built without its request
        method, path = "?", "?"
    detail = "; ".join(errors) if errors else ""
    if 200 <= status < 300:
        if not failed_in_body:
            return None
        message = f"{method} {path} failed: {detail or 'success is false'}"
        return APIOperationError(message, status_code=status, body=body, errors=errors, info=info)
    if not detail and isinstance(body, str):
        detail = " ".join(body.split())[:200]
    message = f"{method} {path} returned HTTP {status}" + (f": {detail}" if detail else "")
    cls: type[APIStatusError] = _STATUS_CLASSES.get(
        status, InternalServerError if status >= 500 else APIStatusError
    )
    kwargs: dict[str, Any] = {"status_code": status, "body": body, "errors": errors, "info": info}
    if cls is RateLimitError:
        return RateLimitError(message, retry_after=rate_limit_wait(response.headers), **kwargs)
    return cls(message, **kwargs)


def raise_for_api_error(response: httpx.Response) -> Any:
    """Decode the body and raise the mapped error, if any.

    Args:
        response: A response whose body has been read.

    Returns:
        The decoded body when the response is a success.

    Raises:
        APIError: A subclass chosen by :func:`make_api_error`.
    """  # noqa: DOC503
    body = decode_body(response)
    error = make_api_error(response, body)
    if error is not None:
        raise error
    return body


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """When and how long to wait before resending a request.

    Retries cover connection errors, timeouts, HTTP 408, 429 and >= 500, for idempotent
    methods and the authentication POSTs. A record-creating POST is never resent by the
    transport: it returns no id, so a resend could duplicate the record (dns-services-api.md §7,
    §8); the client re-reads the zone instead.

    The wait before retry ``n`` (0-based) is the server's ``Retry-After`` or
    ``X-RateLimit-Reset`` when a 429 or 503 announces one (dns-services-api.md §4), else the
    exponential backoff ``min(backoff_max, backoff_base * 2**n)`` multiplied by a random
    factor in ``[1 - jitter, 1 + jitter]``. The same fields, with the same meanings and units,
    exist on ``cloudconnexa.RetryPolicy``.

    Attributes:
        max_retries: Retries after the first attempt (0 disables retrying).
        backoff_base: First exponential backoff, in seconds; doubled per retry.
        backoff_max: Largest exponential backoff (before jitter), in seconds.
        jitter: Relative random spread of each backoff, from 0 to 1 (0.25 means ±25 %).
        max_wait: Longest server-announced wait that is honoured, in seconds; when the
            server asks for longer, the request is not retried and the error is raised
            (a :class:`~dns_services_gateway.RateLimitError` carries the wait as
            ``retry_after``).

    Raises:
        ConfigurationError: A negative count or number of seconds, or a jitter outside 0
            to 1 (it is also a ``ValueError``).
    """

    max_retries: int = DEFAULT_MAX_RETRIES
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    jitter: float = 0.25
    max_wait: float = 60.0

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ConfigurationError(f"max_retries must be >= 0, got {self.max_retries}")
        if self.backoff_base < 0 or self.backoff_max < 0 or self.max_wait < 0:
            raise ConfigurationError("backoff_base, backoff_max and max_wait must be >= 0 seconds")
        if not 0 <= self.jitter <= 1:
            raise ConfigurationError(f"jitter must be between 0 and 1, got {self.jitter}")

    @staticmethod
    def is_retryable_request(request: httpx.Request) -> bool:
        """Tell whether a request may be resent unchanged.

        Args:
            request: The request.

        Returns:
            True for idempotent methods and the authentication POSTs.
        """
        if request.method in _IDEMPOTENT_METHODS:
            return True
        return request.method == "POST" and request.url.path.endswith(_RETRYABLE_POST_SUFFIXES)

    @staticmethod
    def is_retryable_status(status_code: int) -> bool:
        """Tell whether an HTTP status is worth retrying (408, 429 and >= 500).

        Args:
            status_code: The HTTP status.

        Returns:
            True when a later attempt may succeed.
        """
        return status_code in (408, 429) or status_code >= 500

    def backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter for a retry.

        Args:
            attempt: 0 for the first retry, 1 for the second, ...

        Returns:
            The delay in seconds.
        """
        delay = min(self.backoff_max, self.backoff_base * (2.0 ** min(attempt, 64)))
        return max(0.0, delay * (1 + self.jitter * random.uniform(-1.0, 1.0)))

    def delay_for(self, attempt: int, response: httpx.Response | None) -> float | None:
        """Decide the wait before retry number ``attempt``, or None to give up.

        Args:
            attempt: 0 for the first retry.
            response: The failed response, or None after a connection error.

        Returns:
            Seconds to sleep, or None when retries are exhausted or the server asks for a
            longer wait than :attr:`max_wait`.
        """
        if attempt >= self.max_retries:
            return None
        if response is not None:
            announced = rate_limit_wait(response.headers)
            if announced is not None and response.status_code in (429, 503):
                return announced if announced <= self.max_wait else None
        return self.backoff(attempt)
