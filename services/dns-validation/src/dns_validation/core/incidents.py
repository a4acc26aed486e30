"""One log line per incident: a failure is logged when it starts and when it ends, not per try.

A database that has gone away makes every request and every poller round fail; logging each
of those (with a traceback) floods the log. :class:`Incident` logs the first failure (with the
exception's type only: messages may carry connection details) and the recovery.
"""

from __future__ import annotations

import logging
import time

from dns_validation.core.logging import log_event

__all__ = ["STORAGE", "Incident"]

logger = logging.getLogger(__name__)


class Incident:
    """The state of one kind of failure in this process.

    Args:
        name: the event prefix, e.g. ``storage`` (events ``storage.unavailable`` and
            ``storage.recovered``).
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.since: float | None = None
        self.failures = 0
        self.reason: str | None = None

    @property
    def active(self) -> bool:
        """Whether the failure is going on (no success since the last failure)."""
        return self.since is not None

    def failed(self, error: BaseException | str, **fields: object) -> None:
        """Record a failure; log ``<name>.unavailable`` only if none is going on.

        Args:
            error: the exception (only its type is logged) or a short reason.
            **fields: more fields for the log line (never secrets).
        """
        reason = error if isinstance(error, str) else type(error).__name__
        self.failures += 1
        self.reason = reason
        if self.since is None:
            self.since = time.monotonic()
            log_event(
                logger, f"{self.name}.unavailable", level=logging.ERROR, error=reason, **fields
            )

    def succeeded(self) -> None:
        """Record a success; log ``<name>.recovered`` when it ends an incident."""
        if self.since is None:
            return
        log_event(
            logger,
            f"{self.name}.recovered",
            failures=self.failures,
            duration_s=round(time.monotonic() - self.since, 3),
        )
        self.since = None
        self.failures = 0
        self.reason = None


#: The database of this process.
STORAGE = Incident("storage")
