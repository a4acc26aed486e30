"""A UDP query multiplexer: many DNS queries over a few long-lived sockets per nameserver.

dnspython's ``udp_with_fallback`` opens and closes a datagram endpoint for every query, which
costs more CPU than building and parsing the messages. Here each nameserver gets a small pool of
connected UDP sockets; queries are told apart by their 16-bit message id, picked at random for
every send (RFC 5452 §9.2), and a reply is accepted only when it comes from the server queried
and ``request.is_response(reply)`` holds (same id, QR set, same opcode and question; RFC 5452
§3). Anything else is dropped, so a stray or forged datagram cannot end a query. A socket is
retired after a number of queries or an age limit, so the source port changes over the process's
life (RFC 5452 §9.2). A query without a reply is sent again after a third of its time budget,
and again after two thirds. A truncated reply (TC bit) is retried over TCP (RFC 7766 §5).

A multiplexer serves one event loop; :meth:`UDPQueryMultiplexer.aclose` must be awaited before
that loop ends.
"""

from __future__ import annotations

import asyncio
import secrets
import socket
import struct
from dataclasses import dataclass, field
from typing import Any, cast

import dns.asyncquery
import dns.exception
import dns.flags
import dns.message

__all__ = ["UDPQueryMultiplexer", "query_wire"]

_ID_SPACE = 65536
_HEADER_LENGTH = 12  # RFC 1035 §4.1.1
_HEADER = struct.Struct("!HHHHHH")  # id, flags, QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT
_QUESTION_TAIL = struct.Struct("!HH")  # QTYPE, QCLASS (RFC 1035 §4.1.2)


def query_wire(request: dns.message.Message) -> bytes:
    """The wire form of ``request`` (RFC 1035 §4.1).

    A plain query (one question, no other records, no EDNS or TSIG) is laid out directly,
    the header then the uncompressed question, which is what dnspython's renderer produces
    for it at a fraction of the cost; anything else goes through ``Message.to_wire``.

    Args:
        request: the query, with its final ``id``.

    Returns:
        The message bytes.
    """
    if (
        len(request.question) == 1
        and not request.answer
        and not request.authority
        and not request.additional
        and request.edns < 0
        and request.tsig is None
        and request.question[0].name.is_absolute()
    ):
        question = request.question[0]
        qname = question.name.to_wire()  # bytes when no file is given
        assert qname is not None
        return b"".join(
            (
                _HEADER.pack(request.id, request.flags, 1, 0, 0, 0),
                qname,
                _QUESTION_TAIL.pack(question.rdtype, question.rdclass),
            )
        )
    return request.to_wire()


