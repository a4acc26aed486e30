"""DNS verification counts only authoritative answers (RFC 1034 §4.3.2).

A small UDP responder on loopback answers with the expected data but without the AA bit, as
a recursive resolver or a cache would: verification must not call that verified.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import dns.flags
import dns.message
import dns.rrset
import pytest

from dns_services_gateway._async._dns import check_authoritative as async_check
from dns_services_gateway._sync._dns import check_authoritative as sync_check
from dns_services_gateway._verification import DNSExpectation

EXPECT = [DNSExpectation(fqdn="www.example.com", type="A", content="192.0.2.10")]


@pytest.fixture(params=[False, True], ids=["not-authoritative", "authoritative"])
def responder(request: pytest.FixtureRequest) -> Iterator[tuple[tuple[str, int], bool]]:
    """Answer every query with www.example.com A 192.0.2.10, with or without AA."""
    authoritative: bool = request.param
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                wire, peer = sock.recvfrom(4096)
            except TimeoutError:
                continue
            query = dns.message.from_wire(wire)
            reply = dns.message.make_response(query)
            reply.flags |= dns.flags.RA
            if authoritative:
                reply.flags |= dns.flags.AA
            reply.answer.append(
                dns.rrset.from_text("www.example.com.", 300, "IN", "A", "192.0.2.10")
            )
            sock.sendto(reply.to_wire(), peer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield sock.getsockname(), authoritative
    finally:
        stop.set()
        thread.join()
        sock.close()


def test_sync_check_needs_the_aa_bit(responder: tuple[tuple[str, int], bool]) -> None:
    server, authoritative = responder
    result = sync_check(EXPECT, [server], timeout=0.5, deadline=0.2, initial_delay=0.05)
    if authoritative:
        assert result.ok is True, result.reason
    else:
        assert result.ok is None
        assert "not authoritative (AA bit unset)" in result.reason


async def test_async_check_needs_the_aa_bit(responder: tuple[tuple[str, int], bool]) -> None:
    server, authoritative = responder
    result = await async_check(EXPECT, [server], timeout=0.5, deadline=0.2, initial_delay=0.05)
    assert result.ok is (True if authoritative else None), result.reason
