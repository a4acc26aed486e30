"""``dns-services zone export|sync``: a hosted zone as a file, and a file back into the zone."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from dns_services_gateway import PlanThresholdError, ZonePlan, ZoneSyncResult
from dns_services_gateway._zones import (
    DEFAULT_DELETE_THRESHOLD,
    DEFAULT_MIN_EXISTING,
    DEFAULT_UPDATE_THRESHOLD,
)
from dns_services_gateway.cli._context import (
    EXIT_FAILURE,
    EXIT_USAGE,
    fail,
    guarded,
    state,
    verify_level,
)
from dns_services_gateway.cli._output import Printer
from dns_services_gateway.zonefile import ZONE_FORMATS, check_format, detect_format

app = typer.Typer(
    help="Export a zone as a file, and sync a zone from a file.", no_args_is_help=True
)

DomainArgument = Annotated[str, typer.Argument(help="The zone name, for example example.com.")]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help=f"Zone file format: {', '.join(ZONE_FORMATS)} (bind: RFC 1035 master file; yaml: "
        "octodns layout). Default for sync: from the suffix (.yaml/.yml, .json, else bind).",
    ),
]


@app.command("export")
@guarded
def export_zone(
    ctx: typer.Context,
    domain: DomainArgument,
    file_format: FormatOption = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Write a hosted zone as a BIND, octodns YAML or JSON file (stdout by default)."""
    chosen = check_format(file_format or "bind")
    with state(ctx).client() as client:
        text = client.zones.export(domain, format=chosen)
    if file is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        file.write_text(text, encoding="utf-8")
        state(ctx).printer.notice(f"Wrote {domain} ({chosen}) to {file}")


_PLAN_COLUMNS = ["action", "name", "type", "content", "ttl", "priority", "was"]


def _was(before: Any, action: str) -> str:
    if before is None or action != "update":
        return ""
    return f"{before.content} ttl={before.ttl}"


def _render(printer: Printer, result: ZoneSyncResult, title: str) -> None:
    plan: ZonePlan = result.plan
    printer.table(
        _PLAN_COLUMNS,
        [
            (c.action, c.name, c.type, c.content, c.ttl, c.priority, _was(c.before, c.action))
            for c in plan.changes
        ],
        title=title,
    )
    summary: dict[str, Any] = {
        "creates": plan.creates,
        "updates": plan.updates,
        "deletes": plan.deletes,
        "unchanged": plan.unchanged,
        "ignored": plan.ignored,
        "applied": result.applied,
    }
    if result.applied:
        summary["requests"] = result.requests
        summary["verified"] = result.verified
        for level in (result.api, result.dns):
            if level is not None and level.ok is not True:
                summary["verification"] = level.reason
    printer.fields(summary)


@app.command("sync")
@guarded
def sync_zone(
    ctx: typer.Context,
    domain: DomainArgument,
    file: Annotated[Path, typer.Argument(help="The zone file (BIND, octodns YAML or JSON).")],
    file_format: FormatOption = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Apply the plan (without it: a dry run).")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Apply even when the plan exceeds a threshold.")
    ] = False,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            help="Leave matching records alone: NAME or NAME/TYPE, shell globs, names relative "
            "(@ for the apex), e.g. '_acme-challenge*/TXT' (repeatable).",
        ),
    ] = None,
    update_threshold: Annotated[
        float,
        typer.Option(
            envvar="DNS_SERVICES_SYNC_UPDATE_THRESHOLD",
            help="Refuse when updates exceed this share of the zone's records (0 to 1).",
        ),
    ] = DEFAULT_UPDATE_THRESHOLD,
    delete_threshold: Annotated[
        float,
        typer.Option(
            envvar="DNS_SERVICES_SYNC_DELETE_THRESHOLD",
            help="Refuse when deletes exceed this share of the zone's records (0 to 1).",
        ),
    ] = DEFAULT_DELETE_THRESHOLD,
    min_existing: Annotated[
        int,
        typer.Option(help="Zones with fewer managed records are not held to the thresholds."),
    ] = DEFAULT_MIN_EXISTING,
    verify: Annotated[
        str,
        typer.Option(
            "--verify",
            help="none, api (re-read and plan again) or dns (also ask the authoritative "
            "nameservers; default).",
        ),
    ] = "dns",
    deadline: Annotated[
        float | None,
        typer.Option(help="Seconds to keep polling the nameservers (default 30)."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="table or json for this command (as the global --output)."
        ),
    ] = None,
) -> None:
    """Plan (and with --yes apply) the changes that make a hosted zone match a file.

    The SOA and the apex NS records are never changed. With --output json the plan (and
    the outcome) is one JSON document a script can read.
    """
    if output is not None:
        wanted = output.strip().lower()
        if wanted not in ("table", "json"):
            fail(ctx, f"--output must be table or json, got {output!r}", EXIT_USAGE)
        state(ctx).output = "json" if wanted == "json" else "table"
        vars(state(ctx)).pop("printer", None)  # the printer follows the new choice
    printer = state(ctx).printer
    chosen = check_format(file_format) if file_format else detect_format(file)
    level = verify_level(verify)
    text = file.read_text(encoding="utf-8")
    options: dict[str, Any] = {
        "format": chosen,
        "ignore": list(ignore or []),
        "update_threshold": update_threshold,
        "delete_threshold": delete_threshold,
        "min_existing": min_existing,
    }
    with state(ctx).client() as client:
        try:
            result = client.zones.sync(
                domain,
                text,
                dry_run=not yes,
                force=force,
                verify=level,
                deadline=deadline,
                **options,
            )
        except PlanThresholdError as exc:
            refused = ZoneSyncResult(plan=exc.plan)
            printer.emit(
                refused.model_dump(mode="json"),
                lambda: _render(printer, refused, f"Plan for {domain} (refused)"),
            )
            fail(ctx, f"{type(exc).__name__}: {exc.message}", EXIT_FAILURE)
    if result.applied:
        title = f"Changes to {domain}"
    elif result.plan.empty:
        title = f"No changes to {domain}: the zone matches the file"
    else:
        title = f"Plan for {domain} (dry run)"
    printer.emit(result.model_dump(mode="json"), lambda: _render(printer, result, title))
    if not result.applied:
        if result.plan.refusals:
            printer.notice("Over a threshold: " + "; ".join(result.plan.refusals))
        if not result.plan.empty:
            printer.notice("Dry run: nothing was changed; run again with --yes to apply.")
        return
    if level != "none" and result.verified is not True:
        reasons = [c.reason for c in (result.api, result.dns) if c is not None and c.ok is not True]
        verdict = "not verified" if result.verified is False else "could not verify"
        fail(ctx, f"sync applied but {verdict}: {'; '.join(reasons)}", EXIT_FAILURE)
