"""``POST /api/recheck/{target}``: check a target's jobs now and restart their backoff."""

from __future__ import annotations

import logging
import math
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse

from dns_validation.api.deps import ServicesDep
from dns_validation.api.errors import error_response
from dns_validation.api.routes.checkdns import answer, authorized
from dns_validation.api.schemas import CheckDNSResponse, ErrorBody
from dns_validation.core.clock import utcnow
from dns_validation.core.logging import log_event
from dns_validation.domain.checks import CHECK_TYPES
from dns_validation.domain.normalize import InvalidTargetError, normalize_target

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = APIRouter(tags=["checkdns"])

_SLUGS = {kind.slug: kind.name for kind in CHECK_TYPES.values()}


@router.post(
    "/api/recheck/{target}",
    response_model=None,
    responses={
        200: {"model": CheckDNSResponse, "description": "Checked now; the GET answer"},
        400: {"model": ErrorBody, "description": "Invalid target or type"},
        401: {"model": ErrorBody, "description": "x-api-key missing or wrong"},
        404: {"model": ErrorBody, "description": "No job for this target (and type)"},
        429: {"model": ErrorBody, "description": "Rechecked too recently (with Retry-After)"},
        500: {"model": ErrorBody, "description": "Internal error"},
    },
)
async def recheck(
    target: str,
    services: ServicesDep,
    type_: Annotated[
        str | None, Query(alias="type", description="Only this check type: ui or email.")
    ] = None,
    x_api_key: Annotated[str | None, Header(description="Required if CHECKDNS_TOKEN is set")] = (
        None
    ),
) -> JSONResponse:
    """Check the jobs of ``target`` now, store the results, and answer like the GET.

    A PENDING job that passes turns ACTIVE; one that does not starts its backoff again from
    the first wait. An ACTIVE job is verified (a failure counts towards
    ``ACTIVE_MAX_FAILURES``). An EXPIRED, FAILED or CANCELLED job is checked and shown, not
    changed: a new request restarts it. One target can be rechecked once per
    ``RECHECK_MIN_INTERVAL_SECONDS`` per process.

    \f

    Args:
        target: the domain from the path; normalised first.
        services: the application's services.
        type_: the ``type`` query parameter, a check type's slug (``ui``, ``email``), or
            ``None`` for every job of the target.
        x_api_key: the ``x-api-key`` header; compared with ``CHECKDNS_TOKEN`` when that is set.

    Returns:
        200 with the GET answer built from the fresh checks; 401 ``unauthorized``; 400 for an
        invalid target or type; 404 ``not_found`` when the target has no such job; 429
        ``rate_limited`` with ``Retry-After`` when the target was rechecked too recently.
    """  # noqa: D301 (\f: FastAPI shows only the text above it)
    if not authorized(services, x_api_key):
        return error_response(401, "unauthorized")
    try:
        normalized = normalize_target(target)
    except InvalidTargetError as exc:
        return error_response(400, str(exc))
    if type_ is not None and type_.lower() not in _SLUGS:
        return error_response(400, f"type must be one of {', '.join(_SLUGS)}")
    repo = services.repository
    jobs = await repo.for_target(normalized)
    if type_ is not None:
        jobs = [job for job in jobs if job.type == _SLUGS[type_.lower()]]
    if not jobs:
        return error_response(404, "not_found", target=normalized)
    throttle = services.recheck_throttle
    key = f"{normalized}:{type_ or ''}"
    if not throttle.allow(key):
        retry = max(1, math.ceil(throttle.retry_after(key)))
        return error_response(
            429,
            "rate_limited",
            headers={"Retry-After": str(retry)},
            message="This target was rechecked moments ago",
        )
    settings = services.settings
    fresh: dict[int, list[dict[str, Any]]] = {}
    for job in jobs:
        result = await services.checker.check(job.type, job.target)
        fresh[job.id] = result.missing
        now = utcnow()
        verify = settings.active_recheck_seconds
        verify_at = None if verify is None else now + timedelta(seconds=verify)
        if job.status == "PENDING":
            first = now + timedelta(seconds=settings.backoff.delay(1))
            activated = await repo.record_results(
                [(job.id, result)], now, first, None, active_next_check_at=verify_at
            )
            await repo.reset_schedule(job.id, first)
            if activated:
                log_event(logger, "job.activated", id=job.id, target=job.target, type=job.type)
        elif job.status == "ACTIVE":
            failed = await repo.record_verifications(
                [(job.id, result)], now, verify_at, None, settings.active_max_failures
            )
            if failed:
                log_event(logger, "job.failed", id=job.id, target=job.target, type=job.type)
    log_event(logger, "target.rechecked", target=normalized, jobs=len(jobs))
    current = [job for job in await repo.for_target(normalized) if job.id in fresh]
    return await answer(services, normalized, current, fresh)
