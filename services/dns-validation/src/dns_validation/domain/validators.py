"""Validators: DNS answers in, a list of findings (the API's ``missing`` items) out.

No I/O happens here. Each validator returns one item per requirement with its ``ok`` flag,
never stopping at the first problem, so the caller can show everything the customer must fix.
``ok`` is computed on the full answer; ``found`` is a sanitised, capped copy of it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from dns_validation.domain.email_rules import (
    DKIMSelector,
    EmailMatch,
    dkim_key,
    dmarc_matches,
    is_dmarc_record,
    is_spf_record,
    spf_matches,
)
from dns_validation.domain.normalize import canonical_name

__all__ = [
    "DNS_MAX_HOST_LENGTH",
    "DNS_MAX_RECORDS",
    "DNS_MAX_TXT_LENGTH",
    "DNS_MAX_TXT_RECORDS",
    "RESULT_JSON_MAX_BYTES",
    "Answer",
    "CheckResult",
    "Expectations",
    "MXRecord",
    "canonical_name",
    "cap_result",
    "email_findings",
    "finish",
    "judge_cname",
    "judge_dkim",
    "judge_mx",
    "judge_txt",
    "merge_views",
    "ui_findings",
]

DNS_MAX_RECORDS = 20
DNS_MAX_TXT_RECORDS = 50
DNS_MAX_TXT_LENGTH = 512
DNS_MAX_HOST_LENGTH = 253
RESULT_JSON_MAX_BYTES = 20000
CNAME_MAX_HOPS = 8

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Answer(Generic[T]):
    """The outcome of one DNS lookup.

    Attributes:
        records: the records found (empty for NXDOMAIN or NODATA).
        error: a transient failure (timeout, SERVFAIL, REFUSED, unreachable), else ``None``.
    """

    records: tuple[T, ...] = ()
    error: str | None = None


@dataclass(frozen=True, slots=True)
class MXRecord:
    """One MX record (RFC 1035 §3.3.9).

    Attributes:
        priority: the preference value, 0 to 65535.
        exchange: the mail host, lower-cased, without the trailing dot.
    """

    priority: int
    exchange: str


@dataclass(frozen=True, slots=True)
class Expectations:
    """The records the service wants to see.

    Attributes:
        ui_cname: host a UI target's CNAME chain must reach.
        mx_host: expected MX exchange.
        mx_priority: expected MX preference.
        spf: SPF TXT value expected at the apex.
        dmarc: DMARC TXT value expected at ``_dmarc.<target>``.
        match: how SPF and DMARC values are compared, ``exact`` or ``semantic``
            (see :mod:`dns_validation.domain.email_rules`).
        dkim: the DKIM selectors to require; empty means DKIM is not checked.
    """

    ui_cname: str
    mx_host: str
    mx_priority: int
    spf: str
    dmarc: str
    match: EmailMatch = "exact"
    dkim: tuple[DKIMSelector, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The report of one check of one job.

    Attributes:
        ok: every requirement is met.
        error: the first transient error met, if any (the job must stay PENDING).
        missing: one finding per requirement (JSON-ready dicts).
        snapshot: counts and sha256 digests of the full answers.
    """

    ok: bool
    error: str | None
    missing: list[dict[str, Any]]
    snapshot: dict[str, Any]


def _clean(text: str, limit: int) -> tuple[str, bool]:
    cleaned = _CONTROL.sub("", text)
    if len(cleaned) > limit:
        return cleaned[:limit], True
    return cleaned, cleaned != text


def _cap_strings(values: tuple[str, ...], max_items: int, max_len: int) -> tuple[list[str], bool]:
    truncated = len(values) > max_items
    out = []
    for value in values[:max_items]:
        cleaned, cut = _clean(value, max_len)
        truncated = truncated or cut
        out.append(cleaned)
    return out, truncated


def _digest(values: list[Any]) -> dict[str, Any]:
    blob = json.dumps(values, sort_keys=True, separators=(",", ":")).encode()
    return {"count": len(values), "sha256": hashlib.sha256(blob).hexdigest()}


def _item(
    key: str,
    rrtype: str,
    name: str,
    expected: Any,
    found: list[Any],
    ok: bool,
    truncated: bool,
    reason: str | None,
    error: str | None,
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "key": key,
        "type": rrtype,
        "name": name,
        "expected": expected,
        "found": found,
        "ok": ok,
        "found_truncated": truncated,
    }
    if not ok and reason:
        item["reason"] = reason
    if error is not None:
        item["error"] = error
    return item


