"""Test helpers: an in-process authoritative DNS server on loopback whose records can change.

Needs the ``dnslib`` package (in the development dependencies)::

    with FakeAuthoritativeServer() as dns_server:
        dns_server.set("example.test", "MX", ["10 mail.abin.lat."])
        settings = load_settings(dns_servers=dns_server.address)

It answers like a real authoritative server: NXDOMAIN only when the name has no records at all,
NODATA (NOERROR with the SOA in the authority section, RFC 2308 §2.2) when the name exists
without the asked type, and the CNAME when the asked type is missing at an alias
(RFC 1034 §3.6.2). A name can be made to answer SERVFAIL or REFUSED, or to drop queries
(a timeout).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from types import TracebackType
from typing import Any, Literal

__all__ = ["FakeAuthoritativeServer"]

Fault = Literal["SERVFAIL", "REFUSED", "DROP"]


def _canonical(name: str) -> str:
    name = name.lower()
    return name[:-1] if name.endswith(".") else name


class FakeAuthoritativeServer:
    """A thread-safe record store served over UDP and TCP on 127.0.0.1.

    Args:
        zone: the apex of the served zone (its SOA is used for NODATA answers).
        ttl: TTL of every answer, in seconds.
    """

    def __init__(self, zone: str = "test", ttl: int = 60) -> None:
        self.zone = _canonical(zone)
        self.ttl = ttl
        self.queries = 0
        self._lock = threading.Lock()
        self._records: dict[tuple[str, str], list[str]] = {}
        self._faults: dict[str, Fault] = {}
        self._servers: list[Any] = []
        self.port = 0

    # -- records -------------------------------------------------------------------------------
    def set(self, name: str, rrtype: str, values: Iterable[str]) -> None:
        """Replace the record set of ``name``/``rrtype``.

        Args:
            name: owner name.
            rrtype: ``CNAME``, ``MX``, ``TXT``, ``A``…
            values: zone-file RDATA, e.g. ``10 mail.abin.lat.`` or ``"v=spf1 " "mx -all"``.
        """
        with self._lock:
            self._records[(_canonical(name), rrtype.upper())] = list(values)

    def delete(self, name: str, rrtype: str | None = None) -> None:
        """Delete one record set, or every record set of ``name`` when ``rrtype`` is ``None``."""
        with self._lock:
            owner = _canonical(name)
            for key in [k for k in self._records if k[0] == owner]:
                if rrtype is None or key[1] == rrtype.upper():
                    del self._records[key]

    def fault(self, name: str, fault: Fault | None) -> None:
        """Make queries for ``name`` fail (``SERVFAIL``, ``REFUSED``, ``DROP``) or heal them."""
        with self._lock:
            if fault is None:
                self._faults.pop(_canonical(name), None)
            else:
                self._faults[_canonical(name)] = fault

    def clear(self) -> None:
        """Forget every record and fault."""
        with self._lock:
            self._records.clear()
            self._faults.clear()

    # -- server --------------------------------------------------------------------------------
    @property
    def address(self) -> str:
        """The ``DNS_SERVERS`` value for this server (``127.0.0.1:<port>``)."""
        return f"127.0.0.1:{self.port}"

    def _resolve(self, request: Any) -> Any:
        from dnslib import QTYPE, RCODE, RR, DNSError

        reply = request.reply()
        reply.header.aa = 1
        qname = _canonical(str(request.q.qname))
        qtype = QTYPE.get(request.q.qtype, str(request.q.qtype))
        with self._lock:
            self.queries += 1
            fault = self._faults.get(qname)
            names = {k[0] for k in self._records}
            values = self._records.get((qname, qtype))
            cname = self._records.get((qname, "CNAME"))
            soa = self._records.get((self.zone, "SOA"))
        if fault == "DROP":
            raise DNSError("dropped on purpose")
        if fault is not None:
            reply.header.rcode = getattr(RCODE, fault)
            return reply
        if qname not in names:
            reply.header.rcode = RCODE.NXDOMAIN
        rtype = qtype
        if not values and cname and qtype != "CNAME":
            values, rtype = cname, "CNAME"
        for value in values or []:
            reply.add_answer(*RR.fromZone(f"{qname}. {self.ttl} IN {rtype} {value}"))
        if not values:
            default_soa = f"ns1.{self.zone}. hostmaster.{self.zone}. 1 60 60 600 60"
            soa_text = (soa or [default_soa])[0]
            reply.add_auth(*RR.fromZone(f"{self.zone}. {self.ttl} IN SOA {soa_text}"))
        return reply

    def start(self) -> FakeAuthoritativeServer:
        """Start UDP and TCP listeners on one free port of 127.0.0.1.

        Returns:
            ``self``.
        """
        from dnslib.server import BaseResolver, DNSLogger, DNSServer

        outer = self

        class _Resolver(BaseResolver):  # type: ignore[misc]
            def resolve(self, request: Any, handler: Any) -> Any:
                return outer._resolve(request)

        quiet = DNSLogger(log="-request,-reply,-truncated,-error", logf=lambda *_: None)
        for _attempt in range(50):
            udp = DNSServer(_Resolver(), address="127.0.0.1", port=0, logger=quiet)
            self.port = udp.server.server_address[1]
            try:
                tcp = DNSServer(
                    _Resolver(), address="127.0.0.1", port=self.port, logger=quiet, tcp=True
                )
            except OSError:  # the TCP port is taken: try another pair
                udp.server.server_close()
                continue
            break
        else:  # pragma: no cover - 50 busy ports in a row
            raise OSError("no free UDP+TCP port pair on 127.0.0.1")
        for server in (udp, tcp):
            server.server.daemon_threads = True
            server.start_thread()
        self._servers = [udp, tcp]
        return self

    def stop(self) -> None:
        """Stop the listeners."""
        for server in self._servers:
            server.stop()
            server.server.server_close()
        self._servers = []

    def __enter__(self) -> FakeAuthoritativeServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
