"""Zone files (BIND, octodns YAML, JSON) and the sync planner, without I/O."""

from __future__ import annotations

import dns.zone
import pytest
import yaml

from dns_services_gateway import SOA, InvalidArgumentError, Record, Zone
from dns_services_gateway._zones import dns_expectations, plan_zone_sync
from dns_services_gateway.zonefile import detect_format, dump_zone, load_zone

ZONE = "example.com"


def rec(
    name: str,
    rtype: str,
    content: str,
    ttl: int = 3600,
    priority: int | None = None,
    record_id: str | None = None,
) -> Record:
    fqdn = ZONE if name == "@" else f"{name}.{ZONE}"
    return Record(
        id=record_id, zone=ZONE, name=fqdn, type=rtype, content=content, ttl=ttl, priority=priority
    )


def live_zone(records: list[Record]) -> Zone:
    numbered = [
        r.model_copy(update={"id": str(1000 + i)}) if r.id is None else r
        for i, r in enumerate(records)
    ]
    soa = SOA(
        primary_ns="ns1.dns.services",
        hostmaster="post.dns.services",
        serial=2026010100,
        refresh=10800,
        retry=3600,
        expire=1814400,
        minimum=7200,
        ttl=60,
    )
    return Zone(id="1178", name=ZONE, service_id="292", soa=soa, records=numbered)


EVERY_TYPE = [
    rec("@", "NS", "ns1.dns.services", 86400),
    rec("@", "NS", "ns2.dns.services", 86400),
    rec("@", "A", "192.0.2.1", 300),
    rec("www", "AAAA", "2001:db8::1"),
    rec("alias", "CNAME", "www.example.com"),
    rec("@", "MX", "mail.example.com", priority=10),
    rec("@", "MX", "mx2.example.org", priority=20),
    rec("@", "TXT", "v=spf1 include:_spf.example.org; -all", 300),
    rec("long", "TXT", "k=" + "x" * 600),
    rec("utf", "TXT", 'caf\u00e9 "quoted" back\\slash'),
    rec("_sip._tcp", "SRV", "5 5060 sip.example.com", priority=10),
    rec("@", "CAA", '0 issue "letsencrypt.org"'),
    rec("4", "PTR", "host.example.net"),
    rec("*", "A", "192.0.2.9"),
]


def identities(records: list[Record]) -> set[tuple[str, str, str, int, int | None]]:
    return {(r.name, r.type, r.content, r.ttl, r.priority) for r in records}


@pytest.mark.parametrize("fmt", ["bind", "yaml", "json"])
def test_every_type_round_trips(fmt: str) -> None:
    zone = live_zone(EVERY_TYPE)
    text = dump_zone(zone, fmt)
    loaded = load_zone(text, ZONE, fmt)
    expected = [r for r in zone.records if fmt != "yaml" or not (r.type == "NS" and r.name == ZONE)]
    assert identities(loaded) == identities(expected)
    assert plan_zone_sync(zone, loaded).empty


def test_bind_is_an_rfc1035_master_file_that_dnspython_reads() -> None:
    text = dump_zone(live_zone(EVERY_TYPE), "bind")
    assert "$ORIGIN example.com." in text and "$TTL 3600" in text
    parsed = dns.zone.from_text(text, origin="example.com.", relativize=False)
    soa = parsed.get_rdataset("example.com.", "SOA")
    assert soa is not None and soa[0].serial == 2026010100
    txt = parsed.get_rdataset("long.example.com.", "TXT")
    assert txt is not None and [len(s) for s in txt[0].strings] == [255, 255, 92]


