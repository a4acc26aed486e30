"""Concurrent requests share one renewal (async tasks and threads)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

import httpx

from dns_services_gateway import AsyncDNSServicesClient, DNSServicesClient


def _handler(
    make_jwt: Callable[..., str], seen: list[str]
) -> Callable[[httpx.Request], httpx.Response]:
    lock = threading.Lock()

    def handle(request: httpx.Request) -> httpx.Response:
        with lock:
            seen.append(request.url.path)
        if request.url.path == "/api/login":
            return httpx.Response(200, json={"token": make_jwt(3600), "refresh": "R"})
        return httpx.Response(200, json={"client": {"email": "user@example.com"}})

    return handle


async def test_async_tasks_trigger_one_login(make_jwt: Callable[..., str], tmp_path: Path) -> None:
    seen: list[str] = []
    async with AsyncDNSServicesClient(
        username="user@example.com",
        password="pw",
        token_path=tmp_path / "t",
        transport=httpx.MockTransport(_handler(make_jwt, seen)),
    ) as client:
        await asyncio.gather(*(client.request("GET", "details") for _ in range(10)))
    assert seen.count("/api/login") == 1
    assert seen.count("/api/details") == 10


def test_threads_trigger_one_login(make_jwt: Callable[..., str], tmp_path: Path) -> None:
    seen: list[str] = []
    with DNSServicesClient(
        username="user@example.com",
        password="pw",
        token_path=tmp_path / "t",
        transport=httpx.MockTransport(_handler(make_jwt, seen)),
    ) as client:
        barrier = threading.Barrier(8)

        def work() -> None:
            barrier.wait()
            client.request("GET", "details")

        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert seen.count("/api/login") == 1
    assert seen.count("/api/details") == 8
