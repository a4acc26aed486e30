"""Create -> verify end to end: the sync client, loopback HTTP to the fake, DNS to its server."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dns_services_gateway import DNSServicesClient, RecordChange
from dns_services_gateway.testing import FakeDNSServices, FakeZone

MakeClient = Callable[..., DNSServicesClient]


def test_create_then_verify_over_http_and_dns(
    make_client: MakeClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    serial = zone.serial
    client = make_client()
    response = client.manage_record(
        action="create",
        domain="example.com",
        record_type="TXT",
        data={"name": "_acme-challenge", "content": "e2e-token", "ttl": 120},
        verify="dns",
    )
    envelope = response.model_dump(mode="json")
    assert envelope["status"] == "success", envelope
    assert envelope["data"]["verified"] is True
    assert envelope["data"]["verification"]["dns"]["ok"] is True
    assert envelope["metadata"]["serial_before"] == serial
    assert envelope["metadata"]["serial_after"] == serial + 1
    assert envelope["metadata"]["ttl"] == 120
    created = zone.find("_acme-challenge", "TXT")
    assert [r.content for r in created] == ["e2e-token"]
    assert envelope["metadata"]["record_ids"] == [str(created[0].id)]
    # Separately, through the verify() entry point.
    result = client.verify(
        "example.com", name="_acme-challenge", record_type="TXT", content="e2e-token"
    )
    assert result.verified is True
    assert len(fake.requests_to("/api/login")) == 1, "one login, reused for every request"


def test_update_and_delete_verified_on_dns(make_client: MakeClient, zone: FakeZone) -> None:
    client = make_client()
    updated = client.manage_record(
        action="update",
        domain="example.com",
        record_type="A",
        data={"name": "www", "content": "192.0.2.11"},
        verify="dns",
    )
    assert updated.status == "success" and updated.data.verified is True
    deleted = client.manage_record(
        action="delete",
        domain="example.com",
        record_type="A",
        data={"name": "www"},
        verify="dns",
    )
    assert deleted.status == "success" and deleted.data.verified is True
    assert zone.find("www", "A") == []


def test_token_reused_from_disk(
    make_client: MakeClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    make_client().records.list("example.com")
    make_client().records.list("example.com")
    assert len(fake.requests_to("/api/login")) == 1


def test_expired_token_is_refreshed_once(
    make_client: MakeClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    client = make_client()
    client.records.list("example.com")
    fake.clock.advance(3601)  # the fake now rejects the access token as expired
    records = client.records.list("example.com")
    assert any(r.name == "www.example.com" for r in records)
    assert fake.tokens_refreshed == 1
    assert len(fake.requests_to("/api/token")) == 1
    assert len(fake.requests_to("/api/login")) == 1, "refresh, not a new login"
    refresh_body = fake.requests_to("/api/token")[0].form()
    assert refresh_body.keys() == {"refresh_token"}


def test_refresh_failure_falls_back_to_login(
    make_client: MakeClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    client = make_client()
    client.records.list("example.com")
    fake.faults.token_endpoint_enabled = False
    fake.clock.advance(3601)
    assert client.records.list("example.com")
    assert len(fake.requests_to("/api/login")) == 2


def test_token_near_expiry_is_refreshed_before_use(
    fake: FakeDNSServices, make_client: MakeClient, zone: FakeZone
) -> None:
    fake.token_lifetime = 30  # inside the client's refresh margin
    client = make_client()
    client.records.list("example.com")
    client.records.list("example.com")
    assert fake.tokens_refreshed >= 1
    assert all(entry.status != 401 for entry in fake.requests), "refreshed before expiry"


def test_basic_auth_never_logs_in(
    make_client: MakeClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    response = make_client(auth="basic").manage_record(
        action="create",
        domain="example.com",
        record_type="A",
        data={"name": "basic", "content": "192.0.2.30"},
        verify="dns",
    )
    assert response.data.verified is True
    assert fake.requests_to("/api/login") == []
    assert all(e.headers["authorization"].startswith("Basic ") for e in fake.requests)


def test_rate_limit_and_5xx_are_retried(
    make_client: MakeClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    client = make_client()
    fake.faults.rate_limit_next(1, retry_after=0, path=r"/dns$")
    fake.faults.fail_next(2, 503, path=r"/dns/\d+$")
    records = client.records.list("example.com")
    assert any(r.content == "192.0.2.10" for r in records)
    statuses = [e.status for e in fake.requests if e.method == "GET"]
    assert statuses[:2] == [429, 200]
    assert [s for s in statuses if s in (503,)] == [503, 503]
    fake.faults.fail_next(1, 502, html=True, method="GET")
    assert client.records.list("example.com")


def test_failed_create_is_not_duplicated(
    make_client: MakeClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    client = make_client()
    client.records.list("example.com")
    fake.faults.fail_next(1, 503, method="POST", path="/records$")
    fake.faults.drop_next(1, method="POST", path="/records$")
    response = client.manage_record(
        action="create",
        domain="example.com",
        record_type="A",
        data={"name": "once", "content": "192.0.2.40"},
    )
    assert response.status == "success", response.model_dump(mode="json")
    assert len(zone.find("once", "A")) == 1
    posts = [e for e in fake.requests if e.method == "POST" and e.path.endswith("/records")]
    assert [e.fault for e in posts] == ["status", "drop", None]


def test_eventual_consistency_is_polled_until_served(
    make_client: MakeClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    fake.faults.dns_propagation_delay = 1.0
    response = make_client().manage_record(
        action="create",
        domain="example.com",
        record_type="A",
        data={"name": "slow", "content": "192.0.2.50"},
        verify="dns",
        deadline=10,
    )
    assert response.status == "success"
    assert response.data.verified is True
    assert response.data.verification is not None
    assert response.data.verification.dns is not None
    assert response.data.verification.dns.ok is True


def test_unpropagated_change_is_reported_with_a_reason(
    make_client: MakeClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    fake.faults.dns_propagation_delay = 600
    response = make_client().manage_record(
        action="create",
        domain="example.com",
        record_type="A",
        data={"name": "stuck", "content": "192.0.2.60"},
        verify="dns",
        deadline=0.5,
    )
    assert response.status == "success", "the API change itself succeeded"
    assert response.data.verified is not True
    verification = response.data.verification
    assert verification is not None and verification.dns is not None
    assert verification.dns.ok is not True
    assert verification.reason, "it says why"


def test_batch_in_order_with_one_read_before_and_after(
    make_client: MakeClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    other = fake.add_zone("other.example")
    changes = [
        RecordChange(
            action="create",
            domain="example.com",
            type="A",
            name=f"h{i}",
            content=f"192.0.2.{100 + i}",
        )
        for i in range(10)
    ] + [
        RecordChange(
            action="update", domain="example.com", type="A", name="www", content="192.0.2.12"
        ),
        RecordChange(
            action="create", domain="other.example", type="TXT", name="@", content="batch"
        ),
    ]
    client = make_client()
    planned = client.batch(changes, dry_run=True)
    assert planned.dry_run is True and planned.counts() == {"create": 11, "update": 1, "delete": 0}
    assert not [e for e in fake.requests if e.method != "GET" and "/records" in e.path]

    fake.clear_requests()
    result = client.batch(changes)
    assert result.ok, result.model_dump(mode="json")
    assert [r.status for r in result.results] == ["success"] * 12
    assert all(r.verified for r in result.results)
    example_writes = [
        e.json()["name"]
        for e in fake.requests
        if e.method in ("POST", "PUT") and f"/dns/{zone.zone_id}/" in e.path
    ]
    assert example_writes == [f"h{i}" for i in range(10)] + ["www"], "file order per zone"
    zone_reads = [
        e for e in fake.requests if e.method == "GET" and f"/dns/{zone.zone_id}" in e.path
    ]
    assert len(zone_reads) == 2, "one read before and one after"
    assert other.find("@", "TXT")[0].content == "batch"
    assert result.serials["example.com"]["after"] == result.serials["example.com"]["before"] + 11


def test_batch_stop_on_error(make_client: MakeClient, zone: FakeZone) -> None:
    changes = [
        {"action": "delete", "domain": "example.com", "type": "A", "name": "missing"},
        {
            "action": "create",
            "domain": "example.com",
            "type": "A",
            "name": "later",
            "content": "192.0.2.70",
        },
    ]
    stopped = make_client().batch(changes)
    assert [r.status for r in stopped.results] == ["error", "skipped"]
    assert zone.find("later", "A") == []
    continued = make_client().batch(changes, stop_on_error=False)
    assert [r.status for r in continued.results] == ["error", "success"]


@pytest.mark.parametrize("records_form", ["list", "object"])
def test_both_records_shapes_parse(
    make_client: MakeClient, zone: FakeZone, records_form: str
) -> None:
    zone.records_form = records_form  # type: ignore[assignment]
    records = make_client().records.list("example.com")
    assert [r.name for r in records if r.type == "A"] == ["www.example.com"]


def test_garbled_create_response_is_resolved_by_reading_the_zone(
    make_client: MakeClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    client = make_client()
    client.records.list("example.com")
    fake.faults.truncate_next(1, method="POST")
    response = client.manage_record(
        action="create",
        domain="example.com",
        record_type="A",
        data={"name": "garbled", "content": "192.0.2.80"},
    )
    assert response.status == "success"
    assert len(zone.find("garbled", "A")) == 1


def test_lagging_api_read_after_create(
    make_client: MakeClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    """A zone read that does not show the create yet: the client must not claim success."""
    client = make_client()
    client.records.list("example.com")
    fake.faults.stale_reads_next(2)  # the reads before and after the create both lag
    response = client.manage_record(
        action="create",
        domain="example.com",
        record_type="A",
        data={"name": "lagging", "content": "192.0.2.90"},
    )
    assert len(zone.find("lagging", "A")) == 1, "the create itself landed once"
    envelope = response.model_dump(mode="json")
    assert envelope["data"]["verified"] is not True, envelope
    assert envelope["data"]["verification"]["reason"]
