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
            with lock:
                lifetime = 3600 * (1 + seen.count("/api/login"))  # each login lives longer
            return httpx.Response(200, json={"token": make_jwt(lifetime), "refresh": "R"})
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


async def test_async_tasks_trigger_one_refresh(
    make_jwt: Callable[..., str], tmp_path: Path
) -> None:
    seen: list[str] = []
    handler = _handler(make_jwt, seen)
    async with AsyncDNSServicesClient(
        username="user@example.com",
        password="pw",
        token_path=tmp_path / "t",
        transport=httpx.MockTransport(handler),
    ) as client:
        await client.login()
        auth = client._auth
        frozen = auth.expires_at - 10  # type: ignore[attr-defined]
        auth.clock = lambda: frozen  # type: ignore[attr-defined]
        await asyncio.gather(*(client.request("GET", "details") for _ in range(10)))
    # The scripted handler answers /api/token like any other path: no token in the body, so
    # the refresh counts as failed and one fresh login follows; never one per request.
    assert seen.count("/api/token") == 1
    assert seen.count("/api/login") == 2


def test_threads_against_fake_refresh_once(tmp_path: Path) -> None:
    from dns_services_gateway.testing import FakeDNSServices

    with FakeDNSServices(username="user@example.com", password="pw") as fake:
        fake.add_zone("example.com")
        with DNSServicesClient(
            username="user@example.com",
            password="pw",
            base_url=fake.base_url,
            token_path=tmp_path / "t",
        ) as client:
            client.list_zones()
            fake.clock.advance(7200)  # every token the client holds is now expired at the server
            barrier = threading.Barrier(6)
            errors: list[BaseException] = []

            def work() -> None:
                barrier.wait()
                try:
                    client.request("GET", "dns")
                except BaseException as exc:  # pragma: no cover - reported below
                    errors.append(exc)

            threads = [threading.Thread(target=work) for _ in range(6)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert errors == []
        assert fake.tokens_refreshed == 1
        assert len(fake.requests_to("/api/login")) == 1
