"""Retry decisions: the policy, which requests may be repeated, and the wait before a retry.

Pure logic without I/O; the retry transports of ``_async`` and ``_sync`` act on it. The waits
announced by the server come from :mod:`cloudconnexa._ratelimit` (cloudconnexa-api.md §9).
"""

from __future__ import annotations

import random
import socket
import warnings
from dataclasses import dataclass

import httpx

from cloudconnexa._exceptions import (
    ConfigurationError,
)
from cloudconnexa._ratelimit import parse_retry_after, rate_limit_wait

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
#: Request extension that marks a POST as safe to repeat (the token request).
IDEMPOTENT_EXTENSION = "cloudconnexa_idempotent"


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
