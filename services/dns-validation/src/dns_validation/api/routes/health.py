"""Probes: ``/healthz`` (liveness, never rate limited) and ``/readyz`` (database reachable)."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from dns_validation.api.deps import ServicesDep
from dns_validation.api.errors import error_response

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = APIRouter(tags=["health"])


@router.get("/healthz", responses={200: {"description": "The process is alive"}})
async def healthz() -> dict[str, str]:
    """Liveness: the process answers.

    \f

    Returns:
        ``{"status": "ok"}``.
    """  # noqa: D301 (\f: FastAPI shows only the text above it)
    return {"status": "ok"}


@router.get(
    "/readyz",
    response_model=None,
    responses={200: {"description": "Ready"}, 503: {"description": "Database unreachable"}},
)
async def readyz(services: ServicesDep) -> JSONResponse:
    """Readiness: the database answers ``SELECT 1``.

    \f

    Args:
        services: the application's services; its repository is pinged.

    Returns:
        200 ``{"status": "ready"}``, or 503 ``database_unavailable`` when the ping fails
        (the failure is logged by exception type only).
    """  # noqa: D301 (\f: FastAPI shows only the text above it)
    try:
        await services.repository.ping()
    except Exception as exc:
        logger.warning(
            "readyz.database_unavailable", extra={"fields": {"error": type(exc).__name__}}
        )
        return error_response(503, "database_unavailable")
    return JSONResponse({"status": "ready"})
