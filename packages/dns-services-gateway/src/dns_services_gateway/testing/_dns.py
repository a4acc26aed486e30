"""An authoritative DNS server on loopback (UDP and TCP) answering from the fake's zones.

Answers follow RFC 1034 section 4.3.2 (the AA bit, CNAME restart), RFC 2308 sections 2.1-2.2
(NXDOMAIN and NODATA carry the zone's SOA in the authority section, with TTL
``min(SOA TTL, SOA minimum)``); ANY gets every RRset at the name (not the minimal answer of
RFC 8482).
Messages are built and parsed with dnspython.
"""

from __future__ import annotations

import logging
import socket
import socketserver
import struct
import threading
from collections.abc import Callable
from typing import Any

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.TXT
import dns.rrset

from dns_services_gateway.testing._state import FakeZone, RecordTuple, ZoneSnapshot

__all__ = ["DNSServerThread", "build_rdata", "resolve"]

_log = logging.getLogger(__name__)
_IN = dns.rdataclass.IN

#: Returns the zone containing a query name, and the fake-clock time whose zone version to serve.
ZoneLookup = Callable[[dns.name.Name], tuple[FakeZone | None, float]]


def _txt_chunks(content: str) -> list[bytes]:
    """Split TXT content into character-strings of at most 255 bytes (RFC 1035 3.3.14)."""
    raw = content.encode("utf-8")
    return [raw[i : i + 255] for i in range(0, len(raw), 255)] or [b""]


def build_rdata(rtype: str, content: str, priority: int) -> dns.rdata.Rdata:
    """Turn a record's API fields into DNS rdata.

    Args:
        rtype: RRtype name, for example ``"MX"``.
        content: The API ``content`` field. Names are taken as absolute. TXT content that is
            already quoted is parsed as zone-file text; anything else is split into 255-byte
            strings.
        priority: The API priority, prepended for MX and for SRV content with three fields
            (``weight port target``).

    Returns:
        The rdata.

    Raises:
        dns.exception.DNSException: If the content is not valid for the type.
        ValueError: If the content is not valid for the type.
    """  # noqa: DOC502 (both come from dnspython's parsers)
    rdtype = dns.rdatatype.from_text(rtype)
    if rdtype == dns.rdatatype.TXT and not (content.startswith('"') and content.endswith('"')):
        return dns.rdtypes.ANY.TXT.TXT(_IN, rdtype, _txt_chunks(content))
    text = content
    if rdtype == dns.rdatatype.MX or (rdtype == dns.rdatatype.SRV and len(content.split()) == 3):
        text = f"{priority} {content}"
    return dns.rdata.from_text(_IN, rdtype, text, origin=dns.name.root, relativize=False)


def _soa_rrset(origin: dns.name.Name, snapshot: ZoneSnapshot, ttl: int) -> dns.rrset.RRset:
    soa = snapshot.soa
    text = (
        f"{soa.mname}. {soa.rname}. {soa.serial} {soa.refresh} {soa.retry} {soa.expire} "
        f"{soa.minimum}"
    )
    rdata = dns.rdata.from_text(
        _IN, dns.rdatatype.SOA, text, origin=dns.name.root, relativize=False
    )
    rrset = dns.rrset.RRset(origin, _IN, dns.rdatatype.SOA)
    rrset.add(rdata, ttl)
    return rrset


def _rrsets(
    owner: dns.name.Name, records: list[RecordTuple], rdtype: dns.rdatatype.RdataType | None
) -> list[dns.rrset.RRset]:
    """Group records of one owner into RRsets (all types when ``rdtype`` is None)."""
    sets: dict[int, dns.rrset.RRset] = {}
    for _name, rtype, content, ttl, priority in records:
        try:
            rdata = build_rdata(rtype, content, priority)
        except (dns.exception.DNSException, ValueError):
            _log.warning("fake DNS: skipping unparseable %s record %r", rtype, content)
            continue
        if rdtype is not None and rdata.rdtype != rdtype:
            continue
        rrset = sets.get(rdata.rdtype)
        if rrset is None:
            rrset = sets[rdata.rdtype] = dns.rrset.RRset(owner, _IN, rdata.rdtype)
        rrset.add(rdata, ttl)
    return list(sets.values())


def _has_descendants(name: dns.name.Name, by_owner: dict[dns.name.Name, Any]) -> bool:
    return any(owner.is_subdomain(name) for owner in by_owner)


def _wildcard(
    name: dns.name.Name,
    origin: dns.name.Name,
    by_owner: dict[dns.name.Name, list[RecordTuple]],
) -> list[RecordTuple]:
    """Records of the wildcard that synthesises ``name`` (RFC 4592 section 3.3.1), if any.

    The closest encloser is the nearest ancestor of ``name`` that exists (has records or
    descendants); the source of synthesis is ``*.<closest encloser>``. A name that exists
    itself (an empty non-terminal) is never synthesised.
    """
    if _has_descendants(name, by_owner):
        return []
    encloser = name.parent()
    while encloser != origin and not _has_descendants(encloser, by_owner):
        encloser = encloser.parent()
    return by_owner.get(dns.name.Name((b"*", *encloser.labels)), [])


