"""Retries: 429 and 5xx handling, connection errors, waits, throttle and logging."""

from __future__ import annotations

import logging
import socket

import httpx
import pytest

from cloudconnexa import (
    APIConnectionError,
    APITimeoutError,
    AsyncCloudConnexaClient,
    InternalServerError,
    RateLimitError,
    RetryPolicy,
    Throttle,
)

BASE = "http://127.0.0.1:9"
REGIONS = "/api/v1/regions"
ROUTES = "/api/v1/networks/routes"


def make(api, retry: RetryPolicy, **kwargs) -> AsyncCloudConnexaClient:
    return AsyncCloudConnexaClient(
        BASE, "id", "secret", transport=api.transport(), retry=retry, **kwargs
    )


def ok_route() -> httpx.Response:
    return httpx.Response(201, json={"id": "r1", "subnet": "10.0.0.0/24", "type": "IP_V4"})


async def test_429_then_success(api, fast_retry):
    api.on("GET", REGIONS, httpx.Response(429), httpx.Response(429), httpx.Response(200, json=[]))
    async with make(api, fast_retry) as client:
        assert await client.regions.list() == []
    assert len(api.calls("GET", REGIONS)) == 3


async def test_429_on_create_is_retried(api, fast_retry):
    api.on("POST", ROUTES, httpx.Response(429), ok_route())
    async with make(api, fast_retry) as client:
        route = await client.routes.create({"value": "10.0.0.0/24"}, network_id="n1")
    assert route.id == "r1"
    assert len(api.calls("POST", ROUTES)) == 2


async def test_429_exhausted_raises_rate_limit_error(api):
    headers = {
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Replenish-Rate": "1",
        "X-RateLimit-Replenish-Time": "0.01",
        "X-RateLimit-Burst-Capacity": "20",
    }
    api.on("GET", REGIONS, httpx.Response(429, headers=headers))
    policy = RetryPolicy(max_retries=2, max_wait=1.0)
    async with make(api, policy, throttle=False) as client:
        with pytest.raises(RateLimitError) as info:
            await client.regions.list()
    assert info.value.status_code == 429
    assert info.value.retry_after == 0.01
    assert info.value.body is None
    assert len(api.calls("GET", REGIONS)) == 3


async def test_429_announcing_more_than_max_wait_is_not_retried(api):
    headers = {
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Replenish-Rate": "1",
        "X-RateLimit-Replenish-Time": "15",
    }
    api.on("GET", REGIONS, httpx.Response(429, headers=headers))
    policy = RetryPolicy(max_retries=2, max_wait=10.0)
    async with make(api, policy, throttle=False) as client:
        with pytest.raises(RateLimitError) as info:
            await client.regions.list()
    assert info.value.retry_after == 15.0
    assert len(api.calls("GET", REGIONS)) == 1


async def test_get_500_is_retried(api, fast_retry):
    api.on("GET", REGIONS, httpx.Response(500), httpx.Response(502), httpx.Response(200, json=[]))
    async with make(api, fast_retry) as client:
        assert await client.regions.list() == []


async def test_post_500_is_not_retried(api, fast_retry):
    api.on("POST", ROUTES, httpx.Response(500, json={"errorMessage": "boom"}), ok_route())
    async with make(api, fast_retry) as client:
        with pytest.raises(InternalServerError, match="boom"):
            await client.routes.create({"value": "10.0.0.0/24"}, network_id="n1")
    assert len(api.calls("POST", ROUTES)) == 1


async def test_post_503_is_retried(api, fast_retry):
    api.on("POST", ROUTES, httpx.Response(503), ok_route())
    async with make(api, fast_retry) as client:
        await client.routes.create({"value": "10.0.0.0/24"}, network_id="n1")
    assert len(api.calls("POST", ROUTES)) == 2


async def test_5xx_exhausted_raises_server_error(api, fast_retry):
    api.on("GET", REGIONS, httpx.Response(502, text="<html>Bad gateway</html>"))
    async with make(api, fast_retry) as client:
        with pytest.raises(InternalServerError) as info:
            await client.regions.list()
    assert "HTML" in info.value.message
    assert len(api.calls("GET", REGIONS)) == 4


