"""Logic without I/O shared by the async and sync clients.

The retry decision, the wait computed from rate-limit headers, the client-side token bucket,
the shared cooldown, the status-to-exception mapping, body parsing, redaction for logs and the
page arithmetic all live here, so that ``_async`` and the generated ``_sync`` only do I/O.

Rate-limit facts (``cloudconnexa-api.md`` §9): the API uses a token bucket per
API key and reports it in ``X-RateLimit-Remaining``, ``X-RateLimit-Replenish-Rate``,
``X-RateLimit-Replenish-Time`` (integer seconds) and ``X-RateLimit-Burst-Capacity``; a
429 has an empty body and no documented ``Retry-After``.
"""

from __future__ import annotations

import email.utils
import json
import logging
import math
import random
import socket
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from cloudconnexa._exceptions import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    CloudConnexaError,
    ConfigurationError,
    ConflictError,
    FieldError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)

logger = logging.getLogger("cloudconnexa")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
#: Request extension that marks a POST as safe to repeat (the token request).
IDEMPOTENT_EXTENSION = "cloudconnexa_idempotent"
MAX_PAGE_SIZE = 1000
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


# --------------------------------------------------------------------------- retry policy


@dataclass(frozen=True, init=False)
class RetryPolicy:
    """When and how long to wait before repeating a failed request.

    Always retried: 429 and 503. Retried only for idempotent requests (GET, PUT, DELETE and
    the token request): other 5xx and connection errors, except that a failure to connect
    (nothing was sent) is retried for every method. Never retried: a refused connection
    (nothing listens at the address) and a host name that does not exist; both fail at once.

    The wait before retry ``n`` (0-based) is the server's announcement when there is one:
    ``Retry-After``, else the rate-limit headers (``Replenish-Time / Replenish-Rate`` seconds
    per missing token, cloudconnexa-api.md §9). Otherwise it is the exponential backoff
    ``min(backoff_max, backoff_base * 2**n)`` multiplied by a random factor in
    ``[1 - jitter, 1 + jitter]``. The same fields, with the same meanings and units, exist on
    ``dns_services_gateway.RetryPolicy``.

    Args:
        max_retries: Retries after the first attempt (0 disables retrying).
        backoff_base: First exponential backoff, in seconds; doubled per retry.
        backoff_max: Largest exponential backoff (before jitter), in seconds.
        jitter: Relative random spread of each backoff, from 0 to 1 (0.2 means ±20 %).
        max_wait: Longest server-announced wait that is honoured, in seconds; when the server
            asks for longer, the request is not retried and the error is raised (a
            :class:`~cloudconnexa.RateLimitError` carries the wait as ``retry_after``).
        backoff_cap: Deprecated spelling of ``backoff_max`` (warns).

    Raises:
        ConfigurationError: A negative count or number of seconds, a jitter outside 0 to 1,
            or both ``backoff_max`` and ``backoff_cap`` given.
    """

    max_retries: int
    backoff_base: float
    backoff_max: float
    jitter: float
    max_wait: float

    def __init__(
        self,
        max_retries: int = 5,
        backoff_base: float = 1.0,
        backoff_max: float | None = None,
        jitter: float = 0.2,
        max_wait: float = 120.0,
        *,
        backoff_cap: float | None = None,
    ) -> None:
        if backoff_cap is not None:
            if backoff_max is not None:
                raise ConfigurationError("give backoff_max only (backoff_cap is its old name)")
            warnings.warn(
                "RetryPolicy(backoff_cap=...) is deprecated; use backoff_max",
                DeprecationWarning,
                stacklevel=2,
            )
            backoff_max = backoff_cap
        values = {
            "max_retries": max_retries,
            "backoff_base": backoff_base,
            "backoff_max": 30.0 if backoff_max is None else backoff_max,
            "jitter": jitter,
            "max_wait": max_wait,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)
        if self.max_retries < 0:
            raise ConfigurationError(f"max_retries must be >= 0, got {self.max_retries}")
        if self.backoff_base < 0 or self.backoff_max < 0 or self.max_wait < 0:
            raise ConfigurationError("backoff_base, backoff_max and max_wait must be >= 0 seconds")
        if not 0 <= self.jitter <= 1:
            raise ConfigurationError(f"jitter must be between 0 and 1, got {self.jitter}")

    def backoff(self, attempt: int, rng: random.Random | None = None) -> float:
        """Return the exponential backoff wait before retry number ``attempt + 1``.

        Args:
            attempt: Retries already made (0 before the first retry).
            rng: Random source for the jitter (tests pass a seeded one).

        Returns:
            The wait in seconds.
        """
        base = min(self.backoff_max, self.backoff_base * 2.0 ** min(attempt, 64))
        spread = (rng.uniform if rng else random.uniform)(-self.jitter, self.jitter)
        return max(0.0, base * (1 + spread))


