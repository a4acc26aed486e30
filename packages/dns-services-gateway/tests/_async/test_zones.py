"""client.zones against the fake: export, edit, sync, verify on the nameserver, run twice."""

from __future__ import annotations

import pytest

from dns_services_gateway import (
    AsyncDNSServicesClient,
    InvalidArgumentError,
    NotFoundError,
    PlanThresholdError,
)
from dns_services_gateway.testing import FakeDNSServices


def writes(fake: FakeDNSServices) -> list[tuple[str, str]]:
    return [(e.method, e.path) for e in fake.requests if e.method in ("POST", "PUT", "DELETE")]


def record_writes(fake: FakeDNSServices) -> list[str]:
    return [method for method, path in writes(fake) if "/records" in path]


@pytest.fixture
def seeded(fake: FakeDNSServices) -> FakeDNSServices:
    zone = fake.zone("example.com")
    zone.add_record("@", "MX", "mail.example.com", priority=10)
    zone.add_record("@", "TXT", "v=spf1 -all", ttl=300)
    zone.add_record("_sip._tcp", "SRV", "5 5060 sip.example.com", priority=10)
    zone.add_record("@", "CAA", '0 issue "letsencrypt.org"')
    zone.add_record("alias", "CNAME", "www.example.com")
    zone.add_record("set", "A", "192.0.2.1")
    zone.add_record("set", "A", "192.0.2.2")
    return fake


@pytest.mark.parametrize("fmt", ["bind", "yaml", "json"])
async def test_export_then_sync_plans_and_sends_nothing(
    async_client: AsyncDNSServicesClient, seeded: FakeDNSServices, fmt: str
) -> None:
    text = await async_client.zones.export("example.com", format=fmt)
    seeded.clear_requests()
    result = await async_client.zones.sync("example.com", text, format=fmt)
    assert result.plan.empty and not result.applied
    assert result.plan.unchanged == 8  # every record but the two apex NS
    assert writes(seeded) == []


async def test_edit_and_sync_then_second_run_plans_nothing(
    async_client: AsyncDNSServicesClient, seeded: FakeDNSServices
) -> None:
    text = await async_client.zones.export("example.com")
    edited = (
        text.replace("192.0.2.10", "192.0.2.11")
        .replace("set 3600 IN A 192.0.2.1", "set 3600 IN A 192.0.2.3")
        .replace("set 3600 IN A 192.0.2.2", "set 3600 IN A 192.0.2.4")
        .replace('"v=spf1 -all"', '"v=spf1 mx -all"')
        .replace("alias 3600 IN CNAME www", "alias 600 IN CNAME www")
        + "new 600 IN A 192.0.2.99\nnew 600 IN A 192.0.2.98\n"
        + '_acme-challenge 60 IN TXT "one" "two"\n'
    )
    edited = "\n".join(line for line in edited.splitlines() if not line.startswith("_sip"))
    seeded.clear_requests()
    result = await async_client.zones.sync("example.com", edited)
    assert result.applied and result.verified is True, result
    assert result.dns is not None and result.dns.ok is True
    plan = result.plan
    assert (plan.creates, plan.updates, plan.deletes) == (5, 3, 3)
    # Exactly one write per planned change: the minimum.
    assert result.requests == len(plan.changes) == len(record_writes(seeded)) == 11
    # The replaced set is created before its old values go.
    methods = record_writes(seeded)
    assert methods.index("DELETE") > max(i for i, m in enumerate(methods) if m == "POST")
    zone = seeded.zone("example.com")
    assert sorted(r.content for r in zone.find("set", "A")) == ["192.0.2.3", "192.0.2.4"]
    assert [r.content for r in zone.find("www", "A")] == ["192.0.2.11"]
    assert zone.find("_sip._tcp", "SRV") == []
    assert [r.content for r in zone.find("_acme-challenge", "TXT")] == ["onetwo"]
    assert len(zone.find("@", "NS")) == 2  # the file's apex NS are never written

    seeded.clear_requests()
    again = await async_client.zones.sync("example.com", edited)
    assert again.plan.empty and record_writes(seeded) == []


async def test_apex_ns_and_ignored_records_are_left_alone(
    async_client: AsyncDNSServicesClient, seeded: FakeDNSServices
) -> None:
    seeded.zone("example.com").add_record("_acme-challenge", "TXT", "live-token")
    text = "$TTL 3600\nwww 3600 IN A 192.0.2.10\n"
    plan = await async_client.zones.plan(
        "example.com", text, ignore=["_acme-challenge/TXT", "@/CAA", "@/TXT"]
    )
    assert plan.ignored == 3
    assert {(c.action, c.name, c.type) for c in plan.changes} == {
        ("delete", "example.com", "MX"),
        ("delete", "_sip._tcp.example.com", "SRV"),
        ("delete", "alias.example.com", "CNAME"),
        ("delete", "set.example.com", "A"),
    }
    assert all(c.type != "NS" for c in plan.changes)


async def test_thresholds_refuse_then_force(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    zone = fake.zone("example.com")
    for i in range(1, 12):
        zone.add_record(f"h{i}", "A", f"192.0.2.{i}")
    text = await async_client.zones.export("example.com")
    kept = "\n".join(line for line in text.splitlines() if not line.startswith(("h1 ", "h2 ")))
    kept = "\n".join(
        line for line in kept.splitlines() if not line.startswith(("h3 ", "h4 ", "h5 "))
    )
    fake.clear_requests()
    with pytest.raises(PlanThresholdError, match="5 deletes are 42% of 12 records") as caught:
        await async_client.zones.sync("example.com", kept)
    assert caught.value.plan.deletes == 5
    assert record_writes(fake) == []
    dry = await async_client.zones.sync("example.com", kept, dry_run=True)
    assert dry.plan.refusals and not dry.applied
    result = await async_client.zones.sync("example.com", kept, force=True, verify="api")
    assert result.applied and result.verified is True and result.dns is None
    assert len(zone.find("h1", "A")) == 0 and len(zone.find("h6", "A")) == 1


async def test_dns_verification_fails_when_nameserver_lags(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    fake.faults.dns_propagation_delay = 3600.0
    result = await async_client.zones.sync(
        "example.com", "www 3600 IN A 192.0.2.10\nnew 60 IN A 192.0.2.5\n", deadline=0.2
    )
    assert result.applied
    assert result.api is not None and result.api.ok is True
    assert result.dns is not None and result.dns.ok is False
    assert result.verified is False


async def test_bad_file_sends_nothing(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    fake.clear_requests()
    with pytest.raises(InvalidArgumentError, match="not a master file"):
        await async_client.zones.sync("example.com", "www 60 IN A 300.1.1.1\n")
    bad = '{"records": [{"name": "www", "type": "A", "content": "300.1.1.1"}]}'
    with pytest.raises(InvalidArgumentError, match="IPv4"):
        await async_client.zones.sync("example.com", bad, format="json")
    with pytest.raises(InvalidArgumentError, match="format"):
        await async_client.zones.export("example.com", format="xml")
    with pytest.raises(NotFoundError):
        await async_client.zones.get("example.org")
    assert record_writes(fake) == []
    names = [z.name for z in await async_client.zones.list()]
    assert names == ["example.com"]