async def test_connection_errors_are_retried_for_get(api, fast_retry):
    failures = [httpx.ReadError("reset"), httpx.ConnectError("refused")]

    def flaky(request: httpx.Request) -> httpx.Response:
        if failures:
            raise failures.pop()
        return httpx.Response(200, json=[])

    api.on("GET", REGIONS, flaky)
    async with make(api, fast_retry) as client:
        assert await client.regions.list() == []


async def test_unknown_host_fails_at_once_with_a_hint(api, fast_retry):
    def no_such_host(request: httpx.Request) -> httpx.Response:
        try:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        except socket.gaierror as cause:
            raise httpx.ConnectError("[Errno -2] Name or service not known") from cause

    api.on("GET", REGIONS, no_such_host)
    async with make(api, fast_retry) as client:
        with pytest.raises(APIConnectionError, match=r"does not exist \(check the cloud id"):
            await client.regions.list()
    assert len(api.calls("GET", REGIONS)) == 1


async def test_read_error_on_post_is_not_retried(api, fast_retry):
    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection reset")

    api.on("POST", ROUTES, broken)
    async with make(api, fast_retry) as client:
        with pytest.raises(APIConnectionError, match="could not reach"):
            await client.routes.create({"value": "10.0.0.0/24"}, network_id="n1")
    assert len(api.calls("POST", ROUTES)) == 1


async def test_connect_error_on_post_is_retried(api, fast_retry):
    failures = [httpx.ConnectError("refused")]

    def flaky(request: httpx.Request) -> httpx.Response:
        if failures:
            raise failures.pop()
        return ok_route()

    api.on("POST", ROUTES, flaky)
    async with make(api, fast_retry) as client:
        await client.routes.create({"value": "10.0.0.0/24"}, network_id="n1")


async def test_timeout_raises_timeout_error(api, fast_retry):
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow")

    api.on("GET", REGIONS, slow)
    async with make(api, fast_retry) as client:
        with pytest.raises(APITimeoutError):
            await client.regions.list()
    assert len(api.calls("GET", REGIONS)) == 4


async def test_max_retries_zero_disables_retries(api, fast_retry):
    api.on("GET", REGIONS, httpx.Response(503), httpx.Response(200, json=[]))
    async with make(api, fast_retry, max_retries=0) as client:
        assert client.retry_policy.max_retries == 0
        with pytest.raises(InternalServerError):
            await client.regions.list()


async def test_429_sets_shared_cooldown(api):
    headers = {"Retry-After": "0.05"}
    api.on("GET", REGIONS, httpx.Response(429, headers=headers), httpx.Response(200, json=[]))
    async with make(api, RetryPolicy(max_retries=2), throttle=False) as client:
        await client.regions.list()
        assert client._cooldown.remaining() <= 0.05


async def test_throttle_learns_from_headers(api, fast_retry):
    headers = {
        "X-RateLimit-Remaining": "7",
        "X-RateLimit-Replenish-Rate": "10",
        "X-RateLimit-Replenish-Time": "1",
        "X-RateLimit-Burst-Capacity": "20",
    }
    api.on("GET", REGIONS, httpx.Response(200, json=[], headers=headers))
    async with make(api, fast_retry) as client:
        await client.regions.list()
        throttle = client.throttle
        assert throttle is not None
        assert throttle.rate == 10.0
        assert throttle.burst == 20


async def test_explicit_throttle_and_no_throttle(api, fast_retry):
    api.on("GET", REGIONS, httpx.Response(200, json=[]))
    throttle = Throttle(rate=1000.0, burst=5)
    async with make(api, fast_retry, throttle=throttle) as client:
        assert client.throttle is throttle
        for _ in range(3):
            await client.regions.list()
    async with make(api, fast_retry, throttle=None) as client:
        assert client.throttle is None


async def test_requests_and_retries_are_logged_without_secrets(api, fast_retry, caplog):
    api.on("POST", ROUTES, httpx.Response(429), ok_route())
    caplog.set_level(logging.DEBUG, logger="cloudconnexa")
    async with make(api, fast_retry) as client:
        await client.routes.create({"value": "10.0.0.0/24", "description": "x"}, network_id="n1")
    text = caplog.text
    assert "POST /api/v1/networks/routes -> 429" in text
    assert "POST /api/v1/networks/routes -> 201" in text
    assert "retrying POST /api/v1/networks/routes after HTTP 429" in text
    assert "secret" not in text
    assert "token-1" not in text
    records = [r for r in caplog.records if getattr(r, "http_status", None) == 201]
    assert records[0].retries == 1
