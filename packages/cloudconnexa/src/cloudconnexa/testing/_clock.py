"""A controllable clock shared by token expiry, the token bucket and date filters."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta


class Clock:
    """Real time plus an offset that tests move forward.

    Every time-dependent part of the fake (access-token expiry, the rate-limit token bucket,
    the default session window) reads this clock, so `advance` makes a 12-hour token expire
    instantly while real time still refills the token bucket during benchmarks.
    """

    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()

    def advance(self, seconds: float) -> None:
        """Move the clock forward.

        Args:
            seconds: How far to move, in seconds; must not be negative.

        Raises:
            ValueError: If `seconds` is negative.
        """
        if seconds < 0:
            raise ValueError(f"seconds must not be negative, got {seconds!r}")
        with self._lock:
            self._offset += seconds

    def reset(self) -> None:
        """Return to real time (offset 0)."""
        with self._lock:
            self._offset = 0.0

    @property
    def offset(self) -> float:
        """Seconds added so far by `advance`."""
        return self._offset

    def monotonic(self) -> float:
        """Return monotonic seconds (for expiry and refill arithmetic).

        Returns:
            `time.monotonic()` plus the offset, in seconds.
        """
        return time.monotonic() + self._offset

    def now(self) -> datetime:
        """Return the current UTC wall-clock time, shifted by the offset.

        Returns:
            A timezone-aware UTC datetime.
        """
        return datetime.now(UTC) + timedelta(seconds=self._offset)
