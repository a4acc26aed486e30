"""DNS lookups with dnspython's asynchronous resolver.

Outcome mapping (dnspython 2.x): NXDOMAIN and NODATA mean "found nothing"; every server
answering SERVFAIL or REFUSED (``NoNameservers``), a timeout (``LifetimeTimeout``) or an
unreachable server is a **transient** error, reported in :attr:`Answer.error`, never raised.
Each lookup runs inside ``asyncio.timeout`` with the resolver's own ``lifetime`` so the query is
really abandoned when the budget is spent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import dns.asyncresolver
import dns.exception
import dns.name
import dns.nameserver
import dns.rdatatype
import dns.resolver
from dns.rdtypes.ANY.CNAME import CNAME
from dns.rdtypes.ANY.MX import MX
from dns.rdtypes.ANY.TXT import TXT

from dns_validation.core.config import Nameserver
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

__all__ = ["DNSChecker"]

T = TypeVar("T")


class DNSChecker:
    """Runs the UI and e-mail checks against the configured resolvers.

    Args:
        nameservers: servers to query; empty means the system resolver (``/etc/resolv.conf``).
        timeout: total budget of one lookup, in seconds (``DNS_TIMEOUT_MS`` / 1000).
        expectations: what the records must contain.
    """

    def __init__(
        self, nameservers: Sequence[Nameserver], timeout: float, expectations: Expectations
    ) -> None:
        if nameservers:
            resolver = dns.asyncresolver.Resolver(configure=False)
            resolver.nameservers = [
                dns.nameserver.Do53Nameserver(ns.address, ns.port) for ns in nameservers
            ]
        else:
            resolver = dns.asyncresolver.Resolver()
        resolver.timeout = timeout
        resolver.lifetime = timeout
        resolver.cache = None
        self._resolver = resolver
        self._timeout = timeout
        self.expectations = expectations

    async def _query(
        self, name: str, rdtype: dns.rdatatype.RdataType
    ) -> dns.resolver.Answer | None:
        async with asyncio.timeout(self._timeout + 0.5):
            try:
                return await self._resolver.resolve(
                    name, rdtype, raise_on_no_answer=False, search=False
                )
            except dns.resolver.NXDOMAIN:
                return None

    async def _guard(self, lookup: Callable[[], Awaitable[tuple[T, ...]]]) -> Answer[T]:
        try:
            return Answer(await lookup())
        except dns.resolver.NoNameservers:
            return Answer(error="no server answered (SERVFAIL, REFUSED or unreachable)")
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
                answer = await self._query(name, dns.rdatatype.CNAME)
                rdatas = [r for r in (answer.rrset or []) if isinstance(r, CNAME)] if answer else []
                if not rdatas:
                    break
                name = canonical_name(rdatas[0].target.to_text())
                if name in chain or name == target:
                    break
                chain.append(name)
            return tuple(chain)

        return await self._guard(lookup)

    async def mx(self, name: str) -> Answer[MXRecord]:
        """MX records at ``name`` (RFC 1035 §3.3.9).

        Args:
            name: the owner name.

        Returns:
            The records with canonical exchanges.
        """

        async def lookup() -> tuple[MXRecord, ...]:
            answer = await self._query(name, dns.rdatatype.MX)
            if answer is None or answer.rrset is None:
                return ()
            return tuple(
                MXRecord(r.preference, canonical_name(r.exchange.to_text()))
                for r in answer.rrset
                if isinstance(r, MX)
            )

        return await self._guard(lookup)

    async def txt(self, name: str) -> Answer[str]:
        """TXT values at ``name``, each record's strings joined (RFC 7208 §3.3).

        Args:
            name: the owner name.

        Returns:
            One decoded text per record (invalid UTF-8 replaced).
        """

        async def lookup() -> tuple[str, ...]:
            answer = await self._query(name, dns.rdatatype.TXT)
            if answer is None or answer.rrset is None:
                return ()
            return tuple(
                b"".join(r.strings).decode("utf-8", errors="replace")
                for r in answer.rrset
                if isinstance(r, TXT)
            )

        return await self._guard(lookup)

    async def check(self, job_type: JobType, target: str) -> CheckResult:
        """Run one full check.

        Args:
            job_type: ``UI`` (CNAME) or ``EMAIL`` (MX, SPF, DMARC, queried concurrently).
            target: the normalised target.

        Returns:
            The report; transient errors are inside it, never raised.
        """
        if job_type == "UI":
            return ui_findings(target, await self.cname_chain(target), self.expectations)
        mx, spf, dmarc = await asyncio.gather(
            self.mx(target), self.txt(target), self.txt(f"_dmarc.{target}")
        )
        return email_findings(target, mx, spf, dmarc, self.expectations)
