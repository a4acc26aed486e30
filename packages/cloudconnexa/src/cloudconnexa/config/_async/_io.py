"""Reading and changing the tenant for ``export``, ``plan`` and ``apply``.

The requests these functions send are written once, in the async module of this name;
``scripts/unasync.py`` generates its sync twin. The deciding (what to read, the diff, the
order of the changes, the request bodies) is the shared, I/O-free code of
``config/_export.py``, ``config/_plan.py`` and ``config/_apply.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cloudconnexa._exceptions import CloudConnexaError
from cloudconnexa.config._apply import ApplyResult, _Applier, _failure, check_prune
from cloudconnexa.config._export import (
    READ_PAGE_SIZE,
    Snapshot,
    _document,
    assemble,
    check_sections,
    plain,
    reading,
)
from cloudconnexa.config._plan import Action, Change, Plan, _build, _prepare

if TYPE_CHECKING:
    from cloudconnexa._async._client import AsyncCloudConnexaClient


async def read_tenant(
    client: AsyncCloudConnexaClient,
    sections: Iterable[str],
    *,
    services: bool = True,
    settings: Iterable[str] | None = None,
) -> Snapshot:
    """Read the objects of ``sections`` (and what their references need) from the tenant.

    Each chosen kind is listed in full, then each chosen setting is read, in that order.

    Args:
        client: The client to read with.
        sections: Document section names.
        services: See :func:`cloudconnexa.config._export.reading`.
        settings: See :func:`cloudconnexa.config._export.reading`.

    Returns:
        The snapshot.
    """
    listed, names = reading(sections, services=services, settings=settings)
    fetched: dict[str, list[dict[str, Any]]] = {}
    for kind in listed:
        service = getattr(client, kind.service)
        fetched[kind.name] = [plain(o) async for o in service.list(page_size=READ_PAGE_SIZE)]
    values = {n: plain(await client.settings.get(n)) for n in names}
    return assemble(listed, fetched, values)


async def export(
    client: AsyncCloudConnexaClient, resources: Iterable[str] | None = None
) -> dict[str, Any]:
    """Read the tenant's configuration as a tenant document.

    Args:
        client: The client to read with.
        resources: The sections to export; ``None`` for all.

    Returns:
        The document.
    """
    sections = check_sections(resources)
    return _document(await read_tenant(client, sections), sections)


async def plan(client: AsyncCloudConnexaClient, document: Mapping[str, Any] | Path) -> Plan:
    """Compare a tenant document with the tenant (only GET requests are sent).

    Args:
        client: The client to read the tenant with.
        document: The document, or a ``Path`` to a YAML file.

    Returns:
        The plan.
    """
    doc, sections, services, names = _prepare(document)
    snapshot = await read_tenant(client, sections, services=services, settings=names)
    return _build(client, doc, snapshot)


async def apply(
    client: AsyncCloudConnexaClient,
    source: Plan | Mapping[str, Any] | Path,
    *,
    prune: bool = False,
    force: bool = False,
    on_change: Callable[[Change], None] | None = None,
) -> ApplyResult:
    """Carry out a plan (planning the document first when ``source`` is not one).

    Args:
        client: The client to change the tenant with.
        source: A :class:`~cloudconnexa.config.Plan`, or a document or a ``Path`` to one.
        prune: Also carry out the deletes.
        force: Skip the prune threshold check.
        on_change: Called with each change once it has been carried out.

    Returns:
        The result.

    Raises:
        PruneRefusedError: ``prune`` without ``force``, over the threshold; nothing changed.
        ApplyError: A change failed; the cause is chained.
    """  # noqa: DOC502, DOC503
    the_plan = source if isinstance(source, Plan) else await plan(client, source)
    if prune and not force:
        check_prune(the_plan)
    applier = _Applier(client, the_plan)
    applied: list[Change] = []
    skipped: list[Change] = []
    for change in the_plan.changes:
        if change.action is Action.DELETE and not prune:
            skipped.append(change)
            continue
        try:
            method, args, kwargs = applier.step(change)
            applier.done(change, await method(*args, **kwargs))
        except CloudConnexaError as exc:
            raise _failure(the_plan, applied, skipped, change, exc) from exc
        applied.append(change)
        if on_change is not None:
            on_change(change)
    return ApplyResult(the_plan, tuple(applied), tuple(skipped))
