"""No-I/O zone sync planning: compare a zone file's records with the live zone."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence

from ._exceptions import InvalidArgumentError
from ._records import RecordSpec, normalize_content, relative_name, validate_record
from ._verification import DNSExpectation
from .types.records import Record, Zone
from .types.zones import ZoneChange, ZonePlan

__all__ = [
    "DEFAULT_DELETE_THRESHOLD",
    "DEFAULT_MIN_EXISTING",
    "DEFAULT_UPDATE_THRESHOLD",
    "PlanThresholdError",
    "change_spec",
    "dns_expectations",
    "plan_zone_sync",
]

DEFAULT_UPDATE_THRESHOLD = 0.3
"""Largest share of a zone's managed records one sync may update (octodns's default)."""
DEFAULT_DELETE_THRESHOLD = 0.3
"""Largest share of a zone's managed records one sync may delete (octodns's default)."""
DEFAULT_MIN_EXISTING = 10
"""Zones with fewer managed records than this are not held to the thresholds (as octodns)."""


class PlanThresholdError(InvalidArgumentError):
    """A zone sync plan updates or deletes more of the zone than the thresholds allow.

    Nothing was sent. Pass ``force=True`` (CLI ``--force``) to apply it anyway, or raise the
    thresholds.

    Args:
        plan: The refused plan; ``plan.refusals`` says which threshold it exceeds.
    """

    def __init__(self, plan: ZonePlan) -> None:
        super().__init__("force", "; ".join(plan.refusals) + " (use force to apply anyway)")
        self.plan = plan


def _ignore_rules(patterns: Iterable[str]) -> list[tuple[str, str]]:
    rules: list[tuple[str, str]] = []
    for pattern in patterns:
        text = pattern.strip()
        if not text:
            raise InvalidArgumentError("ignore", "an empty pattern would match nothing")
        name, _, rtype = text.partition("/")
        rules.append((name.strip().rstrip(".").lower() or "*", rtype.strip().upper() or "*"))
    return rules


def _ignored(record: Record | RecordSpec, zone: str, rules: list[tuple[str, str]]) -> bool:
    fqdn = record.name if isinstance(record, Record) else record.fqdn
    relative = "@" if fqdn == zone else relative_name(fqdn, zone)
    for name_glob, type_glob in rules:
        if not fnmatch.fnmatchcase(record.type, type_glob):
            continue
        if fnmatch.fnmatchcase(relative, name_glob) or fnmatch.fnmatchcase(fqdn, name_glob):
            return True
    return False


def _identity(rtype: str, content: str, priority: int | None) -> tuple[str, int | None]:
    return normalize_content(rtype, content), priority


def _desired_specs(zone: str, desired: Iterable[Record]) -> list[RecordSpec]:
    specs: dict[tuple[str, str, str, int | None], RecordSpec] = {}
    for record in desired:
        spec = validate_record(
            zone=zone,
            name=record.name,
            record_type=record.type,
            content=record.content,
            ttl=record.ttl,
            priority=record.priority,
        )
        specs.setdefault(
            (spec.fqdn, spec.type, *_identity(spec.type, spec.content, spec.priority)), spec
        )
    by_name: dict[str, set[str]] = {}
    for spec in specs.values():
        by_name.setdefault(spec.fqdn, set()).add(spec.type)
    for fqdn, types in by_name.items():
        if "CNAME" in types and len(types) > 1:
            raise InvalidArgumentError(
                "file", f"{fqdn} has a CNAME beside other data (RFC 1034 §3.6.2)"
            )
    return list(specs.values())


def _change(action: str, spec: RecordSpec | None, before: Record | None, reason: str) -> ZoneChange:
    if spec is not None:
        return ZoneChange(
            action=action,
            name=spec.fqdn,
            type=spec.type,
            content=spec.content,
            ttl=spec.ttl,
            priority=spec.priority,
            record_id=before.id if before is not None else None,
            before=before,
            reason=reason,
        )
    assert before is not None
    return ZoneChange(
        action="delete",
        name=before.name,
        type=before.type,
        content=before.content,
        ttl=before.ttl,
        priority=before.priority,
        record_id=before.id,
        before=before,
        reason=reason,
    )


def change_spec(zone: str, change: ZoneChange) -> RecordSpec:
    """Validate a create or update step into the record data to send.

    Args:
        zone: The zone name.
        change: A create or update step of a :class:`~dns_services_gateway.ZonePlan`.

    Returns:
        The spec whose ``body()`` is the request body.
    """
    return validate_record(
        zone=zone,
        name=change.name,
        record_type=change.type,
        content=change.content,
        ttl=change.ttl,
        priority=change.priority,
    )


def plan_zone_sync(
    current: Zone,
    desired: Iterable[Record],
    *,
    ignore: Sequence[str] = (),
    update_threshold: float = DEFAULT_UPDATE_THRESHOLD,
    delete_threshold: float = DEFAULT_DELETE_THRESHOLD,
    min_existing: int = DEFAULT_MIN_EXISTING,
) -> ZonePlan:
    """Plan the creates, updates and deletes that make the live zone match a file.

    Records match on name, type, content and priority; a match with another TTL is an
    update. Within one name and type, a single old value and a single new value become one
    update (the record keeps its id); otherwise the new values are created before the old
    ones are deleted. The SOA and the apex NS records are never planned (the provider runs
    them, dns-services-api.md §6.1), nor anything an ``ignore`` pattern matches.

    Args:
        current: The live zone read.
        desired: The file's records (from :func:`~dns_services_gateway.zonefile.load_zone`).
        ignore: Patterns ``NAME`` or ``NAME/TYPE`` (shell globs; names relative, ``@`` for
            the apex, or FQDN), such as ``_acme-challenge*/TXT`` or ``*/CAA``.
        update_threshold: Largest share of the managed records that may be updated (0 to 1).
        delete_threshold: Largest share of the managed records that may be deleted (0 to 1).
        min_existing: Zones with fewer managed records are not held to the thresholds.

    Returns:
        The plan; ``refusals`` lists the thresholds it exceeds.

    Raises:
        InvalidArgumentError: A file record fails validation, the file puts a CNAME beside
            other data, a threshold is outside 0..1, or an ignore pattern is empty.
    """
    for field, value in (
        ("update_threshold", update_threshold),
        ("delete_threshold", delete_threshold),
    ):
        if not 0 <= value <= 1:
            raise InvalidArgumentError(field, f"must be a share between 0 and 1, got {value!r}")
    if min_existing < 0:
        raise InvalidArgumentError("min_existing", f"must be >= 0, got {min_existing}")
    zone = current.name
    rules = _ignore_rules(ignore)
    ignored = 0

    def managed(record: Record | RecordSpec) -> bool:
        nonlocal ignored
        fqdn = record.name if isinstance(record, Record) else record.fqdn
        if record.type == "NS" and fqdn == zone:
            return False
        if _ignored(record, zone, rules):
            ignored += 1
            return False
        return True

    live = [r for r in current.records if managed(r)]
    wanted = [s for s in _desired_specs(zone, desired) if managed(s)]
    live_sets: dict[tuple[str, str], list[Record]] = {}
    for record in live:
        live_sets.setdefault((record.name, record.type), []).append(record)
    wanted_sets: dict[tuple[str, str], list[RecordSpec]] = {}
    for spec in wanted:
        wanted_sets.setdefault((spec.fqdn, spec.type), []).append(spec)

    first: list[ZoneChange] = []
    creates: list[ZoneChange] = []
    updates: list[ZoneChange] = []
    deletes: list[ZoneChange] = []
    unchanged = 0
    cname_names = {fqdn for fqdn, rtype in wanted_sets if rtype == "CNAME"}
    other_names = {fqdn for fqdn, rtype in wanted_sets if rtype != "CNAME"}
    for key in sorted(set(live_sets) | set(wanted_sets)):
        fqdn, rtype = key
        old = list(live_sets.get(key, []))
        new = list(wanted_sets.get(key, []))
        left: list[RecordSpec] = []
        for spec in new:
            identity = _identity(spec.type, spec.content, spec.priority)
            hit = next(
                (r for r in old if _identity(r.type, r.content, r.priority) == identity), None
            )
            if hit is None:
                left.append(spec)
                continue
            old.remove(hit)
            if hit.ttl == spec.ttl:
                unchanged += 1
            else:
                updates.append(_change("update", spec, hit, f"ttl {hit.ttl} -> {spec.ttl}"))
        if len(left) == 1 and len(old) == 1:
            updates.append(_change("update", left[0], old[0], "content changed"))
            continue
        creates.extend(_change("create", spec, None, "not in the zone") for spec in left)
        # A CNAME cannot sit beside other data: what it replaces goes first (RFC 1034 §3.6.2).
        clash = (rtype != "CNAME" and fqdn in cname_names) or (
            rtype == "CNAME" and fqdn in other_names
        )
        target = first if clash else deletes
        kept = {_identity(s.type, s.content, s.priority) for s in new}
        for record in old:
            duplicate = _identity(record.type, record.content, record.priority) in kept
            reason = "duplicate" if duplicate else "not in the file"
            target.append(_change("delete", None, record, reason))

    existing = len(live)
    plan_updates = len(updates)
    plan_deletes = len(first) + len(deletes)
    refusals: list[str] = []
    if existing >= min_existing and existing:
        for label, count, limit in (
            ("updates", plan_updates, update_threshold),
            ("deletes", plan_deletes, delete_threshold),
        ):
            if count / existing > limit:
                refusals.append(
                    f"{count} {label} are {count / existing:.0%} of {existing} records "
                    f"(threshold {limit:.0%})"
                )
    return ZonePlan(
        zone=zone,
        changes=first + creates + updates + deletes,
        existing=existing,
        unchanged=unchanged,
        ignored=ignored,
        creates=len(creates),
        updates=plan_updates,
        deletes=plan_deletes,
        update_threshold=update_threshold,
        delete_threshold=delete_threshold,
        min_existing=min_existing,
        refusals=refusals,
    )


def dns_expectations(plan: ZonePlan) -> list[DNSExpectation]:
    """What the authoritative nameservers must serve once a plan is applied.

    Created and updated values must be served; deleted values must be gone unless the plan
    keeps the same value at that name (a duplicate removed, or a set rewritten).

    Args:
        plan: The applied plan.

    Returns:
        One expectation per distinct value.
    """
    kept = {
        (c.name, c.type, *_identity(c.type, c.content, c.priority))
        for c in plan.changes
        if c.action != "delete"
    }
    out: dict[tuple[str, str, str, int | None, bool], DNSExpectation] = {}
    for change in plan.changes:
        identity = (
            change.name,
            change.type,
            *_identity(change.type, change.content, change.priority),
        )
        present = change.action != "delete"
        if not present and (identity in kept or change.reason == "duplicate"):
            continue
        out.setdefault(
            (*identity, present),
            DNSExpectation(
                fqdn=change.name,
                type=change.type,
                content=change.content,
                priority=change.priority,
                present=present,
            ),
        )
    return list(out.values())
