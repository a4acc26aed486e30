"""Shared per-application objects, reachable from routes as ``ServicesDep``."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from dns_validation.core.config import Settings
from dns_validation.poller.resolver import DNSChecker
from dns_validation.queue.repository import JobRepository

__all__ = ["CheckThrottle", "Services", "ServicesDep", "get_services"]


@dataclass
class CheckThrottle:
    """In-memory throttle of GET's read-only checks, per ``TYPE:target``.

    Attributes:
        interval: minimum seconds between two checks of one key.
        max_keys: bound of the map; the oldest half is dropped when it is full.
    """

    interval: float
    max_keys: int = 10000
    _last: dict[str, float] = field(default_factory=dict)

    def allow(self, key: str) -> bool:
        """Record a check of ``key`` and say whether it may run now.

        Args:
            key: ``TYPE:target``.

        Returns:
            ``True`` when no check of ``key`` ran within ``interval`` seconds.
        """
        now = time.monotonic()
        last = self._last.get(key)
        if last is not None and now - last < self.interval:
            return False
        if len(self._last) >= self.max_keys:
            for old in sorted(self._last, key=self._last.__getitem__)[: self.max_keys // 2]:
                del self._last[old]
        self._last[key] = now
        return True

    def retry_after(self, key: str) -> float:
        """Seconds until :meth:`allow` lets ``key`` through; 0 when it would now.

        Args:
            key: the throttled key.

        Returns:
            The wait in seconds.
        """
        last = self._last.get(key)
        if last is None:
            return 0.0
        return max(0.0, self.interval - (time.monotonic() - last))


@dataclass
class Services:
    """What the routes need.

    Attributes:
        settings: the configuration.
        repository: job storage.
        checker: the DNS checker.
        throttle: GET's read-only check throttle.
        recheck_throttle: the per-target throttle of ``POST /api/recheck``.
    """

    settings: Settings
    repository: JobRepository
    checker: DNSChecker
    throttle: CheckThrottle
    recheck_throttle: CheckThrottle = field(default_factory=lambda: CheckThrottle(10.0))


async def get_services(request: Request) -> Services:
    """The application's :class:`Services`, set up by the lifespan.

    Args:
        request: the incoming request; its application's ``state.services`` is read.

    Returns:
        The :class:`Services` the lifespan stored on the application.

    Raises:
        RuntimeError: the lifespan has not run.
    """
    services = getattr(request.app.state, "services", None)
    if not isinstance(services, Services):
        raise RuntimeError("application lifespan has not started")
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
