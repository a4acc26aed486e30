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
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from types import TracebackType
from typing import Self, TypeVar

import dns.exception
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype
import dns.resolver
import dns.rrset
from dns.rdtypes.ANY.CNAME import CNAME
from dns.rdtypes.ANY.MX import MX
from dns.rdtypes.ANY.TXT import TXT

from dns_validation.core.config import ConfigError, Nameserver
from dns_validation.domain.validators import (
    CNAME_MAX_HOPS,
    Answer,
    CheckResult,
    Expectations,
    JobType,
    MXRecord,
    canonical_name,
    email_findings,
    ui_findings,
)
from dns_validation.poller._udp import UDPQueryMultiplexer
from dns_validation.poller.dns_health import DNSHealth

__all__ = ["DNSChecker", "TransientDNSError", "system_nameservers"]

T = TypeVar("T")

_DMARC_LABEL = b"_dmarc"  # RFC 7489 §6.1


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
    """

    def __init__(
        self,
        nameservers: Sequence[Nameserver],
        timeout: float,
        expectations: Expectations,
        transport: UDPQueryMultiplexer | None = None,
    ) -> None:
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

    async def _query(
        self, name: str | dns.name.Name, rdtype: dns.rdatatype.RdataType
    ) -> dns.rrset.RRset | None:
        """Ask the servers in turn (recursion desired) and return the answer's RRset.

        Returns:
            The records of type ``rdtype`` at the end of any CNAME chain in the answer, or
            ``None`` for NXDOMAIN and NODATA.

        Raises:
            TransientDNSError: every server failed or answered SERVFAIL/REFUSED.
            TimeoutError: the total budget ran out.
        """
        qname = name if isinstance(name, dns.name.Name) else dns.name.from_text(name)
        request = dns.message.make_query(qname, rdtype)
        failures: list[str] = []
        # With one server its attempt timeout is the whole budget: one timer is enough.
        budget = asyncio.timeout(self._timeout if len(self.nameservers) > 1 else None)
        async with budget:
            for server in self.nameservers:
                try:
                    response = await self._transport.query(
                        request, server.address, server.port, self._attempt_timeout
                    )
                except dns.exception.Timeout:
                    failures.append(f"{server.address}: timeout")
                    continue
                except (OSError, dns.exception.DNSException) as exc:
                    failures.append(f"{server.address}: {type(exc).__name__}")
                    continue
                rcode = response.rcode()
                if rcode == dns.rcode.NXDOMAIN:
                    return None
                if rcode != dns.rcode.NOERROR:
                    failures.append(f"{server.address}: {dns.rcode.to_text(rcode)}")
                    continue
                assert isinstance(response, dns.message.QueryMessage)
                try:
                    answer: dns.rrset.RRset | None = response.resolve_chaining().answer
                except dns.message.ChainTooLong:
                    return None
                return answer
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

    async def cname_chain(self, target: str) -> Answer[str]:
        """Follow the CNAME chain from ``target`` (RFC 1034 §3.6.2), at most 8 hops.

        Args:
            target: the name to start from.

        Returns:
            The chain's names, first hop first, canonical; stops at a name without CNAME or
            at a loop.
        """

        async def lookup() -> tuple[str, ...]:
            chain: list[str] = []
            name = target
            for _ in range(CNAME_MAX_HOPS):
                rrset = await self._query(name, dns.rdatatype.CNAME)
                rdatas = [r for r in rrset if isinstance(r, CNAME)] if rrset else []
                if not rdatas:
                    break
                name = canonical_name(rdatas[0].target.to_text())
                if name in chain or name == target:
                    break
                chain.append(name)
            return tuple(chain)

        return await self._guard(lookup)

    async def mx(self, name: str | dns.name.Name) -> Answer[MXRecord]:
        """MX records at ``name`` (RFC 1035 §3.3.9).

        Args:
            name: the owner name, as text or already parsed.

        Returns:
            The records with canonical exchanges.
        """

        async def lookup() -> tuple[MXRecord, ...]:
            rrset = await self._query(name, dns.rdatatype.MX)
            if rrset is None:
                return ()
            return tuple(
                MXRecord(r.preference, canonical_name(r.exchange.to_text()))
                for r in rrset
                if isinstance(r, MX)
            )

        return await self._guard(lookup)

    async def txt(self, name: str | dns.name.Name) -> Answer[str]:
        """TXT values at ``name``, each record's strings joined (RFC 7208 §3.3).

        Args:
            name: the owner name, as text or already parsed.

        Returns:
            One decoded text per record (invalid UTF-8 replaced).
        """

        async def lookup() -> tuple[str, ...]:
            rrset = await self._query(name, dns.rdatatype.TXT)
            if rrset is None:
                return ()
            return tuple(
                b"".join(r.strings).decode("utf-8", errors="replace")
                for r in rrset
                if isinstance(r, TXT)
            )

        return await self._guard(lookup)

    async def check(self, job_type: JobType, target: str) -> CheckResult:
        """Run one full check; its outcome is recorded in :attr:`health`.

        Args:
            job_type: ``UI`` (CNAME) or ``EMAIL`` (MX, SPF, DMARC, queried concurrently).
            target: the normalised target.

        Returns:
            The report; transient errors are inside it, never raised.
        """
        result = await self._check(job_type, target)
        self.health.record(result.error)
        return result

    async def _check(self, job_type: JobType, target: str) -> CheckResult:
        if job_type == "UI":
            return ui_findings(target, await self.cname_chain(target), self.expectations)
        apex: str | dns.name.Name = target
        dmarc_name: str | dns.name.Name = f"_dmarc.{target}"
        # Parse once; a name no query can carry stays text, and each lookup reports it.
        with contextlib.suppress(dns.exception.DNSException):
            apex = dns.name.from_text(target)
            dmarc_name = dns.name.Name((_DMARC_LABEL, *apex.labels))
        mx, spf, dmarc = await asyncio.gather(self.mx(apex), self.txt(apex), self.txt(dmarc_name))
        return email_findings(target, mx, spf, dmarc, self.expectations)
