"""The root typer application: global options and the command groups."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from cloudconnexa.cli import (
    activity,
    connections,
    cybershield,
    profiles,
    regions,
    resources,
    settings,
)
from cloudconnexa.cli import config as config_commands
from cloudconnexa.cli._common import CliState, log_to_stderr
from cloudconnexa.cli._output import OutputFormat
from cloudconnexa.cli.authenticate import authenticate
from cloudconnexa.cli.configure import configure
from cloudconnexa.cli.sandbox import sandbox

app = typer.Typer(
    name="cloudconnexa",
    help="Manage an OpenVPN CloudConnexa tenant (API 1.1.0) from the shell.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            envvar="CLOUDCONNEXA_BASE_URL",
            help="https://<cloud_id>.api.openvpn.com or a cloud id.",
            show_envvar=True,
        ),
    ] = None,
    client_id: Annotated[
        str | None,
        typer.Option(
            "--client-id", envvar="CLOUDCONNEXA_CLIENT_ID", help="API client id.", show_envvar=True
        ),
    ] = None,
    client_secret: Annotated[
        str | None,
        typer.Option(
            "--client-secret",
            envvar="CLOUDCONNEXA_CLIENT_SECRET",
            help="API client secret (prefer the variable or the config file).",
            show_envvar=True,
            show_default=False,
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            envvar="CLOUDCONNEXA_PROFILE",
            help="Profile of the config file (default: 'default').",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            envvar="CLOUDCONNEXA_CONFIG",
            help="Config file (default: ~/.config/cloudconnexa/config.toml).",
        ),
    ] = None,
    output: Annotated[
        OutputFormat,
        typer.Option("--output", "-o", envvar="CLOUDCONNEXA_OUTPUT", help="Output format."),
    ] = OutputFormat.table,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="Progress bar for long listings (default: on a terminal).",
        ),
    ] = None,
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose",
            "-v",
            count=True,
            help="Log retries and waits to stderr (-vv: every request, secrets redacted).",
        ),
    ] = 0,
) -> None:
    """Manage an OpenVPN CloudConnexa tenant (API 1.1.0) from the shell."""
    cli = CliState(
        output=output,
        progress=progress,
        base_url=base_url,
        client_id=client_id,
        client_secret=client_secret,
        profile=profile,
        config=config,
    )
    ctx.obj = cli
    ctx.call_on_close(cli.close)
    if verbose:
        ctx.call_on_close(log_to_stderr(logging.DEBUG if verbose > 1 else logging.INFO))


resources.register(app)
app.add_typer(profiles.app, name="profiles")
app.add_typer(connections.app, name="connections")
app.add_typer(settings.app, name="settings")
app.add_typer(regions.app, name="regions")
app.add_typer(cybershield.app, name="cybershield")
app.add_typer(activity.dns_log, name="dns-log")
app.add_typer(activity.audit_log, name="audit-log")
app.command("authenticate")(authenticate)
app.command("configure")(configure)
app.command("sandbox")(sandbox)
app.command("export")(config_commands.export_command)
app.command("plan")(config_commands.plan_command)
app.command("apply")(config_commands.apply_command)
