"""Where answers come from: DNS_CHECK_MODE against real servers on loopback.

Two authoritative servers serve ``shop.test`` (127.0.0.2 and 127.0.0.3, one port), a third
serves ``provider.test`` (127.0.0.4), and a caching forwarder on 127.0.0.1 stands for the
customer's recursive resolver; it forwards to the first server and keeps answers, negative ones
included, for their TTL (RFC 2308 §5).
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from dns_validation import load_settings
from dns_validation.main import build_checker
from dns_validation.poller.resolver import DNSChecker
from dns_validation.testing import CachingResolver, FakeAuthoritativeServer

HOSTS = ("127.0.0.2", "127.0.0.3", "127.0.0.4")
SOA = "ns1.{zone}. hostmaster.{zone}. 1 60 60 600 300"


def _port_free_on_all(hosts: tuple[str, ...]) -> int:
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind((hosts[0], 0))
            port = int(probe.getsockname()[1])
        try:
            for host in hosts:
                for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                    with socket.socket(socket.AF_INET, kind) as sock:
                        sock.bind((host, port))
        except OSError:
            continue
        return port
    raise OSError("no port free on every loopback address")


class Lab:
    """The servers of one test, with the zone data a customer would publish."""

    def __init__(self) -> None:
        self.port = _port_free_on_all(HOSTS)
        self.a = FakeAuthoritativeServer("shop.test", host=HOSTS[0], port=self.port)
        self.b = FakeAuthoritativeServer("shop.test", host=HOSTS[1], port=self.port)
        self.provider = FakeAuthoritativeServer("provider.test", host=HOSTS[2], port=self.port)
        for server in (self.a, self.b, self.provider):
            server.start()
        self.resolver = CachingResolver(self.a.address).start()
        self.reset()

    def reset(self) -> None:
        """Forget every record, cache and fault, then publish the zones' own data again."""
        for server in (self.a, self.b, self.provider):
            server.clear()
        self.resolver.flush()
        for server in (self.a, self.b):
            server.set("shop.test", "SOA", [SOA.format(zone="shop.test")])
            server.set("shop.test", "NS", ["ns1.shop.test.", "ns2.shop.test."])
            server.set("ns1.shop.test", "A", [HOSTS[0]])
            server.set("ns2.shop.test", "A", [HOSTS[1]])
        # The resolver only talks to the first server, which therefore also answers for the
        # provider's zone apex and name server (what iteration from the root would find).
        self.a.set("provider.test", "SOA", [SOA.format(zone="provider.test")])
        self.a.set("provider.test", "NS", ["ns1.provider.test."])
        self.a.set("ns1.provider.test", "A", [HOSTS[2]])
        self.provider.set("provider.test", "SOA", [SOA.format(zone="provider.test")])
        self.provider.set("provider.test", "NS", ["ns1.provider.test."])

    def publish(self, name: str, rrtype: str, values: list[str], *, lagging: bool = False) -> None:
        """Publish on the first server, and on the second unless it lags behind."""
        self.a.set(name, rrtype, values)
        if not lagging:
            self.b.set(name, rrtype, values)

    def stop(self) -> None:
        self.resolver.stop()
        for server in (self.a, self.b, self.provider):
            server.stop()


@pytest.fixture(scope="module")
def lab_servers() -> Iterator[Lab]:
    try:
        setup = Lab()
    except OSError as exc:  # pragma: no cover - loopback aliases are missing (not Linux)
        pytest.skip(f"cannot bind 127.0.0.2-4: {exc}")
    try:
        yield setup
    finally:
        setup.stop()


@pytest.fixture
def lab(lab_servers: Lab) -> Lab:
    lab_servers.reset()
    return lab_servers


CheckerFactory = Callable[..., DNSChecker]


@pytest.fixture
async def checker_for(lab: Lab) -> AsyncIterator[CheckerFactory]:
    made: list[DNSChecker] = []

    def make(mode: str, **overrides: Any) -> DNSChecker:
        values: dict[str, Any] = {
            "dns_servers": lab.resolver.address,
            "dns_timeout_ms": 900,
            "dns_check_mode": mode,
            "dns_authoritative_port": lab.port,
        }
        values.update(overrides)
        checker = build_checker(load_settings(**values))
        made.append(checker)
        return checker

    yield make
    for checker in made:
        await checker.aclose()


def servers_of(item: dict[str, Any]) -> dict[str, bool]:
    return {entry["server"]: entry["ok"] for entry in item["servers"]}


