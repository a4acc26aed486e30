"""When a job is checked next: the backoff of PENDING jobs and the verification of ACTIVE ones.

``fixed`` waits the same interval after every check. ``exponential`` waits
``base * factor ** (n - 1)`` seconds after the n-th check, never more than ``cap``: many checks
soon after a request, when a customer is most likely fixing their records, then fewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Backoff", "BackoffKind", "Verdict", "verdict"]

BackoffKind = Literal["fixed", "exponential"]


@dataclass(frozen=True, slots=True)
class Backoff:
    """A re-check schedule.

    Attributes:
        kind: ``fixed`` or ``exponential``.
        interval: seconds between checks with ``fixed``.
        base: seconds after the first check with ``exponential``.
        factor: growth of the wait from one check to the next with ``exponential`` (1 or more).
        cap: the longest wait with ``exponential``, in seconds.
    """

    kind: BackoffKind
    interval: float
    base: float
    factor: float
    cap: float

    def delay(self, checks: int) -> float:
        """Seconds to wait after the ``checks``-th check of a job.

        Args:
            checks: checks done so far, counting the one just done (1 after the first).

        Returns:
            The wait in seconds.
        """
        if self.kind == "fixed":
            return self.interval
        exponent = max(checks, 1) - 1
        # Stop growing once past the cap, so that huge exponents never overflow.
        wait = self.base
        for _ in range(exponent):
            wait *= self.factor
            if wait >= self.cap:
                return self.cap
        return min(wait, self.cap)


Verdict = Literal["passed", "failed", "transient"]


def verdict(ok: bool, error: str | None) -> Verdict:
    """How a re-check of an ACTIVE job counts.

    Args:
        ok: every requirement passed.
        error: the check's first transient DNS error, if any.

    Returns:
        ``transient`` when a DNS error stood in the way (it never counts against the job),
        else ``passed`` or ``failed``.
    """
    if ok:
        return "passed"
    return "transient" if error is not None else "failed"
