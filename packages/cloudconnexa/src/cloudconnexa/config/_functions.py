"""The public ``export``, ``plan`` and ``apply`` and their async twins.

Each is a thin entry point that carries the documentation; the requests are sent by
``config/_async/_io.py`` (async) and by ``config/_sync/_io.py``, which ``scripts/unasync.py``
generates from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cloudconnexa.config._apply import ApplyResult
from cloudconnexa.config._async import _io as _async_io
from cloudconnexa.config._plan import Change, Plan
from cloudconnexa.config._sync import _io as _sync_io

if TYPE_CHECKING:
    from cloudconnexa._async._client import AsyncCloudConnexaClient
    from cloudconnexa._sync._client import CloudConnexaClient


def export(client: CloudConnexaClient, resources: Iterable[str] | None = None) -> dict[str, Any]:
    """Read the tenant's configuration as a tenant document (schema version 1).

    Objects refer to each other by name; ids, server-generated fields and secrets are left
    out. Write the result with :func:`cloudconnexa.config.dump_document`.

    Args:
        client: The client to read with.
        resources: The sections to export (``users``, ``networks``, ``settings``, ...);
            ``None`` for all. Networks and hosts always bring their children.

    Returns:
        The document: ``version`` and one list per section (``settings``: a mapping).

    Raises:
        DocumentError: An unknown section name; nothing is sent.
        CloudConnexaError: A request failed (the status-keyed ``APIError`` subclass,
            ``AuthenticationError`` or ``APIConnectionError``).
    """  # noqa: DOC502
    return _sync_io.export(client, resources)


async def aexport(
    client: AsyncCloudConnexaClient, resources: Iterable[str] | None = None
) -> dict[str, Any]:
    """Read the tenant's configuration with an async client (see :func:`export`).

    Args:
        client: The async client to read with.
        resources: The sections to export; ``None`` for all.

    Returns:
        The document.

    Raises:
        DocumentError: An unknown section name; nothing is sent.
        CloudConnexaError: A request failed.
    """  # noqa: DOC502
    return await _async_io.export(client, resources)


def plan(client: CloudConnexaClient, document: Mapping[str, Any] | Path) -> Plan:
    """Compare a tenant document with the tenant and return what applying it would change.

    Objects are matched by natural key: a name; a user by ``username``; a route by its
    ``subnet`` within its network; a DNS record by ``domain``; a child by its key within its
    parent. Sections the document leaves out, fields an item leaves out, and the children of
    an item without that child section are not managed: they never show as changes.

    Args:
        client: The client to read the tenant with (only GET requests are sent).
        document: The document (as :func:`load_document` or :func:`export` returns it), or
            a ``Path`` to a YAML file.

    Returns:
        The plan.

    Raises:
        DocumentError: The document is invalid, a reference names nothing, or two objects of
            the tenant share a natural key.
        InvalidArgumentError: An item has a field of the wrong type.
        CloudConnexaError: Reading the tenant failed (the status-keyed ``APIError``
            subclass, ``AuthenticationError`` or ``APIConnectionError``).
    """  # noqa: DOC502
    return _sync_io.plan(client, document)


async def aplan(client: AsyncCloudConnexaClient, document: Mapping[str, Any] | Path) -> Plan:
    """Compare a tenant document with the tenant, with an async client (see :func:`plan`).

    Args:
        client: The async client to read the tenant with (only GET requests are sent).
        document: The document, or a ``Path`` to a YAML file.

    Returns:
        The plan; :func:`aapply` carries it out.

    Raises:
        DocumentError: The document is invalid, a reference names nothing, or two objects of
            the tenant share a natural key.
        InvalidArgumentError: An item has a field of the wrong type.
        CloudConnexaError: Reading the tenant failed.
    """  # noqa: DOC502
    return await _async_io.plan(client, document)


def apply(
    client: CloudConnexaClient,
    source: Plan | Mapping[str, Any] | Path,
    *,
    prune: bool = False,
    force: bool = False,
    on_change: Callable[[Change], None] | None = None,
) -> ApplyResult:
    """Make the tenant match a tenant document, and report what was done.

    Creates and updates run first, in dependency order (user groups before users, networks
    before their routes); an object that exists is always updated in place (PUT), never
    deleted and created again. Deletes run last, in the reverse order, and only with
    ``prune``; with ``prune`` and without ``force``, a plan that would delete more than 30 %
    of any kind's objects is refused before anything is sent. The first failure stops the
    run. Afterwards, :func:`plan` of the same document shows no changes.

    Args:
        client: The client to change the tenant with.
        source: A :class:`Plan` from :func:`plan` (applied as it is), or a document or a
            ``Path`` to one (planned first).
        prune: Also delete what the document's managed sections do not hold.
        force: Delete even past the 30 % threshold.
        on_change: Called with each change once it has been carried out.

    Returns:
        The result: the changes applied, and the deletes skipped without ``prune``.

    Raises:
        PruneRefusedError: ``prune`` without ``force``, over the threshold; nothing changed.
        ApplyError: A change failed; ``result.applied`` lists what was done before it and
            ``result.failed`` the change, whose error is the ``__cause__``.
        DocumentError: The document is invalid (see :func:`plan`); nothing changed.
        CloudConnexaError: Reading the tenant for the plan failed; nothing changed.
    """  # noqa: DOC502, DOC503
    return _sync_io.apply(client, source, prune=prune, force=force, on_change=on_change)


async def aapply(
    client: AsyncCloudConnexaClient,
    source: Plan | Mapping[str, Any] | Path,
    *,
    prune: bool = False,
    force: bool = False,
    on_change: Callable[[Change], None] | None = None,
) -> ApplyResult:
    """Make the tenant match a tenant document with an async client (see :func:`apply`).

    Args:
        client: The async client to change the tenant with.
        source: A :class:`Plan` from :func:`aplan`, or a document or a ``Path`` to one.
        prune: Also delete what the document's managed sections do not hold.
        force: Delete even past the 30 % threshold.
        on_change: Called with each change once it has been carried out.

    Returns:
        The result: the changes applied, and the deletes skipped without ``prune``.

    Raises:
        PruneRefusedError: ``prune`` without ``force``, over the threshold; nothing changed.
        ApplyError: A change failed (see :func:`apply`).
        DocumentError: The document is invalid; nothing changed.
        CloudConnexaError: Reading the tenant for the plan failed; nothing changed.
    """  # noqa: DOC502, DOC503
    return await _async_io.apply(client, source, prune=prune, force=force, on_change=on_change)