async def test_cached_negative_answer_fails_recursive_but_not_authoritative(
    lab: Lab, checker_for: CheckerFactory
) -> None:
    recursive = checker_for("recursive")
    before = (await recursive.check("UI", "www.shop.test")).missing[0]
    assert before["reason"] == "no CNAME record at www.shop.test"
    lab.publish("www.shop.test", "CNAME", ["forward.haltman.io."])
    # The resolver still holds its NXDOMAIN: the false "not found" of the issue.
    cached = (await recursive.check("UI", "www.shop.test")).missing[0]
    assert not cached["ok"] and cached["reason"] == "no CNAME record at www.shop.test"
    assert servers_of(cached) == {f"resolver {lab.resolver.address}": False}

    authoritative = await checker_for("authoritative").check("UI", "www.shop.test")
    assert authoritative.ok, authoritative.missing
    assert servers_of(authoritative.missing[0]) == {
        "ns1.shop.test (127.0.0.2)": True,
        "ns2.shop.test (127.0.0.3)": True,
    }
    both = (await checker_for("both").check("UI", "www.shop.test")).missing[0]
    assert not both["ok"]
    assert both["reason"] == (f"resolver {lab.resolver.address}: no CNAME record at www.shop.test")
    assert list(servers_of(both).values()) == [False, True, True]
    lab.resolver.flush()
    assert (await checker_for("both").check("UI", "www.shop.test")).ok


async def test_lagging_authoritative_server_is_named(lab: Lab, checker_for: CheckerFactory) -> None:
    lab.publish("shop.test", "MX", ["10 mail.abin.lat."])
    lab.publish("shop.test", "TXT", ['"v=spf1 mx -all"'])
    lab.publish("_dmarc.shop.test", "TXT", ['"v=DMARC1; p=none"'], lagging=True)
    result = await checker_for("authoritative").check("EMAIL", "shop.test")
    assert not result.ok and result.error is None
    items = {item["key"]: item for item in result.missing}
    assert items["MX"]["ok"] and items["SPF"]["ok"]
    dmarc = items["DMARC"]
    assert dmarc["reason"] == "ns2.shop.test (127.0.0.3): no TXT record at _dmarc.shop.test"
    assert servers_of(dmarc) == {
        "ns1.shop.test (127.0.0.2)": True,
        "ns2.shop.test (127.0.0.3)": False,
    }
    assert dmarc["servers"][0]["found"] == ["v=DMARC1; p=none"]
    assert dmarc["servers"][1]["found"] == []
    # The recursive view asks the up-to-date server and sees nothing wrong.
    assert (await checker_for("recursive").check("EMAIL", "shop.test")).ok
    lab.b.set("_dmarc.shop.test", "TXT", ['"v=DMARC1; p=none"'])
    assert (await checker_for("authoritative").check("EMAIL", "shop.test")).ok


async def test_authoritative_mode_follows_cnames_across_zones(
    lab: Lab, checker_for: CheckerFactory
) -> None:
    lab.publish("shop.test", "MX", ["10 mail.abin.lat."])
    lab.publish("shop.test", "TXT", ['"v=spf1 mx -all"'])
    lab.publish("_dmarc.shop.test", "CNAME", ["shop.dmarc.provider.test."])
    lab.provider.set("shop.dmarc.provider.test", "TXT", ['"v=DMARC1; p=none"'])
    before = lab.provider.queries
    result = await checker_for("authoritative").check("EMAIL", "shop.test")
    assert result.ok, result.missing
    assert lab.provider.queries > before  # asked the provider's own server
    lab.provider.delete("shop.dmarc.provider.test")
    failed = await checker_for("authoritative").check("EMAIL", "shop.test")
    assert failed.missing[2]["reason"].endswith("no TXT record at _dmarc.shop.test")


async def test_unreachable_zone_is_transient(lab: Lab, checker_for: CheckerFactory) -> None:
    result = await checker_for("authoritative").check("UI", "www.nowhere.example")
    item = result.missing[0]
    assert not item["ok"] and result.error is not None
    assert item["error"].startswith("authoritative servers not found")


async def test_a_dropped_packet_is_resent(lab: Lab, checker_for: CheckerFactory) -> None:
    lab.publish("www.shop.test", "CNAME", ["forward.haltman.io."])
    checker = checker_for("recursive", dns_servers=lab.a.address)
    lab.a.drop_next(1)
    before = lab.a.queries
    result = await checker.check("UI", "www.shop.test")
    assert result.ok, result.missing
    assert lab.a.queries - before >= 2  # the first datagram was lost, a copy was answered
    lab.b.drop_next(1)  # only the checker asks the second server, directly
    before = lab.b.queries
    authoritative = await checker_for("authoritative").check("UI", "www.shop.test")
    assert authoritative.ok, authoritative.missing
    assert lab.b.queries - before >= 2
