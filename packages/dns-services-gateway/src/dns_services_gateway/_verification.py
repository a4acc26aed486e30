"""No-I/O verification helpers: the API re-read check and combining the two levels."""

from __future__ import annotations

import dataclasses
import math

from ._exceptions import InvalidArgumentError
from ._records import normalize_content
from .types.records import Zone
from .types.responses import CheckResult, VerificationResult, VerifyLevel

__all__ = ["DNSExpectation", "api_check", "check_timing", "combine"]


def check_timing(dns_timeout: float | None, deadline: float | None) -> None:
    """Refuse DNS verification timings that cannot work, before anything is sent.

    Args:
        dns_timeout: Seconds to wait for one DNS answer (None: the client's default).
        deadline: Seconds to keep polling the nameservers (None: the client's default; 0
            asks each nameserver once).

    Raises:
        InvalidArgumentError: ``dns_timeout`` is not a positive number of seconds, or
            ``deadline`` is not a number of seconds >= 0.
    """
    for field, value, least in (
        ("dns_timeout", dns_timeout, "> 0"),
        ("deadline", deadline, ">= 0"),
    ):
        if value is None:
            continue
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not math.isfinite(value) or value < 0 or (value == 0 and least == "> 0"):
            raise InvalidArgumentError(field, f"must be a number of seconds {least}, got {value!r}")


@dataclasses.dataclass(frozen=True)
class DNSExpectation:
    """What the nameservers should answer for one record.

    Attributes:
        fqdn: The owner name.
        type: The RRtype.
        content: The normalised record data (as in :class:`~dns_services_gateway.Record`).
        priority: MX/SRV priority, or None.
        present: True when the data must be served, False when it must be gone.
    """

    fqdn: str
    type: str
    content: str
    priority: int | None = None
    present: bool = True


def _present(zone: Zone, expect: DNSExpectation) -> bool:
    wanted = normalize_content(expect.type, expect.content)
    return any(
        r.name == expect.fqdn
        and r.type == expect.type
        and normalize_content(r.type, r.content) == wanted
        and (expect.priority is None or r.priority == expect.priority)
        for r in zone.records
    )


def api_check(
    after: Zone,
    expectations: list[DNSExpectation],
    *,
    before: Zone | None = None,
    expected_ttl: int | None = None,
) -> CheckResult:
    """Check a zone re-read: every expected record present (or absent) as sent.

    When ``before`` is given, the SOA serial must also have moved, since DNS.services adds 1
    to it on every change (dns-services-api.md §6.1 item 6).

    Args:
        after: The zone read after the change.
        expectations: What must be present or absent.
        before: The zone read before the change, to compare serials.
        expected_ttl: When given, present records must also carry this TTL.

    Returns:
        The check result; its details hold ``serial_before`` and ``serial_after``.
    """
    details: dict[str, object] = {"serial_after": after.serial}
    problems: list[str] = []
    for expect in expectations:
        found = _present(after, expect)
        if expect.present and not found:
            problems.append(f"{expect.fqdn} {expect.type} {expect.content!r} is not in the zone")
        elif not expect.present and found:
            problems.append(f"{expect.fqdn} {expect.type} {expect.content!r} is still in the zone")
        elif expect.present and expected_ttl is not None:
            ttls = {
                r.ttl
                for r in after.records
                if r.name == expect.fqdn
                and r.type == expect.type
                and normalize_content(r.type, r.content)
                == normalize_content(expect.type, expect.content)
            }
            if expected_ttl not in ttls:
                problems.append(
                    f"{expect.fqdn} {expect.type} has TTL {sorted(ttls)}, not {expected_ttl}"
                )
    if before is not None:
        details["serial_before"] = before.serial
        if before.serial is not None and after.serial is not None and after.serial <= before.serial:
            problems.append(f"the SOA serial did not move ({before.serial} -> {after.serial})")
    if problems:
        return CheckResult(ok=False, reason="; ".join(problems), details=details)
    if before is not None:
        reason = "the zone re-read shows the change and the SOA serial moved"
    elif all(expect.present for expect in expectations):
        reason = "the zone holds the expected record"
    else:
        reason = "the zone no longer holds the record"
    return CheckResult(ok=True, reason=reason, details=details)


def combine(
    level: VerifyLevel, api: CheckResult | None, dns: CheckResult | None
) -> VerificationResult:
    """Combine the per-level results into one verdict.

    Args:
        level: The level requested.
        api: The API re-read result.
        dns: The DNS result, for level ``"dns"``.

    Returns:
        ``verified`` False if any level failed, None if any could not check, True otherwise.
    """
    if level == "none":
        return VerificationResult(verified=None, level=level, reason="verification not requested")
    checks = [c for c in (api, dns) if c is not None]
    if any(c.ok is False for c in checks):
        verified: bool | None = False
    elif any(c.ok is None for c in checks):
        verified = None
    else:
        verified = True
    reason = "; ".join(f"{name}: {c.reason}" for name, c in (("api", api), ("dns", dns)) if c)
    return VerificationResult(verified=verified, level=level, api=api, dns=dns, reason=reason)