def judge_cname(
    key: str, name: str, chain: Answer[str], wanted: str, apex: bool = False
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Judge a CNAME requirement: the alias chain from ``name`` reaches ``wanted``.

    Args:
        key: the finding's key (``CNAME``, ``DKIM:<selector>``).
        name: the owner name the chain starts at.
        chain: the names on the CNAME chain, first hop first (at most 8 hops).
        wanted: the host the chain must reach, compared canonically.
        apex: ``name`` owns an SOA record, so it is a zone apex where no CNAME can exist
            (RFC 1034 §3.6.2); only used to explain a failure.

    Returns:
        The finding and the digest of the full answer.
    """
    names = tuple(canonical_name(n) for n in chain.records)
    ok = chain.error is None and canonical_name(wanted) in names
    found, truncated = _cap_strings(names, DNS_MAX_RECORDS, DNS_MAX_HOST_LENGTH)
    reason = None if ok else _cname_reason(name, chain, wanted, names, apex)
    item = _item(key, "CNAME", name, wanted, found, ok, truncated, reason, chain.error)
    return item, _digest(list(names))


def ui_findings(
    target: str, chain: Answer[str], expected: Expectations, *, apex: bool = False
) -> CheckResult:
    """Check the UI requirement: the CNAME chain from ``target`` reaches ``ui_cname``.

    Args:
        target: the normalised target.
        chain: the names on the CNAME chain, first hop first (at most 8 hops).
        expected: the expectations; ``ui_cname`` is compared canonically.
        apex: ``target`` owns an SOA record, so it is a zone apex where no CNAME can exist
            (RFC 1034 §3.6.2); only used to explain a failure.

    Returns:
        The one-item report (key ``CNAME``).
    """
    item, digest = judge_cname("CNAME", target, chain, expected.ui_cname, apex)
    return finish([item], {"CNAME": digest})


def _cname_reason(
    name: str, chain: Answer[str], wanted: str, names: tuple[str, ...], apex: bool
) -> str:
    if chain.error is not None:
        return f"DNS lookup failed: {chain.error}"
    if names:
        return f"CNAME chain from {name} does not reach {wanted}"
    if apex:
        return (
            f"{name} is a zone apex (it has an SOA record), where a CNAME cannot exist"
            " (RFC 1034 §3.6.2); use a name below it, such as www." + name
        )
    return f"no CNAME record at {name}"


def judge_mx(
    target: str, mx: Answer[MXRecord], host: str, priority: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Judge the MX requirement: one record is ``priority host`` (RFC 1035 §3.3.9).

    Args:
        target: the owner name.
        mx: the MX records found.
        host: the expected exchange, compared canonically.
        priority: the expected preference.

    Returns:
        The finding and the digest of the full answer.
    """
    want_host = canonical_name(host)
    records = [MXRecord(r.priority, canonical_name(r.exchange)) for r in mx.records]
    ok = mx.error is None and any(
        r.priority == priority and r.exchange == want_host for r in records
    )
    truncated = len(records) > DNS_MAX_RECORDS
    found = []
    for record in records[:DNS_MAX_RECORDS]:
        exchange, cut = _clean(record.exchange, DNS_MAX_HOST_LENGTH)
        truncated = truncated or cut
        found.append({"exchange": exchange, "priority": record.priority})
    if ok:
        reason = None
    elif mx.error is not None:
        reason = f"DNS lookup failed: {mx.error}"
    elif not records:
        reason = f"no MX record at {target}"
    else:
        reason = f"no MX record at {target} is {priority} {want_host}"
    expected = {"host": want_host, "priority": priority}
    item = _item("MX", "MX", target, expected, found, ok, truncated, reason, mx.error)
    return item, _digest([[r.priority, r.exchange] for r in records])


def judge_txt(
    key: str, name: str, answer: Answer[str], wanted: str, match: EmailMatch
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Judge an SPF or DMARC requirement.

    Two policy records fail in both modes (RFC 7208 §4.5, RFC 7489 §6.6.3).

    Args:
        key: ``SPF`` or ``DMARC``.
        name: the owner name.
        answer: the joined TXT values found.
        wanted: the expected value.
        match: ``exact`` or ``semantic`` (see :mod:`dns_validation.domain.email_rules`).

    Returns:
        The finding and the digest of the full answer.
    """
    values = answer.records
    if key == "SPF":
        policy = [v for v in values if is_spf_record(v)]
        matches = spf_matches
        duplicate = "RFC 7208 §4.5 makes that a permerror"
        marker = "v=spf1"
    else:
        policy = [v for v in values if is_dmarc_record(v)]
        matches = dmarc_matches
        duplicate = "RFC 7489 §6.6.3 makes receivers ignore them all"
        marker = "v=DMARC1"
    found, truncated = _cap_strings(values, DNS_MAX_TXT_RECORDS, DNS_MAX_TXT_LENGTH)
    ok = False
    reason: str | None
    if answer.error is not None:
        reason = f"DNS lookup failed: {answer.error}"
    elif len(policy) > 1:
        reason = f"{len(policy)} {marker} records at {name}; {duplicate}"
    elif any(matches(value, wanted, match) for value in values):
        ok = True
        reason = None
    elif not values:
        reason = f"no TXT record at {name}"
    elif match == "exact":
        reason = f"no TXT record at {name} equals {wanted!r}"
    else:
        reason = f"no {marker} record at {name} matches {wanted!r}"
    item = _item(key, "TXT", name, wanted, found, ok, truncated, reason, answer.error)
    return item, _digest(list(values))


def judge_dkim(
    target: str, wanted: DKIMSelector, answer: Answer[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Judge one DKIM requirement at ``<selector>._domainkey.<target>`` (RFC 6376 §3.6.2.1).

    Args:
        target: the normalised target.
        wanted: the configured selector and what it must hold.
        answer: the CNAME chain for a ``cname`` selector, else the joined TXT values.

    Returns:
        The finding (key ``DKIM:<selector>``) and the digest of the full answer.
    """
    name = f"{wanted.owner}.{target}"
    key = f"DKIM:{wanted.selector}"
    if wanted.kind == "cname":
        return judge_cname(key, name, answer, wanted.value)
    values = answer.records
    keys = [k for k in (dkim_key(v) for v in values) if k is not None]
    if wanted.kind == "key":
        ok = answer.error is None and wanted.value in keys
    else:
        ok = answer.error is None and any(keys)
    found, truncated = _cap_strings(values, DNS_MAX_TXT_RECORDS, DNS_MAX_TXT_LENGTH)
    if ok:
        reason = None
    elif answer.error is not None:
        reason = f"DNS lookup failed: {answer.error}"
    elif not values:
        reason = f"no TXT record at {name}"
    elif not keys:
        reason = f"no DKIM key record (v=DKIM1; ... p=...) at {name}"
    elif wanted.kind == "key":
        reason = f"the DKIM key (p=) at {name} is not the expected one"
    else:
        reason = f"the DKIM key at {name} is revoked (empty p=, RFC 6376 §3.6.1)"
    item = _item(key, "TXT", name, wanted.expected, found, ok, truncated, reason, answer.error)
    return item, _digest(list(values))


def email_findings(
    target: str,
    mx: Answer[MXRecord],
    spf: Answer[str],
    dmarc: Answer[str],
    expected: Expectations,
    dkim: Sequence[Answer[str]] = (),
) -> CheckResult:
    """Check the e-mail requirements: MX, SPF, DMARC and, when configured, DKIM.

    TXT values must be each record's character-strings joined with no separator
    (RFC 7208 §3.3). Two ``v=spf1`` records fail SPF (RFC 7208 §4.5) and two ``v=DMARC1``
    records fail DMARC (RFC 7489 §6.6.3), whatever ``expected.match`` is.

    Args:
        target: the normalised target (the apex of the mail domain).
        mx: the MX records at ``target``.
        spf: the joined TXT values at ``target``.
        dmarc: the joined TXT values at ``_dmarc.<target>`` (RFC 7489 §6.1).
        expected: the expectations.
        dkim: one answer per entry of ``expected.dkim``, in the same order: the CNAME chain
            from ``<selector>._domainkey.<target>`` for a ``cname`` selector, else its joined
            TXT values.

    Returns:
        The report: keys ``MX``, ``SPF``, ``DMARC``, then ``DKIM:<selector>`` per selector.

    Raises:
        ValueError: ``dkim`` does not have one answer per configured selector.
    """
    if len(dkim) != len(expected.dkim):
        raise ValueError("one DKIM answer per configured selector is required")
    mx_item, mx_digest = judge_mx(target, mx, expected.mx_host, expected.mx_priority)
    spf_item, spf_digest = judge_txt("SPF", target, spf, expected.spf, expected.match)
    dmarc_item, dmarc_digest = judge_txt(
        "DMARC", f"_dmarc.{target}", dmarc, expected.dmarc, expected.match
    )
    items = [mx_item, spf_item, dmarc_item]
    snapshot = {"MX": mx_digest, "SPF": spf_digest, "DMARC": dmarc_digest}
    for wanted, answer in zip(expected.dkim, dkim, strict=True):
        item, digest = judge_dkim(target, wanted, answer)
        items.append(item)
        snapshot[item["key"]] = digest
    return finish(items, snapshot)


def merge_views(
    views: Sequence[tuple[str, dict[str, Any], dict[str, Any]]],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Merge the findings of one requirement as seen by several servers into one finding.

    The requirement passes only when it passes on every server (as cert-manager's and lego's
    propagation checks require of authoritative servers). The finding shown is that of the
    first server where it fails (or of the first server when it passes everywhere); with more
    than one server its ``reason`` starts with that server's name. Every server's own result is
    listed under ``servers``.

    Args:
        views: per server, its label (``resolver 192.0.2.53:53``,
            ``ns1.example.net (192.0.2.1)``), its finding and the digest of its answer.

    Returns:
        The merged finding (with ``servers``) and the digest of the finding shown.

    Raises:
        ValueError: ``views`` is empty.
    """
    if not views:
        raise ValueError("at least one view is needed")
    servers = [
        {"server": label, "ok": item["ok"], "found": item["found"], "error": item.get("error")}
        for label, item, _ in views
    ]
    main = next((i for i, (_, item, _) in enumerate(views) if not item["ok"]), 0)
    label, shown, digest = views[main]
    item = dict(shown)
    item["ok"] = all(entry["ok"] for entry in servers)
    errors = [entry["error"] for entry in servers if entry["error"] is not None]
    item.pop("error", None)
    if errors:
        item["error"] = errors[0]
    if not item["ok"] and len(views) > 1 and item.get("reason"):
        item["reason"] = f"{label}: {item['reason']}"
    item["servers"] = servers
    return item, digest


def finish(missing: list[dict[str, Any]], snapshot: dict[str, Any]) -> CheckResult:
    """Gather findings into a :class:`CheckResult`.

    Args:
        missing: the findings.
        snapshot: digests of the full answers.

    Returns:
        The report; ``ok`` only when every item is ok, ``error`` the first transient error.
    """
    errors = [item["error"] for item in missing if "error" in item]
    return CheckResult(
        ok=all(item["ok"] for item in missing),
        error=errors[0] if errors else None,
        missing=missing,
        snapshot=snapshot,
    )


def cap_result(result: dict[str, Any], max_bytes: int = RESULT_JSON_MAX_BYTES) -> str:
    """Serialise a stored check result, shrinking it to at most ``max_bytes``.

    First each ``found`` (and each per-server ``found``) is cut to 3 items (``found_truncated``
    set, ``truncated`` true); if it is still too large, every ``found`` is emptied.

    Args:
        result: the JSON-ready result with a ``missing`` list.
        max_bytes: the size cap in bytes of the UTF-8 JSON text.

    Returns:
        The JSON text.
    """
    text = json.dumps(result, separators=(",", ":"))
    if len(text.encode()) <= max_bytes:
        return text
    for keep in (3, 0):
        missing = []
        for item in result.get("missing", []):
            item = dict(item)
            if len(item["found"]) > keep or keep == 0:
                item["found"] = item["found"][:keep]
                item["found_truncated"] = True
            if "servers" in item:
                item["servers"] = [
                    {**entry, "found": entry["found"][:keep]} for entry in item["servers"]
                ]
            missing.append(item)
        result = {**result, "missing": missing, "truncated": True}
        text = json.dumps(result, separators=(",", ":"))
        if len(text.encode()) <= max_bytes:
            break
    return text
