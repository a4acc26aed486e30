"""The fake's authoritative nameserver, queried over real UDP and TCP with dnspython."""

from __future__ import annotations

import socket
import struct
import time

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import httpx
import pytest

from dns_services_gateway.testing import FakeDNSServices, FakeZone, seed_recorded_account

USERNAME = "user@example.com"
PASSWORD = "s3cret-passw0rd"


def ask(fake: FakeDNSServices, name: str, rdtype: str, *, tcp: bool = False) -> dns.message.Message:
    host, port = fake.nameserver
    query = dns.message.make_query(name, rdtype)
    if tcp:
        return dns.query.tcp(query, host, port=port, timeout=3)
    return dns.query.udp(query, host, port=port, timeout=3)


def texts(response: dns.message.Message) -> list[str]:
    return sorted(rd.to_text() for rrset in response.answer for rd in rrset)


@pytest.fixture
def zone(fake: FakeDNSServices) -> FakeZone:
    zone = fake.add_zone("example.com")
    zone.add_record("www", "A", "192.0.2.10", ttl=300)
    zone.add_record("www", "AAAA", "2001:db8::10")
    zone.add_record("@", "MX", "mail.example.com", priority=10)
    zone.add_record("alias", "CNAME", "www.example.com")
    zone.add_record("out", "CNAME", "elsewhere.example.net")
    zone.add_record("_sip._tcp", "SRV", "5 5060 sip.example.com", priority=10)
    zone.add_record("_xmpp._tcp", "SRV", "10 5 5222 xmpp.example.com")
    zone.add_record("@", "CAA", '0 issue "letsencrypt.org"')
    zone.add_record("a.b.deep", "TXT", "leaf")
    zone.add_record("10", "PTR", "host.example.com")
    zone.add_record("broken", "A", "not-an-address")
    return zone


@pytest.mark.parametrize("tcp", [False, True], ids=["udp", "tcp"])
def test_answers_are_authoritative(fake: FakeDNSServices, zone: FakeZone, tcp: bool) -> None:
    response = ask(fake, "www.example.com", "A", tcp=tcp)
    assert response.rcode() == dns.rcode.NOERROR
    assert response.flags & dns.flags.AA
    assert not response.flags & dns.flags.RA
    assert texts(response) == ["192.0.2.10"]
    assert response.answer[0].ttl == 300
    assert texts(ask(fake, "www.example.com", "AAAA", tcp=tcp)) == ["2001:db8::10"]
    assert texts(ask(fake, "example.com", "MX", tcp=tcp)) == ["10 mail.example.com."]
    assert texts(ask(fake, "example.com", "CAA", tcp=tcp)) == ['0 issue "letsencrypt.org"']
    assert texts(ask(fake, "_sip._tcp.example.com", "SRV", tcp=tcp)) == [
        "10 5 5060 sip.example.com."
    ]
    assert texts(ask(fake, "_xmpp._tcp.example.com", "SRV", tcp=tcp)) == [
        "10 5 5222 xmpp.example.com."
    ]
    assert texts(ask(fake, "10.example.com", "PTR", tcp=tcp)) == ["host.example.com."]


def test_soa_carries_the_serial_and_moves_with_api_writes(
    fake: FakeDNSServices, zone: FakeZone
) -> None:
    soa = ask(fake, "example.com", "SOA").answer[0]
    assert soa[0].serial == zone.serial
    assert soa.ttl == 60
    assert (soa[0].mname.to_text(), soa[0].rname.to_text()) == (
        "ns1.dns.services.",
        "post.dns.services.",
    )
    with httpx.Client(base_url=fake.api_url, auth=(USERNAME, PASSWORD)) as api:
        api.post(
            f"/service/{zone.service_id}/dns/{zone.zone_id}/records",
            json={"type": "TXT", "name": "_acme-challenge", "content": "token-1"},
        )
    assert ask(fake, "example.com", "SOA").answer[0][0].serial == soa[0].serial + 1
    assert texts(ask(fake, "_acme-challenge.example.com", "TXT")) == ['"token-1"']


