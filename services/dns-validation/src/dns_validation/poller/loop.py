"""The poller: database-driven ticks inside the service process.

Each tick (1) leases due rows in batches (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), (2) checks
them with bounded concurrency outside any transaction, renewing the short leases while the
checks run, and (3) writes the results conditionally. Beside the ticks, an expiry sweep marks
PENDING rows past ``expires_at`` EXPIRED about every second, whatever the checks are doing. Two
processes sharing one PostgreSQL database never check the same row at once, and nothing stays
PENDING past its expiry after a restart, because expiry is a query, not a timer.

Stopping (``stop`` set, as on SIGTERM) ends claiming at once; the checks in flight get
``DNS_TIMEOUT_MS`` plus one second to finish, their results are stored, and the leases of the
checks abandoned are released so that another process can take the rows at once.
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
from typing import Any

from sqlalchemy.exc import DBAPIError

from dns_validation.core.clock import utcnow
from dns_validation.core.config import Settings
from dns_validation.core.incidents import STORAGE
from dns_validation.core.logging import log_event
from dns_validation.domain.validators import CheckResult
from dns_validation.poller.resolver import DNSChecker
from dns_validation.queue.repository import Claimed, JobRepository, StorageUnavailableError

#: Failures of the database itself: logged once per incident (``storage.unavailable``).
_STORAGE_ERRORS = (StorageUnavailableError, DBAPIError, OSError)

__all__ = ["Poller", "TickStats", "default_lease_seconds", "utcnow"]

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
        released: leases given back unchecked (checks abandoned on stop, or failed).
        activated_ids: the ids of the rows that turned ACTIVE.
    """

    expired: int = 0
    checked: int = 0
    activated: int = 0
    transient: int = 0
    verified: int = 0
    failed: int = 0
    released: int = 0
    activated_ids: list[int] = field(default_factory=list)


