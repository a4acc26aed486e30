"""`cloudconnexa regions list`: the VPN regions (ids for `vpnRegionId` and `--region-id`)."""

from __future__ import annotations

import typer

from cloudconnexa.cli import _output
from cloudconnexa.cli._common import OutputOverride, handle_errors, state

app = typer.Typer(help="VPN regions (ids such as de-fra, for vpnRegionId).", no_args_is_help=True)


@app.command("list")
@handle_errors
def list_regions(ctx: typer.Context, output: OutputOverride = None) -> None:
    """List every VPN region of the tenant."""
    cli = state(ctx)
    _output.emit_many(cli.client().regions.list(), cli.output)
