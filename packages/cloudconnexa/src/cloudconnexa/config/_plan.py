"""Comparing a tenant document with the tenant: the typed plan."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cloudconnexa._params import coerce_body
from cloudconnexa.config._export import Entry, Snapshot, plain
from cloudconnexa.config._schema import (
    KIND_BY_NAME,
    KINDS,
    SECTIONS,
    DocumentError,
    Kind,
    Names,
    check_document,
    load_document,
    to_body,
)

if TYPE_CHECKING:
    from cloudconnexa._async._client import AsyncCloudConnexaClient
    from cloudconnexa._sync._client import CloudConnexaClient


class Action(StrEnum):
    """What a change does to one object."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between the tenant and the document.

    Attributes:
        field: The field's path in document form (``description``, ``config.serviceTypes``;
            ``value`` for a scalar setting).
        before: The tenant's value (``None`` when unset).
        after: The document's value (``None`` when unset).
    """

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Change:
    """One object to create, update or delete.

    Attributes:
        action: Create, update or delete.
        kind: The kind name (``users``, ``network-routes``, ``settings``, ...).
        key: The natural key (name, username, subnet, domain, or a setting's name).
        parent: The parent's key, for a child kind (the network of a route).
        id: The object's id in the tenant (``None`` for a create and for settings).
        fields: For an update, the fields that differ, in document order.
        item: For a create or update the document's item (children left out); for a delete
            the tenant's object in document form; for a setting ``{"value": ...}``.
    """

    action: Action
    kind: str
    key: str
    parent: str | None = None
    id: str | None = None
    fields: tuple[FieldChange, ...] = ()
    item: Mapping[str, Any] = field(default_factory=dict)

    @property
    def address(self) -> str:
        """The object's readable name, ``kind key`` (``kind parent/key`` for a child kind)."""
        where = f"{self.parent}/{self.key}" if self.parent is not None else self.key
        return f"{self.kind} {where}"

    def to_dict(self) -> dict[str, Any]:
        """Return the change as JSON data.

        Returns:
            ``action``, ``kind``, ``key``, ``parent``, ``id``, ``fields`` (``field``,
            ``before``, ``after``) and ``item``.
        """
        return {
            "action": self.action.value,
            "kind": self.kind,
            "key": self.key,
            "parent": self.parent,
            "id": self.id,
            "fields": [
                {"field": f.field, "before": f.before, "after": f.after} for f in self.fields
            ],
            "item": dict(self.item),
        }


@dataclass(frozen=True)
class Plan:
    """What applying a document would change, in the order ``apply`` would do it.

    Creates and updates come first, in dependency order (user groups before users, a network
    before its routes); deletes come last, in the reverse order.

    Attributes:
        changes: The changes.
        totals: How many objects of each kind the tenant had (the base of the prune threshold).
    """

    changes: tuple[Change, ...]
    totals: Mapping[str, int] = field(default_factory=dict)
    _snapshot: Snapshot = field(default_factory=Snapshot, repr=False, compare=False)

    @property
    def has_changes(self) -> bool:
        """Whether applying would change anything (deletes included)."""
        return bool(self.changes)

    def summary(self) -> dict[str, int]:
        """Return how many creates, updates and deletes the plan holds.

        Returns:
            ``{"create": n, "update": n, "delete": n}``.
        """
        counts = Counter(c.action.value for c in self.changes)
        return {action.value: counts.get(action.value, 0) for action in Action}

    def to_dict(self) -> dict[str, Any]:
        """Return the plan as JSON data.

        Returns:
            ``changes`` (see :meth:`Change.to_dict`) and ``summary``.
        """
        return {"changes": [c.to_dict() for c in self.changes], "summary": self.summary()}


def _matches(current: Any, desired: Any) -> bool:
    """Whether the tenant's value satisfies the document's (keys it leaves out are free)."""
    if isinstance(desired, Mapping):
        if current is None:
            current = {}
        if not isinstance(current, Mapping):
            return False
        return all(_matches(current.get(k), v) for k, v in desired.items())
    if isinstance(desired, list):
        if not isinstance(current, list) or len(current) != len(desired):
            return False
        return all(_matches(c, d) for c, d in zip(current, desired, strict=True))
    return bool(current == desired)


def _diff(before: Any, after: Any, path: str, out: list[FieldChange]) -> None:
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        for key, value in after.items():
            _diff(before.get(key), value, f"{path}.{key}" if path else key, out)
        return
    if not _matches(before, after):
        out.append(FieldChange(path or "value", before, after))


def diff_item(
    kind: Kind, current: Mapping[str, Any], desired: Mapping[str, Any]
) -> list[FieldChange]:
    """Return the fields of ``desired`` that differ from ``current`` (both in document form).

    Fields the document leaves out are not managed and never differ, at any depth (a key
    left out of a nested mapping keeps the tenant's value, such as a server default).

    Args:
        kind: The kind of both.
        current: The tenant's object.
        desired: The document's item.

    Returns:
        The differing fields, in the document's order.
    """
    out: list[FieldChange] = []
    for name in kind.item_fields:
        if name == kind.key or name not in desired:
            continue
        _diff(current.get(name), desired[name], name, out)
    return out


def own_fields(kind: Kind, item: Mapping[str, Any]) -> dict[str, Any]:
    """Return an item without its child sections, reference lists sorted.

    Args:
        kind: The item's kind.
        item: The document's item.

    Returns:
        The item's own fields.
    """
    out = {k: copy.deepcopy(v) for k, v in item.items() if k in kind.item_fields}
    for ref in kind.refs:
        if ref.many and isinstance(out.get(ref.field), list):
            out[ref.field] = sorted(out[ref.field], key=str)
    for side in ("source", "destination"):
        for entry in out.get(side) or []:
            if isinstance(entry, dict) and isinstance(entry.get("children"), list):
                entry["children"] = sorted(entry["children"], key=str)
    return out


class _Planner:
    def __init__(
        self, client: CloudConnexaClient | AsyncCloudConnexaClient, snapshot: Snapshot
    ) -> None:
        self.client = client
        self.snapshot = snapshot
        self.names = Names()
        for entries in snapshot.entries.values():
            for entry in entries:
                self.names.add(entry.kind.name, entry.id, entry.key, entry.parent_id)
        self.upserts: dict[str, list[Change]] = {k.name: [] for k in KINDS}
        self.deletes: dict[str, list[Change]] = {k.name: [] for k in KINDS}

    def check(self, kind: Kind, item: Mapping[str, Any], parent_id: str | None) -> None:
        # Resolve the item's references and check its field types; nothing is sent.
        body = to_body(kind, item, self.names, parent_id)
        service = getattr(self.client, kind.service)
        coerce_body(body, service._create_model, what=f"{kind.name} {item[kind.key]!r}")

    def kind(
        self,
        kind: Kind,
        items: list[Mapping[str, Any]],
        parent: Entry | None,
        parent_key: str | None,
        parent_id: str | None,
    ) -> None:
        current: dict[str, Entry] = {}
        if kind.parent is None or parent is not None:
            for found in self.snapshot.of(kind.name, parent.id if parent else None):
                if found.key in current:
                    where = f" of {parent_key!r}" if parent_key else ""
                    raise DocumentError(
                        f"the tenant has more than one {kind.name} item{where} with "
                        f"{kind.key} {found.key!r}; give them distinct names first"
                    )
                current[found.key] = found
        for item in items:
            key = item[kind.key]
            entry = current.get(key)
            own = own_fields(kind, item)
            if entry is None:
                item_id = f"new:{kind.name}:{parent_id}:{key}"
                self.names.add(kind.name, item_id, key, parent_id)
                self.check(kind, own, parent_id)
                self.upserts[kind.name].append(
                    Change(Action.CREATE, kind.name, key, parent_key, None, (), own)
                )
            else:
                item_id = entry.id
                self.check(kind, own, parent_id)
                changed = diff_item(kind, entry.item, own)
                if changed:
                    self.upserts[kind.name].append(
                        Change(
                            Action.UPDATE, kind.name, key, parent_key, entry.id, tuple(changed), own
                        )
                    )
            for child in kind.children:
                if child.section in item:
                    self.kind(child, item[child.section], entry, key, item_id)
        wanted = {item[kind.key] for item in items}
        for key, entry in current.items():
            if key in wanted or entry.raw.get("defaultGroup") is True:
                continue
            self.deletes[kind.name].append(
                Change(Action.DELETE, kind.name, key, parent_key, entry.id, (), entry.item)
            )


def _prepare(
    document: Mapping[str, Any] | Path,
) -> tuple[dict[str, Any], list[str], bool, list[str]]:
    doc = load_document(document) if isinstance(document, Path) else check_document(document)
    sections = [s for s in SECTIONS if s in doc]
    services = any(
        child.section in item
        for name in ("networks", "hosts")
        for item in doc.get(name, [])
        for child in KIND_BY_NAME[name].children
        if not child.embedded
    )
    return doc, sections, services, list(doc.get("settings") or {})


def _build(
    client: CloudConnexaClient | AsyncCloudConnexaClient, doc: dict[str, Any], snapshot: Snapshot
) -> Plan:
    desired_settings: Mapping[str, Any] = doc.get("settings") or {}
    planner = _Planner(client, snapshot)
    for kind in KINDS:
        if kind.parent is None and kind.name in doc:
            planner.kind(kind, doc[kind.name] or [], None, None, None)
    settings: list[Change] = []
    for name, value in desired_settings.items():
        fields: list[FieldChange] = []
        _diff(snapshot.settings.get(name), plain(value), "", fields)
        if fields:
            settings.append(
                Change(Action.UPDATE, "settings", name, None, None, tuple(fields), {"value": value})
            )
    changes = [c for k in KINDS for c in planner.upserts[k.name]] + settings
    changes += [c for k in reversed(KINDS) for c in planner.deletes[k.name]]
    totals = {name: len(entries) for name, entries in snapshot.entries.items()}
    return Plan(tuple(changes), totals, snapshot)
