"""The ``dns-validation`` command: ``serve``, ``check`` and ``migrate``."""

from __future__ import annotations

import asyncio
import enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dns_validation.cli import _output
from dns_validation.core.config import ConfigError, Settings, load_settings
from dns_validation.domain.normalize import InvalidTargetError, normalize_target
from dns_validation.domain.validators import CheckResult, JobType

if TYPE_CHECKING:
    from dns_validation.poller.resolver import DNSChecker

__all__ = ["app", "main"]

app = typer.Typer(
    name="dns-validation",
    help="DNS Validation Service: HTTP API, poller and one-off checks.",
    no_args_is_help=True,
    add_completion=False,
)


class CheckType(enum.StrEnum):
    """The kinds of check."""

    ui = "ui"
    email = "email"


def _settings(**overrides: object) -> Settings:
    try:
        return load_settings(**{k: v for k, v in overrides.items() if v is not None})
    except ConfigError as exc:
        _output.print_error(str(exc))
        raise typer.Exit(2) from None


def _checker(settings: Settings) -> DNSChecker:
    from dns_validation.main import build_checker

    try:
        return build_checker(settings)
    except ConfigError as exc:
        _output.print_error(str(exc))
        raise typer.Exit(2) from None


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default: HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: PORT).")] = None,
) -> None:
    """Apply migrations, then serve the API and run the poller (Ctrl-C stops)."""
    import uvicorn

    from dns_validation.core.logging import configure_logging

    settings = _settings(host=host, port=port)
    _checker(settings)  # fail fast, in one line, when no resolver can be found
    configure_logging(settings.log_level)
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_config": None,
        "access_log": False,
        "server_header": False,
        "proxy_headers": False,
        "ws": "none",
        "timeout_keep_alive": settings.keep_alive_timeout_seconds,
        # On SIGTERM, requests in flight (each at most one DNS lookup) get this long; then the
        # poller stops (see Poller.run) and the process exits.
        "timeout_graceful_shutdown": max(5.0, settings.dns_timeout + 2.0),
    }
    if settings.workers == 1:
        from dns_validation.api.server import ServerLimits, protocol_for
        from dns_validation.main import create_app

        http = protocol_for(ServerLimits.from_settings(settings))
        uvicorn.Server(uvicorn.Config(create_app(settings), http=http, **options)).run()
        return
    # Several processes share the listening socket; migrate once, here, before they start.
    _run_migrations(settings)
    uvicorn.run(
        "dns_validation.main:create_worker_app",
        factory=True,
        workers=settings.workers,
        timeout_worker_healthcheck=60,  # start-up imports can take seconds on a busy machine
        http="dns_validation.api.server:WorkerHttpProtocol",
        **options,
    )


def _run_migrations(settings: Settings) -> None:
    from dns_validation.core.db import create_engine
    from dns_validation.core.db import migrate as run_migrations

    async def run() -> None:
        engine = create_engine(settings.database_url)
        try:
            await run_migrations(engine)
        finally:
            await engine.dispose()

    asyncio.run(run())


@app.command()
def migrate() -> None:
    """Apply the database migrations (idempotent)."""
    _run_migrations(_settings())
    _output.print_line("database is at the latest revision")


@app.command()
def check(
    target: Annotated[str, typer.Argument(help="The domain to check, e.g. example.com.")],
    type_: Annotated[CheckType, typer.Option("--type", help="ui (CNAME) or email (MX/SPF/DMARC).")],
    json_: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Check a target's DNS once and print expected vs found (exit 1 when not OK)."""
    settings = _settings()
    try:
        normalized = normalize_target(target)
    except InvalidTargetError as exc:
        _output.print_error(str(exc))
        raise typer.Exit(2) from None
    job_type: JobType = "UI" if type_ is CheckType.ui else "EMAIL"
    checker = _checker(settings)

    async def run() -> CheckResult:
        async with checker:
            return await checker.check(job_type, normalized)

    result = asyncio.run(run())
    if json_:
        _output.print_json(
            {
                "target": normalized,
                "type": job_type,
                "ok": result.ok,
                "error": result.error,
                "missing": result.missing,
            }
        )
    else:
        _output.print_check(normalized, job_type, result.ok, result.missing)
    if not result.ok:
        raise typer.Exit(1)


def main() -> None:
    """Console-script entry point."""
    app()