def test_nxdomain_and_nodata_carry_the_soa(fake: FakeDNSServices, zone: FakeZone) -> None:
    missing = ask(fake, "nope.example.com", "A")
    assert missing.rcode() == dns.rcode.NXDOMAIN
    assert missing.flags & dns.flags.AA
    assert missing.authority[0].rdtype == dns.rdatatype.SOA
    assert missing.authority[0].ttl == 60, "min(SOA TTL 60, minimum 7200), RFC 2308 section 5"
    nodata = ask(fake, "www.example.com", "TXT")
    assert nodata.rcode() == dns.rcode.NOERROR and nodata.answer == []
    assert nodata.authority[0].rdtype == dns.rdatatype.SOA
    empty_non_terminal = ask(fake, "b.deep.example.com", "A")
    assert empty_non_terminal.rcode() == dns.rcode.NOERROR
    assert empty_non_terminal.answer == []


def test_cname_is_followed_inside_the_zone(fake: FakeDNSServices, zone: FakeZone) -> None:
    inside = ask(fake, "alias.example.com", "A")
    assert [rrset.rdtype for rrset in inside.answer] == [dns.rdatatype.CNAME, dns.rdatatype.A]
    assert texts(inside) == ["192.0.2.10", "www.example.com."]
    outside = ask(fake, "out.example.com", "A")
    assert texts(outside) == ["elsewhere.example.net."]
    assert texts(ask(fake, "alias.example.com", "CNAME")) == ["www.example.com."]


def test_any_returns_every_rrset(fake: FakeDNSServices, zone: FakeZone) -> None:
    types = {rrset.rdtype for rrset in ask(fake, "example.com", "ANY", tcp=True).answer}
    assert {dns.rdatatype.SOA, dns.rdatatype.NS, dns.rdatatype.MX, dns.rdatatype.CAA} <= types


def test_unparseable_content_is_skipped(fake: FakeDNSServices, zone: FakeZone) -> None:
    response = ask(fake, "broken.example.com", "A")
    assert response.rcode() == dns.rcode.NOERROR
    assert response.answer == []


def test_names_outside_the_zones_are_refused(fake: FakeDNSServices, zone: FakeZone) -> None:
    response = ask(fake, "example.org", "A")
    assert response.rcode() == dns.rcode.REFUSED
    assert not response.flags & dns.flags.AA
    host, port = fake.nameserver
    chaos = dns.message.make_query("example.com", "TXT", rdclass="CH")
    assert dns.query.udp(chaos, host, port=port, timeout=3).rcode() == dns.rcode.REFUSED


def test_longest_zone_wins(fake: FakeDNSServices, zone: FakeZone) -> None:
    child = fake.add_zone("sub.example.com")
    child.add_record("host", "A", "198.51.100.1")
    assert texts(ask(fake, "host.sub.example.com", "A")) == ["198.51.100.1"]
    soa = ask(fake, "nothing.sub.example.com", "A").authority[0]
    assert soa.name.to_text() == "sub.example.com."


def test_long_txt_is_split_into_255_byte_strings(fake: FakeDNSServices, zone: FakeZone) -> None:
    zone.add_record("long", "TXT", "x" * 600)
    rdata = ask(fake, "long.example.com", "TXT", tcp=True).answer[0][0]
    assert [len(s) for s in rdata.strings] == [255, 255, 90]


def test_quoted_recorded_txt_is_served_unquoted(fake: FakeDNSServices) -> None:
    seed_recorded_account(fake)
    rdata = ask(fake, "astylos.dk", "TXT").answer[0][0]
    assert rdata.strings == (b"v=spf1 include:_spf.google.com ~all",)
    assert len(texts(ask(fake, "astylos.dk", "MX", tcp=True))) == 7


