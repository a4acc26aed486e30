"""DNS lookups: dnspython messages sent through a UDP query multiplexer.

Queries go over UDP, on a few long-lived sockets per server (see
:class:`~dns_validation.poller._udp.UDPQueryMultiplexer`), and over TCP when the answer is
truncated (RFC 7766 §5).

The servers are ``DNS_SERVERS``, or those of ``/etc/resolv.conf`` (read by dnspython's resolver
configuration) when it is empty. Each is asked in turn until one gives a usable answer.
Outcome mapping: NXDOMAIN and NODATA (RFC 2308) mean "found nothing"; when every server answers
SERVFAIL or REFUSED, cannot be reached, or the time budget (``DNS_TIMEOUT_MS``) runs out, the
lookup has a **transient** error, reported in :attr:`Answer.error`, never raised. The budget is
enforced with ``asyncio.timeout``, so a query is really abandoned when it is spent.

dnspython's stub ``Resolver`` and its ``udp_with_fallback`` do the same job but open a socket per
query, which costs more CPU than the messages themselves; that matters for a poller that runs
thousands of checks per minute. A checker serves one event loop; close it with :meth:`aclose`
(or ``async with``) before the loop ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, Self, TypeVar

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype
import dns.resolver
import dns.rrset
from dns.rdtypes.ANY.CNAME import CNAME
from dns.rdtypes.ANY.MX import MX
from dns.rdtypes.ANY.NS import NS
from dns.rdtypes.ANY.TXT import TXT
from dns.rdtypes.IN.A import A

from dns_validation.core.config import ConfigError, Nameserver
from dns_validation.domain.checks import Requirement, requirements
from dns_validation.domain.normalize import canonical_name
from dns_validation.domain.validators import (
    CNAME_MAX_HOPS,
    Answer,
    CheckResult,
    Expectations,
    MXRecord,
    finish,
    merge_views,
)
from dns_validation.poller._udp import UDPQueryMultiplexer
from dns_validation.poller.dns_health import DNSHealth

__all__ = ["CheckMode", "DNSChecker", "Server", "TransientDNSError", "system_nameservers"]

#: Where answers come from: the recursive resolvers, every authoritative server, or both.
CheckMode = Literal["recursive", "authoritative", "both"]

T = TypeVar("T")


class TransientDNSError(Exception):
    """No configured server gave a usable answer (SERVFAIL, REFUSED, unreachable)."""


def system_nameservers() -> tuple[Nameserver, ...]:
    """The servers of the system's resolver configuration (``/etc/resolv.conf`` on Unix).

    Returns:
        The nameservers, in order.

    Raises:
        ConfigError: the system has no resolver configured, so ``DNS_SERVERS`` must be set.
    """
    try:
        resolver = dns.resolver.Resolver(configure=True)
    except dns.resolver.NoResolverConfiguration:
        raise ConfigError(
            "invalid configuration: DNS_SERVERS is empty and the system has no resolver"
            " configured; set DNS_SERVERS to ip, ip:port or [ipv6]:port entries"
        ) from None
    return tuple(Nameserver(str(address), resolver.port) for address in resolver.nameservers)


class DNSChecker:
    """Runs the UI and e-mail checks against the configured resolvers.

    Args:
        nameservers: servers to query; empty means the system's (``/etc/resolv.conf``).
        timeout: total budget of one lookup, in seconds (``DNS_TIMEOUT_MS`` / 1000).
        expectations: what the records must contain.
        transport: the UDP query multiplexer to send through; a new one when omitted (closed
            by :meth:`aclose` either way).
        mode: ``DNS_CHECK_MODE``: ``recursive`` (ask the resolvers), ``authoritative`` (ask
            every authoritative server of the zone, without recursion) or ``both``.
        authoritative_port: the port authoritative servers are asked on (53).
    """

    def __init__(
        self,
        nameservers: Sequence[Nameserver],
        timeout: float,
        expectations: Expectations,
        transport: UDPQueryMultiplexer | None = None,
        *,
        mode: CheckMode = "recursive",
        authoritative_port: int = 53,
    ) -> None:
        self.mode: CheckMode = mode
        self.authoritative_port = authoritative_port
        self.nameservers = tuple(nameservers) or system_nameservers()
        self._timeout = timeout
        self._attempt_timeout = timeout / len(self.nameservers)
        self.expectations = expectations
        #: Outcomes of the recent checks (``/readyz`` reads them).
        self.health = DNSHealth()
        self._transport = transport or UDPQueryMultiplexer()

    async def aclose(self) -> None:
        """Close the sockets; lookups still running end with a transient error."""
        await self._transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    @property
    def recursive_label(self) -> str:
        """How per-server results name the recursive view: ``resolver 192.0.2.53:53, ...``."""
        return "resolver " + ", ".join(f"{ns.address}:{ns.port}" for ns in self.nameservers)

    async def _query(
        self,
        name: str | dns.name.Name,
        rdtype: dns.rdatatype.RdataType,
        via: Server | None = None,
        zones: _Zones | None = None,
    ) -> dns.rrset.RRset | None:
        """The records of type ``rdtype`` at ``name``, following CNAMEs across answers.

        A server answers an alias with the CNAME and, when it knows them, the records it
        points to (RFC 1034 §4.3.2). An authoritative server does not know the records of
        another zone, so when an answer ends at an alias without the records, the alias's
        target is asked next (in authoritative mode, of a server of the target's zone), up to
        8 aliases in all (the limit the UI check uses); a loop or a longer chain reads as
        "nothing found".

        Returns:
            The records of type ``rdtype`` at the end of the CNAME chain, or ``None`` for
            NXDOMAIN and NODATA.
        """
        qname = name if isinstance(name, dns.name.Name) else dns.name.from_text(name)
        seen = {qname}
        hops = 0
        while True:
            answer, canonical, aliases = await self._ask(qname, rdtype, via)
            hops += aliases
            if answer is not None or canonical == qname or rdtype == dns.rdatatype.CNAME:
                return answer if hops <= CNAME_MAX_HOPS else None
            if hops >= CNAME_MAX_HOPS or canonical in seen:
                return None
            seen.add(canonical)
            qname = canonical
            if via is not None and zones is not None:
                via = await zones.server_for(canonical.to_text(), via)

    async def _ask(
        self, qname: dns.name.Name, rdtype: dns.rdatatype.RdataType, via: Server | None = None
    ) -> tuple[dns.rrset.RRset | None, dns.name.Name, int]:
        """Ask once and read the answer's CNAME chain.

        With ``via`` omitted, the recursive resolvers are asked in turn (recursion desired).
        With ``via``, that one authoritative server is asked with recursion not desired
        (RFC 1035 §4.1.1), and an answer without the AA bit and without records (a referral)
        is an error: the server does not serve the zone.

        Returns:
            The records of type ``rdtype`` at the end of the CNAME chain in the answer (or
            ``None`` for NXDOMAIN and NODATA), the name the chain ends at, and the number of
            aliases on it.

        Raises:
            TransientDNSError: every server failed or answered SERVFAIL/REFUSED.
            TimeoutError: the total budget ran out.
        """
        request = dns.message.make_query(qname, rdtype)
        if via is not None:
            request.flags &= ~dns.flags.RD
            targets = [(via.label, via.address, via.port)]
            attempt = self._timeout
        else:
            targets = [(ns.address, ns.address, ns.port) for ns in self.nameservers]
            attempt = self._attempt_timeout
        failures: list[str] = []
        # With one server its attempt timeout is the whole budget: one timer is enough.
        budget = asyncio.timeout(self._timeout if len(targets) > 1 else None)
        async with budget:
            for label, address, port in targets:
                try:
                    response = await self._transport.query(request, address, port, attempt)
                except dns.exception.Timeout:
                    failures.append(f"{label}: timeout")
                    continue
                except (OSError, dns.exception.DNSException) as exc:
                    failures.append(f"{label}: {type(exc).__name__}")
                    continue
                rcode = response.rcode()
                if rcode == dns.rcode.NXDOMAIN:
                    return None, qname, 0
                if rcode != dns.rcode.NOERROR:
                    failures.append(f"{label}: {dns.rcode.to_text(rcode)}")
                    continue
                assert isinstance(response, dns.message.QueryMessage)
                if via is not None and not response.answer and not response.flags & dns.flags.AA:
                    failures.append(f"{label}: not authoritative for {qname.to_text(True)}")
                    continue
                try:
                    chained = response.resolve_chaining()
                except dns.message.ChainTooLong:
                    return None, qname, 0
                return chained.answer, chained.canonical_name, len(chained.cnames)
        if all(failure.endswith(": timeout") for failure in failures):
            raise TimeoutError
        raise TransientDNSError("; ".join(failures))

    async def _guard(self, lookup: Callable[[], Awaitable[tuple[T, ...]]]) -> Answer[T]:
        try:
            return Answer(await lookup())
        except TransientDNSError as exc:
            return Answer(error=f"no server answered ({exc})"[:200])
        except (dns.exception.Timeout, TimeoutError):
            return Answer(error=f"timeout after {self._timeout * 1000:g} ms")
        except (dns.exception.DNSException, OSError) as exc:
            return Answer(error=f"{type(exc).__name__}: {exc}"[:200])

    async def cname_chain(
        self, target: str, via: Server | None = None, zones: _Zones | None = None
    ) -> Answer[str]:
        """Follow the CNAME chain from ``target`` (RFC 1034 §3.6.2), at most 8 hops.

        Args:
            target: the name to start from.
            via: an authoritative server to ask for ``target``; the recursive resolvers when
                omitted. Later hops outside its zone go to a server of their own zone (found
                through ``zones``); when that zone cannot be found the chain ends there.
            zones: the zone finder of this check (needed with ``via``).

        Returns:
            The chain's names, first hop first, canonical; stops at a name without CNAME or
            at a loop.
        """

        async def lookup() -> tuple[str, ...]:
            chain: list[str] = []
            name = target
            hop_via = via
            for _ in range(CNAME_MAX_HOPS):
                rrset = await self._query(name, dns.rdatatype.CNAME, hop_via)
                rdatas = [r for r in rrset if isinstance(r, CNAME)] if rrset else []
                if not rdatas:
                    break
                name = canonical_name(rdatas[0].target.to_text())
                if name in chain or name == target:
                    break
                chain.append(name)
                if via is not None and zones is not None:
                    try:
                        hop_via = await zones.server_for(name, via)
                    except (TransientDNSError, TimeoutError, dns.exception.DNSException):
                        break
            return tuple(chain)

        return await self._guard(lookup)

    async def mx(
        self, name: str | dns.name.Name, via: Server | None = None, zones: _Zones | None = None
    ) -> Answer[MXRecord]:
        """MX records at ``name`` (RFC 1035 §3.3.9).

        Args:
            name: the owner name, as text or already parsed.
            via: an authoritative server to ask; the recursive resolvers when omitted.
            zones: the zone finder of this check (needed with ``via``).

        Returns:
            The records with canonical exchanges.
        """

        async def lookup() -> tuple[MXRecord, ...]:
            rrset = await self._query(name, dns.rdatatype.MX, via, zones)
            if rrset is None:
                return ()
            return tuple(
                MXRecord(r.preference, canonical_name(r.exchange.to_text()))
                for r in rrset
                if isinstance(r, MX)
            )

        return await self._guard(lookup)

    async def txt(
        self, name: str | dns.name.Name, via: Server | None = None, zones: _Zones | None = None
    ) -> Answer[str]:
        """TXT values at ``name``, each record's strings joined (RFC 7208 §3.3).

        Args:
            name: the owner name, as text or already parsed.
            via: an authoritative server to ask; the recursive resolvers when omitted.
            zones: the zone finder of this check (needed with ``via``).

        Returns:
            One decoded text per record (invalid UTF-8 replaced).
        """

        async def lookup() -> tuple[str, ...]:
            rrset = await self._query(name, dns.rdatatype.TXT, via, zones)
            if rrset is None:
                return ()
            return tuple(
                b"".join(r.strings).decode("utf-8", errors="replace")
                for r in rrset
                if isinstance(r, TXT)
            )

        return await self._guard(lookup)

    async def check(self, job_type: str, target: str) -> CheckResult:
        """Run one full check: the lookups of every requirement of the type, concurrently.

        Its outcome is recorded in :attr:`health` (DNS health of ``/readyz``).

        The requirements come from :data:`~dns_validation.domain.checks.CHECK_TYPES`. Each is
        looked up once per view of ``DNS_CHECK_MODE``: the recursive resolvers, and/or every
        authoritative server of the zone of its owner name; it passes only when every view
        passes, and its finding lists each view's result under ``servers``. For a CNAME
        requirement that explains an apex (the UI one) and finds no CNAME, an SOA lookup tells
        whether the name is a zone apex, so that the finding can say why no CNAME can exist
        there.

        Args:
            job_type: a stored check type, ``UI`` (CNAME) or ``EMAIL`` (MX, SPF, DMARC and the
                configured DKIM selectors).
            target: the normalised target.

        Returns:
            The report; transient errors are inside it, never raised.
        """
        result = await self._check(job_type, target)
        self.health.record(result.error)
        return result

    async def _check(self, job_type: str, target: str) -> CheckResult:
        reqs = requirements(job_type, target, self.expectations)
        zones = None if self.mode == "recursive" else _Zones(self)
        judged = await asyncio.gather(*(self._requirement(req, zones) for req in reqs))
        return finish(
            [item for item, _ in judged], {r.key: d for r, (_, d) in zip(reqs, judged, strict=True)}
        )

    async def _requirement(
        self, req: Requirement, zones: _Zones | None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        views: list[Server | None] = []
        labels: list[str] = []
        if self.mode != "authoritative":
            views.append(None)
            labels.append(self.recursive_label)
        missing_zone: Answer[Any] | None = None
        if zones is not None:
            try:
                servers = await zones.servers(req.name)
            except (TransientDNSError, TimeoutError, dns.exception.DNSException, OSError) as exc:
                text = str(exc) or type(exc).__name__
                missing_zone = Answer(error=f"authoritative servers not found ({text})"[:200])
            else:
                views.extend(servers)
                labels.extend(server.label for server in servers)
        answers = list(await asyncio.gather(*(self._lookup(req, v, zones) for v in views)))
        if missing_zone is not None:
            answers.append(missing_zone)
            labels.append("authoritative servers")
        apex = False
        if req.explain_apex and any(not a.records and a.error is None for a in answers):
            apex = await self.is_zone_apex(req.name)
        return merge_views(
            [(label, *req.judge(a, apex)) for label, a in zip(labels, answers, strict=True)]
        )

    async def _lookup(
        self, req: Requirement, via: Server | None, zones: _Zones | None
    ) -> Answer[Any]:
        if req.lookup == "cname":
            return await self.cname_chain(req.name, via, zones)
        if req.lookup == "mx":
            return await self.mx(req.name, via, zones)
        return await self.txt(req.name, via, zones)

    async def is_zone_apex(self, name: str) -> bool:
        """Whether ``name`` owns an SOA record, i.e. is the apex of a zone (RFC 1035 §5.2).

        Args:
            name: the normalised name.

        Returns:
            ``True`` when the SOA answer is owned by ``name`` itself; ``False`` otherwise,
            also when the lookup fails (the answer only explains a failure).
        """
        try:
            qname = dns.name.from_text(name)
            answer, canonical, aliases = await self._ask(qname, dns.rdatatype.SOA)
        except (TransientDNSError, TimeoutError, dns.exception.DNSException, OSError):
            return False
        return answer is not None and aliases == 0 and canonical == qname


@dataclass(frozen=True, slots=True)
class Server:
    """One authoritative name server of a zone, as per-server results name it.

    Attributes:
        label: ``<ns host> (<address>)``, e.g. ``ns1.example.net (192.0.2.1)``.
        address: the IPv4 address queries go to.
        port: the port (``DNS_AUTHORITATIVE_PORT``, 53 unless testing).
        zone: the apex of the zone it serves, canonical.
    """

    label: str
    address: str
    port: int
    zone: str


class _Zones:
    """Finds, once per check, the zone of a name and that zone's authoritative servers.

    Everything is asked of the recursive resolvers: the zone apex is the closest enclosing
    name that owns an SOA record (RFC 1035 §5.2, RFC 2308 §2.2), its servers are the NS
    records there (RFC 1034 §4.2.1), each reached at its first IPv4 address.

    Args:
        checker: the checker whose resolvers are asked.
    """

    def __init__(self, checker: DNSChecker) -> None:
        self._checker = checker
        self._apex: dict[str, str] = {}
        self._servers: dict[str, tuple[Server, ...]] = {}

    async def apex(self, name: str) -> str:
        name = canonical_name(name)
        if name in self._apex:
            return self._apex[name]
        labels = name.split(".")
        for start in range(len(labels)):
            candidate = ".".join(labels[start:])
            qname = dns.name.from_text(candidate)
            answer, canonical, aliases = await self._checker._ask(qname, dns.rdatatype.SOA)
            if answer is not None and aliases == 0 and canonical == qname:
                self._apex[name] = candidate
                return candidate
        raise TransientDNSError(f"no zone apex found above {name}")

    async def servers(self, name: str) -> tuple[Server, ...]:
        apex = await self.apex(name)
        if apex in self._servers:
            return self._servers[apex]
        rrset = await self._checker._query(apex, dns.rdatatype.NS)
        hosts = sorted(
            {canonical_name(r.target.to_text()) for r in rrset or () if isinstance(r, NS)}
        )
        found: list[Server] = []
        for host in hosts:
            addresses = await self._checker._query(host, dns.rdatatype.A)
            for rdata in addresses or ():
                if isinstance(rdata, A):
                    address = str(rdata.address)
                    found.append(
                        Server(
                            f"{host} ({address})", address, self._checker.authoritative_port, apex
                        )
                    )
                    break
        if not found:
            raise TransientDNSError(f"no name server address found for {apex}")
        self._servers[apex] = tuple(found)
        return self._servers[apex]

    async def server_for(self, name: str, current: Server) -> Server:
        apex = await self.apex(name)
        if apex == current.zone:
            return current
        return (await self.servers(name))[0]
