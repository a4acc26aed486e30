"""Rate limits: the ``X-RateLimit-*`` headers, ``Retry-After``, the throttle and the cooldown.

Facts (``cloudconnexa-api.md`` §9): the API uses a token bucket per API key and reports it in
``X-RateLimit-Remaining``, ``X-RateLimit-Replenish-Rate``, ``X-RateLimit-Replenish-Time``
(integer seconds) and ``X-RateLimit-Burst-Capacity``; a 429 has an empty body and no
documented ``Retry-After``.
"""

from __future__ import annotations

import email.utils
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from cloudconnexa._exceptions import (
    ConfigurationError,
)


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
