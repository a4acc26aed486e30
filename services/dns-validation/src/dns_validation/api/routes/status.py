"""``GET /status/{target}``: a server-rendered HTML page of a target's jobs.

The page lists, for each job, the exact records to publish (type, name, value, priority), what
every server returned, the status and the next check, with a "Recheck now" button that calls
``POST /api/recheck/{target}``. It is rendered with Jinja2 with autoescaping on, so anything
that came from DNS is shown as text, never as markup; the only script is the button's, inline,
with no build step.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, Header
from fastapi.responses import HTMLResponse

from dns_validation.api.deps import ServicesDep
from dns_validation.api.routes.checkdns import answer_body, authorized
from dns_validation.domain.checks import CHECK_TYPES
from dns_validation.domain.normalize import InvalidTargetError, normalize_target

__all__ = ["router"]

router = APIRouter(tags=["status"])

_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

_ERROR_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>{{ title }}</title></head><body><main><h1>{{ title }}</h1><p>{{ message }}</p>"
    "</main></body></html>"
)


@cache
def _environment() -> jinja2.Environment:
    # Findings leave out keys that do not apply (no reason when ok): those read as empty.
    return jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True)


def _error(status: int, title: str, message: str) -> HTMLResponse:
    page = _environment().from_string(_ERROR_PAGE).render(title=title, message=message)
    return HTMLResponse(page, status_code=status)


def _record(item: dict[str, Any]) -> dict[str, Any]:
    expected = item.get("expected")
    value: Any = expected
    priority = None
    if isinstance(expected, dict):  # MX: {"host", "priority"}
        value = expected.get("host")
        priority = expected.get("priority")
    return {**item, "value": value, "priority": priority}


@router.get("/status/{target}", response_class=HTMLResponse)
async def status_page(
    target: str,
    services: ServicesDep,
    x_api_key: Annotated[str | None, Header(description="Required if CHECKDNS_TOKEN is set")] = (
        None
    ),
) -> HTMLResponse:
    """An HTML page of the target's jobs: what to publish and what each server returned.

    \f

    Args:
        target: the domain from the path; normalised first.
        services: the application's services.
        x_api_key: the ``x-api-key`` header, required like the GET's when ``CHECKDNS_TOKEN``
            is set.

    Returns:
        200 with the page; 401, 400 or 404 with a short HTML page saying why.
    """  # noqa: D301 (\f: FastAPI shows only the text above it)
    if not authorized(services, x_api_key):
        return _error(401, "Unauthorized", "This page needs the service's API key.")
    try:
        normalized = normalize_target(target)
    except InvalidTargetError as exc:
        return _error(400, "Invalid target", str(exc))
    jobs = await services.repository.for_target(normalized)
    if not jobs:
        return _error(404, "No job", f"No validation job exists for {normalized}.")
    body = await answer_body(services, normalized, jobs)
    shown = []
    for kind in CHECK_TYPES.values():
        view = body.get(kind.slug)
        if view is None:
            continue
        items = [_record(item) for item in view["missing"]]
        shown.append({**view, "slug": kind.slug, "title": kind.title, "records": items})
    page = (
        _environment()
        .get_template("status.html")
        .render(
            target=normalized,
            summary=body["summary"],
            jobs=shown,
            recheck_url=f"/api/recheck/{normalized}",
        )
    )
    return HTMLResponse(page)
