"""Token-bucket rate limiting with the CloudConnexa `X-RateLimit-*` headers.

The real API limits each API key with a token bucket (defaults quoted by support: burst 20,
one token per 15 s) and reports it in four headers: `X-RateLimit-Remaining`,
`X-RateLimit-Replenish-Rate`, `X-RateLimit-Replenish-Time` (integer seconds) and
`X-RateLimit-Burst-Capacity` (cloudconnexa-api.md §9). Exhaustion gives a 429 with
an empty body. The bucket is written here rather than taken from a library because it must run on
the fake's controllable clock and expose its exact level for the headers.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from fractions import Fraction

from cloudconnexa.testing._clock import Clock


@dataclass(frozen=True)
class RateLimit:
    """Configuration of the fake's per-client token bucket.

    Attributes:
        burst: Bucket capacity in requests (`X-RateLimit-Burst-Capacity`); at least 1.
        refill_per_second: Tokens added per second; must be positive. 1/15 is the real default.
        retry_after: Send a `Retry-After` header (integer seconds) on 429. The real API has never
            been seen to send one, so the default is False.
        headers_on_429: Send the `X-RateLimit-*` headers on 429 responses too (unverified for the
            real API; default True).
    """

    burst: int = 20
    refill_per_second: float = 1 / 15
    retry_after: bool = False
    headers_on_429: bool = True

    def __post_init__(self) -> None:
        if self.burst < 1:
            raise ValueError(f"burst must be at least 1, got {self.burst!r}")
        if not self.refill_per_second > 0:
            raise ValueError(f"refill_per_second must be positive, got {self.refill_per_second!r}")

    @property
    def replenish(self) -> tuple[int, int]:
        """Return `(replenish_rate, replenish_time)`: tokens added per integer number of seconds.

        For example 10 tokens/s gives `(10, 1)` and one token per 15 s gives `(1, 15)`.
        """
        fraction = Fraction(self.refill_per_second).limit_denominator(3600)
        return fraction.numerator, fraction.denominator


class TokenBucket:
    """A thread-safe token bucket on the fake's clock.

    The bucket starts full and refills continuously at `limit.refill_per_second`, up to
    `limit.burst` tokens.

    Args:
        limit: The bucket's capacity and refill rate.
        clock: The fake's clock, read for refill arithmetic (so `Clock.advance` refills too).
    """

    def __init__(self, limit: RateLimit, clock: Clock) -> None:
        self.limit = limit
        self._clock = clock
        self._level = float(limit.burst)
        self._stamp = clock.monotonic()
        self._lock = threading.Lock()

    def _refill(self) -> None:
        now = self._clock.monotonic()
        elapsed = max(0.0, now - self._stamp)
        self._level = min(
            float(self.limit.burst), self._level + elapsed * self.limit.refill_per_second
        )
        self._stamp = now

    def try_acquire(self) -> bool:
        """Take one token if one is available.

        Returns:
            True if the request may proceed, False if it must be answered with 429.
        """
        with self._lock:
            self._refill()
            if self._level >= 1.0:
                self._level -= 1.0
                return True
            return False

    def drain(self) -> None:
        """Empty the bucket (used by forced 429 faults)."""
        with self._lock:
            self._refill()
            self._level = 0.0

    def remaining(self) -> int:
        """Return the whole tokens left now.

        Returns:
            The level after refilling, rounded down.
        """
        with self._lock:
            self._refill()
            return math.floor(self._level)

    def seconds_until_token(self) -> float:
        """Return the seconds until one whole token is available (0 if one is).

        Returns:
            Seconds on the fake's clock, not rounded.
        """
        with self._lock:
            self._refill()
            missing = 1.0 - self._level
            return max(0.0, missing / self.limit.refill_per_second)

    def headers(self, remaining: int | None = None) -> dict[str, str]:
        """Return the four `X-RateLimit-*` headers.

        Args:
            remaining: The value to report; the current level if None.

        Returns:
            `X-RateLimit-Remaining`, `-Replenish-Rate`, `-Replenish-Time` (integer seconds) and
            `-Burst-Capacity`, as header name to text value (cloudconnexa-api.md §9).
        """
        rate, per = self.limit.replenish
        return {
            "X-RateLimit-Remaining": str(self.remaining() if remaining is None else remaining),
            "X-RateLimit-Replenish-Rate": str(rate),
            "X-RateLimit-Replenish-Time": str(per),
            "X-RateLimit-Burst-Capacity": str(self.limit.burst),
        }
