"""``manage_record``: one change, its record set before and after, verification, envelope."""

from __future__ import annotations

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
    precheck_record,
    record_set_state,
    select_records,
    to_fqdn,
    validate_record,
)
from .._verification import DNSExpectation, api_check, check_timing, combine
from ..types.records import Record, Zone
from ..types.responses import (
    ErrorInfo,
    OperationData,
    OperationResponse,
    VerificationResult,
    VerifyLevel,
)
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


def _single_target(
    zone: Zone, record_id: str | None, data: Mapping[str, Any], rtype: str
) -> Record:
    targets = select_records(
        zone.records,
        zone=zone.name,
        record_id=record_id,
        name=data.get("name") if record_id is None else None,
        record_type=rtype,
        content=data.get("match_content"),
    )
    if not targets:
        raise NotFoundError(f"no {rtype} record matches {dict(data)} in zone {zone.name}")
    if len(targets) > 1:
        raise InvalidArgumentError(
            "match_content",
            f"{len(targets)} {rtype} records match; give id or match_content to pick one",
        )
    return targets[0]


async def _verify_change(
    client: AsyncDNSServicesClient,
    level: VerifyLevel,
    before: Zone,
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
    action: Literal["create", "read", "update", "delete"],
    domain: str,
    record_type: str,
    data: Mapping[str, Any],
    *,
    verify: VerifyLevel | bool,
    nameservers: Iterable[Nameserver] | None,
    dns_timeout: float | None,
    deadline: float | None,
) -> OperationResponse:
    """Run one ``manage_record`` call; see ``AsyncDNSServicesClient.manage_record``.

    Args:
        client: The client whose zone is read and changed.
        action: ``"create"``, ``"read"``, ``"update"`` or ``"delete"``.
        domain: The zone name (or a name inside the zone).
        record_type: The RRtype, in any case.
        data: The record fields: ``name``, ``content``, ``ttl`` (seconds), ``priority``,
            ``id``/``record_id``, ``match_content``, ``new_name``.
        verify: ``"none"``, ``"api"`` or ``"dns"``; True means ``"dns"``, False ``"none"``.
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
    if action not in ("create", "read", "update", "delete"):
        raise InvalidArgumentError("action", "must be 'create', 'read', 'update' or 'delete'")
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
        writes = action in ("create", "update")
        precheck_record(
            record_type=record_type,
            # A create names the record; an update may rename it (the name only selects).
            name=data.get("name" if action == "create" else "new_name") if writes else None,
            content=data.get("content") if writes else None,
            ttl=data.get("ttl") if writes else None,
            priority=data.get("priority") if writes else None,
            complete=action == "create",
        )
        ref = await client.zone_ref(domain)
        before = await client.get_zone(ref)
        metadata.update(zone=before.name, zone_id=ref.id, serial_before=before.serial)
        record_id = data.get("id", data.get("record_id"))
        record_id = None if record_id is None else str(record_id)
        expectations: list[DNSExpectation]
        expected_ttl: int | None = None
        if action == "read":
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
        if action == "create":
            spec = validate_record(
                zone=before.name,
                name=data.get("name"),
                record_type=rtype,
                content=data.get("content"),
                ttl=data.get("ttl"),
                priority=data.get("priority"),
                existing=before.records,
            )
            fqdn = spec.fqdn
            before_state = record_set_state(before, fqdn, rtype)
            record, after = await client._create(ref, spec, before)
            metadata["record_ids"] = [record.id] if record.id else []
            expectations = [_expect(spec)]
            expected_ttl = spec.ttl
        elif action == "update":
            target = _single_target(before, record_id, data, rtype)
            spec = validate_record(
                zone=before.name,
                name=data.get("new_name") or target.name,
                record_type=rtype,
                content=data["content"] if data.get("content") is not None else target.content,
                ttl=data["ttl"] if data.get("ttl") is not None else target.ttl,
                priority=data.get("priority", target.priority),
                existing=before.records,
                ignore_ids=[target.id or ""],
            )
            fqdn = target.name
            before_state = record_set_state(before, fqdn, rtype)
            await client.request("PUT", client._records_path(ref, target.id), json=spec.body())
            after = await client.get_zone(ref)
            metadata["record_ids"] = [target.id]
            expectations = [_expect(spec)]
            expected_ttl = spec.ttl
            if spec.fqdn != fqdn:
                metadata["new_name"] = spec.fqdn
                fqdn = spec.fqdn
        else:
            targets = select_records(
                before.records,
                zone=before.name,
                record_id=record_id,
                name=data.get("name"),
                record_type=rtype,
                content=data.get("content"),
            )
            if not targets:
                raise NotFoundError(f"no {rtype} record matches {dict(data)} in zone {before.name}")
            fqdn = targets[0].name
            before_state = record_set_state(before, fqdn, rtype)
            for target in targets:
                await client.request("DELETE", client._records_path(ref, target.id))
            after = await client.get_zone(ref)
            metadata["record_ids"] = [t.id for t in targets]
            expectations = [
                DNSExpectation(
                    fqdn=t.name,
                    type=t.type,
                    content=t.content,
                    priority=t.priority,
                    present=False,
                )
                for t in targets
            ]
        metadata.update(name=fqdn, serial_after=after.serial)
        after_state = record_set_state(after, fqdn, rtype)
        if action != "delete":
            metadata["ttl"] = expected_ttl
        elif targets:
            metadata["ttl"] = targets[0].ttl
        verification = await _verify_change(
            client,
            level,
            before,
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
