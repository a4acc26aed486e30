"""``GET /api/checkdns/{target}``: status and missing DNS items of a target's jobs."""

from __future__ import annotations

import hmac
import logging
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse

from dns_validation.api.deps import Services, ServicesDep
from dns_validation.api.errors import error_response
from dns_validation.api.schemas import CheckDNSResponse, ErrorBody
from dns_validation.core.clock import iso, utcnow
from dns_validation.domain.checks import CHECK_TYPES, fallback_missing
from dns_validation.domain.normalize import InvalidTargetError, normalize_target
from dns_validation.domain.validators import Expectations
from dns_validation.queue.repository import Job

__all__ = ["answer", "answer_body", "authorized", "router"]

logger = logging.getLogger(__name__)
router = APIRouter(tags=["checkdns"])


def authorized(services: Services, api_key: str | None) -> bool:
    """Whether a request may read a target's jobs: no ``CHECKDNS_TOKEN``, or the same key.

    Args:
        services: the application's services.
        api_key: the ``x-api-key`` header, if any; compared in constant time.

    Returns:
        ``True`` when the request is allowed.
    """
    token = services.settings.checkdns_token
    if token is None:
        return True
    if api_key is None:
        return False
    return hmac.compare_digest(api_key.encode(), token.get_secret_value().encode())


async def _missing(services: Services, job: Job, expected: Expectations) -> list[dict[str, Any]]:
    stored = job.stored_missing
    if stored is not None:
        return stored
    interval = services.settings.checkdns_min_interval_seconds
    recent = (
        job.last_checked_at is not None
        and (utcnow() - job.last_checked_at).total_seconds() < interval
    )
    if recent:
        reason = f"not checked now: the job was checked less than {interval:g} s ago"
    elif not services.throttle.allow(f"{job.type}:{job.target}"):
        reason = (
            f"not checked now: a read-only check of this job ran less than {interval:g} s ago"
            " (CHECKDNS_MIN_INTERVAL_SECONDS)"
        )
    else:
        try:
            result = await services.checker.check(job.type, job.target)
        except Exception:
            logger.exception("checkdns.read_only_check_failed", extra={"fields": {"id": job.id}})
            reason = "not checked: the DNS check failed unexpectedly; the poller tries again"
        else:
            missing: list[dict[str, Any]] = result.missing
            return missing
    return fallback_missing(job.type, job.target, expected, reason)


def _view(job: Job, missing: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "status": job.status,
        "id": job.id,
        "created_at": iso(job.created_at),
        "expires_at": iso(job.expires_at),
        "last_checked_at": iso(job.last_checked_at),
        "next_check_at": iso(job.next_check_at),
        "degraded_since": iso(job.degraded_since),
        "consecutive_failures": job.consecutive_failures,
        "missing": missing,
    }


def _pick(values: list[datetime | None], fn: Any) -> str | None:
    present = [v for v in values if v is not None]
    return iso(fn(present)) if present else None


@router.get(
    "/api/checkdns/{target}",
    response_model=None,
    responses={
        200: {"model": CheckDNSResponse, "description": "Status and missing items"},
        400: {"model": ErrorBody, "description": "Invalid target"},
        401: {"model": ErrorBody, "description": "x-api-key missing or wrong"},
        404: {"model": ErrorBody, "description": "No job for this target"},
        429: {"model": ErrorBody, "description": "Rate limit (with Retry-After)"},
        500: {"model": ErrorBody, "description": "Internal error"},
    },
)
async def checkdns(
    target: str,
    services: ServicesDep,
    x_api_key: Annotated[str | None, Header(description="Required if CHECKDNS_TOKEN is set")] = (
        None
    ),
) -> JSONResponse:
    """Status of the UI and e-mail jobs of ``target`` with what is missing in DNS.

    ``missing`` comes from the last stored check; a job never checked gets one read-only
    check, throttled by ``CHECKDNS_MIN_INTERVAL_SECONDS``, or a list whose items say
    ``"checked": false`` with the reason no lookup ran.

    \f

    Args:
        target: the domain from the path; normalised before the lookup.
        services: the application's services.
        x_api_key: the ``x-api-key`` header; compared with ``CHECKDNS_TOKEN`` when that is set.

    Returns:
        200 with ``target``, ``normalized_target``, ``summary`` and the ``ui`` and ``email``
        job views (``null`` for a type with no job); 401 ``unauthorized`` when the token is
        set and the header does not match; 400 when ``target`` is invalid; 404 ``not_found``
        when no job exists for the target.
    """  # noqa: D301 (\f: FastAPI shows only the text above it)
    if not authorized(services, x_api_key):
        return error_response(401, "unauthorized")
    try:
        normalized = normalize_target(target)
    except InvalidTargetError as exc:
        return error_response(400, str(exc))
    jobs = await services.repository.for_target(normalized)
    if not jobs:
        return error_response(404, "not_found", target=normalized)
    return await answer(services, normalized, jobs)


async def answer(
    services: Services,
    normalized: str,
    jobs: list[Job],
    fresh: dict[int, list[dict[str, Any]]] | None = None,
) -> JSONResponse:
    """The GET answer for the jobs of one target.

    Args:
        services: the application's services.
        normalized: the normalised target.
        jobs: its jobs (at least one).
        fresh: findings of checks just run, by job id; they are shown instead of the stored
            ones (a recheck).

    Returns:
        200 with the body of :func:`answer_body`.
    """
    return JSONResponse(await answer_body(services, normalized, jobs, fresh))


async def answer_body(
    services: Services,
    normalized: str,
    jobs: list[Job],
    fresh: dict[int, list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """The body of the GET answer (also what the status page shows).

    Args:
        services: the application's services.
        normalized: the normalised target.
        jobs: its jobs (at least one).
        fresh: findings of checks just run, by job id, shown instead of the stored ones.

    Returns:
        ``target``, ``normalized_target``, ``summary`` and one view per check type.
    """
    expected = services.checker.expectations
    views: dict[str, dict[str, Any] | None] = {kind.slug: None for kind in CHECK_TYPES.values()}
    for job in jobs:
        if fresh is not None and job.id in fresh:
            missing = fresh[job.id]
        else:
            missing = await _missing(services, job, expected)
        views[CHECK_TYPES[job.type].slug] = _view(job, missing)
    statuses = {job.status for job in jobs}
    summary: dict[str, Any] = {f"has_{slug}": view is not None for slug, view in views.items()}
    summary.update(
        {
            "overall_status": statuses.pop() if len(statuses) == 1 else "MIXED",
            "expires_at_min": _pick([j.expires_at for j in jobs], min),
            "last_checked_at_max": _pick([j.last_checked_at for j in jobs], max),
            "next_check_at_min": _pick([j.next_check_at for j in jobs], min),
        }
    )
    return {"target": normalized, "normalized_target": normalized, "summary": summary, **views}
