"""Probes: ``/healthz`` (liveness, never rate limited) and ``/readyz`` (database writable)."""

from __future__ import annotations

import logging
import os

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from dns_validation.api.deps import ServicesDep
from dns_validation.api.errors import error_response
from dns_validation.core.incidents import STORAGE
from dns_validation.poller.dns_health import DNSHealth
from dns_validation.queue.repository import StorageUnavailableError

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
    responses={
        200: {"description": "Ready"},
        503: {"description": "Database unreachable or not writable"},
    },
)
async def readyz(services: ServicesDep) -> JSONResponse:
    """Readiness: the database accepts a write, and DNS lookups are getting answers.

    \f

    Args:
        services: the application's services; its repository is probed.

    Returns:
        200 ``{"status": "ready"}``; or 503 ``database_unavailable`` with a ``reason``
        (``database file is gone``, ``database file was replaced``, or the type of the
        database error) when the probe fails. A failure starts a storage incident (one log
        line until it recovers). Then 503 ``dns_unavailable`` with a ``reason`` when the
        recent DNS checks of this process all hit a transient error (see
        :class:`~dns_validation.poller.dns_health.DNSHealth`).
    """  # noqa: D301 (\f: FastAPI shows only the text above it)
    try:
        await services.repository.probe_write(f"readyz:{os.getpid()}")
    except StorageUnavailableError as exc:
        STORAGE.failed(exc.reason)
        return error_response(503, "database_unavailable", reason=exc.reason)
    except Exception as exc:
        STORAGE.failed(exc)
        return error_response(503, "database_unavailable", reason=type(exc).__name__)
    STORAGE.succeeded()
    health = getattr(services.checker, "health", None)
    problem = health.problem() if isinstance(health, DNSHealth) else None
    if problem is not None:
        return error_response(503, "dns_unavailable", reason=problem)
    return JSONResponse({"status": "ready"})
