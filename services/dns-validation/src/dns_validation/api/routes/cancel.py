"""``DELETE /api/requests/{target}?type=``: cancel a job."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse

from dns_validation.api.auth import write_key_accepted
from dns_validation.api.deps import ServicesDep
from dns_validation.api.errors import error_response
from dns_validation.api.schemas import CancelledJob, ErrorBody
from dns_validation.core.clock import iso, utcnow
from dns_validation.core.logging import log_event
from dns_validation.domain.checks import CHECK_TYPES, JobType
from dns_validation.domain.normalize import InvalidTargetError, normalize_target

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = APIRouter(tags=["requests"])

# Every registered check type, by its stored name (matched in any case).
_TYPES: dict[str, JobType] = {kind.name: kind.name for kind in CHECK_TYPES.values()}
_NAMES = list(_TYPES)
_TYPE_ERROR = "type must be " + (
    _NAMES[0] if len(_NAMES) == 1 else ", ".join(_NAMES[:-1]) + " or " + _NAMES[-1]
)


@router.delete(
    "/api/requests/{target}",
    response_model=None,
    responses={
        200: {"model": CancelledJob, "description": "The job is CANCELLED"},
        400: {"model": ErrorBody, "description": "Invalid target or type"},
        401: {"model": ErrorBody, "description": "x-api-key missing or wrong (a token is set)"},
        404: {"model": ErrorBody, "description": "No job for this target and type"},
        409: {"model": ErrorBody, "description": "The job is EXPIRED or FAILED"},
    },
)
async def cancel_request(
    target: str,
    services: ServicesDep,
    type_: Annotated[
        str | None, Query(alias="type", description="A check type: UI or EMAIL")
    ] = None,
    x_api_key: Annotated[
        str | None, Header(description="Required if REQUEST_TOKEN or CHECKDNS_TOKEN is set")
    ] = None,
) -> JSONResponse:
    """Cancel the PENDING or ACTIVE job of ``target`` and ``type``; a new POST restarts it.

    \f

    Args:
        target: the domain from the path; normalised before the lookup.
        services: the application's services.
        type_: the ``type`` query parameter, the stored name of a check type (``UI``,
            ``EMAIL``), in any case.
        x_api_key: the ``x-api-key`` header; one of the tokens when either is set.

    Returns:
        200 with the job's ``id``, ``target``, ``type``, ``status`` (``CANCELLED``) and
        ``updated_at`` (also for a job cancelled before); 401 ``unauthorized``; 400 for a bad
        target or type; 404 ``not_found``; 409 ``not_cancellable`` for an EXPIRED or FAILED
        job.
    """  # noqa: D301 (\f: FastAPI shows only the text above it)
    if not write_key_accepted(services.settings, x_api_key):
        return error_response(401, "unauthorized")
    job_type = _TYPES.get((type_ or "").strip().upper())
    if job_type is None:
        return error_response(400, _TYPE_ERROR)
    try:
        normalized = normalize_target(target)
    except InvalidTargetError as exc:
        return error_response(400, str(exc))
    job = await services.repository.cancel(normalized, job_type, utcnow())
    if job is None:
        return error_response(404, "not_found", target=normalized)
    if job.status != "CANCELLED":
        return error_response(409, "not_cancellable", job_status=job.status)
    log_event(logger, "job.cancelled", id=job.id, target=normalized, type=job_type)
    return JSONResponse(
        {
            "id": job.id,
            "target": normalized,
            "type": job_type,
            "status": job.status,
            "updated_at": iso(job.updated_at),
        }
    )
