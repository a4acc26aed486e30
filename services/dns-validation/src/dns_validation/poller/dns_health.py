"""How the recent DNS checks of this process went, for ``/readyz``.

A process whose resolvers all time out (or answer SERVFAIL) still serves HTTP and still writes
to its database, but every check it runs is wasted: it should be taken out of rotation. The
checker records each check's outcome here; when the last ones, recent enough, all hit a
transient error, the process reports itself not ready, with the last error as the reason.
"""

from __future__ import annotations

import time
from collections import deque

__all__ = ["DNSHealth"]


class DNSHealth:
    """The outcomes of the last checks of one process.

    Args:
        window: how many recent checks are kept.
        min_failures: checks, all transient, needed before the process is not ready.
        max_age: seconds after which a check no longer counts.
    """

    def __init__(self, window: int = 20, min_failures: int = 5, max_age: float = 300.0) -> None:
        self._outcomes: deque[tuple[float, str | None]] = deque(maxlen=window)
        self.min_failures = min_failures
        self.max_age = max_age

    def record(self, error: str | None) -> None:
        """Record one check.

        Args:
            error: its transient error, or ``None`` when the resolvers answered (whatever the
                records said).
        """
        self._outcomes.append((time.monotonic(), error))

    def problem(self) -> str | None:
        """Why DNS looks unusable, if it does.

        Returns:
            ``None`` when fewer than ``min_failures`` recent checks were made or any of them
            got an answer; otherwise a short reason with the last error.
        """
        horizon = time.monotonic() - self.max_age
        recent = [error for at, error in self._outcomes if at >= horizon]
        if len(recent) < self.min_failures or any(error is None for error in recent):
            return None
        return f"the last {len(recent)} DNS checks all failed; last error: {recent[-1]}"
