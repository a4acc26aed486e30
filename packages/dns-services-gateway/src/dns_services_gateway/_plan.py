"""No-I/O batch planning: resolve changes against a zone read, in order."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

import pydantic

from ._exceptions import DNSServicesError, NotFoundError, ValidationError
from ._records import RecordSpec, select_records, validate_record
from .types.batch import PlannedChange, RecordChange
from .types.records import Record, Zone

__all__ = ["PlanStep", "parse_changes", "plan_zone"]


def parse_changes(changes: Iterable[RecordChange | Mapping[str, Any]]) -> list[RecordChange]:
    """Validate the shape of every change before anything is sent.

    Args:
        changes: Dicts (see :class:`RecordChange`) or models.

    Returns:
        The models, in order.

    Raises:
        ValidationError: Names the change index and field.
    """
    out: list[RecordChange] = []
    for index, change in enumerate(changes):
        if isinstance(change, RecordChange):
            out.append(change)
            continue
        if not isinstance(change, Mapping):
            raise ValidationError(f"changes[{index}]", "must be a mapping or a RecordChange")
        try:
            out.append(RecordChange.model_validate(dict(change)))
        except pydantic.ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(part) for part in error["loc"]) or "change"
            raise ValidationError(f"changes[{index}].{field}", error["msg"]) from None
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
        One step per change.
    """
    working: list[Record] = list(zone.records)
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
                    existing=working,
                )
                step.spec = spec
                working.append(spec.as_record(None))
            else:
                targets = select_records(
                    working,
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
                        raise ValidationError(
                            "match_content",
                            f"{len(targets)} records match; give id or match_content",
                        )
                    target = targets[0]
                    spec = validate_record(
                        zone=zone.name,
                        name=change.new_name or target.name,
                        record_type=target.type,
                        content=target.content if change.content is None else change.content,
                        ttl=target.ttl if change.ttl is None else change.ttl,
                        priority=target.priority if change.priority is None else change.priority,
                        existing=working,
                        ignore_ids=[target.id] if target.id else [],
                    )
                    step.spec = spec
                    working[working.index(target)] = spec.as_record(target.id)
                else:
                    for target in targets:
                        working.remove(target)
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
