"""The ``dns-services`` typer application: global options and command groups."""

from pathlib import Path
from typing import Annotated

import typer

from dns_services_gateway import InvalidArgumentError, __version__
from dns_services_gateway.cli import acme, auth, domains, records, zone
from dns_services_gateway.cli._context import EXIT_INPUT, CLIState, parse_nameserver
from dns_services_gateway.cli._output import Printer
from dns_services_gateway.cli.health import health
from dns_services_gateway.cli.sandbox import sandbox
from dns_services_gateway.cli.verify import verify

app = typer.Typer(
    name="dns-services",
    help="Manage and verify DNS.services zones and records. JSON output (--output json) is "
    "the stable, machine-readable contract.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(auth.app, name="auth")
app.add_typer(domains.app, name="domains")
app.add_typer(records.app, name="records")
app.add_typer(zone.app, name="zone")
app.add_typer(acme.app, name="acme")
app.command()(verify)
app.command()(health)
app.command()(sandbox)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"dns-services-gateway {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    ctx: typer.Context,
    output: Annotated[
        str, typer.Option("--output", "-o", help="table (for humans) or json (stable).")
    ] = "table",
    username: Annotated[
        str | None, typer.Option(help="Account e-mail (env DNS_SERVICES_USERNAME).")
    ] = None,
    password: Annotated[
        str | None, typer.Option(help="Account password (env DNS_SERVICES_PASSWORD).")
    ] = None,
    base_url: Annotated[
        str | None, typer.Option(help="API site (env DNS_SERVICES_BASE_URL).")
    ] = None,
    token_path: Annotated[
        Path | None, typer.Option(help="JWT token file (env DNS_SERVICES_TOKEN_PATH).")
    ] = None,
    insecure: Annotated[
        bool, typer.Option("--insecure", help="Do not verify TLS certificates.")
    ] = False,
    timeout: Annotated[
        float | None, typer.Option(help="Request timeout, seconds (env DNS_SERVICES_TIMEOUT).")
    ] = None,
    basic: Annotated[
        bool, typer.Option("--basic", help="Basic auth on every request instead of a JWT.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Log requests, secrets redacted.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    nameserver: Annotated[
        list[str] | None,
        typer.Option(
            "--nameserver",
            help="Authoritative nameserver for DNS verification, host or host:port "
            "(repeatable; default: DNS_SERVICES_NAMESERVERS, else the zone's NS records).",
        ),
    ] = None,
) -> None:
    """Global options; credentials come from the flags, then from DNS_SERVICES_* variables."""
    chosen = output.strip().lower()
    if chosen not in ("table", "json"):
        Printer("table").error(f"--output must be table or json, got {output!r}")
        raise typer.Exit(EXIT_INPUT)
    try:
        servers = [parse_nameserver(value) for value in nameserver or []]
    except InvalidArgumentError as exc:
        Printer("table").error(f"{type(exc).__name__}: {exc.message}")
        raise typer.Exit(EXIT_INPUT) from None
    ctx.obj = CLIState(
        output="json" if chosen == "json" else "table",
        username=username,
        password=password,
        base_url=base_url,
        token_path=token_path,
        verify_ssl=False if insecure else None,
        timeout=timeout,
        auth="basic" if basic else "jwt",
        debug=True if debug else None,
        nameservers=servers,
    )