def test_yaml_uses_octodns_layout() -> None:
    document = yaml.safe_load(dump_zone(live_zone(EVERY_TYPE), "yaml"))
    apex = {entry["type"]: entry for entry in document[""]}
    assert apex["MX"]["values"] == [
        {"exchange": "mail.example.com.", "preference": 10},
        {"exchange": "mx2.example.org.", "preference": 20},
    ]
    assert apex["TXT"]["value"] == "v=spf1 include:_spf.example.org\\; -all"
    assert apex["CAA"]["value"] == {"flags": 0, "tag": "issue", "value": "letsencrypt.org"}
    assert document["alias"] == {"ttl": 3600, "type": "CNAME", "value": "www.example.com."}
    assert document["_sip._tcp"]["value"] == {
        "port": 5060,
        "priority": 10,
        "target": "sip.example.com.",
        "weight": 5,
    }
    assert "*" in document
    assert "NS" not in apex  # the provider's apex NS are not octodns's to manage


def test_bind_relative_and_absolute_names() -> None:
    text = "$TTL 600\n@ IN A 192.0.2.1\nwww IN A 192.0.2.2\nmail.example.com. 60 IN A 192.0.2.3\n"
    loaded = load_zone(text, "Example.COM.", "bind")
    assert identities(loaded) == {
        ("example.com", "A", "192.0.2.1", 600, None),
        ("www.example.com", "A", "192.0.2.2", 600, None),
        ("mail.example.com", "A", "192.0.2.3", 60, None),
    }


