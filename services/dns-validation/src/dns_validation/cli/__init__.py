"""The ``dns-validation`` command: ``serve``, ``check`` and ``migrate``."""

from __future__ import annotations

import asyncio
import enum
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from dns_validation.cli import _output
from dns_validation.core.config import ConfigError, Settings, load_settings
from dns_validation.domain.checks import CHECK_TYPES
from dns_validation.domain.normalize import InvalidTargetError, normalize_target
from dns_validation.domain.validators import CheckResult

if TYPE_CHECKING:
    from dns_validation.poller.resolver import DNSChecker

__all__ = ["app", "main"]

app = typer.Typer(
    name="dns-validation",
    help="DNS Validation Service: HTTP API, poller and one-off checks.",
    no_args_is_help=True,
    add_completion=False,
)


#: The ``--type`` choices: the slugs of the check types.
CheckType = enum.StrEnum(  # type: ignore[misc]
    "CheckType", {kind.slug: kind.slug for kind in CHECK_TYPES.values()}
)
_BY_SLUG = {kind.slug: kind for kind in CHECK_TYPES.values()}
_TYPE_HELP = "; ".join(f"{kind.slug}: {kind.title}" for kind in CHECK_TYPES.values())


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


#: Exit status of ``check`` when a lookup failed (timeout, SERVFAIL...) rather than the records.
EXIT_DNS_ERROR = 3
#: Exit status of ``serve`` and ``migrate`` when the database or the port cannot be used.
EXIT_RUNTIME = 1


def _fail(message: str, code: int = EXIT_RUNTIME) -> NoReturn:
    _output.print_error(message)
    raise typer.Exit(code)


def _database_error(exc: BaseException) -> str:
    """One line about a database failure: the driver error's type and first line, no URL."""
    orig = getattr(exc, "orig", None) or exc
    first = (str(orig).strip().splitlines() or [""])[0][:200]
    return f"cannot use the database: {type(orig).__name__}" + (f": {first}" if first else "")


def _sqlite_file(settings: Settings) -> Path | None:
    from sqlalchemy.engine import make_url

    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".created")


def _guard_sqlite(settings: Settings, create: bool) -> None:
    """Refuse to start on a missing SQLite file where a database was created before.

    Args:
        settings: the configuration (``DATABASE_URL``).
        create: ``--create-database`` was given.
    """
    path = _sqlite_file(settings)
    if path is None:
        return
    marker = _marker(path)
    if not path.exists() and marker.exists() and not create:
        _fail(
            f"the database {path} is missing, but one was created there before ({marker.name}"
            " exists): restore it, or run `dns-validation migrate` (or `serve"
            " --create-database`) to start with an empty one"
        )
    if not path.exists():
        _mark(path)


def _mark(path: Path) -> None:
    try:
        _marker(path).write_text(
            "dns-validation created its SQLite database next to this file; while this file\n"
            "exists, `dns-validation serve` will not silently create a new, empty one.\n"
        )
    except OSError as exc:
        _fail(f"cannot write {_marker(path)}: {exc.strerror}")


def _bind(host: str, port: int) -> socket.socket:
    """Bind the listening socket (before the database is touched)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind((host, port))
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    sock.set_inheritable(True)
    return sock


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default: HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: PORT).")] = None,
    create_database: Annotated[
        bool,
        typer.Option(
            "--create-database",
            help="Create a new SQLite database even where one existed before.",
        ),
    ] = False,
) -> None:
    """Bind the port, apply migrations, then serve the API and run the poller (Ctrl-C stops)."""
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
    sock = _bind(settings.host, settings.port)
    try:
        _guard_sqlite(settings, create_database)
        _run_migrations(settings)
    except BaseException:
        sock.close()
        raise
    if settings.workers == 1:
        from dns_validation.api.server import ServerLimits, protocol_for
        from dns_validation.main import create_app

        http = protocol_for(ServerLimits.from_settings(settings))
        config = uvicorn.Config(create_app(settings, apply_migrations=False), http=http, **options)
        uvicorn.Server(config).run(sockets=[sock])
        return
    # Several processes share the listening socket; uvicorn binds it again in the supervisor.
    sock.close()
    uvicorn.run(
        "dns_validation.main:create_worker_app",
        factory=True,
        workers=settings.workers,
        timeout_worker_healthcheck=60,  # start-up imports can take seconds on a busy machine
        http="dns_validation.api.server:WorkerHttpProtocol",
        **options,
    )


def _run_migrations(settings: Settings) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from dns_validation.core.db import create_engine
    from dns_validation.core.db import migrate as run_migrations

    async def run() -> None:
        engine = create_engine(settings.database_url)
        try:
            await run_migrations(engine)
        finally:
            await engine.dispose()

    try:
        asyncio.run(run())
    except (SQLAlchemyError, OSError) as exc:
        _fail(_database_error(exc))
    path = _sqlite_file(settings)
    if path is not None and not _marker(path).exists():
        _mark(path)


@app.command()
def migrate() -> None:
    """Apply the database migrations (idempotent); creates an SQLite file if missing."""
    _run_migrations(_settings())
    _output.print_line("database is at the latest revision")


@app.command()
def check(
    target: Annotated[str, typer.Argument(help="The domain to check, e.g. example.com.")],
    type_: Annotated[CheckType, typer.Option("--type", help=_TYPE_HELP)],
    json_: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Check a target's DNS once and print expected vs found.

    Exit status: 0 when every record is right, 1 when a record is wrong or missing, 3 when a
    lookup failed (timeout, SERVFAIL...), with the resolvers asked named on standard error.
    """
    settings = _settings()
    try:
        normalized = normalize_target(target)
    except InvalidTargetError as exc:
        _output.print_error(str(exc))
        raise typer.Exit(2) from None
    job_type = _BY_SLUG[str(type_.value)].name
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
    if result.error is not None:
        servers = ", ".join(
            f"[{ns.address}]:{ns.port}" if ":" in ns.address else f"{ns.address}:{ns.port}"
            for ns in checker.nameservers
        )
        _fail(f"DNS lookup failed ({result.error}); resolvers asked: {servers}", EXIT_DNS_ERROR)
    if not result.ok:
        raise typer.Exit(1)


def main() -> None:
    """Console-script entry point."""
    app()