def test_udp_truncates_large_answers(fake: FakeDNSServices, zone: FakeZone) -> None:
    for index in range(40):
        zone.add_record("big", "TXT", f"{index:02d}" + "y" * 60)
    host, port = fake.nameserver
    query = dns.message.make_query("big.example.com", "TXT", use_edns=False)
    response = dns.query.udp(query, host, port=port, timeout=3, ignore_trailing=True)
    assert response.flags & dns.flags.TC
    full = dns.query.tcp(query, host, port=port, timeout=3)
    assert len(full.answer[0]) == 40


def test_garbage_is_ignored_and_formerr_for_no_question(
    fake: FakeDNSServices, zone: FakeZone
) -> None:
    host, port = fake.nameserver
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.3)
        sock.sendto(b"\x00\x01garbage", (host, port))
        with pytest.raises(TimeoutError):
            sock.recv(512)
    empty = dns.message.Message()
    response = dns.query.udp(empty, host, port=port, timeout=3)
    assert response.rcode() == dns.rcode.FORMERR
    with socket.create_connection((host, port), timeout=3) as conn:
        conn.sendall(struct.pack("!H", 7) + b"garbage")
        assert conn.recv(10) == b"", "the server closes the connection"
    with socket.create_connection((host, port), timeout=3) as conn:
        conn.sendall(struct.pack("!H", 40) + b"short")
        conn.shutdown(socket.SHUT_WR)
        assert conn.recv(10) == b""


def test_propagation_delay_makes_dns_eventually_consistent(
    fake: FakeDNSServices, zone: FakeZone
) -> None:
    fake.faults.dns_propagation_delay = 30
    with httpx.Client(base_url=fake.api_url, auth=(USERNAME, PASSWORD)) as api:
        api.post(
            f"/service/{zone.service_id}/dns/{zone.zone_id}/records",
            json={"type": "A", "name": "late", "content": "192.0.2.99"},
        )
        assert api.get(f"/service/{zone.service_id}/dns/{zone.zone_id}").status_code == 200
    assert zone.find("late", "A"), "the API shows the change at once"
    assert ask(fake, "late.example.com", "A").rcode() == dns.rcode.NXDOMAIN
    fake.clock.advance(31)
    assert texts(ask(fake, "late.example.com", "A")) == ["192.0.2.99"]


def test_propagation_with_real_time(fake: FakeDNSServices, zone: FakeZone) -> None:
    fake.faults.dns_propagation_delay = 0.3
    zone.add_record("soon", "A", "192.0.2.7")
    assert ask(fake, "soon.example.com", "A").answer == []
    time.sleep(0.35)
    assert texts(ask(fake, "soon.example.com", "A")) == ["192.0.2.7"]


def test_history_is_pruned_but_zone_never_disappears(fake: FakeDNSServices) -> None:
    zone = fake.add_zone("old.example")
    fake.clock.advance(700)
    zone.add_record("a", "A", "192.0.2.1")
    fake.clock.advance(700)
    zone.add_record("b", "A", "192.0.2.2")
    fake.faults.dns_propagation_delay = 10_000
    assert ask(fake, "old.example", "SOA").rcode() == dns.rcode.NOERROR


def test_wildcards_synthesise_answers(fake: FakeDNSServices, zone: FakeZone) -> None:
    zone.add_record("*", "A", "192.0.2.200")
    zone.add_record("*.apps", "TXT", "wild")
    zone.add_record("real.apps", "TXT", "real")
    response = ask(fake, "anything.example.com", "A")
    assert texts(response) == ["192.0.2.200"]
    assert response.answer[0].name.to_text() == "anything.example.com."
    assert texts(ask(fake, "x.y.example.com", "A")) == ["192.0.2.200"]
    assert texts(ask(fake, "foo.apps.example.com", "TXT")) == ['"wild"']
    assert texts(ask(fake, "real.apps.example.com", "TXT")) == ['"real"']
    assert texts(ask(fake, "www.example.com", "A")) == ["192.0.2.10"], "existing names win"
    nodata = ask(fake, "anything.example.com", "MX")
    assert nodata.rcode() == dns.rcode.NOERROR and nodata.answer == []
    ent = ask(fake, "deep.example.com", "A")
    assert ent.answer == [], "an empty non-terminal is not synthesised"
