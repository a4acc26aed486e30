"""Test helpers: authoritative DNS servers on loopback whose records can change.

:class:`NSDServer` runs NSD, a real authoritative server from Debian's ``nsd`` package, with a
scratch configuration on a free loopback port. :class:`FakeAuthoritativeServer` is an in-process
server that needs the ``dnslib`` package (the ``testing`` extra)::

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

import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import dns.exception
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype

from dns_validation.domain.normalize import canonical_name

__all__ = ["NSD_PATH", "CachingResolver", "FakeAuthoritativeServer", "NSDServer", "free_port"]

#: Where Debian's ``nsd`` package installs the server; the default ``binary`` of :class:`NSDServer`.
NSD_PATH = Path("/usr/sbin/nsd")


def free_port(host: str = "127.0.0.1") -> int:
    """A port that is free for both UDP and TCP on ``host`` right now.

    Args:
        host: the loopback address to probe.

    Returns:
        The port number.
    """
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind((host, 0))
            port = int(udp.getsockname()[1])
            with socket.socket() as tcp:
                try:
                    tcp.bind((host, port))
                except OSError:
                    continue
        return port


class NSDServer:
    """NSD serving the given zones on a free loopback port, with its own scratch configuration.

    The configuration turns response-rate limiting off (``rrl-ratelimit: 0``): with NSD's default
    limit, bursts of queries from one address lose answers. Zone files use the master file format
    of RFC 1035 §5; after :meth:`update` NSD reloads on SIGHUP, as the NSD manual describes.

    Args:
        directory: scratch directory for the configuration, zone files, pid file and log.
        zones: zone name -> zone file text.
        binary: the ``nsd`` executable.
        minimal_responses: leave the authority and additional sections out of answers.

    Constructing writes nothing and starts nothing; :meth:`start` (or ``with``) does.
    """

    def __init__(
        self,
        directory: Path,
        zones: Mapping[str, str],
        *,
        binary: Path = NSD_PATH,
        minimal_responses: bool = False,
    ) -> None:
        self.directory = directory
        self.zones = dict(zones)
        self.binary = binary
        self.minimal_responses = minimal_responses
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        """``127.0.0.1:<port>``, the form ``DNS_SERVERS`` takes."""
        return f"127.0.0.1:{self.port}"

    def _zone_file(self, zone: str) -> Path:
        return self.directory / f"{zone}.zone"

    def _config(self) -> str:
        d = self.directory
        lines = [
            "server:",
            f"    ip-address: 127.0.0.1@{self.port}",
            '    username: ""',
            '    chroot: ""',
            f'    zonesdir: "{d}"',
            '    database: ""',
            f'    pidfile: "{d}/nsd.pid"',
            f'    xfrdfile: "{d}/xfrd.state"',
            f'    zonelistfile: "{d}/zone.list"',
            f'    logfile: "{d}/nsd.log"',
            "    server-count: 1",
            "    rrl-ratelimit: 0",
            f"    minimal-responses: {'yes' if self.minimal_responses else 'no'}",
            "remote-control:",
            "    control-enable: no",
        ]
        for zone in self.zones:
            lines += ["zone:", f"    name: {zone}", f"    zonefile: {zone}.zone"]
        return "\n".join(lines) + "\n"

    def _answers_soa(self, zone: str) -> bool:
        query = dns.message.make_query(zone, "SOA")
        try:
            response = dns.query.udp(query, "127.0.0.1", port=self.port, timeout=0.5)
        except (dns.exception.DNSException, OSError):
            return False
        return response.rcode() == dns.rcode.NOERROR and bool(response.answer)

    def start(self, timeout: float = 15.0) -> None:
        """Write the configuration and zones, start NSD, and wait until it answers.

        Args:
            timeout: seconds to wait for the SOA of every zone.

        Raises:
            FileNotFoundError: ``binary`` does not exist.
            TimeoutError: NSD did not answer every zone's SOA within ``timeout``; it is
                stopped first.
        """
        if not self.binary.exists():
            raise FileNotFoundError(f"{self.binary} is absent (apt-get install nsd)")
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        for zone, text in self.zones.items():
            self._zone_file(zone).write_text(text)
        config = self.directory / "nsd.conf"
        config.write_text(self._config())
        self.process = subprocess.Popen(
            [str(self.binary), "-d", "-c", str(config)], stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + timeout
        while not all(self._answers_soa(zone) for zone in self.zones):
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"NSD did not answer within {timeout:g} s")
            time.sleep(0.05)

    def update(self, zone: str, text: str) -> None:
        """Replace a zone's file and have NSD reload it (SIGHUP); bump the SOA serial in ``text``.

        Args:
            zone: a zone given at construction.
            text: the new zone file text.

        Raises:
            RuntimeError: NSD is not running (:meth:`start` was not called, or it was stopped).
        """
        if self.process is None:
            raise RuntimeError("NSD is not running")
        self._zone_file(zone).write_text(text)
        os.kill(self.process.pid, signal.SIGHUP)

    def stop(self) -> None:
        """Stop NSD (idempotent)."""
        if self.process is None:
            return
        process, self.process = self.process, None
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:  # pragma: no cover - NSD ignores SIGTERM
            process.kill()
            process.wait()

    def __enter__(self) -> NSDServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


Fault = Literal["SERVFAIL", "REFUSED", "DROP"]


class FakeAuthoritativeServer:
    """A thread-safe record store served over UDP and TCP on 127.0.0.1.

    Args:
        zone: the apex of the served zone (its SOA is used for NODATA answers).
        ttl: TTL of every answer, in seconds.
        host: the loopback address to listen on (any of 127.0.0.0/8 on Linux).
        port: the port to listen on; 0 picks a free one.
    """

    def __init__(
        self, zone: str = "test", ttl: int = 60, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.zone = canonical_name(zone)
        self.ttl = ttl
        self.host = host
        self.queries = 0
        self._drop_next = 0
        self._lock = threading.Lock()
        self._records: dict[tuple[str, str], list[str]] = {}
        self._faults: dict[str, Fault] = {}
        self._servers: list[Any] = []
        self.port = port

    # -- records -------------------------------------------------------------------------------
    def set(self, name: str, rrtype: str, values: Iterable[str]) -> None:
        """Replace the record set of ``name``/``rrtype``.

        Args:
            name: owner name.
            rrtype: ``CNAME``, ``MX``, ``TXT``, ``A``…
            values: zone-file RDATA, e.g. ``10 mail.abin.lat.`` or ``"v=spf1 " "mx -all"``.
        """
        with self._lock:
            self._records[(canonical_name(name), rrtype.upper())] = list(values)

    def delete(self, name: str, rrtype: str | None = None) -> None:
        """Delete one record set, or every record set of ``name`` when ``rrtype`` is ``None``.

        Args:
            name: owner name (case and a trailing dot do not matter).
            rrtype: the type to delete (``MX``, ``TXT``…), or ``None`` for every type.
        """
        with self._lock:
            owner = canonical_name(name)
            for key in [k for k in self._records if k[0] == owner]:
                if rrtype is None or key[1] == rrtype.upper():
                    del self._records[key]

    def fault(self, name: str, fault: Fault | None) -> None:
        """Make queries for ``name`` fail (``SERVFAIL``, ``REFUSED``, ``DROP``) or heal them.

        Args:
            name: owner name (case and a trailing dot do not matter).
            fault: ``SERVFAIL`` or ``REFUSED`` answer with that RCODE; ``DROP`` sends no answer
                (the client times out); ``None`` removes the fault.
        """
        with self._lock:
            if fault is None:
                self._faults.pop(canonical_name(name), None)
            else:
                self._faults[canonical_name(name)] = fault

    def drop_next(self, count: int) -> None:
        """Send no answer to the next ``count`` queries, whatever their name (lost packets).

        Args:
            count: how many queries to leave unanswered.
        """
        with self._lock:
            self._drop_next = count

    def clear(self) -> None:
        """Forget every record and fault."""
        with self._lock:
            self._records.clear()
            self._faults.clear()
            self._drop_next = 0

    # -- server --------------------------------------------------------------------------------
    @property
    def address(self) -> str:
        """The ``DNS_SERVERS`` value for this server (``<host>:<port>``)."""
        return f"{self.host}:{self.port}"

    def _resolve(self, request: Any) -> Any:
        from dnslib import QTYPE, RCODE, RR, DNSError

        reply = request.reply()
        reply.header.aa = 1
        qname = canonical_name(str(request.q.qname))
        qtype = QTYPE.get(request.q.qtype, str(request.q.qtype))
        with self._lock:
            self.queries += 1
            if self._drop_next > 0:
                self._drop_next -= 1
                raise DNSError("dropped on purpose")
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
        """Start UDP and TCP listeners on ``host``, on ``port`` or a free port.

        Returns:
            ``self``.

        Raises:
            OSError: the given port is taken, or no free UDP and TCP port pair was found in 50
                tries.
        """
        from dnslib.server import BaseResolver, DNSLogger, DNSServer

        outer = self

        class _Resolver(BaseResolver):  # type: ignore[misc]
            def resolve(self, request: Any, handler: Any) -> Any:
                return outer._resolve(request)

        quiet = DNSLogger(log="-request,-reply,-truncated,-error", logf=lambda *_: None)
        wanted = self.port
        for _attempt in range(1 if wanted else 50):
            udp = DNSServer(_Resolver(), address=self.host, port=wanted, logger=quiet)
            self.port = udp.server.server_address[1]
            try:
                tcp = DNSServer(
                    _Resolver(), address=self.host, port=self.port, logger=quiet, tcp=True
                )
            except OSError:  # the TCP port is taken: try another pair
                udp.server.server_close()
                if wanted:
                    raise
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


class CachingResolver:
    """A caching forwarder on loopback: the resolver cache that keeps yesterday's answers.

    Every query is forwarded to ``upstream`` (with recursion desired) and its answer kept for
    its TTL: the smallest TTL of the answer section, or for NXDOMAIN and NODATA the negative
    TTL of RFC 2308 §5 (the smaller of the SOA record's TTL and its MINIMUM field). A test can
    so show a resolver still saying "no such record" after the record was published.
    It needs the ``dnslib`` package (the ``testing`` extra).

    Args:
        upstream: the ``ip:port`` to forward to.
        host: the loopback address to listen on.
    """

    def __init__(self, upstream: str, *, host: str = "127.0.0.1") -> None:
        address, _, port = upstream.rpartition(":")
        self.upstream = (address, int(port))
        self.host = host
        self.port = 0
        self.forwarded = 0
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, int], tuple[float, bytes]] = {}
        self._servers: list[Any] = []

    @property
    def address(self) -> str:
        """The ``DNS_SERVERS`` value for this resolver (``<host>:<port>``)."""
        return f"{self.host}:{self.port}"

    def flush(self) -> None:
        """Forget every cached answer."""
        with self._lock:
            self._cache.clear()

    @staticmethod
    def _ttl(response: dns.message.Message) -> int:
        if response.answer:
            return min(rrset.ttl for rrset in response.answer)
        for rrset in response.authority:
            if rrset.rdtype == dns.rdatatype.SOA:
                return int(min(rrset.ttl, rrset[0].minimum))
        return 0

    def _resolve(self, request: Any) -> Any:
        from dnslib import RCODE, DNSRecord

        key = (canonical_name(str(request.q.qname)), int(request.q.qtype))
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None and cached[0] > now:
            wire = cached[1]
        else:
            query = dns.message.from_wire(bytes(request.pack()))
            try:
                response = dns.query.udp(query, self.upstream[0], port=self.upstream[1], timeout=2)
            except (dns.exception.DNSException, OSError):
                failed = request.reply()
                failed.header.rcode = RCODE.SERVFAIL  # as a resolver whose upstream is silent
                return failed
            response.flags |= dns.flags.RA
            wire = response.to_wire()
            with self._lock:
                self.forwarded += 1
                self._cache[key] = (now + self._ttl(response), wire)
        reply = DNSRecord.parse(wire)
        reply.header.id = request.header.id
        return reply

    def start(self) -> CachingResolver:
        """Start a UDP listener on a free port of ``host``.

        Returns:
            ``self``.
        """
        from dnslib.server import BaseResolver, DNSLogger, DNSServer

        outer = self

        class _Resolver(BaseResolver):  # type: ignore[misc]
            def resolve(self, request: Any, handler: Any) -> Any:
                return outer._resolve(request)

        quiet = DNSLogger(log="-request,-reply,-truncated,-error", logf=lambda *_: None)
        udp = DNSServer(_Resolver(), address=self.host, port=0, logger=quiet)
        self.port = udp.server.server_address[1]
        udp.server.daemon_threads = True
        udp.start_thread()
        self._servers = [udp]
        return self

    def stop(self) -> None:
        """Stop the listener."""
        for server in self._servers:
            server.stop()
            server.server.server_close()
        self._servers = []

    def __enter__(self) -> CachingResolver:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
