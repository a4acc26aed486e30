"""Ask the zone's authoritative nameservers directly, with dnspython, until a deadline."""

from __future__ import annotations

import asyncio
import ipaddress
from time import monotonic
from typing import Any

import dns.asyncquery
import dns.asyncresolver
import dns.exception
import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype

from .._records import normalize_content
from .._verification import DNSExpectation
from ..types.responses import CheckResult

__all__ = ["DNSExpectation", "Nameserver", "check_authoritative", "resolve_nameservers"]

Nameserver = str | tuple[str, int]
"""A nameserver: ``"ns1.dns.services"``, ``"192.0.2.53"`` or ``("127.0.0.1", 5353)``."""


class _RcodeError(Exception):
    """A nameserver answered with an error rcode (SERVFAIL, REFUSED, ...) or without AA."""


def _rdata_content(rdtype: str, rdata: Any) -> tuple[str, int | None]:
    if rdtype == "TXT":
        return b"".join(rdata.strings).decode("utf-8", errors="replace"), None
    if rdtype == "MX":
        return normalize_content("MX", rdata.exchange.to_text()), int(rdata.preference)
    if rdtype == "SRV":
        target = normalize_content("CNAME", rdata.target.to_text())
        return f"{rdata.weight} {rdata.port} {target}", int(rdata.priority)
    if rdtype == "CAA":
        value = rdata.value.decode("utf-8", errors="replace")
        return f'{rdata.flags} {rdata.tag.decode()} "{value}"', None
    return normalize_content(rdtype, rdata.to_text()), None


def _make_resolver(resolver: tuple[str, int] | None) -> dns.asyncresolver.Resolver:
    if resolver is None:
        return dns.asyncresolver.Resolver()
    custom = dns.asyncresolver.Resolver(configure=False)
    custom.nameservers = [resolver[0]]
    custom.port = int(resolver[1])
    return custom


async def resolve_nameservers(
    nameservers: list[Nameserver],
    *,
    timeout: float,
    resolver: tuple[str, int] | None = None,
) -> tuple[list[tuple[str, int]], list[str]]:
    """Turn nameserver names into ``(address, port)`` pairs.

    IP literals are used as they are; host names are resolved (A, then AAAA) with the system
    resolver, or with ``resolver`` when given.

    Args:
        nameservers: Host names, addresses or ``(host, port)`` pairs.
        timeout: Resolver lifetime per name, in seconds.
        resolver: ``(address, port)`` of a resolver to use instead of the system's.

    Returns:
        The pairs, and one problem description per name that did not resolve.
    """
    out: list[tuple[str, int]] = []
    problems: list[str] = []
    lookup = None
    for entry in nameservers:
        host, port = (entry, 53) if isinstance(entry, str) else (entry[0], int(entry[1]))
        try:
            ipaddress.ip_address(host)
            out.append((host, port))
            continue
        except ValueError:
            pass
        found = False
        lookup = lookup or _make_resolver(resolver)
        for rdtype in ("A", "AAAA"):
            try:
                answer = await lookup.resolve(host, rdtype, lifetime=timeout)
            except dns.exception.DNSException:
                continue
            out.extend((rdata.to_text(), port) for rdata in answer)
            found = True
            break
        if not found:
            problems.append(f"nameserver {host} did not resolve")
    return out, problems


async def _ask(
    server: tuple[str, int], fqdn: str, rdtype: str, timeout: float
) -> set[tuple[str, int | None]]:
    query = dns.message.make_query(fqdn + ".", rdtype)
    query.flags &= ~dns.flags.RD
    host, port = server
    response = await dns.asyncquery.udp(query, host, timeout=timeout, port=port)
    if response.flags & dns.flags.TC:
        response = await dns.asyncquery.tcp(query, host, timeout=timeout, port=port)
    rcode = response.rcode()
    if rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
        raise _RcodeError(f"rcode {dns.rcode.to_text(rcode)}")
    if not response.flags & dns.flags.AA:
        # Only an authoritative answer proves what the zone serves (RFC 1034 §4.3.2); a
        # cache, a forwarder or a lame delegation may answer from stale data.
        raise _RcodeError("answer is not authoritative (AA bit unset)")
    if rcode == dns.rcode.NXDOMAIN:
        return set()
    wanted = dns.rdatatype.from_text(rdtype)
    answers: set[tuple[str, int | None]] = set()
    for rrset in response.answer:
        if rrset.rdtype == wanted and rrset.name.to_text().rstrip(".").lower() == fqdn:
            answers.update(_rdata_content(rdtype, rdata) for rdata in rrset)
    return answers


