"""``octodns-sync`` with a YAML source and the DNS.services provider, against the fake."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dns_services_gateway.testing import FakeDNSServices

pytest.importorskip("octodns", reason="the 'octodns' extra is not installed")

BIN = Path(sys.executable).parent
USERNAME = "octo@example.com"
PASSWORD = "octo-Secret-Pw-42"

ZONE_FILE = """---
'':
  - ttl: 300
    type: A
    values:
      - 192.0.2.1
      - 192.0.2.2
  - type: CAA
    value:
      flags: 0
      tag: issue
      value: letsencrypt.org
  - type: MX
    values:
      - exchange: mx1.example.com.
        preference: 10
      - exchange: mx2.example.com.
        preference: 20
  - type: TXT
    value: v=spf1 include:_spf.example.net\\; -all
'*':
  type: CNAME
  value: www.example.com.
_sip._tcp:
  type: SRV
  value:
    port: 5060
    priority: 10
    target: sip.example.com.
    weight: 5
sub:
  type: NS
  values:
    - ns1.elsewhere.example.
    - ns2.elsewhere.example.
www:
  ttl: 600
  type: A
  value: 192.0.2.80
"""

CONFIG = """---
providers:
  config:
    class: octodns.provider.yaml.YamlProvider
    directory: {directory}
    escaped_semicolons: true
  dns_services:
    class: dns_services_gateway.octodns.DNSServicesProvider
    username: env/DNS_SERVICES_USERNAME
    password: env/DNS_SERVICES_PASSWORD
    base_url: env/DNS_SERVICES_BASE_URL
    nameservers: {nameserver}
    verify: dns
zones:
  example.com.:
    sources:
      - config
    targets:
      - dns_services
"""


@pytest.fixture
def fake() -> Iterator[FakeDNSServices]:
    with FakeDNSServices(username=USERNAME, password=PASSWORD) as running:
        zone = running.add_zone("example.com")
        zone.add_record("www", "A", "192.0.2.10", ttl=600)
        zone.add_record("old", "TXT", "to be removed")
        yield running


def sync(fake: FakeDNSServices, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DNS_SERVICES_USERNAME": USERNAME,
        "DNS_SERVICES_PASSWORD": PASSWORD,
        "DNS_SERVICES_BASE_URL": fake.base_url,
        "DNS_SERVICES_NO_DOTENV": "1",
    }
    done = subprocess.run(
        [str(BIN / "octodns-sync"), "--config-file", str(config), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert PASSWORD not in done.stdout + done.stderr
    return done


def record_writes(fake: FakeDNSServices) -> list[str]:
    return [e.method for e in fake.requests if e.method != "GET" and "/records" in e.path]


def test_octodns_sync_applies_then_plans_nothing(fake: FakeDNSServices, tmp_path: Path) -> None:
    zones = tmp_path / "zones"
    zones.mkdir()
    (zones / "example.com.yaml").write_text(ZONE_FILE)
    host, port = fake.nameserver
    config = tmp_path / "octodns.yaml"
    config.write_text(CONFIG.format(directory=zones, nameserver=f"{host}:{port}"))

    dry = sync(fake, config)
    assert "Create" in dry.stdout + dry.stderr and record_writes(fake) == []

    sync(fake, config, "--doit")
    zone = fake.zone("example.com")
    assert sorted(r.content for r in zone.find("@", "A")) == ["192.0.2.1", "192.0.2.2"]
    assert [(r.content, r.ttl) for r in zone.find("www", "A")] == [("192.0.2.80", 600)]
    assert sorted((r.priority, r.content) for r in zone.find("@", "MX")) == [
        (10, "mx1.example.com"),
        (20, "mx2.example.com"),
    ]
    assert [r.content for r in zone.find("@", "TXT")] == ["v=spf1 include:_spf.example.net; -all"]
    assert [r.content for r in zone.find("*", "CNAME")] == ["www.example.com"]
    assert [(r.priority, r.content) for r in zone.find("_sip._tcp", "SRV")] == [
        (10, "5 5060 sip.example.com")
    ]
    assert len(zone.find("sub", "NS")) == 2
    assert zone.find("old", "TXT") == []
    assert len(zone.find("@", "NS")) == 2  # the provider's apex NS stay
    # One write per change: 10 creates, 1 update (www), 1 delete (old).
    assert sorted(record_writes(fake)) == ["DELETE"] + ["POST"] * 10 + ["PUT"]

    fake.clear_requests()
    again = sync(fake, config, "--doit")
    assert "No changes were planned" in again.stdout + again.stderr
    assert record_writes(fake) == []


def test_provider_in_process_and_export_is_an_octodns_zone_file(
    fake: FakeDNSServices, tmp_path: Path
) -> None:
    from octodns.provider.yaml import YamlProvider
    from octodns.zone import Zone as OctoZone

    from dns_services_gateway import DNSServicesClient
    from dns_services_gateway.octodns import DNSServicesProvider

    zone = fake.zone("example.com")
    zone.add_record("@", "MX", "mail.example.com", priority=10)
    zone.add_record("@", "TXT", "a;b")
    zone.add_record("_sip._tcp", "SRV", "5 5060 sip.example.com", priority=10)
    zone.add_record("@", "CAA", '0 issue "letsencrypt.org"')
    zone.add_record("set", "A", "192.0.2.1")
    zone.add_record("set", "A", "192.0.2.2")
    fake.add_zone("parent.example")
    host, port = fake.nameserver
    provider = DNSServicesProvider(
        "ds",
        username=USERNAME,
        password=PASSWORD,
        base_url=fake.base_url,
        nameservers=[f"{host}:{port}"],
    )
    live = OctoZone("example.com.", [])
    assert provider.populate(live, target=True) is True
    assert {(r.name, r._type) for r in live.records} == {
        ("", "MX"),
        ("", "TXT"),
        ("", "CAA"),
        ("_sip._tcp", "SRV"),
        ("set", "A"),
        ("www", "A"),
        ("old", "TXT"),
    }
    assert provider.populate(OctoZone("example.org.", []), target=True) is False
    assert provider.populate(OctoZone("child.parent.example.", []), target=True) is False

    # `dns-services zone export --format yaml` writes a file octodns's YamlProvider reads, and
    # planning it against the same live zone finds nothing to do.
    with DNSServicesClient(
        username=USERNAME, password=PASSWORD, base_url=fake.base_url, store_token=False
    ) as client:
        (tmp_path / "example.com.yaml").write_text(
            client.zones.export("example.com", format="yaml")
        )
    desired = OctoZone("example.com.", [])
    YamlProvider("config", str(tmp_path), escaped_semicolons=True).populate(desired)
    assert len(desired.records) == len(live.records)
    assert provider.plan(desired) is None
    provider.close()
