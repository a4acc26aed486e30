"""Create -> verify end to end with the async client (same fake, same loopback servers)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from dns_services_gateway import AsyncDNSServicesClient
from dns_services_gateway.testing import FakeDNSServices, FakeZone

MakeAsyncClient = Callable[..., AsyncDNSServicesClient]


async def test_async_create_then_verify(
    make_async_client: MakeAsyncClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    async with make_async_client() as client:
        response = await client.manage_record(
            action="create",
            domain="example.com",
            record_type="MX",
            data={"name": "@", "content": "mx1.example.com", "priority": 10},
            verify="dns",
        )
        envelope = response.model_dump(mode="json")
        assert envelope["status"] == "success", envelope
        assert envelope["data"]["verified"] is True
        result = await client.verify(
            "example.com", name="@", record_type="MX", content="mx1.example.com", priority=10
        )
        assert result.verified is True
    mx = zone.find("@", "MX")
    assert [(r.content, r.priority) for r in mx] == [("mx1.example.com", 10)]


async def test_async_concurrent_requests_share_one_refresh(
    make_async_client: MakeAsyncClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    async with make_async_client() as client:
        await client.records.list("example.com")
        fake.clock.advance(3601)
        results = await asyncio.gather(*(client.records.list("example.com") for _ in range(5)))
    assert all(any(r.type == "A" for r in records) for records in results)
    assert len(fake.requests_to("/api/login")) == 1
    assert fake.tokens_refreshed == 1, "concurrent requests trigger one refresh, not many"


async def test_async_retries_and_eventual_consistency(
    make_async_client: MakeAsyncClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    fake.faults.fail_next(2, 500, method="GET")
    fake.faults.rate_limit_next(1, retry_after=0, method="GET")
    fake.faults.dns_propagation_delay = 0.8
    async with make_async_client() as client:
        response = await client.manage_record(
            action="create",
            domain="example.com",
            record_type="AAAA",
            data={"name": "v6", "content": "2001:db8::80"},
            verify="dns",
            deadline=10,
        )
    assert response.status == "success", response.model_dump(mode="json")
    assert response.data.verified is True
    assert [e.status for e in fake.requests if e.fault] == [500, 500, 429]


async def test_async_batch(
    make_async_client: MakeAsyncClient, fake: FakeDNSServices, zone: FakeZone
) -> None:
    changes = [
        {
            "action": "create",
            "domain": "example.com",
            "type": "TXT",
            "name": "set",
            "content": f"value-{i}",
        }
        for i in range(5)
    ] + [
        {
            "action": "delete",
            "domain": "example.com",
            "type": "TXT",
            "name": "set",
            "content": "value-0",
        }
    ]
    async with make_async_client() as client:
        result = await client.batch(changes)
    assert result.ok, result.model_dump(mode="json")
    assert sorted(r.content for r in zone.find("set", "TXT")) == [f"value-{i}" for i in range(1, 5)]
    posts = [
        e.json()["content"] for e in fake.requests if e.method == "POST" and "/records" in e.path
    ]
    assert posts == [f"value-{i}" for i in range(5)], "creates are sent one after another, in order"