def resolve(query: dns.message.Message, lookup: ZoneLookup) -> dns.message.Message:
    """Answer one query authoritatively from the fake's zones.

    Args:
        query: The parsed query (one question).
        lookup: Finds the zone for a name and the fake-clock time to serve it at.

    Returns:
        The response: REFUSED outside the fake's zones, otherwise an authoritative answer,
        NODATA or NXDOMAIN.
    """
    response = dns.message.make_response(query)
    if not query.question:
        response.set_rcode(dns.rcode.FORMERR)
        return response
    question = query.question[0]
    qname, qtype = question.name, question.rdtype
    zone, when = lookup(qname)
    if zone is None or question.rdclass != _IN:
        response.set_rcode(dns.rcode.REFUSED)
        return response
    response.flags |= dns.flags.AA
    response.flags &= ~dns.flags.RA
    snapshot = zone.snapshot_at(when)
    origin = dns.name.from_text(zone.name)
    negative_ttl = min(snapshot.soa_ttl, snapshot.soa.minimum)

    by_owner: dict[dns.name.Name, list[RecordTuple]] = {}
    for record in snapshot.records:
        by_owner.setdefault(dns.name.from_text(record[0]), []).append(record)

    name = qname
    for _ in range(8):  # CNAME chain inside the zone, bounded
        records = by_owner.get(name, [])
        if not records and name != origin:
            records = _wildcard(name, origin, by_owner)
        if name == origin and qtype in (dns.rdatatype.SOA, dns.rdatatype.ANY):
            response.answer.append(_soa_rrset(origin, snapshot, snapshot.soa_ttl))
        cnames = [r for r in records if r[1] == "CNAME"]
        if cnames and qtype not in (dns.rdatatype.CNAME, dns.rdatatype.ANY):
            cname_sets = _rrsets(name, cnames, dns.rdatatype.CNAME)
            response.answer.extend(cname_sets)
            target = next(iter(cname_sets[0])).target if cname_sets else None
            if target is None or not target.is_subdomain(origin):
                return response
            name = target
            continue
        wanted = None if qtype == dns.rdatatype.ANY else qtype
        answer = _rrsets(name, records, wanted)
        response.answer.extend(answer)
        if response.answer:
            return response
        exists = name == origin or bool(records) or _has_descendants(name, by_owner)
        if not exists and name == qname:
            response.set_rcode(dns.rcode.NXDOMAIN)
        response.authority.append(_soa_rrset(origin, snapshot, negative_ttl))
        return response
    return response


def _wire_answer(data: bytes, lookup: ZoneLookup, max_size: int | None) -> bytes | None:
    """Parse a query and return the response in wire form (None when unparseable)."""
    try:
        query = dns.message.from_wire(data)
    except dns.exception.DNSException:
        return None
    response = resolve(query, lookup)
    if max_size is None:
        return response.to_wire()
    limit = max(512, query.payload) if query.edns >= 0 else 512
    try:
        return response.to_wire(max_size=limit)
    except dns.exception.TooBig:
        truncated = dns.message.make_response(query)
        truncated.flags |= dns.flags.TC | dns.flags.AA
        return truncated.to_wire()


class _UDPHandler(socketserver.BaseRequestHandler):
    server: _UDPServer

    def handle(self) -> None:
        data, sock = self.request
        wire = _wire_answer(data, self.server.lookup, max_size=512)
        if wire is not None:
            sock.sendto(wire, self.client_address)


class _TCPHandler(socketserver.BaseRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        conn: socket.socket = self.request
        conn.settimeout(10)
        try:
            while True:
                header = self._read(conn, 2)
                if header is None:
                    return
                (length,) = struct.unpack("!H", header)
                data = self._read(conn, length)
                if data is None:
                    return
                wire = _wire_answer(data, self.server.lookup, max_size=None)
                if wire is None:
                    return
                conn.sendall(struct.pack("!H", len(wire)) + wire)
        except OSError:
            return

    @staticmethod
    def _read(conn: socket.socket, size: int) -> bytes | None:
        chunks = b""
        while len(chunks) < size:
            part = conn.recv(size - len(chunks))
            if not part:
                return None
            chunks += part
        return chunks


class _UDPServer(socketserver.ThreadingUDPServer):
    daemon_threads = True
    lookup: ZoneLookup


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    lookup: ZoneLookup


class DNSServerThread:
    """UDP and TCP DNS servers on the same loopback port, each in a background thread.

    Args:
        lookup: Finds the zone for a query name and the fake-clock time to serve.
        host: Loopback address to bind.
        port: Port for both transports; 0 picks a free one.

    Raises:
        OSError: If the sockets cannot be bound: at once for an explicit ``port``; for
            ``port=0``, when 20 ports in a row were free for UDP but not for TCP.
    """

    def __init__(self, lookup: ZoneLookup, host: str = "127.0.0.1", port: int = 0) -> None:
        attempts = 20
        for attempt in range(attempts):
            udp = _UDPServer((host, port), _UDPHandler)
            bound = udp.server_address[1]
            try:
                tcp = _TCPServer((host, bound), _TCPHandler)
            except OSError:
                udp.server_close()
                if port or attempt == attempts - 1:
                    raise
                continue
            break
        udp.lookup = tcp.lookup = lookup
        self._servers: list[socketserver.BaseServer] = [udp, tcp]
        self._threads = [
            threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"fake-dns-{kind}",
                daemon=True,
            )
            for server, kind in ((udp, "udp"), (tcp, "tcp"))
        ]
        self.address: tuple[str, int] = (host, int(bound))

    def start(self) -> None:
        """Start both servers."""
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        """Stop both servers and close their sockets."""
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
