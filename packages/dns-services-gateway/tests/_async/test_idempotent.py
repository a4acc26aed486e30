"""Every write can be run twice: the one write pipeline against the fake server."""

from __future__ import annotations

from typing import Any

import pytest

from dns_services_gateway import AsyncDNSServicesClient, NotFoundError
from dns_services_gateway.testing import FakeDNSServices


def _writes(fake: FakeDNSServices) -> list[tuple[str, str]]:
    return [(e.method, e.path) for e in fake.requests if e.method in ("POST", "PUT", "DELETE")]


def _record_writes(fake: FakeDNSServices) -> list[tuple[str, str]]:
    return [(m, p) for m, p in _writes(fake) if "/records" in p]


async def test_identical_create_sends_nothing_and_reports_unchanged(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    data = {"name": "twice", "content": "192.0.2.31", "ttl": 600}
    first = await async_client.manage_record("create", "example.com", "A", data)
    assert first.status == "success", first.error
    assert first.metadata["outcome"] == "created"
    fake.clear_requests()
    second = await async_client.manage_record("create", "example.com", "A", data)
    assert second.status == "success", second.error
    assert second.metadata["outcome"] == "unchanged"
    assert second.metadata["record_ids"] == first.metadata["record_ids"]
    assert second.data.verified is True
    assert _record_writes(fake) == []
    assert [r.content for r in fake.zone("example.com").find("twice", "A")] == ["192.0.2.31"]

    # records.create likewise returns the record already there.
    again = await async_client.records.create(
        "example.com", name="twice", record_type="A", content="192.0.2.31", ttl=600
    )
    assert again.id == first.metadata["record_ids"][0]
    assert _record_writes(fake) == []

    # A different TTL is not identical: that is a create (a duplicate value is the API's
    # business), and ensure is the way to change the TTL in place.
    ensured = await async_client.records.ensure(
        "example.com", name="twice", record_type="A", content="192.0.2.31", ttl=60
    )
    assert (ensured.id, ensured.ttl) == (again.id, 60)
    assert [m for m, _ in _record_writes(fake)] == ["PUT"]
    assert [r.ttl for r in fake.zone("example.com").find("twice", "A")] == [60]


async def test_ensure_creates_then_updates_then_does_nothing(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    created = await async_client.manage_record(
        "ensure", "example.com", "CNAME", {"name": "alias", "content": "target.example.net"}
    )
    assert created.status == "success", created.error
    assert created.metadata["outcome"] == "created"
    assert created.data.verified is True
    # A name holds one CNAME: ensure with another target updates it in place.
    moved = await async_client.manage_record(
        "ensure", "example.com", "CNAME", {"name": "alias", "content": "other.example.net"}
    )
    assert moved.metadata["outcome"] == "updated", moved.error
    assert moved.metadata["record_ids"] == created.metadata["record_ids"]
    fake.clear_requests()
    same = await async_client.manage_record(
        "ensure", "example.com", "CNAME", {"name": "alias", "content": "other.example.net"}
    )
    assert same.metadata["outcome"] == "unchanged"
    assert _record_writes(fake) == []
    assert [r.content for r in fake.zone("example.com").find("alias", "CNAME")] == [
        "other.example.net"
    ]


async def test_record_set_is_managed_value_by_value(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    name = "_acme-challenge.set"
    for value in ("apex-token", "wildcard-token", "apex-token"):
        await async_client.records.ensure(
            "example.com", name=name, record_type="TXT", content=value
        )
    contents = sorted(r.content for r in fake.zone("example.com").find(name, "TXT"))
    assert contents == ["apex-token", "wildcard-token"]
    removed = await async_client.records.delete(
        "example.com", name=name, record_type="TXT", content="apex-token"
    )
    assert [r.content for r in removed] == ["apex-token"]
    assert [r.content for r in fake.zone("example.com").find(name, "TXT")] == ["wildcard-token"]
    # The second delete of the same value: an error, unless missing_ok.
    with pytest.raises(NotFoundError):
        await async_client.records.delete(
            "example.com", name=name, record_type="TXT", content="apex-token"
        )
    fake.clear_requests()
    assert (
        await async_client.records.delete(
            "example.com", name=name, record_type="TXT", content="apex-token", missing_ok=True
        )
        == []
    )
    assert _record_writes(fake) == []
    absent = await async_client.manage_record(
        "delete",
        "example.com",
        "TXT",
        {"name": name, "content": "apex-token"},
        missing_ok=True,
    )
    assert absent.status == "success", absent.error
    assert absent.metadata["outcome"] == "absent"
    assert absent.metadata["record_ids"] == []
    strict = await async_client.manage_record(
        "delete", "example.com", "TXT", {"name": name, "content": "apex-token"}
    )
    assert strict.status == "error"
    assert strict.error is not None and strict.error.type == "NotFoundError"
    # The zone was read: the error envelope still shows the record set as it was.
    assert strict.data.before is not None
    assert [r["content"] for r in strict.data.before["records"]] == ["wildcard-token"]
    assert strict.metadata["serial_before"] == fake.zone("example.com").serial


async def test_update_returns_the_re_read_record_and_repeats_as_a_no_op(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    record = await async_client.records.create(
        "example.com", name="moving", record_type="A", content="192.0.2.40"
    )
    updated = await async_client.records.update(
        "example.com",
        name="moving",
        record_type="A",
        match_content="192.0.2.40",
        content="192.0.2.41",
        ttl=120,
    )
    assert (updated.id, updated.content, updated.ttl) == (record.id, "192.0.2.41", 120)
    fake.clear_requests()
    # The same call again: match_content no longer matches, but the record as updated is
    # there, so nothing is sent.
    again = await async_client.records.update(
        "example.com",
        name="moving",
        record_type="A",
        match_content="192.0.2.40",
        content="192.0.2.41",
        ttl=120,
    )
    assert again.id == record.id
    by_id = await async_client.records.update("example.com", record.id, content="192.0.2.41")
    assert by_id.id == record.id
    assert _record_writes(fake) == []


async def test_batch_twice_plans_nothing_the_second_time(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    await async_client.records.create(
        "example.com", name="old", record_type="TXT", content="to be removed"
    )
    await async_client.records.create(
        "example.com", name="svc", record_type="A", content="192.0.2.50"
    )
    changes: list[dict[str, Any]] = [
        {
            "action": "create",
            "domain": "example.com",
            "type": "A",
            "name": "b1",
            "content": "192.0.2.60",
        },
        {
            "action": "create",
            "domain": "example.com",
            "type": "TXT",
            "name": "b1",
            "content": "hello",
        },
        {
            "action": "update",
            "domain": "example.com",
            "type": "A",
            "name": "svc",
            "match_content": "192.0.2.50",
            "content": "192.0.2.51",
        },
        {
            "action": "ensure",
            "domain": "example.com",
            "type": "MX",
            "name": "@",
            "content": "mx.example.net",
            "priority": 10,
        },
        {
            "action": "delete",
            "domain": "example.com",
            "type": "TXT",
            "name": "old",
            "missing_ok": True,
        },
    ]
    first = await async_client.batch(changes)
    assert first.ok, [r.error for r in first.results]
    assert [p.action for p in first.plan] == ["create", "create", "update", "create", "delete"]
    assert all(r.verified for r in first.results)
    fake.clear_requests()
    dry = await async_client.batch(changes, dry_run=True)
    assert dry.plan == []
    assert [r.status for r in dry.results] == ["unchanged"] * 4 + ["absent"]
    second = await async_client.batch(changes)
    assert second.plan == [] and second.ok
    assert [r.status for r in second.results] == ["unchanged"] * 4 + ["absent"]
    assert all(r.verified for r in second.results)
    assert second.serials["example.com"]["before"] == second.serials["example.com"]["after"]
    assert _record_writes(fake) == []
    # Nothing was sent, so the zone was read once per batch, not re-read.
    reads = [e for e in fake.requests if e.method == "GET" and "/dns/" in e.path]
    assert len(reads) == 2


async def test_two_identical_creates_in_one_batch_make_one_record(
    async_client: AsyncDNSServicesClient, fake: FakeDNSServices
) -> None:
    change = {
        "action": "create",
        "domain": "example.com",
        "type": "TXT",
        "name": "dup",
        "content": "once",
    }
    result = await async_client.batch([change, change])
    assert [r.status for r in result.results] == ["success", "unchanged"]
    assert len(result.plan) == 1
    assert [r.content for r in fake.zone("example.com").find("dup", "TXT")] == ["once"]
    assert result.results[0].record is not None
    assert result.results[1].record == result.results[0].record
