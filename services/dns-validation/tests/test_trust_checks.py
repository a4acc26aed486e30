"""What is checked: CNAMEs followed by TXT and MX lookups, DKIM, semantic SPF/DMARC, the apex
finding and numeric targets, against DNS servers on loopback (in-process and NSD)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dns_validation import load_settings
from dns_validation.main import build_checker
from dns_validation.poller.resolver import DNSChecker
from dns_validation.testing import NSD_PATH, FakeAuthoritativeServer, NSDServer

KEY = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC1"

CheckerFactory = Callable[..., DNSChecker]


@pytest.fixture
async def checker_for() -> AsyncIterator[CheckerFactory]:
    made: list[DNSChecker] = []

    def make(servers: str, **overrides: Any) -> DNSChecker:
        checker = build_checker(load_settings(dns_servers=servers, dns_timeout_ms=800, **overrides))
        made.append(checker)
        return checker

    yield make
    for checker in made:
        await checker.aclose()


def by_key(result: Any) -> dict[str, dict[str, Any]]:
    return {item["key"]: item for item in result.missing}


async def test_txt_and_mx_follow_cnames_the_server_does_not_chase(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory
) -> None:
    # The in-process server answers an alias with the CNAME alone, as an authoritative server
    # does for a target in another zone.
    dns.set("shop.test", "MX", ["10 mail.abin.lat."])
    dns.set("shop.test", "TXT", ['"v=spf1 mx -all"'])
    dns.set("_dmarc.shop.test", "CNAME", ["_dmarc.hop1.test."])
    dns.set("_dmarc.hop1.test", "CNAME", ["shop._dmarc.provider.test."])
    dns.set("shop._dmarc.provider.test", "TXT", ['"v=DMARC1; p=none"'])
    dns.set("mx.test", "CNAME", ["shop.test."])
    checker = checker_for(dns.address)
    result = await checker.check("EMAIL", "shop.test")
    assert result.ok, result.missing
    assert by_key(result)["DMARC"]["found"] == ["v=DMARC1; p=none"]
    mx = await checker.mx("mx.test")
    assert [r.exchange for r in mx.records] == ["mail.abin.lat"]


async def test_txt_cname_loop_and_long_chain_read_as_nothing(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory
) -> None:
    dns.set("l1.test", "CNAME", ["l2.test."])
    dns.set("l2.test", "CNAME", ["l1.test."])
    for i in range(9):
        dns.set(f"c{i}.test", "CNAME", [f"c{i + 1}.test."])
    dns.set("c9.test", "TXT", ['"far"'])
    dns.set("c1.test", "TXT", ['"near"'])  # beside a CNAME only for the test's sake
    checker = checker_for(dns.address)
    loop = await checker.txt("l1.test")
    assert loop.records == () and loop.error is None
    assert (await checker.txt("c1.test")).records == ("near",)
    assert (await checker.txt("c0.test")).records == ("near",)
    assert (await checker.txt("c2.test")).records == ("far",)  # 7 aliases
    assert (await checker.txt("c0.test")).records == ("near",)
    dns.delete("c1.test", "TXT")
    assert (await checker.txt("c0.test")).records == ()  # 9 aliases: over the limit


async def test_dkim_cname_txt_and_any(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory, email_zone: Any
) -> None:
    email_zone(dns, "mail.test")
    dns.set("s1._domainkey.mail.test", "CNAME", ["s1._domainkey.dkim.provider.test."])
    dns.set("s2._domainkey.mail.test", "CNAME", ["keys.provider.test."])
    dns.set("keys.provider.test", "TXT", [f'"v=DKIM1; k=rsa; " "p={KEY[:20]} {KEY[20:]}"'])
    dns.set("s3._domainkey.mail.test", "TXT", ['"v=DKIM1; p=other"'])
    selectors = (
        f"s1=s1._domainkey.dkim.provider.test,s2=v=DKIM1; k=rsa; p={KEY},s3,s4=v=DKIM1; p={KEY}"
    )
    result = await checker_for(dns.address, email_dkim_selectors=selectors).check(
        "EMAIL", "mail.test"
    )
    items = by_key(result)
    assert list(items) == ["MX", "SPF", "DMARC", "DKIM:s1", "DKIM:s2", "DKIM:s3", "DKIM:s4"]
    assert items["DKIM:s1"]["ok"] and items["DKIM:s1"]["type"] == "CNAME"
    assert items["DKIM:s1"]["found"] == ["s1._domainkey.dkim.provider.test"]
    assert items["DKIM:s2"]["ok"] and items["DKIM:s2"]["name"] == "s2._domainkey.mail.test"
    assert items["DKIM:s3"]["ok"]  # any key record will do
    assert not items["DKIM:s4"]["ok"]
    assert items["DKIM:s4"]["reason"] == "no TXT record at s4._domainkey.mail.test"
    assert not result.ok
    dns.set("s4._domainkey.mail.test", "TXT", ['"v=DKIM1; p=wrong"'])
    dns.set("s3._domainkey.mail.test", "TXT", ['"v=DKIM1; p="'])
    result = await checker_for(dns.address, email_dkim_selectors=selectors).check(
        "EMAIL", "mail.test"
    )
    items = by_key(result)
    assert items["DKIM:s4"]["reason"] == (
        "the DKIM key (p=) at s4._domainkey.mail.test is not the expected one"
    )
    assert items["DKIM:s3"]["reason"] == (
        "the DKIM key at s3._domainkey.mail.test is revoked (empty p=, RFC 6376 §3.6.1)"
    )


async def test_dkim_off_by_default(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory, email_zone: Any
) -> None:
    email_zone(dns, "plain.test")
    result = await checker_for(dns.address).check("EMAIL", "plain.test")
    assert result.ok and [i["key"] for i in result.missing] == ["MX", "SPF", "DMARC"]


async def test_semantic_match_against_a_server(
    dns: FakeAuthoritativeServer, checker_for: CheckerFactory
) -> None:
    dns.set("sem.test", "MX", ["10 mail.abin.lat."])
    dns.set("sem.test", "TXT", ['"v=spf1 include:_spf.example.net " "MX -all"', '"token=1"'])
    dns.set("_dmarc.sem.test", "TXT", ['"v=DMARC1;p=none;rua=mailto:dmarc@sem.test"'])
    assert not (await checker_for(dns.address).check("EMAIL", "sem.test")).ok
    semantic = await checker_for(dns.address, email_match="SEMANTIC").check("EMAIL", "sem.test")
    assert semantic.ok, semantic.missing


async def test_ui_apex_finding(dns: FakeAuthoritativeServer, checker_for: CheckerFactory) -> None:
    dns.set("apex.test", "SOA", ["ns1.apex.test. hostmaster.apex.test. 1 60 60 600 60"])
    dns.set("apex.test", "A", ["192.0.2.1"])
    checker = checker_for(dns.address)
    item = (await checker.check("UI", "apex.test")).missing[0]
    assert item["reason"] == (
        "apex.test is a zone apex (it has an SOA record), where a CNAME cannot exist"
        " (RFC 1034 §3.6.2); use a name below it, such as www.apex.test"
    )
    below = (await checker.check("UI", "www.apex.test")).missing[0]
    assert below["reason"] == "no CNAME record at www.apex.test"


@pytest.mark.parametrize("target", ["2130706433", "1.2.3", "0x7f.1", "127.1", "shop.example.123"])
async def test_numeric_targets_are_refused(make_client: Any, dns: Any, target: str) -> None:
    h = await make_client()
    for kind in ("ui", "email"):
        r = await h.client.post(f"/request/{kind}", json={"target": target})
        assert r.status_code == 400
        assert r.json()["error"] == (
            "target must not end in an all-numeric label (it reads as an IPv4 address)"
        )
    r = await h.client.get(f"/api/checkdns/{target}")
    assert r.status_code == 400


async def test_ui_apex_is_accepted_and_explained(make_client: Any, dns: Any) -> None:
    dns.set("apexshop.test", "SOA", ["ns1.apexshop.test. h.apexshop.test. 1 60 60 600 60"])
    h = await make_client()
    r = await h.client.post("/request/ui", json={"target": "apexshop.test"})
    assert r.status_code == 202
    view = (await h.client.get("/api/checkdns/apexshop.test")).json()["ui"]
    assert "zone apex" in view["missing"][0]["reason"]


# -- against NSD --------------------------------------------------------------------------------
SHOP = """$ORIGIN shop.test.
$TTL 60
@       IN SOA  ns1.shop.test. hostmaster.shop.test. 1 60 60 600 60
@       IN NS   ns1.shop.test.
ns1     IN A    127.0.0.1
@       IN MX   10 mail.abin.lat.
@       IN TXT  "v=spf1 mx -all"
_dmarc  IN CNAME shop.dmarc.provider.test.
s1._domainkey IN CNAME s1.keys.provider.test.
"""
PROVIDER = """$ORIGIN provider.test.
$TTL 60
@       IN SOA  ns1.provider.test. hostmaster.provider.test. 1 60 60 600 60
@       IN NS   ns1.provider.test.
ns1     IN A    127.0.0.1
shop.dmarc IN TXT "v=DMARC1; p=none"
s1.keys IN TXT  "v=DKIM1; k=rsa; p=KEY"
"""


@pytest.fixture(scope="module")
def nsd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NSDServer]:
    if not NSD_PATH.exists():
        pytest.skip("/usr/sbin/nsd is absent (apt-get install nsd; .ci/run does it)")
    directory = Path(tmp_path_factory.mktemp("nsd-trust"))
    with NSDServer(
        directory, {"shop.test": SHOP, "provider.test": PROVIDER.replace("KEY", KEY)}
    ) as server:
        yield server


async def test_nsd_dmarc_and_dkim_behind_cnames(
    nsd: NSDServer, checker_for: CheckerFactory
) -> None:
    checker = checker_for(nsd.address, email_dkim_selectors=f"s1=v=DKIM1; p={KEY}")
    result = await checker.check("EMAIL", "shop.test")
    assert result.ok, result.missing
    assert by_key(result)["DMARC"]["found"] == ["v=DMARC1; p=none"]


async def test_nsd_apex_ui_finding(nsd: NSDServer, checker_for: CheckerFactory) -> None:
    item = (await checker_for(nsd.address).check("UI", "shop.test")).missing[0]
    assert not item["ok"] and "zone apex" in item["reason"]


# -- a finding no lookup produced says so ---------------------------------------------------------
async def test_throttled_get_says_not_checked(make_client: Any, dns: Any, email_zone: Any) -> None:
    from datetime import UTC, datetime, timedelta

    from dns_validation.queue.repository import JobRepository

    email_zone(dns, "thr.example")
    h = await make_client(checkdns_min_interval_seconds=300)
    now = datetime.now(UTC)
    repo = h.app.state.services.repository
    assert isinstance(repo, JobRepository)
    await repo.create("thr.example", "EMAIL", now, now + timedelta(days=1), now)
    first = (await h.client.get("/api/checkdns/thr.example")).json()["email"]["missing"]
    assert all(item["ok"] and "checked" not in item for item in first)  # a real lookup
    before = dns.queries
    second = (await h.client.get("/api/checkdns/thr.example")).json()["email"]["missing"]
    assert dns.queries == before
    assert [item["key"] for item in second] == ["MX", "SPF", "DMARC"]
    for item in second:
        assert item["checked"] is False and item["ok"] is False and item["found"] == []
        assert item["reason"] == (
            "not checked now: a read-only check of this job ran less than 300 s ago"
            " (CHECKDNS_MIN_INTERVAL_SECONDS)"
        )


async def test_failed_get_check_says_not_checked(make_client: Any) -> None:
    from datetime import UTC, datetime, timedelta

    h = await make_client(checkdns_min_interval_seconds=0)
    now = datetime.now(UTC)
    await h.app.state.services.repository.create(
        "fail.example", "UI", now, now + timedelta(days=1), now
    )

    async def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("resolver exploded")

    h.app.state.services.checker.check = boom
    (item,) = (await h.client.get("/api/checkdns/fail.example")).json()["ui"]["missing"]
    assert item["checked"] is False
    assert (
        item["reason"] == "not checked: the DNS check failed unexpectedly; the poller tries again"
    )
    assert "exploded" not in str(item)
