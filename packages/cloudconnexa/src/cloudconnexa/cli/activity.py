"""`cloudconnexa dns-log` and `cloudconnexa audit-log`: the tenant's DNS log and audit log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from cloudconnexa.cli import _output
from cloudconnexa.cli._common import OutputOverride, handle_errors, limited, state
from cloudconnexa.cli.connections import parse_moment, walk_pages

dns_log = typer.Typer(help="The DNS log: the names users' devices resolved.", no_args_is_help=True)
audit_log = typer.Typer(
    help="The audit log: who changed what (API 1.2.0+ tenants).", no_args_is_help=True
)


@dns_log.command("list")
@handle_errors
def list_dns_log(
    ctx: typer.Context,
    hour: Annotated[
        str,
        typer.Option(
            "--hour",
            help="The hour the window ends in: 30m, 12h, 7d ago or an ISO instant "
            "(rounded down to the hour; at most 30 days back). Default: the current hour.",
        ),
    ] = "0m",
    hours_back: Annotated[
        int, typer.Option("--hours-back", min=1, max=2, help="Hours of log to read (1 or 2).")
    ] = 1,
    page_size: Annotated[
        int, typer.Option("--page-size", min=10, max=10000, help="Entries per request.")
    ] = 500,
    limit: Annotated[int | None, typer.Option(min=1, help="Stop after this many entries.")] = None,
    output: OutputOverride = None,
) -> None:
    """List DNS resolutions of one or two hours."""
    cli = state(ctx)
    start = parse_moment(hour, "--hour")
    pager = cli.client().dns_log.list(start_hour=start, hours_back=hours_back, page_size=page_size)
    items = walk_pages(pager, "Listing DNS resolutions", cli.show_progress())
    _output.emit_many(limited(items, limit), cli.output)


@dns_log.command("enable")
@handle_errors
def enable_dns_log(ctx: typer.Context) -> None:
    """Turn DNS logging on for the tenant."""
    state(ctx).client().dns_log.enable()
    _output.note("DNS log enabled")


@dns_log.command("disable")
@handle_errors
def disable_dns_log(ctx: typer.Context) -> None:
    """Turn DNS logging off for the tenant."""
    state(ctx).client().dns_log.disable()
    _output.note("DNS log disabled")


@audit_log.command("list")
@handle_errors
def list_audit_log(
    ctx: typer.Context,
    since: Annotated[
        str,
        typer.Option(help="Entries since: 30m, 12h, 1d ago or an ISO instant (at most 24 h span)."),
    ] = "1d",
    until: Annotated[
        str | None, typer.Option(help="Entries until (same forms; default: now).")
    ] = None,
    initiator_id: Annotated[
        str | None, typer.Option("--initiator-id", help="Only the changes of this user.")
    ] = None,
    size: Annotated[int, typer.Option(min=1, max=100, help="Entries per request.")] = 100,
    limit: Annotated[int | None, typer.Option(min=1, help="Stop after this many entries.")] = None,
    output: OutputOverride = None,
) -> None:
    """List audit-log entries, batch by batch."""
    cli = state(ctx)
    now = datetime.now(UTC)
    start = parse_moment(since, "--since", now)
    end = parse_moment(until, "--until", now) if until else now
    pager = cli.client().audit_logs.list(
        start_date=start, end_date=end, initiator_id=initiator_id, size=size
    )
    items = walk_pages(pager, "Listing audit log", cli.show_progress())
    _output.emit_many(limited(items, limit), cli.output)