class _Endpoint(asyncio.DatagramProtocol):
    """One connected UDP socket to one nameserver and the queries waiting on it.

    Args:
        loop: the event loop the socket lives in; its clock dates the socket's opening.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.transport: asyncio.DatagramTransport | None = None
        self.peer: tuple[Any, ...] = ()
        self.pending: dict[int, tuple[dns.message.Message, asyncio.Future[dns.message.Message]]]
        self.pending = {}
        self.sent = 0
        self.opened_at = loop.time()
        self.retiring = False
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # Python 3.11's selector datagram transport does not subclass DatagramTransport.
        self.transport = cast(asyncio.DatagramTransport, transport)
        self.peer = tuple(transport.get_extra_info("peername")[:2])

    def datagram_received(self, data: bytes, addr: tuple[Any, ...]) -> None:
        if len(data) < _HEADER_LENGTH or tuple(addr[:2]) != self.peer:
            return
        entry = self.pending.get(int.from_bytes(data[:2], "big"))
        if entry is None:
            return
        request, future = entry
        try:
            reply = dns.message.from_wire(data)
        except dns.exception.DNSException:
            return  # malformed: drop, as a forged datagram would be
        if not request.is_response(reply):
            return
        del self.pending[reply.id]
        if not future.done():
            future.set_result(reply)

    def error_received(self, exc: Exception) -> None:
        # An ICMP error (port unreachable, …) on a connected socket concerns its one peer.
        self._fail_all(exc)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._fail_all(exc or ConnectionAbortedError("DNS socket closed"))

    def _fail_all(self, exc: Exception) -> None:
        pending, self.pending = self.pending, {}
        for _, future in pending.values():
            if not future.done():
                future.set_exception(exc)

    def worn(self, now: float, max_queries: int, max_age: float) -> bool:
        return self.sent >= max_queries or now - self.opened_at >= max_age

    def close(self) -> None:
        if not self.closed and self.transport is not None:
            self.closed = True
            self.transport.close()

    def release_if_idle(self) -> None:
        if self.retiring and not self.pending:
            self.close()


@dataclass
class _Pool:
    slots: list[_Endpoint | None]
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    cursor: int = 0


class UDPQueryMultiplexer:
    """Sends DNS queries over a rotating pool of UDP sockets per nameserver.

    Args:
        sockets_per_server: sockets open at once to each nameserver.
        max_queries_per_socket: queries after which a socket is retired and replaced (below
            65,536, the message id space, so a free id always exists).
        max_socket_age: seconds after which a socket is retired and replaced.

    Raises:
        ValueError: a size or limit is not positive, or ``max_queries_per_socket`` is too large.
    """

    def __init__(
        self,
        *,
        sockets_per_server: int = 4,
        max_queries_per_socket: int = 4096,
        max_socket_age: float = 60.0,
    ) -> None:
        if sockets_per_server < 1 or max_queries_per_socket < 1 or max_socket_age <= 0:
            raise ValueError("socket pool sizes and limits must be positive")
        if max_queries_per_socket >= _ID_SPACE:
            raise ValueError("max_queries_per_socket must be below 65536 (the message id space)")
        self._size = sockets_per_server
        self._max_queries = max_queries_per_socket
        self._max_age = max_socket_age
        self._pools: dict[tuple[str, int], _Pool] = {}
        self._opened: set[_Endpoint] = set()  # every socket not yet closed, retired ones too
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    @property
    def open_sockets(self) -> int:
        """How many sockets are open, counting retired ones still waiting for replies."""
        return len(self._endpoints())

    def _endpoints(self) -> list[_Endpoint]:
        self._opened = {ep for ep in self._opened if not ep.closed}
        return list(self._opened)

    async def query(
        self, request: dns.message.Message, address: str, port: int, timeout: float
    ) -> dns.message.Message:
        """Send ``request`` to one nameserver and wait for its reply.

        The request's id is replaced by a fresh random one. When no reply came after a third
        of ``timeout``, the same datagram is sent again (and again after two thirds), so that
        one lost packet does not fail the query; a reply to any copy ends it (RFC 1035 §4.2.1
        leaves retransmission to the client). A reply with the TC bit set is replaced by the
        answer to the same query over TCP (RFC 7766 §5).

        Args:
            request: the query; its ``id`` is overwritten.
            address: the nameserver's IPv4 or IPv6 address (text).
            port: the nameserver's port.
            timeout: seconds for this query, TCP retry included.

        Returns:
            The reply.

        Other errors propagate from the socket and the TCP retry: :class:`OSError` when the
        socket reports an error (e.g. ICMP port unreachable),
        :class:`dns.exception.DNSException` when the TCP retry gets a malformed answer, and
        :class:`RuntimeError` when the multiplexer is closed or its sockets were opened in
        another event loop that has not closed them.

        Raises:
            dns.exception.Timeout: no acceptable reply within ``timeout``.
        """
        try:
            async with asyncio.timeout(timeout):
                reply = await self._udp(request, address, port, max(timeout / 3, 0.02))
                if reply.flags & dns.flags.TC:
                    reply = await dns.asyncquery.tcp(request, address, port=port)
                return reply
        except TimeoutError:
            raise dns.exception.Timeout from None

    async def _udp(
        self, request: dns.message.Message, address: str, port: int, resend_after: float
    ) -> dns.message.Message:
        endpoint = await self._endpoint(address, port)
        # A socket carries at most max_queries_per_socket (< 65,536) queries, so a free id exists.
        while True:
            query_id = secrets.randbelow(_ID_SPACE)
            if query_id not in endpoint.pending:
                break
        request.id = query_id
        wire = query_wire(request)
        future: asyncio.Future[dns.message.Message] = endpoint.loop.create_future()
        endpoint.pending[query_id] = (request, future)
        endpoint.sent += 1
        try:
            assert endpoint.transport is not None
            while True:
                endpoint.transport.sendto(wire)
                done, _ = await asyncio.wait((future,), timeout=resend_after)
                if done:
                    return future.result()
                if endpoint.closed:  # pragma: no cover - the loss is reported by the future
                    return await future
        finally:
            entry = endpoint.pending.get(query_id)
            if entry is not None and entry[1] is future:
                del endpoint.pending[query_id]
            endpoint.release_if_idle()

    async def _endpoint(self, address: str, port: int) -> _Endpoint:
        if self._closed:
            raise RuntimeError("the DNS query multiplexer is closed")
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            if self._endpoints():
                raise RuntimeError("the DNS query multiplexer's sockets belong to another loop")
            self._pools.clear()
            self._loop = loop
        key = (address, port)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = _Pool([None] * self._size)
        index = pool.cursor
        pool.cursor = (index + 1) % self._size
        endpoint = pool.slots[index]
        if endpoint is not None and not self._stale(endpoint, loop):
            return endpoint
        async with pool.lock:
            endpoint = pool.slots[index]
            if endpoint is None or self._stale(endpoint, loop):
                if endpoint is not None:
                    endpoint.retiring = True
                    endpoint.release_if_idle()
                endpoint = await self._open(loop, address, port)
                pool.slots[index] = endpoint
        return endpoint

    def _stale(self, endpoint: _Endpoint, loop: asyncio.AbstractEventLoop) -> bool:
        return endpoint.closed or endpoint.worn(loop.time(), self._max_queries, self._max_age)

    async def _open(self, loop: asyncio.AbstractEventLoop, address: str, port: int) -> _Endpoint:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        _, protocol = await loop.create_datagram_endpoint(
            lambda: _Endpoint(loop), remote_addr=(address, port), family=family
        )
        if self._closed:  # closed while this socket was being opened
            protocol.close()
            raise RuntimeError("the DNS query multiplexer is closed")
        self._endpoints()  # prune the closed ones
        self._opened.add(protocol)
        return protocol

    async def aclose(self) -> None:
        """Close every socket; queries still waiting fail with ``ConnectionAbortedError``.

        Idempotent. Gives the event loop one turn so the sockets are really closed on return.
        """
        self._closed = True
        endpoints = self._endpoints()
        for endpoint in endpoints:
            endpoint.close()
        self._pools.clear()
        if endpoints:
            await asyncio.sleep(0)
