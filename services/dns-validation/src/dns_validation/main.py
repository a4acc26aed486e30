"""The FastAPI application factory; the lifespan opens the database and runs the poller."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sqlalchemy.ext.asyncio import AsyncEngine

from dns_validation import __version__
from dns_validation.api.deps import CheckThrottle, Services
from dns_validation.api.errors import install_error_handlers
from dns_validation.api.gate import RequestGate
from dns_validation.api.routes import cancel, checkdns, health, recheck, requests, status
from dns_validation.core.config import Settings, get_settings
from dns_validation.core.db import create_engine, migrate
from dns_validation.domain.validators import Expectations
from dns_validation.poller.loop import Poller
from dns_validation.poller.resolver import DNSChecker
from dns_validation.queue.repository import JobRepository

__all__ = ["build_checker", "create_app", "create_worker_app"]


def build_checker(settings: Settings) -> DNSChecker:
    """The DNS checker configured from ``settings``.

    Args:
        settings: resolvers, timeout and expected records come from here.

    Returns:
        A ready :class:`DNSChecker`.
    """
    expectations = Expectations(
        ui_cname=settings.ui_cname_expected,
        mx_host=settings.email_mx_expected_host,
        mx_priority=settings.email_mx_expected_priority,
        spf=settings.email_spf_expected,
        dmarc=settings.email_dmarc_expected,
        match=settings.email_match,
        dkim=settings.dkim_selectors,
    )
    return DNSChecker(
        settings.nameservers,
        settings.dns_timeout,
        expectations,
        mode=settings.dns_check_mode,
        authoritative_port=settings.dns_authoritative_port,
    )


def create_worker_app() -> FastAPI:
    """Application factory for each process of ``dns-validation serve`` with ``WORKERS`` > 1.

    Reads the settings from the environment, sets up JSON logs, and skips migrations (the
    parent process applied them before starting the workers).

    Returns:
        The application.
    """
    from dns_validation.core.logging import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level)
    return create_app(settings, apply_migrations=False)


def _strip_422(app: FastAPI) -> None:
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()
            for path in schema.get("paths", {}).values():
                for operation in path.values():
                    operation.get("responses", {}).pop("422", None)
            for name in ("HTTPValidationError", "ValidationError"):
                schema.get("components", {}).get("schemas", {}).pop(name, None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(
    settings: Settings | None = None,
    *,
    engine: AsyncEngine | None = None,
    run_poller: bool = True,
    apply_migrations: bool = True,
) -> FastAPI:
    """Build the application.

    Args:
        settings: the configuration; :func:`get_settings` when omitted (read at start-up, not
            at import).
        engine: an engine to use instead of one built from ``DATABASE_URL`` (not disposed).
        run_poller: start the background poller in the lifespan.
        apply_migrations: run the Alembic migrations at start-up.

    Returns:
        The FastAPI application; its lifespan must run (uvicorn does it).
    """
    cfg = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own_engine = engine is None
        db = create_engine(cfg.database_url) if engine is None else engine
        try:
            if apply_migrations:
                await migrate(db)
            checker = build_checker(cfg)
            repository = JobRepository(db, fast_reads=True)
            repository.check_file()  # remember which SQLite file this process writes to
            app.state.services = Services(
                settings=cfg,
                repository=repository,
                checker=checker,
                throttle=CheckThrottle(cfg.checkdns_min_interval_seconds),
                recheck_throttle=CheckThrottle(cfg.recheck_min_interval_seconds),
            )
            stop = asyncio.Event()
            task = None
            if run_poller:
                app.state.poller = Poller(repository, checker, cfg)
                task = asyncio.create_task(app.state.poller.run(stop), name="dns-poller")
            try:
                yield
            finally:
                stop.set()
                if task is not None:
                    await task
                await checker.aclose()
                await repository.aclose()
        finally:
            if own_engine:
                await db.dispose()

    app = FastAPI(
        title="DNS Validation Service",
        version=__version__,
        description="Checks a customer's DNS (UI CNAME; MX, SPF, DMARC) until it is right.",
        lifespan=lifespan,
        redirect_slashes=False,  # a redirect would point at whatever the Host header says
    )
    install_error_handlers(app)
    app.include_router(requests.router)
    app.include_router(cancel.router)
    app.include_router(checkdns.router)
    app.include_router(recheck.router)
    app.include_router(status.router)
    app.include_router(health.router)
    app.add_middleware(RequestGate, per_minute=cfg.rate_limit_per_minute)
    # Outermost, so that error answers (415, 429, …) carry CORS headers too. Every origin is
    # allowed, as in the original service (browser front-ends call it directly).
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST", "DELETE"],
        allow_headers=["content-type", "x-api-key"],
        max_age=600,
    )
    _strip_422(app)
    return app
