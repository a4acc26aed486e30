"""No-I/O batch planning: resolve changes against a zone read, in order."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

import pydantic

from ._exceptions import DNSServicesError, InvalidArgumentError, NotFoundError
from ._records import RecordSpec, matches, select_records, to_fqdn, validate_record
from .types.batch import PlannedChange, RecordChange
from .types.records import Record, Zone

__all__ = ["PlanStep", "parse_changes", "plan_zone", "verify_applied"]


def parse_changes(changes: Iterable[RecordChange | Mapping[str, Any]]) -> list[RecordChange]:
    """Validate the shape of every change before anything is sent.

    Args:
        changes: Dicts (see :class:`RecordChange`) or models.

    Returns:
        The models, in order.

    Raises:
        InvalidArgumentError: Names the change index and field.
    """
    out: list[RecordChange] = []
    for index, change in enumerate(changes):
        if isinstance(change, RecordChange):
            out.append(change)
            continue
        if not isinstance(change, Mapping):
            raise InvalidArgumentError(f"changes[{index}]", "must be a mapping or a RecordChange")
        try:
            out.append(RecordChange.model_validate(dict(change)))
        except pydantic.ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(part) for part in error["loc"]) or "change"
            raise InvalidArgumentError(f"changes[{index}].{field}", error["msg"]) from None
    return out


@dataclasses.dataclass
class PlanStep:
    """One change resolved against the zone, or the error that stops it.

    Attributes:
        index: Position in the input.
        change: The change.
        planned: The resolved change, when valid.
        spec: The validated record data (create/update).
        targets: The existing records it touches (update/delete).
        error: Why it cannot be applied.
    """

    index: int
    change: RecordChange
    planned: PlannedChange | None = None
    spec: RecordSpec | None = None
    targets: list[Record] = dataclasses.field(default_factory=list)
    error: DNSServicesError | None = None


def plan_zone(zone: Zone, changes: list[tuple[int, RecordChange]]) -> list[PlanStep]:
    """Resolve a zone's changes in order against a working copy of its records.

    Each change sees the effect of the changes before it (a record created earlier can be
    updated or deleted later; it has no id yet, which the executor resolves by re-reading).

    Args:
        zone: The zone read before the batch.
        changes: ``(index, change)`` pairs for this zone, in input order.

    Returns:
        One step per change, in input order. Nothing is raised: a change that cannot be
        applied (bad data, no matching record, several matches for an update) keeps its
        error in :attr:`PlanStep.error` and has no ``planned`` entry.
    """  # noqa: DOC501, DOC503 (the errors raised inside are caught and stored per step)
    # The working state, indexed by owner name so that each change costs O(record set).
    by_name: dict[str, list[Record]] = {}
    for record in zone.records:
        by_name.setdefault(record.name, []).append(record)

    def at(name: str | None) -> list[Record]:
        return by_name.get(to_fqdn(name, zone.name), [])

    steps: list[PlanStep] = []
    for index, change in changes:
        step = PlanStep(index=index, change=change)
        steps.append(step)
        try:
            if change.action == "create":
                spec = validate_record(
                    zone=zone.name,
                    name=change.name,
                    record_type=change.type,
                    content=change.content,
                    ttl=change.ttl,
                    priority=change.priority,
                    existing=at(change.name),
                )
                step.spec = spec
                by_name.setdefault(spec.fqdn, []).append(spec.as_record(None))
            else:
                pool = (
                    at(change.name)
                    if change.id is None
                    else [r for records in by_name.values() for r in records if r.id == change.id]
                )
                targets = select_records(
                    pool,
                    zone=zone.name,
                    record_id=change.id,
                    name=change.name if change.id is None else None,
                    record_type=change.type,
                    content=change.match_content if change.action == "update" else change.content,
                )
                if not targets:
                    raise NotFoundError(
                        f"no {change.type} record {change.id or change.name} in {zone.name}"
                    )
                if change.action == "update":
                    if len(targets) > 1:
                        raise InvalidArgumentError(
                            "match_content",
                            f"{len(targets)} records match; give id or match_content",
                        )
                    target = targets[0]
                    new_name = change.new_name or target.name
                    spec = validate_record(
                        zone=zone.name,
                        name=new_name,
                        record_type=target.type,
                        content=target.content if change.content is None else change.content,
                        ttl=target.ttl if change.ttl is None else change.ttl,
                        priority=target.priority if change.priority is None else change.priority,
                        existing=[r for r in at(new_name) if r is not target],
                    )
                    step.spec = spec
                    by_name[target.name].remove(target)
                    by_name.setdefault(spec.fqdn, []).append(spec.as_record(target.id))
                else:
                    for target in targets:
                        by_name[target.name].remove(target)
                step.targets = targets
        except DNSServicesError as exc:
            step.error = exc
            continue
        done = step.spec
        step.planned = PlannedChange(
            index=index,
            action=change.action,
            domain=zone.name,
            type=change.type.upper(),
            name=done.fqdn if done is not None else step.targets[0].name,
            content=done.content if done is not None else change.content,
            ttl=done.ttl if done is not None else None,
            priority=done.priority if done is not None else None,
            record_ids=[t.id for t in step.targets if t.id],
            before=[t for t in step.targets if t.id],
        )
    return steps


def _touched(step: PlanStep) -> set[tuple[str, str]]:
    keys = {(t.name, t.type) for t in step.targets}
    if step.spec is not None:
        keys.add((step.spec.fqdn, step.spec.type))
    return keys


def verify_applied(
    applied: list[tuple[str, PlanStep]],
    befores: Mapping[str, Zone],
    afters: Mapping[str, Zone],
) -> dict[int, tuple[Record | None, bool | None]]:
    """Check every applied change against the zone read after the batch, in linear time.

    A create is matched to a record that was not in the zone before (by FQDN, type and
    normalised content), each record claimed once and in id order, so that identical creates map
    to distinct records. An update must show its record (same id) with the new data; a delete
    must leave none of its records. A change whose check fails while a later change in the batch
    touched the same record set gets ``None`` (unknown) rather than ``False``.

    Args:
        applied: ``(zone name, step)`` for every change that was sent, in order.
        befores: Zone reads before the batch, by zone name.
        afters: Zone reads after the batch, by zone name.

    Returns:
        ``{change index: (record after the change or None, verified)}``.
    """
    superseded: list[bool] = [False] * len(applied)
    later: set[tuple[str, str, str]] = set()
    for position in range(len(applied) - 1, -1, -1):
        zone_name, step = applied[position]
        keys = {(zone_name, name, rtype) for name, rtype in _touched(step)}
        superseded[position] = bool(keys & later)
        later |= keys

    by_key: dict[str, dict[tuple[str, str], list[Record]]] = {}
    by_id: dict[str, dict[str | None, Record]] = {}
    known: dict[str, set[str | None]] = {}
    claimed: dict[str, set[str | None]] = {}
    for zone_name, after in afters.items():
        index: dict[tuple[str, str], list[Record]] = {}
        for item in after.records:
            index.setdefault((item.name, item.type), []).append(item)
        by_key[zone_name] = index
        by_id[zone_name] = {item.id: item for item in after.records}
        known[zone_name] = {item.id for item in befores[zone_name].records}
        claimed[zone_name] = set()

    out: dict[int, tuple[Record | None, bool | None]] = {}
    for position, (zone_name, step) in enumerate(applied):
        record: Record | None = None
        verified: bool | None
        if step.change.action == "delete":
            verified = not any(t.id in by_id[zone_name] for t in step.targets)
        else:
            spec = step.spec
            assert spec is not None
            if step.change.action == "create":
                fresh = [
                    r
                    for r in by_key[zone_name].get((spec.fqdn, spec.type), [])
                    if r.id not in known[zone_name]
                    and r.id not in claimed[zone_name]
                    and matches(r, spec, check_ttl=False)
                ]
                if fresh:
                    record = min(fresh, key=lambda r: int(r.id) if r.id and r.id.isdigit() else 0)
                    claimed[zone_name].add(record.id)
            else:
                record = by_id[zone_name].get(step.targets[0].id)
            verified = record is not None and matches(record, spec)
        if superseded[position] and not verified:
            verified = None
        out[step.index] = (record, verified)
    return out
