"""`cloudconnexa connections list`: VPN sessions (`GET /api/v1/sessions`, walked by cursor)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

import typer

from cloudconnexa.cli import _output
from cloudconnexa.cli._common import OutputOverride, UsageProblem, handle_errors, limited, state

app = typer.Typer(help="VPN sessions (the Connections table).", no_args_is_help=True)

#: The columns of the table output (JSON and CSV carry every field of a session).
TABLE_COLUMNS = (
    "id",
    "userName",
    "deviceName",
    "region",
    "status",
    "sessionStartTime",
    "sessionEndTime",
    "bytesIn",
    "bytesOut",
)
_RELATIVE = re.compile(r"^(\d+)([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class Status(StrEnum):
    """Session status filter."""

    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


def parse_moment(value: str, option: str, now: datetime | None = None) -> datetime:
    """Parse `30m`, `12h`, `7d` (that long ago) or an ISO-8601 instant.

    Raises:
        UsageProblem: Neither form; the message names the option.
    """
    text = value.strip()
    match = _RELATIVE.match(text)
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        return (now or datetime.now(UTC)) - timedelta(**{_UNITS[unit]: amount})
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageProblem(
            f"{option} must be a duration such as 30m, 12h, 7d or an ISO instant such as "
            f"2026-01-31T12:00:00Z; got {value!r}"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def walk_pages(pager: Any, label: str, show: bool) -> Iterator[Any]:
    """Yield a pager's items page by page, counting them on a progress bar labelled ``label``."""
    with _output.progress(label, show) as update:
        done = 0
        for page in pager.pages():
            for item in page.items:
                yield item
                done += 1
            update(done, None)


@app.command("list")
@handle_errors
def list_connections(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            help="Sessions started since: 30m, 12h, 7d or an ISO instant "
            "(API default: 1 day; at most 30 days)."
        ),
    ] = None,
    until: Annotated[str | None, typer.Option(help="Sessions started until (same forms).")] = None,
    status: Annotated[Status | None, typer.Option(help="Only sessions with this status.")] = None,
    size: Annotated[
        int, typer.Option(min=1, max=100, help="Sessions per API request (1..100).")
    ] = 100,
    limit: Annotated[int | None, typer.Option(min=1, help="Stop after this many sessions.")] = None,
    output: OutputOverride = None,
) -> None:
    """List sessions, batch by batch."""
    cli = state(ctx)
    start = parse_moment(since, "--since") if since else None
    end = parse_moment(until, "--until") if until else None
    pager = cli.client().connections.list(
        start_date=start, end_date=end, status=status.value if status else None, size=size
    )

    items = walk_pages(pager, "Listing sessions", cli.show_progress())
    _output.emit_many(limited(items, limit), cli.output, table_columns=TABLE_COLUMNS)
