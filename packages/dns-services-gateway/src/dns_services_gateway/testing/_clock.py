"""A controllable clock shared by every part of the fake."""

from __future__ import annotations

import threading
import time

__all__ = ["FakeClock"]


class FakeClock:
    """Wall-clock time plus an offset that tests can move forward.

    The clock keeps running in real time, so pollers that sleep still see time pass, and
    :meth:`advance` jumps it forward without sleeping (token expiry, rate-limit windows and DNS
    propagation delays all read this clock).

    Args:
        start: Initial POSIX time in seconds; defaults to the real current time.
    """

    def __init__(self, start: float | None = None) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0 if start is None else start - time.time()

    def now(self) -> float:
        """Return the current fake POSIX time in seconds.

        Returns:
            The real time plus every :meth:`advance` so far (and the start offset).
        """
        with self._lock:
            return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the clock forward.

        Args:
            seconds: How far to jump, in seconds; must not be negative.

        Raises:
            ValueError: If ``seconds`` is negative (time never runs backwards here).
        """
        if seconds < 0:
            raise ValueError(f"seconds must be >= 0, got {seconds!r}")
        with self._lock:
            self._offset += seconds

    def __repr__(self) -> str:
        return f"FakeClock(now={self.now():.3f})"
