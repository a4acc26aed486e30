"""``manage_record``: one change, its record set before and after, verification, envelope."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from time import monotonic
from typing import TYPE_CHECKING, Any, Literal

from .._exceptions import (
    APIOperationError,
    APIResponseValidationError,
    DNSServicesError,
    InvalidArgumentError,
    NotFoundError,
)
from .._records import (
    RecordSpec,
    check_domain,
    check_name_in_domain,
    precheck_record,
    record_set_state,
    to_fqdn,
)
from .._verification import DNSExpectation, api_check, check_timing, combine
from ..types.records import Zone
from ..types.responses import (
    ErrorInfo,
    OperationData,
    OperationResponse,
    VerificationResult,
    VerifyLevel,
)
from ._batch import execute
from ._dns import Nameserver

if TYPE_CHECKING:
    from ._client import AsyncDNSServicesClient

__all__ = ["run_manage_record"]

# Errors that concern the record or zone asked for: manage_record reports them in an
# ``status="error"`` envelope. Everything else (auth, network, 5xx, rate limit, configuration)
# is raised.
_RECORD_ERRORS = (
    InvalidArgumentError,
    APIOperationError,
    NotFoundError,
    APIResponseValidationError,
)
_DATA_KEYS = {"name", "content", "ttl", "priority", "id", "record_id", "match_content", "new_name"}
_FIELDS = {
    "create": ("name", "content", "ttl", "priority"),
    "ensure": ("name", "content", "ttl", "priority"),
    "update": ("name", "match_content", "content", "ttl", "priority", "new_name"),
    "delete": ("name", "content"),
}


def _change(
    action: str, domain: str, rtype: str, data: Mapping[str, Any], record_id: Any
) -> dict[str, Any]:
    """The pipeline change for one ``manage_record`` write (fields left as None dropped)."""
    change: dict[str, Any] = {"action": action, "domain": domain, "type": rtype}
    if record_id is not None:
        change["id"] = str(record_id)
    for key in _FIELDS[action]:
        value = data.get(key)
        if value is None:
            continue
        change[key] = str(value) if key in ("content", "match_content") else value
    return change


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _error_info(exc: DNSServicesError) -> ErrorInfo:
    return ErrorInfo(
        type=type(exc).__name__,
        message=exc.message,
        field=getattr(exc, "field", None),
        status_code=getattr(exc, "status_code", None),
        errors=list(getattr(exc, "errors", []) or []),
    )


def _expect(spec: RecordSpec) -> DNSExpectation:
    return DNSExpectation(
        fqdn=spec.fqdn, type=spec.type, content=spec.content, priority=spec.priority
    )


async def _verify_change(
    client: AsyncDNSServicesClient,
    level: VerifyLevel,
    before: Zone | None,
    after: Zone,
    expectations: list[DNSExpectation],
    expected_ttl: int | None,
    nameservers: Iterable[Nameserver] | None,
    dns_timeout: float | None,
    deadline: float | None,
) -> VerificationResult:
    if level == "none":
        return combine(level, None, None)
    api = api_check(after, expectations, before=before, expected_ttl=expected_ttl)
    dns = None
    if level == "dns":
        dns = await client._dns_check(after, expectations, nameservers, dns_timeout, deadline)
    return combine(level, api, dns)


async def run_manage_record(
    client: AsyncDNSServicesClient,
    action: Literal["create", "read", "update", "delete", "ensure"],
    domain: str,
    record_type: str,
    data: Mapping[str, Any],
    *,
    verify: VerifyLevel | bool,
    missing_ok: bool = False,
    nameservers: Iterable[Nameserver] | None,
    dns_timeout: float | None,
    deadline: float | None,
) -> OperationResponse:
    """Run one ``manage_record`` call; see ``AsyncDNSServicesClient.manage_record``.

    Args:
        client: The client whose zone is read and changed.
        action: ``"create"``, ``"read"``, ``"update"``, ``"delete"`` or ``"ensure"``.
        domain: The zone name (or a name inside the zone).
        record_type: The RRtype, in any case.
        data: The record fields: ``name``, ``content``, ``ttl`` (seconds), ``priority``,
            ``id``/``record_id``, ``match_content``, ``new_name``.
        verify: ``"none"``, ``"api"`` or ``"dns"``; True means ``"dns"``, False ``"none"``.
        missing_ok: A delete that finds no record succeeds with outcome ``absent``.
        nameservers: Nameservers for DNS verification, or None for the client's default.
        dns_timeout: Seconds per DNS answer, or None for the client's default.
        deadline: Seconds DNS verification keeps polling, or None for the client's default.

    Returns:
        The envelope: ``status="success"`` with the record set before and after, or
        ``status="error"`` for a record problem (bad record data, no such zone or record, an
        API refusal inside HTTP 200, an unreadable response), which is reported, not raised.

    Raises:
        InvalidArgumentError: ``action``, ``verify``, ``data``, ``dns_timeout`` or ``deadline``
            itself is not usable (checked before anything else).
        AuthenticationError: The credentials were refused.
        APIStatusError: The API answered with an HTTP error status other than 404 (for
            example a 5xx after retries).
        APIConnectionError: The API could not be reached.
    """  # noqa: DOC503
    if action not in ("create", "read", "update", "delete", "ensure"):
        raise InvalidArgumentError(
            "action", "must be 'create', 'read', 'update', 'delete' or 'ensure'"
        )
    if verify not in (True, False, "none", "api", "dns"):
        raise InvalidArgumentError("verify", "must be 'none', 'api', 'dns' or a bool")
    if not isinstance(data, Mapping):
        raise InvalidArgumentError("data", "must be a mapping of record fields")
    check_timing(dns_timeout, deadline)
    level: VerifyLevel = ("dns" if verify else "none") if isinstance(verify, bool) else verify
    started = monotonic()
    rtype = record_type.upper() if isinstance(record_type, str) else str(record_type)
    metadata: dict[str, Any] = {"domain": domain, "record_type": rtype}
    before_state: dict[str, Any] | None = None
    after_state: dict[str, Any] | None = None
    try:
        unknown = sorted(set(data) - _DATA_KEYS)
        if unknown:
            raise InvalidArgumentError(unknown[0], f"unknown field; expected {sorted(_DATA_KEYS)}")
        # What needs no zone is checked before any request (login included).
        check_domain(domain)
        writes = action in ("create", "update", "ensure")
        precheck_record(
            record_type=record_type,
            # A create names the record; an update may rename it (the name only selects).
            name=data.get("new_name" if action == "update" else "name") if writes else None,
            content=data.get("content") if writes else None,
            ttl=data.get("ttl") if writes else None,
            priority=data.get("priority") if writes else None,
            complete=action == "create",
            domain=domain,
        )
        check_name_in_domain(data.get("name"), domain)
        record_id = data.get("id", data.get("record_id"))
        if action in ("update", "delete") and record_id is None and data.get("name") is None:
            raise InvalidArgumentError("id", "give the record id, or the name to find it")
        if action == "ensure" and data.get("content") is None:
            raise InvalidArgumentError("content", "is required (a string)")
        if action == "read":
            ref = await client.zone_ref(domain)
            before = await client.get_zone(ref)
            metadata.update(zone=before.name, zone_id=ref.id, serial_before=before.serial)
            fqdn = to_fqdn(data.get("name"), before.name)
            after_state = record_set_state(before, fqdn, rtype)
            metadata.update(name=fqdn, serial_after=before.serial)
            metadata["record_ids"] = [r["id"] for r in after_state["records"]]
            metadata["duration_ms"] = round((monotonic() - started) * 1000, 1)
            return OperationResponse(
                status="success",
                operation="read",
                timestamp=_utcnow(),
                data=OperationData(after=after_state),
                metadata=metadata,
            )
        run = await execute(
            client, [_change(action, domain, rtype, data, record_id)], missing_ok=missing_ok
        )
        if 0 in run.errors:
            zone_name = run.steps[0][0]
            if zone_name in run.befores:
                # The zone was read: the envelope still shows the record set as it was.
                first = run.befores[zone_name]
                metadata.update(zone=first.name, zone_id=first.id, serial_before=first.serial)
                with contextlib.suppress(InvalidArgumentError):
                    before_state = record_set_state(
                        first, to_fqdn(data.get("name"), first.name), rtype
                    )
            raise run.errors[0]
        zone_name, step = run.steps[0]
        before, after = run.befores[zone_name], run.afters[zone_name]
        ref = run.refs[zone_name]
        metadata.update(zone=before.name, zone_id=ref.id, serial_before=before.serial)
        outcome = step.outcome
        assert outcome is not None
        metadata["outcome"] = {"create": "created", "update": "updated", "delete": "deleted"}.get(
            outcome, outcome
        )
        expectations: list[DNSExpectation]
        expected_ttl: int | None = None
        if step.spec is not None and outcome != "absent":
            spec = step.spec
            fqdn = step.targets[0].name if outcome == "update" else spec.fqdn
            record = run.results[0].record
            metadata["record_ids"] = (
                [record.id] if record is not None and record.id else [t.id for t in step.targets]
            )
            expectations = [_expect(spec)]
            expected_ttl = spec.ttl
            if spec.fqdn != fqdn:
                metadata["new_name"] = spec.fqdn
        else:
            fqdn = step.targets[0].name if step.targets else to_fqdn(data.get("name"), before.name)
            metadata["record_ids"] = [t.id for t in step.targets]
            expectations = [
                DNSExpectation(
                    fqdn=t.name, type=t.type, content=t.content, priority=t.priority, present=False
                )
                for t in step.targets
            ]
            if step.targets:
                metadata["ttl"] = step.targets[0].ttl
        before_state = record_set_state(before, fqdn, rtype)
        if "new_name" in metadata:
            fqdn = metadata["new_name"]
        metadata.update(name=fqdn, serial_after=after.serial)
        after_state = record_set_state(after, fqdn, rtype)
        if expected_ttl is not None:
            metadata["ttl"] = expected_ttl
        verification = await _verify_change(
            client,
            level,
            before if outcome in ("create", "update", "delete") else None,
            after,
            expectations,
            expected_ttl,
            nameservers,
            dns_timeout,
            deadline,
        )
    except _RECORD_ERRORS as exc:
        metadata["duration_ms"] = round((monotonic() - started) * 1000, 1)
        return OperationResponse(
            status="error",
            operation=action,
            timestamp=_utcnow(),
            data=OperationData(before=before_state, after=after_state),
            metadata=metadata,
            error=_error_info(exc),
        )
    metadata["duration_ms"] = round((monotonic() - started) * 1000, 1)
    return OperationResponse(
        status="success",
        operation=action,
        timestamp=_utcnow(),
        data=OperationData(
            before=before_state,
            after=after_state,
            verified=verification.verified,
            verification=verification,
        ),
        metadata=metadata,
    )
