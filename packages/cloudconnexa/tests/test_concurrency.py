"""Concurrent requests share one token renewal and one cooldown (async tasks and threads)."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx

from cloudconnexa import AsyncCloudConnexaClient, CloudConnexaClient, RetryPolicy

BASE = "http://127.0.0.1:9"


async def test_async_requests_share_one_token_request(api):
    api.json("GET", "/api/v1/regions", [])
    async with AsyncCloudConnexaClient(BASE, "id", "secret", transport=api.transport()) as client:
        await asyncio.gather(*(client.regions.list() for _ in range(20)))
        assert api.tokens_issued == 1
        api.revoke()
        await asyncio.gather(*(client.regions.list() for _ in range(20)))
    assert api.tokens_issued == 2


def test_threads_share_one_token_request(api):
    def slow_token_then_regions(request: httpx.Request) -> httpx.Response:
        time.sleep(0.01)
        return httpx.Response(200, json=[])

    api.on("GET", "/api/v1/regions", slow_token_then_regions)
    with CloudConnexaClient(BASE, "id", "secret", transport=api.transport()) as client:
        threads = [threading.Thread(target=client.regions.list) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert api.tokens_issued == 1
    assert len(api.calls("GET", "/api/v1/regions")) == 8


async def test_rate_limited_burst_waits_together(api):
    calls = {"n": 0}

    def limited(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            return httpx.Response(429, headers={"Retry-After": "0.2"})
        return httpx.Response(200, json=[])

    api.on("GET", "/api/v1/regions", limited)
    policy = RetryPolicy(max_retries=3)
    async with AsyncCloudConnexaClient(
        BASE, "id", "secret", transport=api.transport(), retry=policy, throttle=False
    ) as client:
        await client.authenticate()
        started = time.monotonic()
        await client.regions.list()
        await asyncio.gather(*(client.regions.list() for _ in range(3)))
        elapsed = time.monotonic() - started
    assert calls["n"] == 5
    assert elapsed >= 0.15  # the retry waited out the cooldown


async def test_concurrent_creates_against_a_strict_fake(fake_server):
    from cloudconnexa.testing import RateLimit

    fake = fake_server(rate_limit=RateLimit(burst=5, refill_per_second=50))
    policy = RetryPolicy(max_retries=8, backoff_base=0.01, max_wait=2.0)
    async with AsyncCloudConnexaClient(fake.base_url, "id", "secret", retry=policy) as client:
        network = await client.networks.create({"name": "n", "internetAccess": "SPLIT_TUNNEL_ON"})
        routes = await asyncio.gather(
            *(
                client.routes.create({"value": f"10.{i}.0.0/16"}, network_id=network.id)
                for i in range(40)
            )
        )
        assert len({route.id for route in routes}) == 40
        assert len(await client.routes.list(network_id=network.id).to_list()) == 40


async def test_concurrent_renewal_against_the_fake(fake):
    async with AsyncCloudConnexaClient(fake.base_url, "id", "secret") as client:
        await client.authenticate()
        fake.expire_tokens()
        await asyncio.gather(*(client.regions.list() for _ in range(20)))
    assert fake.tokens_issued == 2
