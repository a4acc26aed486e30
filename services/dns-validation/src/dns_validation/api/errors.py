"""Error answers: every error is JSON ``{"error": ...}``, never a framework 422, HTML or a trace."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from dns_validation.core.incidents import STORAGE
from dns_validation.queue.repository import StorageUnavailableError

__all__ = ["error_response", "install_error_handlers", "validation_message"]

logger = logging.getLogger(__name__)


def error_response(status: int, error: str, headers: Mapping[str, str] | None = None,
                   **extra: Any) -> JSONResponse:  # fmt: skip
    """Build an error answer.

    Args:
        status: the HTTP status code.
        error: the ``error`` value (a code such as ``not_found`` or a message).
        headers: extra response headers (e.g. ``Retry-After``).
        **extra: more keys (``message``, ``target``).

    Returns:
        The JSON response.
    """
    return JSONResponse({"error": error, **extra}, status_code=status, headers=headers)


def validation_message(errors: list[Any]) -> str:
    """Map pydantic errors of a POST body to the original service's messages.

    Args:
        errors: ``RequestValidationError.errors()``.

    Returns:
        ``invalid_json``, ``body must be a JSON object``, ``body must only contain "target"``,
        ``target must be a string`` or a generic message.
    """
    for error in errors:
        kind = error.get("type")
        loc = tuple(error.get("loc", ()))
        if kind == "json_invalid":
            return "invalid_json"
        if loc == ("body",) and kind != "missing":
            return "body must be a JSON object"
        if kind in {"extra_forbidden", "missing"} and loc[:1] == ("body",):
            return 'body must only contain "target"'
        if loc == ("body", "target"):
            return "target must be a string"
    return "invalid request"


async def _validation_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(400, validation_message(list(exc.errors())))


async def _http_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    codes = {404: "not_found", 405: "method_not_allowed", 413: "request entity too large"}
    error = codes.get(exc.status_code, "internal_error" if exc.status_code >= 500 else "error")
    return error_response(exc.status_code, error, headers=exc.headers)


async def _storage_handler(request: Request, exc: Exception) -> JSONResponse:
    STORAGE.failed(exc.reason if isinstance(exc, StorageUnavailableError) else exc)
    return error_response(503, "storage_unavailable")


async def _internal_handler(request: Request, exc: Exception) -> JSONResponse:
    logger.error("request.failed", exc_info=exc, extra={"fields": {"path": request.url.path}})
    return error_response(500, "internal_error")


def install_error_handlers(app: FastAPI) -> None:
    """Register the JSON error handlers on ``app``.

    Database failures (:class:`~dns_validation.queue.repository.StorageUnavailableError`,
    SQLAlchemy's ``DBAPIError`` and ``OSError`` from the driver) answer 503
    ``storage_unavailable`` and are logged once per incident, not once per request.

    Args:
        app: the FastAPI application.
    """
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    # The database failing (gone, read-only, unreachable): 503, one log line per incident.
    for storage_error in (StorageUnavailableError, DBAPIError, OSError):
        app.add_exception_handler(storage_error, _storage_handler)
    app.add_exception_handler(Exception, _internal_handler)
