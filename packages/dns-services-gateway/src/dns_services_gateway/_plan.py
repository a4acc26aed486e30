"""No-I/O batch planning: resolve changes against a zone read, in order."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import pydantic

from ._exceptions import DNSServicesError, InvalidArgumentError, NotFoundError
from ._records import (
    RecordSpec,
    check_name_in_domain,
    matches,
    normalize_content,
    select_records,
    to_fqdn,
    validate_record,
)
from .types.batch import PlannedChange, RecordChange
from .types.records import Record, Zone

__all__ = ["Outcome", "PlanStep", "parse_changes", "plan_zone", "verify_applied"]


def parse_changes(changes: Iterable[RecordChange | Mapping[str, Any]]) -> list[RecordChange]:
    """Validate the shape of every change before anything is sent.

    Args:
        changes: Dicts (see :class:`RecordChange`) or models.

    Returns:
        The models, in order.

    Raises:
        InvalidArgumentError: Names the change index and field (a malformed change, or an
            absolute name that cannot lie inside the change's domain).
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
    for index, parsed in enumerate(out):
        for field in ("name", "new_name"):
            try:
                check_name_in_domain(getattr(parsed, field), parsed.domain)
            except InvalidArgumentError as exc:
                raise InvalidArgumentError(f"changes[{index}].{field}", exc.reason) from None
    return out


Outcome = Literal["create", "update", "delete", "unchanged", "absent"]
"""What a planned change comes to: a request to send, or nothing (already applied)."""


@dataclasses.dataclass
class PlanStep:
    """One change resolved against the zone, or the error that stops it.

    Attributes:
        index: Position in the input.
        change: The change.
        outcome: ``create``, ``update`` or ``delete`` (a request to send), ``unchanged`` (the
            zone already holds the record as asked) or ``absent`` (a delete with
            ``missing_ok`` that found nothing); None when planning failed.
        planned: The resolved change, when a request is to be sent.
        spec: The validated record data (create/update, and ``unchanged``).
        targets: The existing records it touches (update/delete), or for ``unchanged`` the
            record already in the zone.
        error: Why it cannot be applied.
    """

    index: int
    change: RecordChange
    outcome: Outcome | None = None
    planned: PlannedChange | None = None
    spec: RecordSpec | None = None
    targets: list[Record] = dataclasses.field(default_factory=list)
    error: DNSServicesError | None = None


class _Working:
    """The zone's records as the changes planned so far leave them, indexed by owner name.

    Args:
        zone: The zone read the planning starts from.
    """

    def __init__(self, zone: Zone) -> None:
        self.zone = zone.name
        self.by_name: dict[str, list[Record]] = {}
        for record in zone.records:
            self.by_name.setdefault(record.name, []).append(record)

    def at(self, name: str | None) -> list[Record]:
        return self.by_name.get(to_fqdn(name, self.zone), [])

    def by_id(self, record_id: str) -> list[Record]:
        return [r for records in self.by_name.values() for r in records if r.id == record_id]

    def add(self, record: Record) -> None:
        self.by_name.setdefault(record.name, []).append(record)

    def remove(self, record: Record) -> None:
        self.by_name[record.name].remove(record)


def _same_value(record: Record, spec: RecordSpec) -> bool:
    """Same owner, type and normalised content (TTL and priority not compared)."""
    return (
        record.name == spec.fqdn
        and record.type == spec.type
        and normalize_content(spec.type, record.content) == spec.content
    )


def _identical(record: Record, spec: RecordSpec) -> bool:
    """Same owner, type, content, TTL and priority: a create of it would be a duplicate."""
    return _same_value(record, spec) and record.ttl == spec.ttl and record.priority == spec.priority


def _spec(zone: str, change: RecordChange, existing: Iterable[Record] = ()) -> RecordSpec:
    return validate_record(
        zone=zone,
        name=change.name,
        record_type=change.type,
        content=change.content,
        ttl=change.ttl,
        priority=change.priority,
        existing=existing,
    )


def _plan_create(work: _Working, step: PlanStep, *, ensure: bool) -> None:
    change = step.change
    # Checked without the zone's other records first: an identical record (a CNAME
    # included) is "unchanged", not a conflict with itself.
    loose = _spec(work.zone, change)
    pool = [r for r in work.at(loose.fqdn) if r.type == loose.type]
    same = [r for r in pool if _identical(r, loose)]
    if same:
        step.outcome, step.spec, step.targets = "unchanged", loose, same[:1]
        return
    if ensure:
        # A value already there gets the TTL and priority asked for; a CNAME (one per name,
        # RFC 1034 §3.6.2) is replaced whatever its target; any other new value is added.
        value = [r for r in pool if _same_value(r, loose)]
        target = value[0] if value else (pool[0] if loose.type == "CNAME" and pool else None)
        if target is not None:
            step.spec = validate_record(
                zone=work.zone,
                name=loose.fqdn,
                record_type=loose.type,
                content=change.content,
                ttl=change.ttl if change.ttl is not None else target.ttl,
                priority=change.priority if change.priority is not None else target.priority,
                existing=[r for r in work.at(loose.fqdn) if r is not target],
            )
            if _identical(target, step.spec):
                step.outcome, step.targets = "unchanged", [target]
                return
            step.outcome, step.targets = "update", [target]
            work.remove(target)
            work.add(step.spec.as_record(target.id))
            return
    step.spec = _spec(work.zone, change, work.at(loose.fqdn))
    step.outcome = "create"
    work.add(step.spec.as_record(None))


def _targets(work: _Working, change: RecordChange, zone: Zone, content: str | None) -> list[Record]:
    """The records an update or delete addresses: by id, else by owner name, then by type.

    Args:
        work: The zone as planned so far.
        change: The update or delete; its ``id``, ``name`` and ``type`` select.
        zone: The zone as read before planning (its name qualifies relative names).
        content: Only records with this content (an update's ``match_content``, a delete's
            ``content``); None for any content.

    Returns:
        The matching records, possibly none.
    """
    pool = work.at(change.name) if change.id is None else work.by_id(change.id)
    return select_records(
        pool,
        zone=zone.name,
        record_id=change.id,
        name=change.name if change.id is None else None,
        record_type=change.type,
        content=content,
    )


def _plan_update(work: _Working, step: PlanStep, zone: Zone) -> None:
    change = step.change
    targets = _targets(work, change, zone, change.match_content)
    if not targets:
        if change.content is not None and change.id is None:
            # Already applied (a second run): the record as the update leaves it is there.
            wanted = _spec(
                work.zone, change.model_copy(update={"name": change.new_name or change.name})
            )
            done = [
                r
                for r in work.at(wanted.fqdn)
                if _same_value(r, wanted)
                and (change.ttl is None or r.ttl == wanted.ttl)
                and (change.priority is None or r.priority == wanted.priority)
            ]
            if done:
                step.outcome, step.spec, step.targets = "unchanged", wanted, done[:1]
                return
        raise NotFoundError(f"no {change.type} record {change.id or change.name} in {zone.name}")
    if len(targets) > 1:
        raise InvalidArgumentError(
            "match_content", f"{len(targets)} records match; give id or match_content"
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
        existing=[r for r in work.at(new_name) if r is not target],
    )
    step.spec, step.targets = spec, [target]
    if target.id is not None and _identical(target, spec):
        step.outcome = "unchanged"
        return
    step.outcome = "update"
    work.remove(target)
    work.add(spec.as_record(target.id))


def _plan_delete(work: _Working, step: PlanStep, zone: Zone, missing_ok: bool) -> None:
    change = step.change
    targets = _targets(work, change, zone, change.content)
    if not targets:
        if change.missing_ok or missing_ok:
            step.outcome = "absent"
            return
        raise NotFoundError(f"no {change.type} record {change.id or change.name} in {zone.name}")
    step.outcome, step.targets = "delete", targets
    for target in targets:
        work.remove(target)


def plan_zone(
    zone: Zone, changes: list[tuple[int, RecordChange]], *, missing_ok: bool = False
) -> list[PlanStep]:
    """Resolve a zone's changes in order against a working copy of its records.

    Each change sees the effect of the changes before it (a record created earlier can be
    updated or deleted later; it has no id yet, which the executor resolves by re-reading).
    A change the zone already reflects plans no request: an identical create, an update or
    ``ensure`` whose result is there (``unchanged``), a delete with ``missing_ok`` of a record
    that is not there (``absent``).

    Args:
        zone: The zone read before the batch.
        changes: ``(index, change)`` pairs for this zone, in input order.
        missing_ok: Treat every delete as ``missing_ok``.

    Returns:
        One step per change, in input order. Nothing is raised: a change that cannot be
        applied (bad data, no matching record, several matches for an update) keeps its
        error in :attr:`PlanStep.error` and has no ``planned`` entry.
    """  # noqa: DOC501, DOC503 (the errors raised inside are caught and stored per step)
    work = _Working(zone)
    steps: list[PlanStep] = []
    for index, change in changes:
        step = PlanStep(index=index, change=change)
        steps.append(step)
        try:
            if change.action in ("create", "ensure"):
                _plan_create(work, step, ensure=change.action == "ensure")
            elif change.action == "update":
                _plan_update(work, step, zone)
            else:
                _plan_delete(work, step, zone, missing_ok)
        except DNSServicesError as exc:
            step.error, step.outcome, step.spec, step.targets = exc, None, None, []
            continue
        if step.outcome not in ("create", "update", "delete"):
            continue
        assert step.outcome is not None
        done = step.spec if step.outcome != "delete" else None
        step.planned = PlannedChange(
            index=index,
            action=step.outcome,
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
    to distinct records. An update (and an ``unchanged`` change) must show its record (same id)
    with the data asked for; a delete must leave none of its records; ``absent`` holds. A
    change whose check fails while a later change in the batch touched the same record set gets
    ``None`` (unknown) rather than ``False``.

    Args:
        applied: ``(zone name, step)`` for every change that was sent or needed nothing
            (``unchanged``, ``absent``), in order.
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
        if step.outcome == "absent":
            verified = True
        elif step.outcome == "delete":
            verified = not any(t.id in by_id[zone_name] for t in step.targets)
        else:
            spec = step.spec
            assert spec is not None
            if step.outcome == "create":
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
            elif step.targets and step.targets[0].id is not None:
                record = by_id[zone_name].get(step.targets[0].id)
            else:  # unchanged by a record created earlier in the batch (no id when planned)
                record = next(
                    (
                        r
                        for r in by_key[zone_name].get((spec.fqdn, spec.type), [])
                        if matches(r, spec)
                    ),
                    None,
                )
            verified = record is not None and matches(record, spec)
        if superseded[position] and not verified:
            verified = None
        out[step.index] = (record, verified)
    return out
