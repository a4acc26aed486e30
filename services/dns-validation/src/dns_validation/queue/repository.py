"""Database access for jobs: create, restart, read, expire, claim and write results.

Every state change is a conditional UPDATE (``WHERE status = 'PENDING'`` and, for the poller,
``lease_owner = <this process>``), so concurrent writers never make a double transition.
Claiming uses ``SELECT … FOR UPDATE SKIP LOCKED`` in a subquery on PostgreSQL; on SQLite, where
the clause does not exist, the single ``UPDATE … WHERE id IN (SELECT …) RETURNING`` statement is
atomic under SQLite's one-writer lock.

Lease times come from the database's clock (``clock_timestamp()`` on PostgreSQL, SQLite's
``'now'``), so that hosts whose clocks disagree still agree on when a lease has lapsed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from dns_validation.core.clock import iso
from dns_validation.domain.admission import RESTARTABLE as _RESTARTABLE
from dns_validation.domain.checks import JobType
from dns_validation.domain.schedule import verdict
from dns_validation.domain.validators import CheckResult, cap_result
from dns_validation.queue._sqlite_reader import CompiledRead, SQLiteReader
from dns_validation.queue.models import UTCDateTime, dns_requests

__all__ = [
    "AdmissionRefusedError",
    "Caps",
    "Claimed",
    "DuplicateJobError",
    "Job",
    "JobRepository",
    "StorageUnavailableError",
    "iso",
]

#: Key of the PostgreSQL advisory lock that serialises admissions across processes.
ADMISSION_LOCK = 0x444E5356  # "DNSV"
#: Statuses a new request may restart (rather than get 409), from the admission rules.
RESTARTABLE = tuple(sorted(_RESTARTABLE))
#: Statuses ``DELETE /api/requests/{target}`` may cancel.
CANCELLABLE = ("PENDING", "ACTIVE")

t = dns_requests


class Claimed(NamedTuple):
    """A row leased to the poller.

    Attributes:
        id: the row id.
        target: the normalised target.
        type: the stored check type.
        status: ``PENDING``, or ``ACTIVE`` for a verification.
        check_count: checks since the last (re)start or recheck.
    """

    id: int
    target: str
    type: JobType
    status: str
    check_count: int


class DuplicateJobError(Exception):
    """A row for this target and type already exists (``UNIQUE(target, type)``)."""


class StorageUnavailableError(Exception):
    """The database cannot be written: its SQLite file is gone or was replaced.

    Args:
        reason: what is wrong (no path, no secret).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AdmissionRefusedError(Exception):
    """A new PENDING row would go over a cap; ``reason`` says which.

    Args:
        reason: ``server_busy`` (``MAX_ACTIVE_JOBS``) or ``client_limit``
            (``MAX_PENDING_PER_CLIENT``).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Caps:
    """What bounds the PENDING rows a request may add.

    Attributes:
        max_pending: PENDING rows allowed in the whole table (``MAX_ACTIVE_JOBS``).
        client: the requesting client's address, stored in ``requested_by``.
        max_per_client: PENDING rows one client address may hold; 0 for no cap.
    """

    max_pending: int | None = None
    client: str | None = None
    max_per_client: int = 0


@dataclass(frozen=True, slots=True)
class Job:
    """One row of ``dns_requests`` (lease columns left out)."""

    id: int
    target: str
    type: JobType
    status: str
    created_at: datetime
    updated_at: datetime
    activated_at: datetime | None
    last_checked_at: datetime | None
    next_check_at: datetime | None
    last_check_result_json: str | None
    fail_reason: str | None
    expires_at: datetime
    check_count: int = 0
    degraded_since: datetime | None = None
    consecutive_failures: int = 0

    @property
    def stored_missing(self) -> list[dict[str, Any]] | None:
        """The ``missing`` list of the last stored check, or ``None`` when never checked."""
        if not self.last_check_result_json:
            return None
        try:
            data = json.loads(self.last_check_result_json)
        except ValueError:
            return None
        missing = data.get("missing") if isinstance(data, dict) else None
        return missing if isinstance(missing, list) else None


_JOB_COLUMNS = (
    t.c.id,
    t.c.target,
    t.c.type,
    t.c.status,
    t.c.created_at,
    t.c.updated_at,
    t.c.activated_at,
    t.c.last_checked_at,
    t.c.next_check_at,
    t.c.last_check_result_json,
    t.c.fail_reason,
    t.c.expires_at,
    t.c.check_count,
    t.c.degraded_since,
    t.c.consecutive_failures,
)


def _job(row: Any) -> Job:
    return Job(*row)


# Built once: the values go in as parameters, so SQLAlchemy's compiled cache serves every insert.
_INSERT_RETURNING_ID = sa.insert(t).returning(t.c.id)


def _db_now(dialect: str) -> sa.ColumnElement[Any]:
    """The database's current UTC time, as an SQL expression.

    Args:
        dialect: ``postgresql`` or ``sqlite``.

    Returns:
        ``clock_timestamp()`` on PostgreSQL; on SQLite, its clock as text in the format
        SQLAlchemy stores timestamps in (``YYYY-MM-DD HH:MM:SS.SSS``), so that the two compare.
    """
    return _db_later(dialect, 0.0)


def _db_later(dialect: str, seconds: float) -> sa.ColumnElement[Any]:
    """The database's current UTC time plus ``seconds``, as an SQL expression.

    Args:
        dialect: ``postgresql`` or ``sqlite``.
        seconds: the offset, in seconds.

    Returns:
        The expression (see :func:`_db_now`).
    """
    if dialect == "sqlite":
        return sa.func.strftime("%Y-%m-%d %H:%M:%f", "now", f"{seconds:+.3f} seconds")
    now = sa.func.clock_timestamp()
    if not seconds:
        return now
    return now + sa.literal(timedelta(seconds=seconds), sa.Interval())


def _pending_stmt() -> sa.Select[Any]:
    return sa.select(sa.func.count()).select_from(t).where(t.c.status == "PENDING")


def _bounded_count(cap: Any, *where: Any) -> sa.ScalarSelect[Any]:
    """``count(*)`` of the PENDING rows matching ``where``, reading at most ``cap`` of them.

    The cost is bounded by ``cap`` whatever the size of the table: the partial indexes on
    PENDING rows serve the inner ``SELECT ... LIMIT``.

    Args:
        cap: the most rows to count (an int or a bind parameter).
        *where: more conditions.

    Returns:
        A scalar subquery.
    """
    inner = (
        sa.select(sa.literal(1).label("one"))
        .select_from(t)
        .where(t.c.status == "PENDING", *where)
        .limit(cap)
        .subquery()
    )
    return sa.select(sa.func.count()).select_from(inner).scalar_subquery()


def _cap_conditions(caps: Caps) -> list[Any]:
    conditions: list[Any] = []
    if caps.max_pending is not None:
        conditions.append(_bounded_count(caps.max_pending) < caps.max_pending)
    if caps.max_per_client and caps.client is not None:
        conditions.append(
            _bounded_count(caps.max_per_client, t.c.requested_by == caps.client)
            < caps.max_per_client
        )
    return conditions


def _one_stmt(target: Any, job_type: Any) -> sa.Select[Any]:
    return sa.select(*_JOB_COLUMNS).where(t.c.target == target, t.c.type == job_type)


def _for_target_stmt(target: Any) -> sa.Select[Any]:
    return sa.select(*_JOB_COLUMNS).where(t.c.target == target).order_by(t.c.type.desc())


def _result_json(result: CheckResult, now: datetime, next_check_at: datetime | None) -> str:
    return cap_result(
        {
            "checked_at": iso(now),
            "next_check_at": iso(next_check_at),
            "ok": result.ok,
            "error": result.error,
            "missing": result.missing,
            "dns_snapshot": result.snapshot,
        }
    )


def _fresh_row(
    now: datetime,
    expires_at: datetime,
    next_check_at: datetime,
    result: CheckResult | None,
    active_next_check_at: datetime | None = None,
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "status": "PENDING",
        "created_at": now,
        "updated_at": now,
        "activated_at": None,
        "last_checked_at": None,
        "next_check_at": next_check_at,
        "last_check_result_json": None,
        "fail_reason": None,
        "expires_at": expires_at,
        "lease_owner": None,
        "lease_until": None,
        "check_count": 0,
        "degraded_since": None,
        "consecutive_failures": 0,
    }
    if result is not None:
        values["check_count"] = 1
        values["last_checked_at"] = now
        values["last_check_result_json"] = _result_json(result, now, next_check_at)
        if result.error is not None:
            values["fail_reason"] = f"Transient DNS error: {result.error}"
        if result.ok:
            values.update(status="ACTIVE", activated_at=now, next_check_at=active_next_check_at)
    return values


def _job_from_values(job_id: int, target: str, job_type: JobType, values: dict[str, Any]) -> Job:
    fields = {name: values[name] for name in Job.__dataclass_fields__ if name in values}
    return Job(id=job_id, target=target, type=job_type, **fields)


class JobRepository:
    """Job storage over an async engine.

    Args:
        engine: the SQLAlchemy async engine (SQLite or PostgreSQL).
        fast_reads: on an SQLite file, serve :meth:`for_target` and :meth:`admission` from one
            read-only aiosqlite connection (see ``_sqlite_reader``); call :meth:`aclose` when
            done.
    """

    def __init__(self, engine: AsyncEngine, *, fast_reads: bool = False) -> None:
        self.engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._lock: asyncio.Lock | None = None
        self._reader: SQLiteReader | None = None
        path = engine.url.database
        self._file: str | None = path if self._sqlite and path and path != ":memory:" else None
        self._identity: tuple[int, int] | None = None
        if fast_reads and self._sqlite and path and path != ":memory:":
            self._reader = SQLiteReader(path)
            dialect = engine.dialect
            self._read_target = CompiledRead(_for_target_stmt(sa.bindparam("target")), dialect)
            self._read_pending = CompiledRead(
                sa.select(_bounded_count(sa.bindparam("cap"))), dialect
            )
            self._read_one = CompiledRead(
                _one_stmt(sa.bindparam("target"), sa.bindparam("job_type")), dialect
            )

    async def aclose(self) -> None:
        """Close the fast-read connection, if any (the engine is the caller's)."""
        if self._reader is not None:
            await self._reader.close()

    def check_file(self) -> None:
        """Make sure the SQLite file is still the one this repository started with.

        An open SQLite connection keeps writing to a file that was deleted (or replaced), and
        those writes are lost; this check, run before every write, turns that into an error.
        The first call records the file's identity (device and inode). Nothing is checked on
        PostgreSQL or for an in-memory database.

        Raises:
            StorageUnavailableError: the file is gone or is another file now.
        """
        if self._file is None:
            return
        try:
            info = os.stat(self._file)
        except OSError:
            raise StorageUnavailableError("database file is gone") from None
        identity = (info.st_dev, info.st_ino)
        if self._identity is None:
            self._identity = identity
        elif identity != self._identity:
            raise StorageUnavailableError("database file was replaced")

    @contextlib.asynccontextmanager
    async def _write(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction.

        SQLite has one writer at a time: transactions of this process queue on an asyncio lock
        instead of spinning in SQLite's busy handler, which keeps write latency flat. On SQLite
        the file is checked first (:meth:`check_file`).
        """
        self.check_file()
        if not self._sqlite:
            async with self.engine.begin() as conn:
                yield conn
            return
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock, self.engine.begin() as conn:
            yield conn

    async def ping(self) -> None:
        """Run ``SELECT 1``.

        Returns normally when the database answers. The driver's errors propagate:
        :class:`sqlalchemy.exc.SQLAlchemyError` when the database is unreachable,
        :class:`OSError` when the connection fails.
        """
        async with self.engine.connect() as conn:
            await conn.execute(sa.text("SELECT 1"))

    async def probe_write(self, owner: str) -> None:
        """Commit a write that changes nothing, to learn whether the database accepts writes.

        The probe sets ``updated_at`` of the row with the smallest id to its own value and
        commits (on an empty table it inserts a throw-away row and deletes it again), so SQLite
        must take its write lock and write to its files, and PostgreSQL must not be read-only.

        Args:
            owner: this process's identity, kept in the throw-away row (at most 64 characters).

        The write path's errors propagate: :class:`StorageUnavailableError` when the SQLite
        file is gone or was replaced, the driver's errors when the write fails.
        """
        first = sa.select(sa.func.min(t.c.id)).scalar_subquery()
        touch = sa.update(t).where(t.c.id == first).values(updated_at=t.c.updated_at)
        async with self._write() as conn:
            if (await conn.execute(touch)).rowcount == 0:
                now = datetime.now(UTC)
                await conn.execute(
                    sa.insert(t).values(
                        target="probe.invalid",
                        type="UI",
                        status="FAILED",
                        created_at=now,
                        updated_at=now,
                        expires_at=now,
                        lease_owner=owner[:64],
                    )
                )
                await conn.execute(sa.delete(t).where(t.c.target == "probe.invalid"))

    async def count_pending(self) -> int:
        """Number of PENDING rows (what ``MAX_ACTIVE_JOBS`` bounds).

        Returns:
            The count of rows whose status is PENDING.
        """
        async with self.engine.connect() as conn:
            return int((await conn.execute(_pending_stmt())).scalar_one())

    async def admission(
        self, target: str, job_type: JobType, cap: int = 2**62
    ) -> tuple[int, Job | None]:
        """What a new request needs to know, read on one connection.

        Args:
            target: the normalised target.
            job_type: ``UI`` or ``EMAIL``.
            cap: count PENDING rows up to this many only (``MAX_ACTIVE_JOBS``), so that the
                cost does not grow with the table.

        Returns:
            The number of PENDING rows (at most ``cap``), and the row for ``target`` and
            ``job_type`` if any.
        """
        if self._reader is not None:
            counted = await self._reader.fetch(self._read_pending, cap=cap)
            rows = await self._reader.fetch(self._read_one, target=target, job_type=job_type)
            return int(counted[0][0]), (_job(rows[0]) if rows else None)
        async with self.engine.connect() as conn:
            pending = int((await conn.execute(sa.select(_bounded_count(cap)))).scalar_one())
            row = (await conn.execute(_one_stmt(target, job_type))).first()
        return pending, (_job(row) if row else None)

    async def get(self, target: str, job_type: JobType) -> Job | None:
        """The row for ``target`` and ``job_type``, if any.

        Args:
            target: the normalised target.
            job_type: ``UI`` or ``EMAIL``.

        Returns:
            The job, or ``None`` when no row exists.
        """
        async with self.engine.connect() as conn:
            row = (await conn.execute(_one_stmt(target, job_type))).first()
        return _job(row) if row else None

    async def for_target(self, target: str) -> list[Job]:
        """All rows for ``target`` (at most one per type).

        Args:
            target: the normalised target.

        Returns:
            The jobs of ``target``; empty when it has none.
        """
        if self._reader is not None:
            return [_job(row) for row in await self._reader.fetch(self._read_target, target=target)]
        async with self.engine.connect() as conn:
            return [_job(row) for row in await conn.execute(_for_target_stmt(target))]

    async def create(
        self,
        target: str,
        job_type: JobType,
        now: datetime,
        expires_at: datetime,
        next_check_at: datetime,
        result: CheckResult | None = None,
        caps: Caps | None = None,
        *,
        active_next_check_at: datetime | None = None,
    ) -> Job:
        """Insert a row, with the result of a check already run (ACTIVE if it passed).

        A PENDING row is inserted only if ``caps`` allow one more, checked in the same
        statement (and, on PostgreSQL, under an advisory lock that serialises admissions of
        every process), so that concurrent requests never go over a cap.

        Args:
            target: the normalised target.
            job_type: ``UI`` or ``EMAIL``.
            now: the request time (``created_at``; also the check time when ``result`` is set).
            expires_at: when a still-PENDING row expires.
            next_check_at: when the poller should check the row.
            result: the check run for this request, or ``None`` (PENDING, never checked).
            caps: the caps to respect and the client to record; ``None`` for none.
            active_next_check_at: when an ACTIVE row is verified again (``None``: never).

        Returns:
            The new job.

        Raises:
            DuplicateJobError: a row for this target and type exists.
            AdmissionRefusedError: the row would be PENDING and a cap is reached.
        """
        caps = caps or Caps()
        values = _fresh_row(now, expires_at, next_check_at, result, active_next_check_at)
        row = {"target": target, "type": job_type, "requested_by": caps.client, **values}
        conditions = _cap_conditions(caps) if values["status"] == "PENDING" else []
        try:
            async with self._write() as conn:
                if not conditions:
                    inserted = await conn.execute(_INSERT_RETURNING_ID, row)
                    job_id = int(inserted.scalar_one())
                else:
                    await self._lock_admissions(conn)
                    source = sa.select(
                        *(sa.literal(v, type_=t.c[k].type).label(k) for k, v in row.items())
                    ).where(*conditions)
                    stmt = sa.insert(t).from_select(list(row), source).returning(t.c.id)
                    found = (await conn.execute(stmt)).scalar_one_or_none()
                    if found is None:
                        raise AdmissionRefusedError(await self._refusal(conn, caps))
                    job_id = int(found)
        except IntegrityError:
            raise DuplicateJobError(target, job_type) from None
        return _job_from_values(job_id, target, job_type, values)

    async def _lock_admissions(self, conn: AsyncConnection) -> None:
        if not self._sqlite:
            await conn.execute(sa.select(sa.func.pg_advisory_xact_lock(ADMISSION_LOCK)))

    async def _refusal(self, conn: AsyncConnection, caps: Caps) -> str:
        if caps.max_pending is not None:
            pending = (await conn.execute(sa.select(_bounded_count(caps.max_pending)))).scalar()
            if int(pending or 0) >= caps.max_pending:
                return "server_busy"
        return "client_limit"

    async def restart(
        self,
        job: Job,
        now: datetime,
        expires_at: datetime,
        next_check_at: datetime,
        result: CheckResult | None = None,
        caps: Caps | None = None,
        *,
        active_next_check_at: datetime | None = None,
    ) -> Job | None:
        """Restart an EXPIRED, FAILED or CANCELLED row as a fresh request (see :meth:`create`).

        Args:
            job: the row to restart, as read before; only its ``id``, ``target`` and ``type``
                are used.
            now: the request time (``created_at``; also the check time when ``result`` is set).
            expires_at: when a still-PENDING row expires.
            next_check_at: when the poller should check the row.
            result: the check run for this request, or ``None`` (PENDING, never checked).
            caps: the caps to respect and the client to record; ``None`` for none.
            active_next_check_at: when an ACTIVE row is verified again (``None``: never).

        Returns:
            The restarted job, or ``None`` when the row can no longer be restarted.

        Raises:
            AdmissionRefusedError: the row would be PENDING and a cap is reached.
        """
        caps = caps or Caps()
        values = _fresh_row(now, expires_at, next_check_at, result, active_next_check_at)
        conditions = _cap_conditions(caps) if values["status"] == "PENDING" else []
        stmt = (
            sa.update(t)
            .where(t.c.id == job.id, t.c.status.in_(RESTARTABLE), *conditions)
            .values(requested_by=caps.client, **values)
        )
        async with self._write() as conn:
            if conditions:
                await self._lock_admissions(conn)
            if (await conn.execute(stmt)).rowcount != 1:
                if not conditions:
                    return None
                still = sa.select(t.c.id).where(t.c.id == job.id, t.c.status.in_(RESTARTABLE))
                if (await conn.execute(still)).first() is None:
                    return None
                raise AdmissionRefusedError(await self._refusal(conn, caps))
        return _job_from_values(job.id, job.target, job.type, values)

    async def cancel(self, target: str, job_type: JobType, now: datetime) -> Job | None:
        """Cancel the PENDING or ACTIVE row for ``target`` and ``job_type``.

        A cancelled row is no longer checked; a new request restarts it.

        Args:
            target: the normalised target.
            job_type: ``UI`` or ``EMAIL``.
            now: the time of the cancellation (``updated_at``).

        Returns:
            The row as it is after the call (status ``CANCELLED`` if this call cancelled it),
            or ``None`` when no row exists.
        """
        stmt = (
            sa.update(t)
            .where(t.c.target == target, t.c.type == job_type, t.c.status.in_(CANCELLABLE))
            .values(
                status="CANCELLED",
                updated_at=now,
                next_check_at=None,
                lease_owner=None,
                lease_until=None,
            )
        )
        async with self._write() as conn:
            await conn.execute(stmt)
            row = (await conn.execute(_one_stmt(target, job_type))).first()
        return _job(row) if row else None

    async def expire_overdue(self, now: datetime) -> int:
        """Mark every PENDING row whose ``expires_at`` has passed EXPIRED.

        Args:
            now: the current time; rows with ``expires_at`` at or before it expire, and it
                becomes their ``updated_at``.

        Returns:
            The number of rows expired.
        """
        stmt = (
            sa.update(t)
            .where(t.c.status == "PENDING", t.c.expires_at <= now)
            .values(status="EXPIRED", updated_at=now, lease_owner=None, lease_until=None)
        )
        async with self._write() as conn:
            return int((await conn.execute(stmt)).rowcount)

    async def claim_due(
        self, owner: str, now: datetime, lease_seconds: float, limit: int, *, active: bool = False
    ) -> list[Claimed]:
        """Lease up to ``limit`` due rows to ``owner``.

        A row is free when it has no lease or its ``lease_until`` is before the database's
        clock; the new ``lease_until`` is that clock plus ``lease_seconds``.

        Args:
            owner: this process's lease identifier (at most 64 characters).
            now: the current time; rows whose ``next_check_at`` is at or before it are due.
            lease_seconds: how long the lease protects the rows from other claimers, in
                seconds (renew it with :meth:`renew_leases` while the checks run).
            limit: the batch size.
            active: claim due ACTIVE rows too (verification after ACTIVE); an ACTIVE row
                without ``next_check_at`` (activated while verification was off) is due.

        Returns:
            The claimed rows.
        """
        dialect = self.engine.dialect.name
        pending_due = sa.and_(t.c.status == "PENDING", t.c.next_check_at <= now)
        if active:
            active_due = sa.and_(
                t.c.status == "ACTIVE",
                sa.or_(t.c.next_check_at.is_(None), t.c.next_check_at <= now),
            )
            pending_due = sa.or_(pending_due, active_due)
        due = (
            sa.select(t.c.id)
            .where(
                pending_due,
                sa.or_(t.c.lease_until.is_(None), t.c.lease_until < _db_now(dialect)),
            )
            .order_by(t.c.next_check_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        stmt = (
            sa.update(t)
            .where(t.c.id.in_(due.scalar_subquery()))
            .values(lease_owner=owner, lease_until=_db_later(dialect, lease_seconds))
            .returning(t.c.id, t.c.target, t.c.type, t.c.status, t.c.check_count)
        )
        async with self._write() as conn:
            rows = (await conn.execute(stmt)).all()
        return [Claimed(int(r[0]), str(r[1]), r[2], str(r[3]), int(r[4])) for r in rows]

    async def renew_leases(self, owner: str, ids: Sequence[int], lease_seconds: float) -> int:
        """Push the leases ``owner`` holds on ``ids`` to the database's clock plus a period.

        Args:
            owner: the lease owner.
            ids: the rows being checked.
            lease_seconds: the new lease period, in seconds from now (database clock).

        Returns:
            The number of leases renewed (rows no longer PENDING or ACTIVE, or leased
            elsewhere, are left alone).
        """
        if not ids:
            return 0
        stmt = (
            sa.update(t)
            .where(
                t.c.id.in_(list(ids)),
                t.c.lease_owner == owner,
                t.c.status.in_(("PENDING", "ACTIVE")),
            )
            .values(lease_until=_db_later(self.engine.dialect.name, lease_seconds))
        )
        async with self._write() as conn:
            return int((await conn.execute(stmt)).rowcount)

    async def release_leases(self, owner: str, ids: Sequence[int]) -> int:
        """Give up the leases ``owner`` holds on ``ids``, so that any process may claim them.

        Args:
            owner: the lease owner.
            ids: the rows whose check did not finish.

        Returns:
            The number of leases released.
        """
        if not ids:
            return 0
        stmt = (
            sa.update(t)
            .where(t.c.id.in_(list(ids)), t.c.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        )
        async with self._write() as conn:
            return int((await conn.execute(stmt)).rowcount)

    async def database_now(self) -> datetime:
        """The database's clock (the one leases are measured by).

        Returns:
            The current time according to the database, timezone-aware UTC.
        """
        stmt = sa.select(sa.type_coerce(_db_now(self.engine.dialect.name), UTCDateTime))
        async with self.engine.connect() as conn:
            value = (await conn.execute(stmt)).scalar_one()
        assert isinstance(value, datetime)
        return value

    async def record_results(
        self,
        results: Sequence[tuple[int, CheckResult]],
        now: datetime,
        next_check_at: datetime | Mapping[int, datetime],
        owner: str | None,
        *,
        active_next_check_at: datetime | None = None,
    ) -> list[int]:
        """Store check results of PENDING rows; rows whose check passed turn ACTIVE.

        Each write is conditional: the row must still be PENDING and leased to ``owner``
        (``owner=None``: not leased, as for the check a POST runs at once). A transient error
        fills ``fail_reason`` and keeps the row PENDING. The lease is released.

        Args:
            results: ``(job id, result)`` pairs.
            now: the check time (``last_checked_at``).
            next_check_at: when the poller should check the rows again, one time for all or
                per row id (the backoff).
            owner: the lease owner, or ``None``.
            active_next_check_at: when a row that turned ACTIVE is verified again
                (``None``: never).

        Returns:
            The ids that turned ACTIVE.
        """

        def next_for(job_id: int) -> datetime:
            return next_check_at if isinstance(next_check_at, datetime) else next_check_at[job_id]

        lease = t.c.lease_owner.is_(None) if owner is None else t.c.lease_owner == owner
        activated: list[int] = []
        params = []
        async with self._write() as conn:
            for job_id, result in results:
                payload = _result_json(result, now, next_for(job_id))
                if result.ok:
                    stmt = (
                        sa.update(t)
                        .where(t.c.id == job_id, t.c.status == "PENDING", lease)
                        .where(t.c.expires_at > now)
                        .values(
                            status="ACTIVE",
                            updated_at=now,
                            activated_at=now,
                            last_checked_at=now,
                            next_check_at=active_next_check_at,
                            last_check_result_json=payload,
                            fail_reason=None,
                            lease_owner=None,
                            lease_until=None,
                            check_count=t.c.check_count + 1,
                        )
                    )
                    if (await conn.execute(stmt)).rowcount == 1:
                        activated.append(job_id)
                    continue
                reason = None if result.error is None else f"Transient DNS error: {result.error}"
                params.append(
                    {
                        "b_id": job_id,
                        "b_json": payload,
                        "b_reason": reason,
                        "b_next": next_for(job_id),
                    }
                )
            if params:
                stmt = (
                    sa.update(t)
                    .where(t.c.id == sa.bindparam("b_id"), t.c.status == "PENDING", lease)
                    .values(
                        updated_at=sa.bindparam("b_now", type_=UTCDateTime),
                        last_checked_at=sa.bindparam("b_now", type_=UTCDateTime),
                        next_check_at=sa.bindparam("b_next", type_=UTCDateTime),
                        last_check_result_json=sa.bindparam("b_json"),
                        fail_reason=sa.bindparam("b_reason"),
                        lease_owner=None,
                        lease_until=None,
                        check_count=t.c.check_count + 1,
                    )
                )
                for p in params:
                    p["b_now"] = now
                await conn.execute(stmt, params)
        return activated

    async def record_verifications(
        self,
        results: Sequence[tuple[int, CheckResult]],
        now: datetime,
        next_check_at: datetime | None,
        owner: str | None,
        max_failures: int,
    ) -> list[int]:
        """Store re-checks of ACTIVE rows (verification after ACTIVE).

        A pass clears ``degraded_since`` and the failure count; a failure sets
        ``degraded_since`` (if not yet set), adds one to ``consecutive_failures`` and stores the
        findings, and the row becomes FAILED when the count reaches ``max_failures``; a check
        with a transient DNS error changes neither. Each write is conditional on the row
        still being ACTIVE and leased to ``owner`` (``None``: not leased). The lease is released.

        Args:
            results: ``(job id, result)`` pairs.
            now: the check time.
            next_check_at: when the rows that stay ACTIVE are verified again (``None``: never,
                verification is off).
            owner: the lease owner, or ``None``.
            max_failures: ``ACTIVE_MAX_FAILURES``.

        Returns:
            The ids that became FAILED.
        """
        lease = t.c.lease_owner.is_(None) if owner is None else t.c.lease_owner == owner
        failed: list[int] = []
        async with self._write() as conn:
            for job_id, result in results:
                outcome = verdict(result.ok, result.error)
                values: dict[str, Any] = {
                    "updated_at": now,
                    "last_checked_at": now,
                    "next_check_at": next_check_at,
                    "last_check_result_json": _result_json(result, now, next_check_at),
                    "lease_owner": None,
                    "lease_until": None,
                }
                if outcome == "passed":
                    values.update(degraded_since=None, consecutive_failures=0, fail_reason=None)
                elif outcome == "transient":
                    values["fail_reason"] = f"Transient DNS error: {result.error}"
                else:
                    count = t.c.consecutive_failures + 1
                    values.update(
                        degraded_since=sa.func.coalesce(
                            t.c.degraded_since, sa.bindparam("b_deg", now, type_=UTCDateTime)
                        ),
                        consecutive_failures=count,
                        status=sa.case((count >= max_failures, "FAILED"), else_="ACTIVE"),
                        fail_reason=sa.case(
                            (
                                count >= max_failures,
                                f"DNS records no longer pass ({max_failures} re-checks in a row)",
                            ),
                            else_="DNS records no longer pass",
                        ),
                    )
                stmt = (
                    sa.update(t)
                    .where(t.c.id == job_id, t.c.status == "ACTIVE", lease)
                    .values(**values)
                    .returning(t.c.status)
                )
                row = (await conn.execute(stmt)).first()
                if row is not None and row[0] == "FAILED":
                    failed.append(job_id)
        return failed

    async def reset_schedule(self, job_id: int, next_check_at: datetime) -> None:
        """Restart the backoff of a PENDING row (a recheck ran): no checks counted yet.

        Args:
            job_id: the row.
            next_check_at: when the poller checks it next.
        """
        stmt = (
            sa.update(t)
            .where(t.c.id == job_id, t.c.status == "PENDING")
            .values(check_count=1, next_check_at=next_check_at)
        )
        async with self._write() as conn:
            await conn.execute(stmt)