class Poller:
    """Checks due jobs until they pass or expire.

    Args:
        repository: job storage.
        checker: the DNS checker.
        settings: poll interval, concurrency and DNS timeout come from here.
        clock: returns the current UTC time (tests may pass their own); it decides which rows
            are due and expired, while leases follow the database's clock.
        batch_size: rows leased per claim; defaults to ``DNS_CHECK_CONCURRENCY``.
        lease_seconds: lease period, renewed every third of it while checks run; defaults to
            :func:`default_lease_seconds`.
        expiry_interval: seconds between two expiry sweeps of :meth:`run` (1).
    """

    def __init__(
        self,
        repository: JobRepository,
        checker: DNSChecker,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utcnow,
        batch_size: int | None = None,
        lease_seconds: float | None = None,
        expiry_interval: float = 1.0,
    ) -> None:
        self.repository = repository
        self.checker = checker
        self.settings = settings
        self.clock = clock
        self.owner = f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.batch_size = batch_size or settings.dns_check_concurrency
        self._semaphore = asyncio.Semaphore(settings.dns_check_concurrency)
        self.interval = min(1.0, settings.dns_poll_interval_seconds)
        self.lease_seconds = (
            lease_seconds if lease_seconds is not None else default_lease_seconds(settings)
        )
        #: Time the checks in flight get to finish once stopping, in seconds.
        self.grace = settings.dns_timeout + 1.0
        self.expiry_interval = expiry_interval

    async def _check_one(self, job: Claimed) -> CheckResult:
        async with self._semaphore:
            return await self.checker.check(job.type, job.target)

    async def expire(self) -> int:
        """Mark PENDING rows past ``expires_at`` EXPIRED (one sweep).

        Returns:
            The number of rows expired.
        """
        expired = await self.repository.expire_overdue(self.clock())
        if expired:
            log_event(logger, "jobs.expired", count=expired)
        return expired

    async def tick(
        self, max_batches: int = 1000, *, stop: asyncio.Event | None = None, expire: bool = True
    ) -> TickStats:
        """Run one tick: expire, then claim, check and store due rows until none is left.

        Two batch loops run side by side, so that one checks DNS while the other talks to the
        database; the shared semaphore still bounds the checks in flight.

        Args:
            max_batches: upper bound of batches per loop in this tick (keeps a tick finite).
            stop: when set, no new batch is claimed and the batch in flight is cut short
                (see :meth:`run`).
            expire: run an expiry sweep first (:meth:`run` sweeps on its own schedule).

        Returns:
            Counters of what happened.
        """
        stats = TickStats()
        if expire:
            stats.expired = await self.expire()
        await asyncio.gather(*(self._drain(stats, max_batches, stop) for _ in range(2)))
        if stats.checked or stats.released:
            log_event(
                logger,
                "poller.tick",
                level=logging.DEBUG,
                checked=stats.checked,
                activated=stats.activated,
                transient=stats.transient,
                released=stats.released,
            )
        return stats

    async def _drain(self, stats: TickStats, max_batches: int, stop: asyncio.Event | None) -> None:
        for _ in range(max_batches):
            if stop is not None and stop.is_set():
                return
            now = self.clock()
            verify = self.settings.active_recheck_seconds
            claimed = await self.repository.claim_due(
                self.owner, now, self.lease_seconds, self.batch_size, active=verify is not None
            )
            if not claimed:
                return
            finished = await self._check_batch(claimed, stop)
            done = self.clock()
            backoff = self.settings.backoff
            pending = [(job, r) for job, r in finished if job.status == "PENDING"]
            active = [(job.id, r) for job, r in finished if job.status == "ACTIVE"]
            next_checks = {
                job.id: done + timedelta(seconds=backoff.delay(job.check_count + 1))
                for job, _ in pending
            }
            verify_at = None if verify is None else done + timedelta(seconds=verify)
            checked = {job.id for job, _ in finished}
            unfinished = [job.id for job in claimed if job.id not in checked]
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
            if unfinished:
                await self.repository.release_leases(self.owner, unfinished)
                stats.released += len(unfinished)
            stats.checked += len(finished)
            stats.activated += len(activated)
            stats.activated_ids.extend(activated)
            stats.transient += sum(1 for _, r in finished if r.error is not None)
            for job_id in activated:
                log_event(logger, "job.activated", id=job_id)
            if len(claimed) < self.batch_size:
                return

    async def _check_batch(
        self, claimed: list[Claimed], stop: asyncio.Event | None
    ) -> list[tuple[Claimed, CheckResult]]:
        """Check ``claimed`` rows, renewing their leases; cut short when ``stop`` is set.

        Args:
            claimed: the rows leased to this poller.
            stop: the stop event, or ``None``.

        Returns:
            ``(row, result)`` of the checks that finished; the others (abandoned on stop, or
            failed unexpectedly, which is logged) are left out.
        """
        tasks = [asyncio.create_task(self._check_one(job)) for job in claimed]
        everything = asyncio.gather(*tasks, return_exceptions=True)
        renewer = asyncio.create_task(self._renew([job.id for job in claimed]))
        stopper = asyncio.create_task(stop.wait()) if stop is not None else None
        try:
            waiting: set[asyncio.Future[Any]] = {everything}
            if stopper is not None:
                waiting.add(stopper)
            await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
            if not everything.done():  # stopping: a bounded wait, then abandon the rest
                await asyncio.wait({everything}, timeout=self.grace)
        finally:
            for task in (*tasks, renewer, *([stopper] if stopper is not None else [])):
                task.cancel()
            await asyncio.gather(everything, renewer, return_exceptions=True)
            if stopper is not None:
                await asyncio.gather(stopper, return_exceptions=True)
        finished: list[tuple[Claimed, CheckResult]] = []
        for job, task in zip(claimed, tasks, strict=True):
            if task.cancelled():
                continue
            error = task.exception()
            if error is not None:
                logger.error(
                    "poller.check_failed", exc_info=error, extra={"fields": {"id": job.id}}
                )
                continue
            finished.append((job, task.result()))
        return finished

    async def _renew(self, ids: list[int]) -> None:
        while True:
            await asyncio.sleep(self.lease_seconds / 3)
            try:
                await self.repository.renew_leases(self.owner, ids, self.lease_seconds)
            except Exception as exc:
                log_event(
                    logger, "poller.lease_renewal_failed", level=logging.WARNING,
                    error=type(exc).__name__,
                )  # fmt: skip

    async def _expiry_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.expire()
            except _STORAGE_ERRORS as exc:
                STORAGE.failed(exc if not isinstance(exc, StorageUnavailableError) else exc.reason)
            except Exception:
                logger.exception("poller.expiry_failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.expiry_interval)

    async def run(self, stop: asyncio.Event) -> None:
        """Tick every second (or every poll interval, if shorter) until ``stop`` is set.

        The expiry sweep runs beside the ticks, every ``expiry_interval`` seconds. Errors of
        one tick or sweep (the database being away, say) are logged and the loop goes on. Once
        ``stop`` is set nothing new is claimed, the checks in flight get :attr:`grace` seconds,
        and the leases of those abandoned are released before this returns.

        Args:
            stop: set it to end the loop.
        """
        log_event(logger, "poller.started", owner=self.owner, interval_s=self.interval)
        expiry = asyncio.create_task(self._expiry_loop(stop), name="dns-expiry")
        try:
            while not stop.is_set():
                try:
                    await self.tick(stop=stop, expire=False)
                except _STORAGE_ERRORS as exc:
                    STORAGE.failed(
                        exc if not isinstance(exc, StorageUnavailableError) else exc.reason
                    )
                except Exception:
                    logger.exception("poller.tick_failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.interval)
        finally:
            if not stop.is_set():
                expiry.cancel()
            await asyncio.gather(expiry, return_exceptions=True)
        log_event(logger, "poller.stopped", owner=self.owner)


def default_lease_seconds(settings: Settings) -> float:
    """The poller's lease period: twice ``DNS_TIMEOUT_MS``, at least 5 and at most 30 seconds.

    Leases are renewed while checks run, so the period only bounds how long the rows of a
    process killed without warning stay unclaimable.

    Args:
        settings: ``DNS_TIMEOUT_MS`` comes from here.

    Returns:
        The period, in seconds.
    """
    return min(30.0, max(5.0, 2 * settings.dns_timeout))
