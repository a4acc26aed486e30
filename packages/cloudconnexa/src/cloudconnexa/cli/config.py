"""`cloudconnexa export`, `plan` and `apply`: the tenant's configuration as a YAML document.

`plan` exits like `terraform plan -detailed-exitcode`: 0 no changes, 2 changes, 1 any error
(whatever the error, also a usage error found by the parser, since 2 means "changes" here).
`export` and `apply` follow the general exit-status table (docs/conventions.md); a prune
refused over the threshold and an apply stopped by a failed change exit 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from cloudconnexa.cli import _output
from cloudconnexa.cli._common import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    OutputOverride,
    handle_errors,
    state,
)
from cloudconnexa.cli._output import OutputFormat
from cloudconnexa.config import (
    Action,
    ApplyError,
    Change,
    DocumentError,
    Plan,
    apply,
    dump_document,
    export,
    load_document,
    plan,
)

#: `plan` exit status when the tenant differs from the document.
EXIT_CHANGES = 2

FileArgument = Annotated[
    Path,
    typer.Argument(
        metavar="FILE",
        help="The tenant document (YAML, as `cloudconnexa export` writes it; - for stdin).",
    ),
]


def _read(file: Path) -> dict[str, Any]:
    if str(file) != "-":
        return load_document(file)
    try:
        text = sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError("stdin is not UTF-8 text") from None
    return load_document(text)


def _detailed(run: Callable[[], int]) -> int:
    """Run a command body, turning every error status into 1 (Ctrl-C stays 130)."""
    try:
        return handle_errors(run)()
    except typer.Exit as exc:
        code = exc.exit_code
        if code in (EXIT_OK, EXIT_INTERRUPTED):
            return code
        return EXIT_FAILURE


def _summary(change: Change) -> str:
    if change.action is Action.UPDATE:
        return "; ".join(
            f"{f.field}: {json.dumps(f.before)} -> {json.dumps(f.after)}" for f in change.fields
        )
    if change.action is Action.CREATE:
        return ", ".join(k for k in change.item if k != "value") or json.dumps(change.item)
    return ""


def _rows(changes: tuple[Change, ...]) -> list[dict[str, Any]]:
    return [
        {
            "action": c.action.value,
            "kind": c.kind,
            "object": c.key if c.parent is None else f"{c.parent}/{c.key}",
            "changes": _summary(c),
        }
        for c in changes
    ]


def _show_plan(the_plan: Plan, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(the_plan.to_dict(), indent=2))
        return
    if not the_plan.has_changes:
        _output.note("No changes: the tenant matches the document.")
        return
    _output.emit_many(
        _rows(the_plan.changes), fmt, table_columns=("action", "kind", "object", "changes")
    )
    counts = the_plan.summary()
    _output.note(
        f"Plan: {counts['create']} to create, {counts['update']} to update, "
        f"{counts['delete']} to delete."
    )


def export_command(
    ctx: typer.Context,
    resources: Annotated[
        str | None,
        typer.Option(
            "--resources",
            metavar="KIND,...",
            help="Only these sections (user-groups, users, networks, hosts, access-groups, "
            "dns-records, location-contexts, device-postures, settings).",
        ),
    ] = None,
    output: OutputOverride = None,
) -> None:
    """Write the tenant's configuration to stdout as a YAML document (-o json: JSON)."""

    @handle_errors
    def run() -> None:
        kinds = resources.split(",") if resources is not None else None
        document = export(state(ctx).client(), kinds)
        if state(ctx).output is OutputFormat.json:
            typer.echo(json.dumps(document, indent=2))
        else:
            typer.echo(dump_document(document), nl=False)

    run()


def plan_command(ctx: typer.Context, file: FileArgument, output: OutputOverride = None) -> None:
    """Show what `apply FILE` would change; exit 0 no changes, 2 changes, 1 error."""

    def run() -> int:
        the_plan = plan(state(ctx).client(), _read(file))
        _show_plan(the_plan, state(ctx).output)
        return EXIT_CHANGES if the_plan.has_changes else EXIT_OK

    raise typer.Exit(_detailed(run))


def apply_command(
    ctx: typer.Context,
    file: FileArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    prune: Annotated[
        bool,
        typer.Option("--prune", help="Also delete what the document's sections do not hold."),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="With --prune: delete even more than 30 % of a kind."),
    ] = False,
    output: OutputOverride = None,
) -> None:
    """Make the tenant match FILE: creates and updates in place, deletes only with --prune."""
    fmt = state(ctx).output

    def run() -> int:
        client = state(ctx).client()
        the_plan = plan(client, _read(file))
        if fmt is not OutputFormat.json:
            _show_plan(the_plan, fmt)
        runnable = [c for c in the_plan.changes if prune or c.action is not Action.DELETE]
        if runnable and not yes:
            typer.confirm(f"Apply {len(runnable)} change(s)?", abort=True, err=True)

        def done(change: Change) -> None:
            if fmt is not OutputFormat.json:
                _output.note(f"{change.action.value}d {change.address}")

        try:
            result = apply(client, the_plan, prune=prune, force=force, on_change=done)
        except ApplyError as exc:
            if fmt is OutputFormat.json:
                failed = exc.result.failed
                typer.echo(
                    json.dumps(
                        {
                            "applied": [c.to_dict() for c in exc.result.applied],
                            "failed": failed.to_dict() if failed else None,
                            "error": str(exc),
                        },
                        indent=2,
                    )
                )
            raise
        if fmt is OutputFormat.json:
            typer.echo(
                json.dumps(
                    {
                        "applied": [c.to_dict() for c in result.applied],
                        "skipped": [c.to_dict() for c in result.skipped],
                    },
                    indent=2,
                )
            )
            return EXIT_OK
        if the_plan.has_changes:
            _output.note(f"Applied {len(result.applied)} change(s).")
        if result.skipped:
            _output.note(
                f"Skipped {len(result.skipped)} delete(s): pass --prune to delete what the "
                "document does not hold."
            )
        return EXIT_OK

    raise typer.Exit(handle_errors(run)())
