"""Admission rules of a new request: which answer a request gets before any DNS is asked.

The order is the original service's: the PENDING count (503), the target's cooldown (429), a
live duplicate (409). Only an EXPIRED, FAILED or CANCELLED job may be restarted. The rules
are pure; the route reads the inputs and writes the outcome. The caps are checked twice: once
here, from a count read before the DNS check, and again by the write itself, atomically; a
write refused by a cap is answered through :func:`cap_refusal`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["RESTARTABLE", "Refusal", "Schedule", "admit", "cap_refusal", "duplicate", "schedule"]

#: Statuses a new request restarts; any other existing job is a duplicate.
RESTARTABLE = frozenset({"EXPIRED", "FAILED", "CANCELLED"})


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a request is refused.

    Attributes:
        status: the HTTP status (503, 429 or 409).
        error: the ``error`` text of the answer.
        message: the ``message`` text, when the answer has one.
    """

    status: int
    error: str
    message: str | None = None


def duplicate(job_type: str, target: str) -> Refusal:
    """The 409 answer for a live job of the same target and type.

    Args:
        job_type: the stored type (``UI``, ``EMAIL``).
        target: the normalised target.

    Returns:
        The refusal.
    """
    return Refusal(409, f"Duplicate request for {job_type} {target}")


def cap_refusal(reason: str) -> Refusal:
    """The answer for a write the database refused because a cap was reached.

    Args:
        reason: ``server_busy`` (``MAX_ACTIVE_JOBS``) or ``client_limit``
            (``MAX_PENDING_PER_CLIENT``).

    Returns:
        503 ``server_busy`` for the first, 429 ``too_many_pending`` for the second.
    """
    if reason == "server_busy":
        return Refusal(503, "server_busy", "Too many active jobs")
    return Refusal(429, "too_many_pending", "Too many pending jobs for this client")


def admit(
    *,
    job_type: str,
    target: str,
    pending: int,
    max_pending: int,
    existing_status: str | None,
    existing_created_at: datetime | None,
    now: datetime,
    cooldown_seconds: float,
) -> Refusal | None:
    """Decide whether a request for ``target`` may create or restart a job.

    Args:
        job_type: the stored type (``UI``, ``EMAIL``).
        target: the normalised target.
        pending: how many PENDING jobs exist.
        max_pending: ``MAX_ACTIVE_JOBS``.
        existing_status: the status of the existing job for target and type, or ``None``.
        existing_created_at: when that job was created (or last restarted), or ``None``.
        now: the current time.
        cooldown_seconds: ``TARGET_COOLDOWN_SECONDS``.

    Returns:
        ``None`` when the request may go on, else the refusal to answer.
    """
    if pending >= max_pending:
        return Refusal(503, "server_busy", "Too many active jobs")
    if existing_created_at is not None:
        age = (now - existing_created_at).total_seconds()
        if age < cooldown_seconds:
            return Refusal(429, "target is in cooldown window")
    if existing_status is not None and existing_status not in RESTARTABLE:
        return duplicate(job_type, target)
    return None


@dataclass(frozen=True, slots=True)
class Schedule:
    """The times written with a new or restarted job.

    Attributes:
        expires_at: when a still-PENDING job becomes EXPIRED.
        next_check_at: when the poller checks it next.
    """

    expires_at: datetime
    next_check_at: datetime


def schedule(
    checked: datetime, max_age_seconds: float, first_delay: float, *, checked_ok: bool
) -> Schedule:
    """The schedule of a job whose immediate check ran (or failed) at ``checked``.

    Args:
        checked: when the immediate check ended.
        max_age_seconds: ``DNS_JOB_MAX_AGE_HOURS`` in seconds.
        first_delay: seconds from the first check to the next (the backoff's first wait).
        checked_ok: the immediate check ran (whatever it found); when it failed unexpectedly
            the job is due at once, for the poller to try.

    Returns:
        The expiry and next check times.
    """
    next_check = checked + timedelta(seconds=first_delay) if checked_ok else checked
    return Schedule(checked + timedelta(seconds=max_age_seconds), next_check)
