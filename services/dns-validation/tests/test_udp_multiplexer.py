"""The UDP query multiplexer over real UDP and TCP sockets on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import socket
import struct
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import dns.exception
import dns.flags
import dns.message
import dns.rdatatype
import dns.rrset
import pytest

from dns_validation.poller._udp import UDPQueryMultiplexer, query_wire

Reply = Callable[[dns.message.Message], list[bytes]]


def answer(request: dns.message.Message, text: str = "hello") -> dns.message.Message:
    response = dns.message.make_response(request)
    qname = request.question[0].name
    response.answer.append(dns.rrset.from_text(qname, 60, "IN", "TXT", f'"{text}"'))
    return response


def good(request: dns.message.Message) -> list[bytes]:
    return [answer(request).to_wire()]


@dataclass
class ScriptedServer(asyncio.DatagramProtocol):
    """A loopback nameserver whose UDP replies a test scripts; TCP always answers "over tcp"."""

    reply: Reply = good
    queries: list[tuple[int, int]] = field(default_factory=list)  # (message id, source port)
    tcp_queries: int = 0
    transport: Any = None
    port: int = 0

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr: tuple[Any, ...]) -> None:
        request = dns.message.from_wire(data)
        self.queries.append((request.id, addr[1]))
        for datagram in self.reply(request):
            self.transport.sendto(datagram, addr)

    async def serve_tcp(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        (length,) = struct.unpack("!H", await reader.readexactly(2))
        request = dns.message.from_wire(await reader.readexactly(length))
        self.tcp_queries += 1
        wire = answer(request, "over tcp").to_wire()
        writer.write(struct.pack("!H", len(wire)) + wire)
        await writer.drain()
        writer.close()
        await writer.wait_closed()


@contextlib.asynccontextmanager
async def scripted_server() -> AsyncIterator[ScriptedServer]:
    loop = asyncio.get_running_loop()
    scripted = ScriptedServer()
    while True:  # a port free for both UDP and TCP
        transport, _ = await loop.create_datagram_endpoint(
            lambda: scripted, local_addr=("127.0.0.1", 0)
        )
        scripted.port = transport.get_extra_info("sockname")[1]
        try:
            tcp = await asyncio.start_server(scripted.serve_tcp, "127.0.0.1", scripted.port)
        except OSError:
            transport.close()
            continue
        break
    try:
        yield scripted
    finally:
        tcp.close()
        await tcp.wait_closed()
        transport.close()
        await asyncio.sleep(0)


@pytest.fixture
async def server() -> AsyncIterator[ScriptedServer]:
    async with scripted_server() as scripted:
        yield scripted


@pytest.fixture
async def mux() -> AsyncIterator[UDPQueryMultiplexer]:
    multiplexer = UDPQueryMultiplexer()
    yield multiplexer
    await multiplexer.aclose()


def txt_of(reply: dns.message.Message) -> list[bytes]:
    return [b"".join(rdata.strings) for rrset in reply.answer for rdata in rrset]


def query(name: str = "a.test") -> dns.message.Message:
    return dns.message.make_query(name, dns.rdatatype.TXT)


async def test_queries_share_a_few_sockets(
    server: ScriptedServer, mux: UDPQueryMultiplexer
) -> None:
    replies = await asyncio.gather(
        *(mux.query(query(f"n{i}.test"), "127.0.0.1", server.port, 2) for i in range(40))
    )
    for i, reply in enumerate(replies):
        assert str(reply.question[0].name) == f"n{i}.test."
        assert txt_of(reply) == [b"hello"]
    assert len({port for _, port in server.queries}) <= 4
    assert mux.open_sockets <= 4


async def test_query_ids_are_random(server: ScriptedServer, mux: UDPQueryMultiplexer) -> None:
    for _ in range(30):
        await mux.query(query(), "127.0.0.1", server.port, 2)
    ids = [query_id for query_id, _ in server.queries]
    assert len(set(ids)) >= 25
    assert ids != sorted(ids)


async def test_mismatched_ids_and_questions_are_dropped(
    server: ScriptedServer, mux: UDPQueryMultiplexer
) -> None:
    def tricky(request: dns.message.Message) -> list[bytes]:
        wrong_id = answer(request, "wrong id")
        wrong_id.id = (request.id + 1) % 65536
        wrong_question = dns.message.make_response(query("other.test"))
        wrong_question.id = request.id
        not_a_response = answer(request, "no QR bit")
        not_a_response.flags &= ~dns.flags.QR
        return [
            wrong_id.to_wire(),
            wrong_question.to_wire(),
            not_a_response.to_wire(),
            request.id.to_bytes(2, "big") + b"\x81\x80garbage",  # malformed
            b"\x00",  # shorter than a header
            answer(request, "right").to_wire(),
        ]

    server.reply = tricky
    reply = await mux.query(query(), "127.0.0.1", server.port, 2)
    assert txt_of(reply) == [b"right"]


async def test_reply_from_another_address_is_dropped(
    server: ScriptedServer, mux: UDPQueryMultiplexer
) -> None:
    spoofer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    spoofer.bind(("127.0.0.1", 0))

    def from_elsewhere(request: dns.message.Message) -> list[bytes]:
        port = server.queries[-1][1]
        spoofer.sendto(answer(request, "spoofed").to_wire(), ("127.0.0.1", port))
        return []

    server.reply = from_elsewhere
    with spoofer, pytest.raises(dns.exception.Timeout):
        await mux.query(query(), "127.0.0.1", server.port, 0.3)


async def test_endpoint_checks_the_source_address(
    server: ScriptedServer, mux: UDPQueryMultiplexer
) -> None:
    """The kernel filters a connected socket already; the protocol checks again."""
    server.reply = lambda request: []
    task = asyncio.create_task(mux.query(query(), "127.0.0.1", server.port, 2))
    while not server.queries:
        await asyncio.sleep(0.01)
    request = query()
    request.id = server.queries[0][0]
    wire = answer(request, "direct").to_wire()
    (endpoint,) = mux._endpoints()
    endpoint.datagram_received(wire, ("127.0.0.2", server.port))
    endpoint.datagram_received(wire, ("127.0.0.1", server.port + 1))
    await asyncio.sleep(0.05)
    assert not task.done()
    endpoint.datagram_received(wire, ("127.0.0.1", server.port))
    assert txt_of(await task) == [b"direct"]


async def test_truncated_reply_is_retried_over_tcp(
    server: ScriptedServer, mux: UDPQueryMultiplexer
) -> None:
    def truncated(request: dns.message.Message) -> list[bytes]:
        response = dns.message.make_response(request)
        response.flags |= dns.flags.TC
        return [response.to_wire()]

    server.reply = truncated
    reply = await mux.query(query(), "127.0.0.1", server.port, 2)
    assert txt_of(reply) == [b"over tcp"]
    assert server.tcp_queries == 1 and not reply.flags & dns.flags.TC


async def test_timeout_removes_the_pending_query(
    server: ScriptedServer, mux: UDPQueryMultiplexer
) -> None:
    server.reply = lambda request: []
    start = time.monotonic()
    with pytest.raises(dns.exception.Timeout):
        await mux.query(query(), "127.0.0.1", server.port, 0.2)
    assert 0.15 < time.monotonic() - start < 1.0
    assert all(not endpoint.pending for endpoint in mux._endpoints())
    server.reply = good  # the socket still serves later queries
    assert txt_of(await mux.query(query(), "127.0.0.1", server.port, 2)) == [b"hello"]


async def test_cancellation_removes_the_pending_query(
    server: ScriptedServer, mux: UDPQueryMultiplexer
) -> None:
    server.reply = lambda request: []
    task = asyncio.create_task(mux.query(query(), "127.0.0.1", server.port, 5))
    while not server.queries:
        await asyncio.sleep(0.01)
    (endpoint,) = mux._endpoints()
    assert len(endpoint.pending) == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert endpoint.pending == {}


async def test_sockets_rotate_after_a_number_of_queries(server: ScriptedServer) -> None:
    multiplexer = UDPQueryMultiplexer(sockets_per_server=1, max_queries_per_socket=2)
    async with asyncio.timeout(5):
        for _ in range(6):
            await multiplexer.query(query(), "127.0.0.1", server.port, 2)
        ports = [port for _, port in server.queries]
        assert len(set(ports)) == 3
        assert ports[0] == ports[1] != ports[2] == ports[3] != ports[4]
        assert multiplexer.open_sockets == 1
    await multiplexer.aclose()
    assert multiplexer.open_sockets == 0


async def test_sockets_rotate_with_age_and_retire_after_their_last_reply(
    server: ScriptedServer,
) -> None:
    multiplexer = UDPQueryMultiplexer(sockets_per_server=1, max_socket_age=0.2)
    server.reply = lambda request: []
    slow = asyncio.create_task(multiplexer.query(query("slow.test"), "127.0.0.1", server.port, 5))
    while not server.queries:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.25)
    server.reply = good
    await multiplexer.query(query(), "127.0.0.1", server.port, 2)
    assert server.queries[0][1] != server.queries[1][1]
    assert multiplexer.open_sockets == 2  # the old one still waits for its reply
    slow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await slow
    await asyncio.sleep(0)
    assert multiplexer.open_sockets == 1
    await multiplexer.aclose()


async def test_port_unreachable_fails_fast(mux: UDPQueryMultiplexer) -> None:
    closed = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    start = time.monotonic()
    with pytest.raises(ConnectionRefusedError):
        await mux.query(query(), "127.0.0.1", port, 2)
    assert time.monotonic() - start < 1.0


async def test_close_fails_waiting_queries_and_refuses_new_ones(server: ScriptedServer) -> None:
    multiplexer = UDPQueryMultiplexer()
    server.reply = lambda request: []
    task = asyncio.create_task(multiplexer.query(query(), "127.0.0.1", server.port, 5))
    while not server.queries:
        await asyncio.sleep(0.01)
    await multiplexer.aclose()
    with pytest.raises(ConnectionAbortedError):
        await task
    with pytest.raises(RuntimeError, match="closed"):
        await multiplexer.query(query(), "127.0.0.1", server.port, 1)
    await multiplexer.aclose()  # idempotent
    assert multiplexer.open_sockets == 0


async def test_sockets_belong_to_one_event_loop(
    server: ScriptedServer, mux: UDPQueryMultiplexer
) -> None:
    await mux.query(query(), "127.0.0.1", server.port, 2)
    with pytest.raises(RuntimeError, match="another loop"):
        await asyncio.to_thread(asyncio.run, mux.query(query(), "127.0.0.1", server.port, 2))


async def test_ipv6_server(mux: UDPQueryMultiplexer) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    loop = asyncio.get_running_loop()
    scripted = ScriptedServer()
    try:
        transport, _ = await loop.create_datagram_endpoint(
            lambda: scripted, local_addr=("::1", 0), family=socket.AF_INET6
        )
    except OSError as exc:
        pytest.skip(f"no IPv6 loopback: {exc}")
    try:
        port = transport.get_extra_info("sockname")[1]
        assert txt_of(await mux.query(query(), "::1", port, 2)) == [b"hello"]
    finally:
        transport.close()


def test_pool_limits_must_be_positive() -> None:
    for bad in ({"sockets_per_server": 0}, {"max_queries_per_socket": 0}, {"max_socket_age": 0}):
        with pytest.raises(ValueError, match="positive"):
            UDPQueryMultiplexer(**bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="id space"):
        UDPQueryMultiplexer(max_queries_per_socket=65536)


@pytest.mark.parametrize("name", ["a.test", ".", "_dmarc.Ex-Ample.TEST", r"we\.ird.test"])
@pytest.mark.parametrize("rdtype", ["MX", "TXT", "CNAME"])
def test_query_wire_matches_dnspython(name: str, rdtype: str) -> None:
    request = dns.message.make_query(name, rdtype)
    request.id = 4242
    assert query_wire(request) == request.to_wire()


def test_query_wire_falls_back_for_edns() -> None:
    request = dns.message.make_query("a.test", "MX", use_edns=0, payload=1232)
    assert query_wire(request) == request.to_wire()
    assert len(query_wire(request)) > len(query_wire(dns.message.make_query("a.test", "MX")))


@pytest.mark.parametrize(
    "scenario",
    [
        test_queries_share_a_few_sockets,
        test_mismatched_ids_and_questions_are_dropped,
        test_reply_from_another_address_is_dropped,
        test_endpoint_checks_the_source_address,
        test_truncated_reply_is_retried_over_tcp,
        test_timeout_removes_the_pending_query,
        test_cancellation_removes_the_pending_query,
        test_sockets_rotate_after_a_number_of_queries,
        test_port_unreachable_fails_fast,
        test_close_fails_waiting_queries_and_refuses_new_ones,
    ],
    ids=lambda scenario: scenario.__name__.removeprefix("test_"),
)
def test_on_uvloop(scenario: Callable[..., Any]) -> None:
    """The same scenarios on uvloop, the loop uvicorn picks when it is installed."""
    uvloop = pytest.importorskip("uvloop")

    async def main() -> None:
        async with scripted_server() as scripted:
            multiplexer = UDPQueryMultiplexer()
            available = {"server": scripted, "mux": multiplexer}
            wanted = inspect.signature(scenario).parameters
            try:
                await scenario(**{name: available[name] for name in wanted})
            finally:
                await multiplexer.aclose()

    uvloop.run(main())
