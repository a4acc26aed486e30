"""The write pipeline: plan, send in order per zone, re-read once, verify."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

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
from ..types.batch import BatchResult, ChangeResult, PlannedChange, RecordChange
from ..types.records import Record, Zone, ZoneRef

if TYPE_CHECKING:
    from ._client import AsyncDNSServicesClient

__all__ = ["Execution", "execute", "run_batch"]

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
    if step.outcome == "create":
        assert step.spec is not None
        await client._post_create(ref, step.spec, before)
        return
    targets = await _resolve_pending(client, ref, step, before)
    if step.outcome == "update":
        assert step.spec is not None
        await client.request("PUT", client._records_path(ref, targets[0].id), json=step.spec.body())
    else:
        for target in targets:
            await client.request("DELETE", client._records_path(ref, target.id))
    step.targets = targets


@dataclasses.dataclass
class Execution:
    """Everything one run of the write pipeline read, planned, sent and found.

    Attributes:
        steps: ``(zone name, step)`` per change, ordered by index (zone name empty when the
            change's zone is not hosted here).
        refs: The zones touched, by name.
        befores: Each zone as read before the changes.
        afters: Each zone as read after them (the ``befores`` read when nothing was sent to
            it; absent in a dry run).
        results: One result per change index.
        errors: The exception behind each ``status="error"`` result, by change index.
        plan: The requests the changes need, in index order.
    """

    steps: list[tuple[str, PlanStep]]
    refs: dict[str, ZoneRef]
    befores: dict[str, Zone]
    afters: dict[str, Zone]
    results: dict[int, ChangeResult]
    errors: dict[int, DNSServicesError]
    plan: list[PlannedChange]

    def batch_result(self, *, dry_run: bool) -> BatchResult:
        """Summarise as the public :class:`~dns_services_gateway.BatchResult`.

        Args:
            dry_run: Whether nothing was sent.

        Returns:
            The plan, the results by index and each zone's serial before and after.
        """
        serials = {
            name: {
                "before": before.serial,
                "after": self.afters[name].serial if name in self.afters else None,
            }
            for name, before in self.befores.items()
        }
        return BatchResult(
            dry_run=dry_run,
            plan=self.plan,
            results=[self.results[i] for i in sorted(self.results)],
            serials=serials,
        )


async def execute(
    client: AsyncDNSServicesClient,
    changes: Iterable[RecordChange | Mapping[str, Any]],
    *,
    dry_run: bool = False,
    stop_on_error: bool = True,
    missing_ok: bool = False,
    progress: Callable[[int], object] | None = None,
) -> Execution:
    """The one write pipeline: plan every change, send what it needs, re-read, verify.

    ``records.create/update/delete/ensure``, ``manage_record`` and ``batch`` all run through
    here. Each zone is read once before (planning) and, when something was sent to it, once
    after (verification). Changes the zone already reflects send nothing.

    Args:
        client: The client whose zones are read and changed.
        changes: The changes in caller order, as :class:`RecordChange` models or dicts of
            that shape.
        dry_run: Plan only: read each zone once, validate every change, send nothing.
        stop_on_error: Send nothing when a change fails planning, and skip the changes after
            the first one that fails while sending.
        missing_ok: Treat every delete as ``missing_ok`` (``absent`` instead of an error).
        progress: Called with the index of each change (its position in ``changes``) once
            it has been sent, has failed, was skipped or needed nothing; None for no callback.

    Returns:
        The steps, zone reads, results and errors.

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
    errors: dict[int, DNSServicesError] = {}
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
        planned = plan_zone(befores[zone_name], items, missing_ok=missing_ok)
        steps.extend((zone_name, step) for step in planned)
    steps.sort(key=lambda pair: pair[1].index)
    plan = [step.planned for _, step in steps if step.planned is not None]

    # A change that fails planning (bad data, an unknown zone or record) is known before
    # anything is sent: with stop_on_error, nothing is sent and every such change is reported.
    plan_failed = stop_on_error and any(step.error is not None for _, step in steps)
    stopped = False
    applied: list[tuple[str, PlanStep]] = []
    sent_to: set[str] = set()
    for zone_name, step in steps:
        if step.error is not None and (plan_failed or not stopped):
            results[step.index] = _failed(step, step.error)
            errors[step.index] = step.error
            stopped = stop_on_error
        elif step.planned is None and step.error is None:
            applied.append((zone_name, step))  # unchanged or absent: nothing to send
        elif stopped or plan_failed or dry_run:
            results[step.index] = ChangeResult(
                index=step.index, change=step.change, status="skipped"
            )
        else:
            try:
                sent_to.add(zone_name)
                await _send(client, refs[zone_name], step, befores[zone_name])
            except AuthenticationError:
                raise
            except _CHANGE_ERRORS as exc:
                results[step.index] = _failed(step, exc)
                errors[step.index] = exc
                stopped = stop_on_error
            else:
                applied.append((zone_name, step))
        if progress is not None:
            progress(step.index)

    afters: dict[str, Zone] = {}
    if not dry_run:
        for zone_name in by_zone:
            if zone_name in sent_to:
                afters[zone_name] = await client.get_zone(refs[zone_name])
            else:
                afters[zone_name] = befores[zone_name]
    checks = verify_applied(applied, befores, afters if not dry_run else befores)
    for _, step in applied:
        record, verified = checks[step.index]
        status: Literal["success", "unchanged", "absent"] = "success"
        if step.outcome in ("unchanged", "absent"):
            status = step.outcome
        elif dry_run:
            continue
        results[step.index] = ChangeResult(
            index=step.index,
            change=step.change,
            status=status,
            record=record,
            verified=verified,
        )
    return Execution(
        steps=steps,
        refs=refs,
        befores=befores,
        afters=afters,
        results=results,
        errors=errors,
        plan=plan,
    )


async def run_batch(
    client: AsyncDNSServicesClient,
    changes: Iterable[RecordChange | Mapping[str, Any]],
    *,
    dry_run: bool,
    stop_on_error: bool,
    missing_ok: bool = False,
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
        missing_ok: Treat every delete as ``missing_ok``.
        progress: Called with the index of each change once it is done; None for no callback.

    Returns:
        The plan, one result per change ordered by index, and each zone's SOA serial before
        and after (``after`` is None in a dry run).

    Raises:
        AuthenticationError: The credentials were refused while sending a change.
        InvalidArgumentError: A change does not have the documented shape (before any request).
        APIError: The API refused a zone read before or after the changes.
        APIConnectionError: The API could not be reached for a zone read.
    """  # noqa: DOC502
    run = await execute(
        client,
        changes,
        dry_run=dry_run,
        stop_on_error=stop_on_error,
        missing_ok=missing_ok,
        progress=progress,
    )
    return run.batch_result(dry_run=dry_run)
