import asyncio
import socket
import time
from collections.abc import AsyncIterator, Callable

import pytest

from dns_validation import load_settings
from dns_validation.main import build_checker
from dns_validation.poller.resolver import DNSChecker
from dns_validation.testing import FakeAuthoritativeServer

CheckerFactory = Callable[..., DNSChecker]


@pytest.fixture
async def checker_for() -> AsyncIterator[CheckerFactory]:
    """Builds checkers from settings; closes their sockets at the end of the test."""
    made: list[DNSChecker] = []

    def make(
        dns: FakeAuthoritativeServer, timeout_ms: float = 500, servers: str | None = None
    ) -> DNSChecker:
        checker = build_checker(
            load_settings(dns_servers=servers or dns.address, dns_timeout_ms=timeout_ms)
        )
        made.append(checker)
        return checker

    yield make
    for checker in made:
        await checker.aclose()


async def test_email_records_and_split_txt(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory
) -> None:
    dns.set("example.test", "MX", ["10 Mail.Abin.Lat.", "20 backup.example.net."])
    dns.set("example.test", "TXT", ['"v=spf1 " "mx -all"', '"other"'])
    dns.set("_dmarc.example.test", "TXT", ['"v=DMARC1; p=none"'])
    result = await checker_for(dns).check("EMAIL", "example.test")
    assert result.ok, result.missing
    mx = result.missing[0]["found"]
    assert {"exchange": "mail.abin.lat", "priority": 10} in mx
    assert result.missing[1]["found"] == ["v=spf1 mx -all", "other"]


async def test_nxdomain_and_nodata_are_empty_not_errors(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory
) -> None:
    dns.set("exists.test", "A", ["192.0.2.1"])
    checker = checker_for(dns)
    for name in ("exists.test", "absent.test"):
        result = await checker.check("EMAIL", name)
        assert result.error is None
        assert all(item["found"] == [] for item in result.missing)
        assert (await checker.mx(name)).records == ()
        assert (await checker.cname_chain(name)).records == ()


async def test_cname_chain_followed(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory
) -> None:
    dns.set("www.example.test", "CNAME", ["proxy.example.test."])
    dns.set("proxy.example.test", "CNAME", ["forward.haltman.io."])
    result = await checker_for(dns).check("UI", "WWW.example.test")
    assert result.ok
    assert result.missing[0]["found"] == ["proxy.example.test", "forward.haltman.io"]


async def test_cname_chain_capped_at_8_hops(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory
) -> None:
    for i in range(10):
        dns.set(f"h{i}.test", "CNAME", [f"h{i + 1}.test."])
    dns.set("h10.test", "CNAME", ["forward.haltman.io."])
    answer = await checker_for(dns).cname_chain("h0.test")
    assert answer.records == tuple(f"h{i}.test" for i in range(1, 9))
    assert not (await checker_for(dns).check("UI", "h0.test")).ok
    dns.set("h7.test", "CNAME", ["forward.haltman.io."])
    assert (await checker_for(dns).check("UI", "h0.test")).ok


async def test_cname_loop_stops(dns: FakeAuthoritativeServer, checker_for: CheckerFactory) -> None:
    dns.set("a.test", "CNAME", ["b.test."])
    dns.set("b.test", "CNAME", ["a.test."])
    answer = await checker_for(dns).cname_chain("a.test")
    assert answer.records == ("b.test",) and answer.error is None


async def test_servfail_and_refused_are_transient(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory
) -> None:
    for fault in ("SERVFAIL", "REFUSED"):
        dns.fault("broken.test", fault)  # type: ignore[arg-type]
        result = await checker_for(dns).check("UI", "broken.test")
        assert not result.ok
        assert result.error is not None and "no server answered" in result.error


async def test_timeout_is_bounded_and_transient(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory
) -> None:
    dns.fault("slow.test", "DROP")
    start = time.monotonic()
    result = await checker_for(dns, timeout_ms=300).check("EMAIL", "slow.test")
    elapsed = time.monotonic() - start
    assert result.error == "timeout after 300 ms"
    assert elapsed < 1.5
    assert result.missing[2]["ok"] is False and "error" not in result.missing[2]


async def test_unreachable_server_is_transient(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory
) -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    result = await checker_for(dns, timeout_ms=300, servers=f"127.0.0.1:{port}").check(
        "UI", "x.test"
    )
    assert not result.ok and result.error is not None


async def test_concurrent_checks(dns: FakeAuthoritativeServer, checker_for: CheckerFactory) -> None:
    dns.set("c.test", "MX", ["10 mail.abin.lat."])
    checker = checker_for(dns)
    results = await asyncio.gather(*(checker.check("EMAIL", "c.test") for _ in range(30)))
    assert all(r.error is None for r in results)


def test_system_resolver_configuration() -> None:
    checker = build_checker(load_settings(dns_servers=""))
    assert checker.expectations.mx_host == "mail.abin.lat"


def silent_udp_port() -> tuple[socket.socket, int]:
    """A bound UDP socket that never answers (queries to it time out)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    return sock, sock.getsockname()[1]


async def test_next_server_is_tried_after_a_silent_one(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory
) -> None:
    dns.set("two.test", "CNAME", ["forward.haltman.io."])
    sock, port = silent_udp_port()
    with sock:
        servers = f"127.0.0.1:{port},{dns.address}"
        result = await checker_for(dns, timeout_ms=1000, servers=servers).check("UI", "two.test")
    assert result.ok, result.missing


async def test_next_server_is_tried_after_servfail(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory
) -> None:
    with FakeAuthoritativeServer() as broken:
        broken.fault("three.test", "SERVFAIL")
        dns.set("three.test", "MX", ["10 mail.abin.lat."])
        servers = f"{broken.address},{dns.address}"
        answer = await checker_for(dns, servers=servers).mx("three.test")
    assert answer.error is None and answer.records[0].exchange == "mail.abin.lat"


async def test_all_servers_silent_is_a_timeout(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory
) -> None:
    first, port1 = silent_udp_port()
    second, port2 = silent_udp_port()
    with first, second:
        servers = f"127.0.0.1:{port1},127.0.0.1:{port2}"
        answer = await checker_for(dns, timeout_ms=400, servers=servers).txt("x.test")
    assert answer.error == "timeout after 400 ms"


async def test_mixed_failures_are_transient(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory
) -> None:
    sock, port = silent_udp_port()
    with sock, FakeAuthoritativeServer() as refusing:
        refusing.fault("mixed.test", "REFUSED")
        servers = f"127.0.0.1:{port},{refusing.address}"
        answer = await checker_for(dns, timeout_ms=600, servers=servers).txt("mixed.test")
    assert answer.error is not None
    assert "timeout" in answer.error and "REFUSED" in answer.error
