"""``POST /request/ui`` and ``POST /request/email``: create (or restart) a validation job."""

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
from dns_validation.core.logging import log_event
from dns_validation.domain.normalize import InvalidTargetError, normalize_target
from dns_validation.domain.validators import JobType
from dns_validation.poller.loop import utcnow
from dns_validation.queue.repository import (
    RESTARTABLE,
    AdmissionRefusedError,
    Caps,
    DuplicateJobError,
    iso,
)

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


def _busy() -> JSONResponse:
    return error_response(503, "server_busy", message="Too many active jobs")


def _client_cap() -> JSONResponse:
    return error_response(429, "too_many_pending", message="Too many pending jobs for this client")


async def create_job(
    services: Services,
    job_type: JobType,
    raw_target: str,
    *,
    client: str | None = None,
    api_key: str | None = None,
) -> JSONResponse:
    """Create or restart the job for ``raw_target`` and check its DNS at once.

    Order: API key (401), then the original service's: normalise (400), PENDING count (503),
    cooldown (429), duplicate (409), then one immediate check: 200 ACTIVE when it passes,
    else 202 PENDING. An EXPIRED, FAILED or CANCELLED row is restarted; a PENDING or ACTIVE
    row is a duplicate. The check runs before the row is written, so that each request costs
    one write; that write re-checks ``MAX_ACTIVE_JOBS`` (503) and ``MAX_PENDING_PER_CLIENT``
    (429) atomically.

    Args:
        services: the application's services.
        job_type: ``UI`` or ``EMAIL``.
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
    if pending >= settings.max_active_jobs:
        return _busy()
    now = utcnow()
    if existing is not None:
        age = (now - existing.created_at).total_seconds()
        if age < settings.target_cooldown_seconds:
            return error_response(429, "target is in cooldown window")
    duplicate = error_response(409, f"Duplicate request for {job_type} {target}")
    if existing is not None and existing.status not in RESTARTABLE:
        return duplicate
    # The check runs before the write, so that the row is written once, with its result.
    result = None
    try:
        result = await services.checker.check(job_type, target)
    except Exception:
        logger.exception("job.immediate_check_failed", extra={"fields": {"target": target}})
    checked = utcnow()
    expires_at = checked + timedelta(seconds=settings.job_max_age_seconds)
    next_check = checked + timedelta(seconds=settings.dns_poll_interval_seconds)
    if result is None:
        next_check = checked  # due at once: let the poller try
    try:
        if existing is None:
            try:
                job = await repo.create(
                    target, job_type, checked, expires_at, next_check, result, caps
                )
            except DuplicateJobError:
                return duplicate
            log_event(logger, "job.created", id=job.id, target=target, type=job_type)
        else:
            restarted = await repo.restart(existing, checked, expires_at, next_check, result, caps)
            if restarted is None:
                return duplicate
            job = restarted
            log_event(logger, "job.restarted", id=job.id, target=target, type=job_type)
    except AdmissionRefusedError as refused:
        if refused.reason == "server_busy":
            return _busy()
        return _client_cap()
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


@router.post("/request/ui", status_code=202, responses=_DOC, response_model=None)
async def request_ui(
    body: TargetRequest,
    services: ServicesDep,
    request: Request,
    x_api_key: _ApiKey = None,
) -> JSONResponse:
    """Start UI validation: the CNAME chain of ``target`` must reach ``UI_CNAME_EXPECTED``.

    \f

    Args:
        body: the JSON body; its ``target`` is the domain to validate.
        services: the application's services.
        request: the request; its client address is recorded with the job.
        x_api_key: the ``x-api-key`` header.

    Returns:
        The answer of :func:`create_job` for a ``UI`` job.
    """  # noqa: D301 (\f: FastAPI shows only the text above it)
    return await create_job(
        services, "UI", body.target, client=client_address(request), api_key=x_api_key
    )


@router.post("/request/email", status_code=202, responses=_DOC, response_model=None)
async def request_email(
    body: TargetRequest,
    services: ServicesDep,
    request: Request,
    x_api_key: _ApiKey = None,
) -> JSONResponse:
    """Start e-mail validation: MX, SPF and DMARC records of ``target``.

    \f

    Args:
        body: the JSON body; its ``target`` is the domain to validate.
        services: the application's services.
        request: the request; its client address is recorded with the job.
        x_api_key: the ``x-api-key`` header.

    Returns:
        The answer of :func:`create_job` for an ``EMAIL`` job.
    """  # noqa: D301 (\f: FastAPI shows only the text above it)
    return await create_job(
        services, "EMAIL", body.target, client=client_address(request), api_key=x_api_key
    )
