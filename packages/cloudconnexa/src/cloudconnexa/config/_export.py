"""Reading a tenant into document form: the snapshot behind ``export`` and ``plan``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from cloudconnexa.config._schema import (
    DEPENDENCIES,
    KIND_BY_NAME,
    KINDS,
    SCHEMA_VERSION,
    SECTIONS,
    WRITABLE_SETTINGS,
    DocumentError,
    Kind,
    Names,
    to_item,
)

#: Items per page when reading the tenant (the API's maximum, cloudconnexa-api.md §4).
READ_PAGE_SIZE = 1000


def plain(value: Any) -> Any:
    """Turn a model (or a list of them) into JSON data in the API's shape, ``None`` left out.

    Args:
        value: A model, a list, or a plain value.

    Returns:
        The plain data.
    """
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@dataclass
class Entry:
    """One object of the tenant.

    Attributes:
        kind: Its kind.
        id: Its id.
        parent_id: The parent's id, for a child kind.
        key: Its natural key.
        raw: The object as the API returned it (JSON shape).
        item: The object in document form (filled once every name is known).
    """

    kind: Kind
    id: str
    parent_id: str | None
    key: str
    raw: dict[str, Any]
    item: dict[str, Any] = field(default_factory=dict)


@dataclass
class Snapshot:
    """What was read from the tenant: objects per kind, the name maps, and settings.

    Attributes:
        names: The id/name maps of every object read.
        entries: The objects per kind name, in the API's order.
        settings: The values of the settings read, as plain data.
        read: The kind names that were read.
    """

    names: Names = field(default_factory=Names)
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    read: set[str] = field(default_factory=set)

    def of(self, kind: str, parent_id: str | None = None) -> list[Entry]:
        """Return the objects of a kind (of one parent, for a child kind).

        Args:
            kind: The kind name.
            parent_id: Only the children of this parent (ignored for top-level kinds).

        Returns:
            The entries.
        """
        entries = self.entries.get(kind, [])
        if KIND_BY_NAME[kind].parent is None:
            return entries
        return [e for e in entries if e.parent_id == parent_id]


def check_sections(resources: Iterable[str] | None) -> list[str]:
    """Validate ``--resources`` names and return them in document order.

    Args:
        resources: Section names, or ``None`` for all.

    Returns:
        The sections.

    Raises:
        DocumentError: An unknown section name.
    """
    if resources is None:
        return list(SECTIONS)
    wanted = [r.strip() for r in resources if r.strip()]
    for name in wanted:
        if name not in SECTIONS:
            raise DocumentError(f"unknown resource kind {name!r}; kinds are {', '.join(SECTIONS)}")
    return [s for s in SECTIONS if s in wanted]


def _add(snapshot: Snapshot, kind: Kind, raw: dict[str, Any], parent_id: str | None) -> None:
    entry = Entry(kind, str(raw.get("id")), parent_id, str(raw.get(kind.api_key)), raw)
    snapshot.entries.setdefault(kind.name, []).append(entry)
    snapshot.names.add(kind.name, entry.id, entry.key, parent_id)


def reading(
    sections: Iterable[str], *, services: bool = True, settings: Iterable[str] | None = None
) -> tuple[list[Kind], list[str]]:
    """Decide what to read for ``sections``: the kinds to list and the settings to get.

    Args:
        sections: Document section names.
        services: Also list the IP services and applications of networks and hosts (one
            listing each); routes and connectors come with their parent anyway.
        settings: The setting names to read (default: every writable one when ``settings``
            is among the sections, else none).

    Returns:
        The kinds to list (top-level and listed child kinds, in dependency order) and the
        setting names.
    """
    wanted = set(sections)
    needed = set(wanted)
    for section in wanted:
        needed.update(DEPENDENCIES.get(section, ()))
    if "access-groups" in wanted:
        services = True
    listed = [
        kind
        for kind in KINDS
        if (kind.parent is None and kind.name in needed)
        or (kind.parent in needed and not kind.embedded and services)
    ]
    if settings is None:
        settings = WRITABLE_SETTINGS if "settings" in wanted else ()
    return listed, list(settings)


def assemble(
    listed: list[Kind], fetched: dict[str, list[dict[str, Any]]], settings: dict[str, Any]
) -> Snapshot:
    """Build the snapshot from what was read (no I/O).

    Args:
        listed: The kinds that were listed, as :func:`reading` chose them.
        fetched: The listed objects per kind name, in JSON shape.
        settings: The setting values read, as plain data.

    Returns:
        The snapshot, with the embedded children added and every entry's document form
        filled in.
    """
    snapshot = Snapshot(settings=dict(settings))
    for kind in listed:
        if kind.parent is None:
            for raw in fetched[kind.name]:
                _add(snapshot, kind, raw, None)
            snapshot.read.add(kind.name)
    for kind in KINDS:
        if kind.parent is None or kind.parent not in snapshot.read:
            continue
        if kind.embedded:
            for parent in snapshot.entries.get(kind.parent, []):
                for raw in parent.raw.get(kind.section) or []:
                    _add(snapshot, kind, raw, parent.id)
        elif kind in listed:
            parents = {e.id for e in snapshot.entries.get(kind.parent, [])}
            for raw in fetched[kind.name]:
                if raw.get("networkItemId") in parents:
                    _add(snapshot, kind, raw, raw["networkItemId"])
        else:
            continue
        snapshot.read.add(kind.name)
    for entries in snapshot.entries.values():
        for entry in entries:
            entry.item = to_item(entry.kind, entry.raw, snapshot.names)
    return snapshot


def _section(snapshot: Snapshot, kind: Kind, parent_id: str | None) -> list[dict[str, Any]]:
    items = []
    for entry in sorted(snapshot.of(kind.name, parent_id), key=lambda e: e.key):
        item = dict(entry.item)
        for child in kind.children:
            if child.name in snapshot.read:
                item[child.section] = _section(snapshot, child, entry.id)
        items.append(item)
    return items


def _document(snapshot: Snapshot, sections: list[str]) -> dict[str, Any]:
    document: dict[str, Any] = {"version": SCHEMA_VERSION}
    for section in sections:
        if section == "settings":
            document["settings"] = dict(snapshot.settings)
        else:
            document[section] = _section(snapshot, KIND_BY_NAME[section], None)
    return document