@dataclass(frozen=True)
class RateLimitInfo:
    """The ``X-RateLimit-*`` headers of one response; ``None`` where a header is absent.

    Attributes:
        remaining: Tokens left in the bucket.
        replenish_rate: Tokens added per ``replenish_time``.
        replenish_time: Seconds per replenishment.
        burst_capacity: Bucket size.
    """

    remaining: int | None = None
    replenish_rate: float | None = None
    replenish_time: float | None = None
    burst_capacity: int | None = None

    @classmethod
    def from_headers(cls, headers: httpx.Headers) -> RateLimitInfo:
        """Read the four ``X-RateLimit-*`` headers (cloudconnexa-api.md §9) of a response.

        A header that is absent, not a number, negative or not finite counts as absent.

        Args:
            headers: The response headers.

        Returns:
            The parsed values; ``remaining`` and ``burst_capacity`` are rounded down to
            whole tokens.
        """

        def number(name: str) -> float | None:
            raw = headers.get(name)
            if raw is None:
                return None
            try:
                value = float(raw)
            except ValueError:
                return None
            return value if math.isfinite(value) and value >= 0 else None

        remaining = number("X-RateLimit-Remaining")
        burst = number("X-RateLimit-Burst-Capacity")
        return cls(
            remaining=None if remaining is None else int(remaining),
            replenish_rate=number("X-RateLimit-Replenish-Rate"),
            replenish_time=number("X-RateLimit-Replenish-Time"),
            burst_capacity=None if burst is None else int(burst),
        )

    @property
    def tokens_per_second(self) -> float | None:
        """The replenish rate in tokens per second, if both headers are present and positive."""
        if self.replenish_rate and self.replenish_time:
            return self.replenish_rate / self.replenish_time
        return None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Parse a ``Retry-After`` header value into a wait in seconds.

    Both forms of RFC 9110 §10.2.3 are accepted: delay-seconds and an HTTP-date.

    Args:
        value: The header value, or ``None`` when the header is absent.
        now: The current Unix time in seconds, to measure an HTTP-date against (default:
            the system clock).

    Returns:
        The wait in seconds (0 for a date in the past), or ``None`` when ``value`` is absent
        or cannot be parsed.
    """
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        seconds = moment.timestamp() - (time.time() if now is None else now)
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def rate_limit_wait(headers: httpx.Headers) -> float | None:
    """Compute the wait that the headers of a 429 (or 503) response ask for.

    ``Retry-After`` wins; otherwise one token's replenish time (from the ``X-RateLimit-*``
    headers, cloudconnexa-api.md §9), scaled by the tokens missing.

    Args:
        headers: The response headers.

    Returns:
        The wait in seconds, or ``None`` when the headers imply none.
    """
    retry_after = parse_retry_after(headers.get("Retry-After"))
    if retry_after is not None:
        return retry_after
    info = RateLimitInfo.from_headers(headers)
    per_second = info.tokens_per_second
    if per_second is None:
        return None
    missing = 1 if info.remaining is None else max(1, 1 - info.remaining)
    return missing / per_second


def is_idempotent(request: httpx.Request) -> bool:
    """Tell whether repeating a request cannot create a duplicate.

    Args:
        request: The request; GET, HEAD, OPTIONS, PUT and DELETE are idempotent, and so is a
            request carrying the ``cloudconnexa_idempotent`` extension (the token POST).

    Returns:
        ``True`` if the request may be sent again safely.
    """
    return request.method in IDEMPOTENT_METHODS or bool(
        request.extensions.get(IDEMPOTENT_EXTENSION)
    )


def retry_delay_for_response(
    policy: RetryPolicy,
    response: httpx.Response,
    attempt: int,
    *,
    idempotent: bool,
    rng: random.Random | None = None,
) -> float | None:
    """Decide whether to repeat after ``response``; return the wait in seconds or ``None``.

    Args:
        policy: The retry policy.
        response: The response received (its body need not be read).
        attempt: Retries already made for this request (0 for the first response).
        idempotent: Whether the request may be repeated safely.
        rng: Random source for jitter (tests pass a seeded one).

    Returns:
        The wait in seconds before the next attempt (at most ``policy.max_wait``), or
        ``None`` when the response is final: a success, a non-retryable status, or the
        retries are used up.
    """
    status = response.status_code
    if attempt >= policy.max_retries:
        return None
    if status == 429 or status == 503:
        announced = rate_limit_wait(response.headers)
    elif status >= 500 and idempotent:
        announced = parse_retry_after(response.headers.get("Retry-After"))
    else:
        return None
    if announced is None:
        return policy.backoff(attempt, rng)
    return announced if announced <= policy.max_wait else None


_UNKNOWN_HOST_ERRNOS = frozenset(
    code
    for code in (getattr(socket, "EAI_NONAME", None), getattr(socket, "EAI_NODATA", None))
    if code is not None
)


def is_unknown_host(exc: BaseException) -> bool:
    """Return whether ``exc`` was caused by a DNS answer that the host name does not exist.

    A temporary resolver failure (``EAI_AGAIN``) does not count: it is worth retrying.

    Args:
        exc: The exception; its ``__cause__`` and ``__context__`` chain is searched for a
            :class:`socket.gaierror` with ``EAI_NONAME`` or ``EAI_NODATA``.

    Returns:
        ``True`` if the name lookup reported that the host does not exist.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, socket.gaierror) and current.errno in _UNKNOWN_HOST_ERRNOS:
            return True
        current = current.__cause__ or current.__context__
    return False