@pytest.mark.parametrize(
    ("fmt", "text", "message"),
    [
        ("bind", "www.example.org. 60 IN A 192.0.2.1\n", "outside the zone example.com"),
        ("bind", "$ORIGIN example.org.\nwww 60 IN A 192.0.2.1\n", "outside the zone"),
        ("bind", "www 60 IN SSHFP 1 1 " + "ab" * 20 + "\n", "SSHFP is not supported"),
        ("bind", "www 60 IN A\n", "not a master file"),
        ("bind", "$INCLUDE /etc/hosts\n", "INCLUDE' is not allowed"),
        ("yaml", "www: {type: A}\n", "needs value or values"),
        ("yaml", "- a\n", "mapping of names"),
        ("yaml", "mx: {type: MX, value: mail.example.com.}\n", "must be a mapping"),
        ("yaml", "s: {type: SRV, value: {port: 1, weight: 1, target: x.}}\n", "priority"),
        ("json", "[]", "records"),
        ("json", "{", "not JSON"),
        ("json", '{"records": [{"type": "A"}]}', "needs type and content"),
        ("xml", "", "format"),
    ],
)
def test_bad_files_are_refused(fmt: str, text: str, message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        load_zone(text, ZONE, fmt)


def test_detect_format() -> None:
    assert detect_format("zone.YAML") == "yaml"
    assert detect_format("a/b.yml") == "yaml"
    assert detect_format("z.json") == "json"
    assert detect_format("db.example.com") == "bind"


def test_plan_orders_creates_before_deletes_and_updates_in_place() -> None:
    zone = live_zone(
        [
            rec("www", "A", "192.0.2.10"),
            rec("set", "A", "192.0.2.1"),
            rec("set", "A", "192.0.2.2"),
            rec("ttl", "A", "192.0.2.5", 300),
            rec("gone", "TXT", "bye"),
        ]
    )
    desired = [
        rec("www", "A", "192.0.2.11"),
        rec("set", "A", "192.0.2.3"),
        rec("set", "A", "192.0.2.4"),
        rec("set", "A", "192.0.2.2"),
        rec("ttl", "A", "192.0.2.5", 600),
        rec("new", "MX", "mail.example.com", priority=5),
    ]
    plan = plan_zone_sync(zone, desired)
    steps = [(c.action, c.name.split(".")[0], c.content) for c in plan.changes]
    assert steps == [
        ("create", "new", "mail.example.com"),
        ("create", "set", "192.0.2.3"),
        ("create", "set", "192.0.2.4"),
        ("update", "ttl", "192.0.2.5"),
        ("update", "www", "192.0.2.11"),
        ("delete", "gone", "bye"),
        ("delete", "set", "192.0.2.1"),
    ]
    www = next(c for c in plan.changes if c.name == "www.example.com")
    assert www.record_id == "1000" and www.before is not None and www.before.content == "192.0.2.10"
    assert (plan.creates, plan.updates, plan.deletes, plan.unchanged) == (3, 2, 2, 1)
    assert plan.refusals == []  # 5 records: below min_existing


def test_plan_deletes_what_a_cname_replaces_first() -> None:
    zone = live_zone([rec("host", "A", "192.0.2.1"), rec("old", "CNAME", "www.example.com")])
    plan = plan_zone_sync(
        zone, [rec("host", "CNAME", "www.example.com"), rec("old", "A", "192.0.2.7")]
    )
    assert [(c.action, c.name, c.type) for c in plan.changes] == [
        ("delete", "host.example.com", "A"),
        ("delete", "old.example.com", "CNAME"),
        ("create", "host.example.com", "CNAME"),
        ("create", "old.example.com", "A"),
    ]


def test_apex_ns_and_ignored_records_are_never_touched() -> None:
    zone = live_zone(
        [
            rec("@", "NS", "ns1.dns.services", 86400),
            rec("_acme-challenge", "TXT", "token"),
            rec("_acme-challenge.www", "TXT", "token2"),
            rec("@", "CAA", '0 issue "ca.example"'),
            rec("keep", "A", "192.0.2.1"),
            rec("sub", "NS", "ns.elsewhere.example"),
        ]
    )
    desired = [rec("keep", "A", "192.0.2.1"), rec("@", "NS", "ns9.example.org")]
    plan = plan_zone_sync(zone, desired, ignore=["_acme-challenge*/TXT", "@/caa"])
    assert [(c.action, c.name, c.type) for c in plan.changes] == [
        ("delete", "sub.example.com", "NS")
    ]
    assert plan.ignored == 3
    assert plan.existing == 2
    with pytest.raises(InvalidArgumentError, match="ignore"):
        plan_zone_sync(zone, desired, ignore=[" "])


def test_thresholds() -> None:
    records = [rec(f"h{i}", "A", f"192.0.2.{i}") for i in range(10)]
    zone = live_zone(records)
    three = plan_zone_sync(zone, records[3:])
    assert three.deletes == 3 and three.refusals == []
    four = plan_zone_sync(zone, records[4:])
    assert four.refusals == ["4 deletes are 40% of 10 records (threshold 30%)"]
    changed = [r.model_copy(update={"ttl": 60}) for r in records[:4]] + records[4:]
    assert plan_zone_sync(zone, changed).refusals == [
        "4 updates are 40% of 10 records (threshold 30%)"
    ]
    assert plan_zone_sync(zone, changed, update_threshold=0.5).refusals == []
    assert plan_zone_sync(zone, records[4:], min_existing=11).refusals == []
    with pytest.raises(InvalidArgumentError, match="update_threshold"):
        plan_zone_sync(zone, records, update_threshold=1.5)


def test_file_with_cname_beside_data_is_refused_and_bad_data_too() -> None:
    zone = live_zone([])
    with pytest.raises(InvalidArgumentError, match="CNAME beside"):
        plan_zone_sync(zone, [rec("x", "CNAME", "y.example.com"), rec("x", "TXT", "t")])
    with pytest.raises(InvalidArgumentError, match="IPv4"):
        plan_zone_sync(zone, [rec("x", "A", "not-an-address")])


def test_duplicates_are_removed_without_expecting_the_value_gone() -> None:
    zone = live_zone([rec("d", "A", "192.0.2.1"), rec("d", "A", "192.0.2.1")])
    plan = plan_zone_sync(zone, [rec("d", "A", "192.0.2.1"), rec("d", "A", "192.0.2.1")])
    assert [(c.action, c.reason) for c in plan.changes] == [("delete", "duplicate")]
    assert dns_expectations(plan) == []
    replaced = plan_zone_sync(live_zone([rec("r", "A", "192.0.2.1")]), [rec("r", "A", "192.0.2.2")])
    assert [(e.content, e.present) for e in dns_expectations(replaced)] == [("192.0.2.2", True)]
