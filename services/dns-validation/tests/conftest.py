"""Shared fixtures: a loopback authoritative DNS server, databases (SQLite and PostgreSQL),
settings and an HTTP client bound to the app through ASGITransport."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from dns_validation import Settings, create_app, load_settings
from dns_validation.core.db import create_engine, migrate
from dns_validation.testing import FakeAuthoritativeServer

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
SKIP_PG = "TEST_DATABASE_URL is not set (e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/test)"


def good_email_zone(server: FakeAuthoritativeServer, target: str) -> None:
    server.set(target, "MX", ["10 mail.abin.lat."])
    server.set(target, "TXT", ['"v=spf1 mx -all"'])
    server.set(f"_dmarc.{target}", "TXT", ['"v=DMARC1; p=none"'])


@pytest.fixture(scope="session")
def dns_server() -> Iterator[FakeAuthoritativeServer]:
    with FakeAuthoritativeServer() as server:
        yield server


@pytest.fixture
def dns(dns_server: FakeAuthoritativeServer) -> FakeAuthoritativeServer:
    dns_server.clear()
    return dns_server


@pytest.fixture
def email_zone() -> Callable[[FakeAuthoritativeServer, str], None]:
    return good_email_zone


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A migrated engine: a fresh SQLite file, or a fresh schema on PostgreSQL."""
    if request.param == "sqlite":
        eng = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        await migrate(eng)
        yield eng
        await eng.dispose()
        return
    if not PG_URL:
        pytest.skip(SKIP_PG)
    schema = f"dnsv_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    async with admin.begin() as conn:
        await conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    eng = create_engine(PG_URL, connect_args={"server_settings": {"search_path": schema}})
    try:
        await migrate(eng)
        yield eng
    finally:
        await eng.dispose()
        async with admin.begin() as conn:
            await conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


@pytest.fixture
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'app.db'}")
    await migrate(eng)
    yield eng
    await eng.dispose()


@pytest.fixture
def make_settings(dns_server: FakeAuthoritativeServer, tmp_path: Path) -> Callable[..., Settings]:
    def factory(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "database_url": f"sqlite+aiosqlite:///{tmp_path / 'app.db'}",
            "dns_servers": dns_server.address,
            "dns_timeout_ms": 500,
            "rate_limit_per_minute": 1000,
            "target_cooldown_seconds": 0,
            "checkdns_token": "",
        }
        values.update(overrides)
        return load_settings(**values)

    return factory


class AppHarness:
    """A running app (lifespan entered) and a client for it."""

    def __init__(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        self.app = app
        self.client = client


@pytest.fixture
async def make_client(
    make_settings: Callable[..., Settings], sqlite_engine: AsyncEngine
) -> AsyncIterator[Callable[..., Any]]:
    """``await make_client(engine=None, run_poller=False, **settings)`` -> AppHarness."""
    stack: list[Any] = []

    async def factory(
        *, engine: AsyncEngine | None = None, run_poller: bool = False, **overrides: Any
    ) -> AppHarness:
        app = create_app(
            make_settings(**overrides), engine=engine or sqlite_engine, run_poller=run_poller
        )
        lifespan = app.router.lifespan_context(app)
        await lifespan.__aenter__()
        stack.append(lifespan)
        transport = httpx.ASGITransport(app=app, client=("127.0.0.9", 1234))
        client = httpx.AsyncClient(transport=transport, base_url="http://test")
        stack.append(client)
        return AppHarness(app, client)

    yield factory
    for item in reversed(stack):
        if isinstance(item, httpx.AsyncClient):
            await item.aclose()
        else:
            await item.__aexit__(None, None, None)