def is_connection_refused(exc: BaseException) -> bool:
    """Return whether ``exc`` was caused by a refused connection (``ECONNREFUSED``).

    A refused connection means that nothing listens at the address (a wrong port, a local
    server that is not running, a proxy that is down); the tenant API itself answers through
    a load balancer and does not refuse connections, so waiting does not help.

    Args:
        exc: The exception; its ``__cause__`` and ``__context__`` chain is searched for a
            :class:`ConnectionRefusedError` (in an exception group, every member must be one).

    Returns:
        ``True`` if the connection attempt was refused.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError):
            return True
        if isinstance(current, BaseExceptionGroup):
            return all(is_connection_refused(member) for member in current.exceptions)
        current = current.__cause__ or current.__context__
    return False


def retry_delay_for_exception(
    policy: RetryPolicy,
    exc: httpx.TransportError,
    attempt: int,
    *,
    idempotent: bool,
    rng: random.Random | None = None,
) -> float | None:
    """Decide whether to repeat after a transport error; return the wait or ``None``.

    A failure to connect is always safe to repeat (nothing reached the server); other
    transport errors only for idempotent requests. Two failures are never retried, so that
    the caller hears about them at once instead of after the whole backoff (about 31 s with
    the default policy): a host name that does not exist (``EAI_NONAME``, typically a
    mistyped cloud id), and a refused connection (``ECONNREFUSED``: nothing listens there).

    Args:
        policy: The retry policy.
        exc: The transport error of the last attempt.
        attempt: Retries already made for this request (0 after the first attempt).
        idempotent: Whether the request may be repeated safely.
        rng: Random source for jitter (tests pass a seeded one).

    Returns:
        The backoff wait in seconds, or ``None`` when the error is final.
    """
    if attempt >= policy.max_retries or is_unknown_host(exc) or is_connection_refused(exc):
        return None
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout) or idempotent:
        return policy.backoff(attempt, rng)
    return None


# --------------------------------------------------------------------------- throttle


class Throttle:
    """A client-side token bucket that keeps bulk work under the API's replenish rate.

    With no arguments the bucket learns its size and rate from the ``X-RateLimit-*`` headers
    and does nothing until the first response; with arguments it starts with them (and still
    lowers its token count to the server's ``X-RateLimit-Remaining``). Concurrent callers each
    reserve their own slot, so N waiting requests are spaced one token apart.

    Args:
        rate: Tokens per second (``None``: learn it from the headers).
        burst: Bucket capacity (``None``: learn it from the headers, or 1 when ``rate`` is
            given, which spaces requests evenly until the headers report the real capacity).
        clock: Monotonic clock in seconds (tests may inject one).

    Raises:
        ConfigurationError: ``rate`` is not above 0 or ``burst`` is below 1.
    """

    def __init__(
        self,
        rate: float | None = None,
        burst: int | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate is not None and rate <= 0:
            raise ConfigurationError(f"throttle rate must be > 0 tokens per second, got {rate}")
        if burst is not None and burst < 1:
            raise ConfigurationError(f"throttle burst must be >= 1, got {burst}")
        if rate is not None and burst is None:
            burst = 1
        self._clock = clock
        self._lock = threading.Lock()
        self.rate = rate
        self.burst = burst
        self._tokens = float(burst) if burst is not None else 0.0
        self._stamp = clock()

    def __repr__(self) -> str:
        return f"Throttle(rate={self.rate!r}, burst={self.burst!r})"

    def _refill(self, now: float) -> None:
        if self.rate is not None and self.burst is not None:
            self._tokens = min(float(self.burst), self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def reserve(self) -> float:
        """Take one token from the bucket.

        Returns:
            How long the caller must wait before sending, in seconds (0 when a token was
            available or the bucket has not learned its limits yet).
        """
        with self._lock:
            if self.rate is None or self.burst is None:
                return 0.0
            now = self._clock()
            self._refill(now)
            self._tokens -= 1.0
            return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    def observe(self, info: RateLimitInfo) -> None:
        """Adopt the server's bucket size and rate, and its remaining count when ours is higher.

        ``X-RateLimit-Remaining`` is a whole number of tokens (rounded down), so the estimate
        is lowered to ``remaining + 1`` only when it exceeds what the server can have.

        Args:
            info: The rate-limit headers of a response; absent values change nothing.
        """
        with self._lock:
            now = self._clock()
            self._refill(now)
            learned = self.burst is None
            if info.burst_capacity:
                self.burst = info.burst_capacity
            if info.tokens_per_second:
                self.rate = info.tokens_per_second
            if info.remaining is not None:
                if learned:
                    self._tokens = float(info.remaining)
                else:
                    # The header counts whole tokens, so the server's level lies in
                    # [remaining, remaining + 1). Lower the estimate only when it is above that
                    # band (another consumer of the same key): clamping to the rounded-down
                    # count would discard up to one token per response and cost a quarter of
                    # the sustained rate.
                    self._tokens = min(self._tokens, float(info.remaining) + 1.0)

    def drain(self) -> None:
        """Empty the bucket (after a 429), so the next requests wait for new tokens."""
        with self._lock:
            self._refill(self._clock())
            self._tokens = min(self._tokens, 0.0)


class Cooldown:
    """A shared "do not send before" moment, so concurrent requests back off together.

    Args:
        clock: Monotonic clock in seconds.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._until = 0.0
        self._lock = threading.Lock()

    def extend(self, seconds: float) -> None:
        """Hold every request for at least ``seconds`` from now.

        An earlier, longer hold is kept.

        Args:
            seconds: The wait, in seconds.
        """
        with self._lock:
            self._until = max(self._until, self._clock() + seconds)

    def remaining(self) -> float:
        """Tell how long requests must still wait.

        Returns:
            The seconds left before requests may be sent again (0 when they may go now).
        """
        with self._lock:
            return max(0.0, self._until - self._clock())


# --------------------------------------------------------------------------- bodies and errors


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


# --------------------------------------------------------------------------- logging


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


# --------------------------------------------------------------------------- pages


def check_page_size(
    size: int,
    *,
    low: int = 1,
    high: int = MAX_PAGE_SIZE,
    error: type[CloudConnexaError] = ConfigurationError,
) -> int:
    """Validate a page size (``size`` query parameter, 1..1000 per cloudconnexa-api.md §4).

    Args:
        size: The page size.
        low: Smallest allowed size.
        high: Largest allowed size.
        error: The exception class to raise (``ConfigurationError`` for the client setting,
            ``InvalidArgumentError`` for a call argument).

    Returns:
        ``size``, unchanged.

    Raises:
        ConfigurationError: ``size`` is not an integer in ``low..high`` (the class given as
            ``error`` is raised instead when one is given, such as ``InvalidArgumentError``).
    """  # noqa: DOC503
    if isinstance(size, bool) or not isinstance(size, int) or not low <= size <= high:
        raise error(f"page_size must be an integer in {low}..{high}, got {size!r}")
    return size


def next_page_number(page: int, total_pages: int, item_count: int) -> int | None:
    """Compute the number of the page after ``page``.

    Args:
        page: The 0-based number of the page just read.
        total_pages: The ``totalPages`` of the page envelope.
        item_count: How many items that page held (an empty page ends the walk).

    Returns:
        The next 0-based page number, or ``None`` when ``page`` was the last one.
    """
    if item_count == 0 or page + 1 >= total_pages:
        return None
    return page + 1


def next_cursor(previous: str | None, cursor: str | None) -> str | None:
    """Compute the cursor of the next batch of a cursor walk.

    Args:
        previous: The cursor the last batch was requested with (``None`` for the first).
        cursor: The ``nextCursor`` of the last batch.

    Returns:
        The cursor to request next, or ``None`` when the walk is done (no cursor, or the same
        cursor again).
    """
    if not cursor or cursor == previous:
        return None
    return cursor
