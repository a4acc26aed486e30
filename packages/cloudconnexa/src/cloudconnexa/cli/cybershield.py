"""`cloudconnexa cybershield`: add or remove domains of the Cyber Shield allow and block lists."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cloudconnexa.cli import _output
from cloudconnexa.cli._common import handle_errors, state

app = typer.Typer(
    help="Cyber Shield domain filtering: the allow and block lists.", no_args_is_help=True
)


class DomainList(StrEnum):
    """Which Cyber Shield list."""

    allow = "allow"
    block = "block"


ListArgument = Annotated[DomainList, typer.Argument(metavar="LIST", help="allow or block.")]
DomainsArgument = Annotated[
    list[str], typer.Argument(metavar="DOMAIN...", help="One or more domain names.")
]


@app.command("add")
@handle_errors
def add(
    ctx: typer.Context,
    which: ListArgument,
    domains: DomainsArgument,
    comment: Annotated[
        str | None, typer.Option(help="A comment stored with each domain added.")
    ] = None,
) -> None:
    """Add domains to the allow or block list."""
    service = state(ctx).client().cybershield
    entries = [{"domain": d, "comment": comment} if comment else {"domain": d} for d in domains]
    if which is DomainList.allow:
        service.add_allow_list_domains(entries)
    else:
        service.add_block_list_domains(entries)
    _output.note(f"Added {len(domains)} domain(s) to the {which.value} list")


@app.command("remove")
@handle_errors
def remove(ctx: typer.Context, which: ListArgument, domains: DomainsArgument) -> None:
    """Remove domains from the allow or block list."""
    service = state(ctx).client().cybershield
    if which is DomainList.allow:
        service.remove_allow_list_domains(domains)
    else:
        service.remove_block_list_domains(domains)
    _output.note(f"Removed {len(domains)} domain(s) from the {which.value} list")
