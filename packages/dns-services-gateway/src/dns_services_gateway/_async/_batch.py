"""Batch execution: ordered per zone, one zone read before and one after."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    AuthenticationError,
    DNSServicesError,
    InvalidArgumentError,
    NotFoundError,
)
from .._plan import PlanStep, parse_changes, plan_zone, verify_applied
from ..types.batch import BatchResult, ChangeResult, RecordChange
from ..types.records import Record, Zone, ZoneRef

if TYPE_CHECKING:
    from ._client import AsyncDNSServicesClient

__all__ = ["run_batch"]

# Failures of one change (refusals, 5xx or a lost connection after retries) are reported in
# that change's result; authentication failures abort the whole batch.
_CHANGE_ERRORS = (InvalidArgumentError, APIError, APIConnectionError, APIResponseValidationError)


def _failed(step: PlanStep, exc: DNSServicesError) -> ChangeResult:
    return ChangeResult(
        index=step.index,
        change=step.change,
        status="error",
        error=exc.message,
        error_type=type(exc).__name__,
    )


async def _resolve_pending(
    client: AsyncDNSServicesClient, ref: ZoneRef, step: PlanStep, before: Zone
) -> list[Record]:
    """Give ids to targets that were created earlier in the same batch."""
    if all(t.id for t in step.targets):
        return step.targets
    current = await client.get_zone(ref)
    resolved = []
    for target in step.targets:
        if target.id:
            resolved.append(target)
            continue
        found = [
            r
            for r in current.records
            if r.name == target.name
            and r.type == target.type
            and r.content == target.content
            and r.id not in {x.id for x in before.records}
        ]
        if not found:
            raise NotFoundError(f"{target.name} {target.type} created earlier is not in the zone")
        resolved.append(found[-1])
    return resolved


async def _send(client: AsyncDNSServicesClient, ref: ZoneRef, step: PlanStep, before: Zone) -> None:
    """Send one planned change (a create, one PUT, or the DELETEs of its targets)."""
    if step.change.action == "create":
        assert step.spec is not None
        await client._post_create(ref, step.spec, before)
        return
    targets = await _resolve_pending(client, ref, step, before)
    if step.change.action == "update":
        assert step.spec is not None
        await client.request("PUT", client._records_path(ref, targets[0].id), json=step.spec.body())
    else:
        for target in targets:
            await client.request("DELETE", client._records_path(ref, target.id))
    step.targets = targets


async def run_batch(
    client: AsyncDNSServicesClient,
    changes: Iterable[RecordChange | Mapping[str, Any]],
    *,
    dry_run: bool,
    stop_on_error: bool,
    progress: Callable[[int], object] | None = None,
) -> BatchResult:
    """Plan and (unless ``dry_run``) apply changes; see ``AsyncDNSServicesClient.batch``.

    Args:
        client: The client whose zones are read and changed.
        changes: The changes in caller order, as :class:`RecordChange` models or dicts of
            that shape.
        dry_run: Plan only: read each zone once, validate every change, send nothing.
        stop_on_error: Send nothing when a change fails planning, and skip the changes after
            the first one that fails while sending.
        progress: Called with the index of each change (its position in ``changes``) once
            it has been sent, has failed or was skipped; None for no callback.

    Returns:
        The plan, one result per change ordered by index, and each zone's SOA serial before
        and after (``after`` is None in a dry run).

    Raises:
        AuthenticationError: The credentials were refused while sending a change (the batch
            stops; changes sent before it stay applied).
        InvalidArgumentError: A change does not have the documented shape (from parsing, before
            any request).
        APIError: The API refused a zone read before or after the changes.
        APIConnectionError: The API could not be reached for a zone read.
    """  # noqa: DOC503
    parsed = parse_changes(changes)
    by_zone: dict[str, list[tuple[int, RecordChange]]] = {}
    results: dict[int, ChangeResult] = {}
    refs: dict[str, ZoneRef] = {}
    unknown: list[tuple[str, PlanStep]] = []
    for index, change in enumerate(parsed):
        try:
            ref = await client.zone_ref(change.domain)
        except NotFoundError as exc:
            unknown.append(("", PlanStep(index=index, change=change, error=exc)))
            continue
        refs[ref.name] = ref
        by_zone.setdefault(ref.name, []).append((index, change))

    befores: dict[str, Zone] = {}
    steps: list[tuple[str, PlanStep]] = list(unknown)
    for zone_name, items in by_zone.items():
        befores[zone_name] = await client.get_zone(refs[zone_name])
        steps.extend((zone_name, step) for step in plan_zone(befores[zone_name], items))
    steps.sort(key=lambda pair: pair[1].index)
    plan = [step.planned for _, step in steps if step.planned is not None]

    # A change that fails planning (bad data, an unknown zone or record) is known before
    # anything is sent: with stop_on_error, nothing is sent and every such change is reported.
    plan_failed = stop_on_error and any(step.error is not None for _, step in steps)
    stopped = False
    applied: list[tuple[str, PlanStep]] = []
    for zone_name, step in steps:
        if step.error is not None and (plan_failed or not stopped):
            results[step.index] = _failed(step, step.error)
            stopped = stop_on_error
        elif stopped or plan_failed or dry_run:
            results[step.index] = ChangeResult(
                index=step.index, change=step.change, status="skipped"
            )
        else:
            try:
                await _send(client, refs[zone_name], step, befores[zone_name])
            except AuthenticationError:
                raise
            except _CHANGE_ERRORS as exc:
                results[step.index] = _failed(step, exc)
                stopped = stop_on_error
            else:
                applied.append((zone_name, step))
        if progress is not None:
            progress(step.index)

    serials: dict[str, dict[str, int | None]] = {}
    afters: dict[str, Zone] = {}
    for zone_name in by_zone:
        if not dry_run:
            afters[zone_name] = await client.get_zone(refs[zone_name])
        serials[zone_name] = {
            "before": befores[zone_name].serial,
            "after": afters[zone_name].serial if zone_name in afters else None,
        }
    checks = verify_applied(applied, befores, afters)
    for _, step in applied:
        record, verified = checks[step.index]
        results[step.index] = ChangeResult(
            index=step.index,
            change=step.change,
            status="success",
            record=record,
            verified=verified,
        )
    return BatchResult(
        dry_run=dry_run,
        plan=plan,
        results=[results[i] for i in sorted(results)],
        serials=serials,
    )
