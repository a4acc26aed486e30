"""Async SQLAlchemy engine and Alembic migrations (shipped inside the package)."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["alembic_config", "create_engine", "migrate"]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_engine(database_url: str, **kwargs: Any) -> AsyncEngine:
    """Create the async engine.

    SQLite connections get WAL journaling, a 10 s busy timeout and ``synchronous=NORMAL``.

    Args:
        database_url: ``sqlite+aiosqlite:///path`` or ``postgresql+asyncpg://…``.
        **kwargs: passed to :func:`sqlalchemy.ext.asyncio.create_async_engine` (e.g.
            ``connect_args``).

    Returns:
        The engine; dispose of it with ``await engine.dispose()``.
    """
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        # Each aiosqlite connection is a thread: keep enough of them open for the poller and
        # 20+ concurrent requests, so that none is closed and reopened under load.
        kwargs.setdefault("pool_size", 32)
        kwargs.setdefault("max_overflow", 32)
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def alembic_config() -> Config:
    """The Alembic configuration pointing at the packaged ``dns_validation/migrations``.

    Returns:
        A config usable with ``alembic.command`` functions.
    """
    from alembic.config import Config  # imported here: worker processes never migrate

    config = Config()
    location = resources.files("dns_validation") / "migrations"
    config.set_main_option("script_location", str(location))
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply the Alembic migrations up to ``revision`` (idempotent).

    Args:
        engine: the engine of the target database.
        revision: the Alembic revision, ``head`` by default.
    """
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, revision)
