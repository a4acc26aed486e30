"""``POST /request/<slug>``, one route per check type: create (or restart) a validation job."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse

from dns_validation.api.auth import write_key_accepted
from dns_validation.api.deps import Services, ServicesDep
from dns_validation.api.errors import error_response
from dns_validation.api.schemas import ErrorBody, RequestCreated, TargetRequest
from dns_validation.core.clock import iso, utcnow
from dns_validation.core.logging import log_event
from dns_validation.domain.admission import Refusal, admit, cap_refusal, duplicate, schedule
from dns_validation.domain.checks import CHECK_TYPES, CheckType, JobType
from dns_validation.domain.normalize import InvalidTargetError, normalize_target
from dns_validation.queue.repository import AdmissionRefusedError, Caps, DuplicateJobError

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = APIRouter(tags=["requests"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Invalid JSON, body or target"},
    401: {"model": ErrorBody, "description": "x-api-key missing or wrong (a token is set)"},
    409: {"model": ErrorBody, "description": "A PENDING or ACTIVE job exists for target+type"},
    413: {"model": ErrorBody, "description": "Body over 10 kB"},
    415: {"model": ErrorBody, "description": "Content-Type is not application/json"},
    429: {
        "model": ErrorBody,
        "description": "Rate limit (with Retry-After), target cooldown or per-client cap",
    },
    503: {"model": ErrorBody, "description": "Too many PENDING jobs"},
    500: {"model": ErrorBody, "description": "Internal error"},
}
_DOC = {
    200: {"model": RequestCreated, "description": "DNS already correct: ACTIVE"},
    202: {"model": RequestCreated, "description": "Job created or restarted: PENDING"},
    **_ERRORS,
}


_ApiKey = Annotated[
    str | None, Header(description="Required if REQUEST_TOKEN or CHECKDNS_TOKEN is set")
]


def client_address(request: Request) -> str | None:
    """The client's address as the service sees it.

    Args:
        request: the request.

    Returns:
        The peer address, or ``None`` when the server does not know it.
    """
    return request.client.host if request.client else None


def _answer(refusal: Refusal) -> JSONResponse:
    if refusal.message is None:
        return error_response(refusal.status, refusal.error)
    return error_response(refusal.status, refusal.error, message=refusal.message)


async def create_job(
    services: Services,
    job_type: JobType,
    raw_target: str,
    *,
    client: str | None = None,
    api_key: str | None = None,
) -> JSONResponse:
    """Create or restart the job for ``raw_target`` and check its DNS at once.

    The API key comes first (401), then normalisation (400), then the admission rules of
    :func:`dns_validation.domain.admission.admit` (503, 429, 409), then one immediate check:
    200 ACTIVE when it passes, else 202 PENDING. An EXPIRED, FAILED or CANCELLED row is
    restarted; a PENDING or ACTIVE row is a duplicate. The check runs before the row is
    written, so that each request costs one write; that write re-checks ``MAX_ACTIVE_JOBS``
    (503) and ``MAX_PENDING_PER_CLIENT`` (429) atomically, answered through
    :func:`dns_validation.domain.admission.cap_refusal`.

    Args:
        services: the application's services.
        job_type: a stored check type (``UI``, ``EMAIL``).
        raw_target: the ``target`` from the body.
        client: the client's address (stored with the job, for the per-client cap).
        api_key: the ``x-api-key`` header, or ``None``.

    Returns:
        The JSON answer.
    """
    settings = services.settings
    repo = services.repository
    if not write_key_accepted(settings, api_key):
        return error_response(401, "unauthorized")
    try:
        target = normalize_target(raw_target)
    except InvalidTargetError as exc:
        return error_response(400, str(exc))
    caps = Caps(settings.max_active_jobs, client, settings.max_pending_per_client)
    pending, existing = await repo.admission(target, job_type, settings.max_active_jobs)
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
    try:
        if existing is None:
            try:
                job = await repo.create(
                    target,
                    job_type,
                    checked,
                    times.expires_at,
                    times.next_check_at,
                    result,
                    caps,
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
                caps,
                active_next_check_at=verify_at,
            )
            if restarted is None:
                return _answer(duplicate(job_type, target))
            job = restarted
            log_event(logger, "job.restarted", id=job.id, target=target, type=job_type)
    except AdmissionRefusedError as refused:
        return _answer(cap_refusal(refused.reason))
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
    async def endpoint(
        body: TargetRequest,
        services: ServicesDep,
        request: Request,
        x_api_key: _ApiKey = None,
    ) -> JSONResponse:
        return await create_job(
            services, kind.name, body.target, client=client_address(request), api_key=x_api_key
        )

    endpoint.__name__ = f"request_{kind.slug}"
    endpoint.__doc__ = f"Start validation of a {kind.title}."
    router.post(kind.path, status_code=202, responses=_DOC, response_model=None)(endpoint)


for _kind in CHECK_TYPES.values():
    _route(_kind)