def _satisfied(expect: DNSExpectation, answers: set[tuple[str, int | None]]) -> bool:
    wanted = normalize_content(expect.type, expect.content)
    hit = any(
        content == wanted and (expect.priority is None or prio == expect.priority)
        for content, prio in answers
    )
    return hit if expect.present else not hit


async def check_authoritative(
    expectations: list[DNSExpectation],
    nameservers: list[Nameserver],
    *,
    timeout: float = 2.0,
    deadline: float = 30.0,
    initial_delay: float = 0.1,
    max_delay: float = 2.0,
    resolver: tuple[str, int] | None = None,
) -> CheckResult:
    """Poll every authoritative nameserver until all expectations hold or the deadline passes.

    Queries go straight to each nameserver (recursion not desired), over UDP with a TCP retry
    for truncated answers; only authoritative answers (AA bit set, RFC 1034 §4.3.2) count, so
    a resolver or cache given by mistake cannot verify anything. Between rounds the delay
    doubles from ``initial_delay`` up to ``max_delay``.

    Args:
        expectations: The records that must be present or absent.
        nameservers: The zone's authoritative nameservers.
        timeout: Seconds to wait for one answer.
        deadline: Seconds after which polling stops.
        initial_delay: First pause between rounds, in seconds.
        max_delay: Longest pause between rounds, in seconds.
        resolver: ``(address, port)`` of the resolver for nameserver host names (default:
            the system resolver).

    Returns:
        ``ok=True`` when every nameserver agrees; ``ok=False`` when they answered but without
        the expected data at the deadline; ``ok=None`` when no nameserver could be asked (the
        reason says why).
    """
    started = monotonic()
    servers, problems = await resolve_nameservers(nameservers, timeout=timeout, resolver=resolver)
    details: dict[str, Any] = {"nameservers": [f"{h}:{p}" for h, p in servers], "attempts": 0}
    if not servers:
        reason = "; ".join(problems) or "no authoritative nameservers to ask"
        return CheckResult(ok=None, reason=f"cannot verify over DNS: {reason}", details=details)
    delay = initial_delay
    while True:
        details["attempts"] += 1
        pending: list[str] = []
        failures: list[str] = []
        for server in servers:
            for expect in expectations:
                try:
                    answers = await _ask(server, expect.fqdn, expect.type, timeout)
                except (dns.exception.DNSException, OSError, _RcodeError) as exc:
                    failures.append(f"{server[0]}:{server[1]} {type(exc).__name__}: {exc}")
                    continue
                if not _satisfied(expect, answers):
                    state = "still serves" if not expect.present else "does not serve yet"
                    pending.append(
                        f"{server[0]}:{server[1]} {state} {expect.fqdn} {expect.type} "
                        f"{expect.content!r} (answers: {sorted(a for a, _ in answers)})"
                    )
        elapsed = monotonic() - started
        details["elapsed"] = round(elapsed, 3)
        if not pending and not failures:
            return CheckResult(
                ok=True,
                reason=f"{len(servers)} authoritative nameserver(s) serve the expected data",
                details=details,
            )
        if elapsed + delay > deadline:
            if pending:
                return CheckResult(
                    ok=False,
                    reason=f"deadline of {deadline:g} s passed: " + "; ".join(pending[:3]),
                    details=details,
                )
            return CheckResult(
                ok=None,
                reason="nameservers did not answer: " + "; ".join(failures[:3]),
                details=details,
            )
        await asyncio.sleep(delay)
        delay = min(max_delay, delay * 2)
