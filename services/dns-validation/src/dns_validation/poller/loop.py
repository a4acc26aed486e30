"""The poller: database-driven ticks inside the service process.

Each tick (1) marks PENDING rows past ``expires_at`` EXPIRED, (2) leases due rows in batches
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL), (3) checks them with bounded concurrency outside any
transaction and (4) writes the results conditionally. Two processes sharing one PostgreSQL
database never check the same row at once, and nothing stays PENDING past its expiry after a
restart, because expiry is a query, not a timer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dns_validation.core.clock import utcnow
from dns_validation.core.config import Settings
from dns_validation.core.logging import log_event
from dns_validation.domain.validators import CheckResult
from dns_validation.poller.resolver import DNSChecker
from dns_validation.queue.repository import Claimed, JobRepository

__all__ = ["Poller", "TickStats", "utcnow"]

logger = logging.getLogger(__name__)


@dataclass
class TickStats:
    """What one tick did.

    Attributes:
        expired: rows marked EXPIRED.
        checked: rows checked.
        activated: rows that turned ACTIVE.
        transient: checks that hit a transient DNS error.
        verified: re-checks of ACTIVE rows (verification after ACTIVE).
        failed: ACTIVE rows that became FAILED.
        activated_ids: the ids of the rows that turned ACTIVE.
    """

    expired: int = 0
    checked: int = 0
    activated: int = 0
    transient: int = 0
    verified: int = 0
    failed: int = 0
    activated_ids: list[int] = field(default_factory=list)


class Poller:
    """Checks due jobs until they pass or expire.

    Args:
        repository: job storage.
        checker: the DNS checker.
        settings: poll interval, concurrency and DNS timeout come from here.
        clock: returns the current UTC time (tests may pass their own).
        batch_size: rows leased per claim; defaults to ``DNS_CHECK_CONCURRENCY``.
    """

    def __init__(
        self,
        repository: JobRepository,
        checker: DNSChecker,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utcnow,
        batch_size: int | None = None,
    ) -> None:
        self.repository = repository
        self.checker = checker
        self.settings = settings
        self.clock = clock
        self.owner = f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.batch_size = batch_size or settings.dns_check_concurrency
        self._semaphore = asyncio.Semaphore(settings.dns_check_concurrency)
        self.interval = min(1.0, settings.dns_poll_interval_seconds)
        self.lease_seconds = 4 * settings.dns_timeout + 30.0

    async def _check_one(self, job: Claimed) -> CheckResult:
        async with self._semaphore:
            return await self.checker.check(job.type, job.target)

    async def tick(self, max_batches: int = 1000) -> TickStats:
        """Run one tick: expire, then claim, check and store due rows until none is left.

        Two batch loops run side by side, so that one checks DNS while the other talks to the
        database; the shared semaphore still bounds the checks in flight.

        Args:
            max_batches: upper bound of batches per loop in this tick (keeps a tick finite).

        Returns:
            Counters of what happened.
        """
        stats = TickStats()
        stats.expired = await self.repository.expire_overdue(self.clock())
        if stats.expired:
            log_event(logger, "jobs.expired", count=stats.expired)
        await asyncio.gather(*(self._drain(stats, max_batches) for _ in range(2)))
        if stats.checked:
            log_event(
                logger,
                "poller.tick",
                level=logging.DEBUG,
                checked=stats.checked,
                activated=stats.activated,
                transient=stats.transient,
            )
        return stats

    async def _drain(self, stats: TickStats, max_batches: int) -> None:
        for _ in range(max_batches):
            now = self.clock()
            verify = self.settings.active_recheck_seconds
            claimed = await self.repository.claim_due(
                self.owner, now, self.lease_seconds, self.batch_size, active=verify is not None
            )
            if not claimed:
                return
            results = await asyncio.gather(*(self._check_one(job) for job in claimed))
            done = self.clock()
            backoff = self.settings.backoff
            pending = [
                (job, r) for job, r in zip(claimed, results, strict=True) if job.status == "PENDING"
            ]
            active = [
                (job.id, r)
                for job, r in zip(claimed, results, strict=True)
                if job.status == "ACTIVE"
            ]
            next_checks = {
                job.id: done + timedelta(seconds=backoff.delay(job.check_count + 1))
                for job, _ in pending
            }
            verify_at = None if verify is None else done + timedelta(seconds=verify)
            activated = await self.repository.record_results(
                [(job.id, r) for job, r in pending],
                done,
                next_checks,
                self.owner,
                active_next_check_at=verify_at,
            )
            if active and verify_at is not None:
                failed = await self.repository.record_verifications(
                    active, done, verify_at, self.owner, self.settings.active_max_failures
                )
                stats.verified += len(active)
                stats.failed += len(failed)
                for job_id in failed:
                    log_event(logger, "job.failed", id=job_id)
            stats.checked += len(claimed)
            stats.activated += len(activated)
            stats.activated_ids.extend(activated)
            stats.transient += sum(1 for r in results if r.error is not None)
            for job_id in activated:
                log_event(logger, "job.activated", id=job_id)
            if len(claimed) < self.batch_size:
                return

    async def run(self, stop: asyncio.Event) -> None:
        """Tick every second (or every poll interval, if shorter) until ``stop`` is set.

        Errors of one tick (the database being away, say) are logged and the loop goes on.

        Args:
            stop: set it to end the loop after the current tick.
        """
        log_event(logger, "poller.started", owner=self.owner, interval_s=self.interval)
        while not stop.is_set():
            try:
                await self.tick()
            except Exception:
                logger.exception("poller.tick_failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.interval)
        log_event(logger, "poller.stopped", owner=self.owner)
