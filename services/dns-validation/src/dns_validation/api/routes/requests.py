"""``POST /request/<slug>``, one route per check type: create (or restart) a validation job."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from dns_validation.api.deps import Services, ServicesDep
from dns_validation.api.errors import error_response
from dns_validation.api.schemas import ErrorBody, RequestCreated, TargetRequest
from dns_validation.core.clock import iso, utcnow
from dns_validation.core.logging import log_event
from dns_validation.domain.admission import Refusal, admit, duplicate, schedule
from dns_validation.domain.checks import CHECK_TYPES, CheckType, JobType
from dns_validation.domain.normalize import InvalidTargetError, normalize_target
from dns_validation.queue.repository import DuplicateJobError

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = APIRouter(tags=["requests"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Invalid JSON, body or target"},
    409: {"model": ErrorBody, "description": "A PENDING or ACTIVE job exists for target+type"},
    413: {"model": ErrorBody, "description": "Body over 10 kB"},
    415: {"model": ErrorBody, "description": "Content-Type is not application/json"},
    429: {"model": ErrorBody, "description": "Rate limit (with Retry-After) or target cooldown"},
    503: {"model": ErrorBody, "description": "Too many PENDING jobs"},
    500: {"model": ErrorBody, "description": "Internal error"},
}
_DOC = {
    200: {"model": RequestCreated, "description": "DNS already correct: ACTIVE"},
    202: {"model": RequestCreated, "description": "Job created or restarted: PENDING"},
    **_ERRORS,
}


def _answer(refusal: Refusal) -> JSONResponse:
    if refusal.message is None:
        return error_response(refusal.status, refusal.error)
    return error_response(refusal.status, refusal.error, message=refusal.message)


async def create_job(services: Services, job_type: JobType, raw_target: str) -> JSONResponse:
    """Create or restart the job for ``raw_target`` and check its DNS at once.

    Normalisation (400) comes first, then the admission rules of
    :func:`dns_validation.domain.admission.admit` (503, 429, 409), then one immediate check:
    200 ACTIVE when it passes, else 202 PENDING. The check runs before the row is written, so
    that each request costs one write.

    Args:
        services: the application's services.
        job_type: a stored check type (``UI``, ``EMAIL``).
        raw_target: the ``target`` from the body.

    Returns:
        The JSON answer.
    """
    settings = services.settings
    repo = services.repository
    try:
        target = normalize_target(raw_target)
    except InvalidTargetError as exc:
        return error_response(400, str(exc))
    pending, existing = await repo.admission(target, job_type)
    refusal = admit(
        job_type=job_type,
        target=target,
        pending=pending,
        max_pending=settings.max_active_jobs,
        existing_status=None if existing is None else existing.status,
        existing_created_at=None if existing is None else existing.created_at,
        now=utcnow(),
        cooldown_seconds=settings.target_cooldown_seconds,
    )
    if refusal is not None:
        return _answer(refusal)
    # The check runs before the write, so that the row is written once, with its result.
    result = None
    try:
        result = await services.checker.check(job_type, target)
    except Exception:
        logger.exception("job.immediate_check_failed", extra={"fields": {"target": target}})
    checked = utcnow()
    times = schedule(
        checked,
        settings.job_max_age_seconds,
        settings.backoff.delay(1),
        checked_ok=result is not None,
    )
    verify = settings.active_recheck_seconds
    verify_at = None if verify is None else checked + timedelta(seconds=verify)
    if existing is None:
        try:
            job = await repo.create(
                target,
                job_type,
                checked,
                times.expires_at,
                times.next_check_at,
                result,
                active_next_check_at=verify_at,
            )
        except DuplicateJobError:
            return _answer(duplicate(job_type, target))
        log_event(logger, "job.created", id=job.id, target=target, type=job_type)
    else:
        restarted = await repo.restart(
            existing,
            checked,
            times.expires_at,
            times.next_check_at,
            result,
            active_next_check_at=verify_at,
        )
        if restarted is None:
            return _answer(duplicate(job_type, target))
        job = restarted
        log_event(logger, "job.restarted", id=job.id, target=target, type=job_type)
    status = job.status
    if status == "ACTIVE":
        log_event(logger, "job.activated", id=job.id, target=target, type=job_type)
    body = {
        "id": job.id,
        "target": target,
        "type": job_type,
        "status": status,
        "expires_at": iso(job.expires_at),
    }
    return JSONResponse(body, status_code=200 if status == "ACTIVE" else 202)


def _route(kind: CheckType) -> None:
    async def endpoint(body: TargetRequest, services: ServicesDep) -> JSONResponse:
        return await create_job(services, kind.name, body.target)

    endpoint.__name__ = f"request_{kind.slug}"
    endpoint.__doc__ = f"Start validation of a {kind.title}."
    router.post(kind.path, status_code=202, responses=_DOC, response_model=None)(endpoint)


for _kind in CHECK_TYPES.values():
    _route(_kind)
