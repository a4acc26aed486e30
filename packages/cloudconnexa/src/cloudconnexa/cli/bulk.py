"""`users import`, `routes import`, `dns-records import`: the commands over `cloudconnexa.bulk`.

The rows are read, matched and written by :mod:`cloudconnexa.bulk`; this module adds the
progress bar, the summary, the report in the `--output` format and the exit status (1 when a
row failed).
"""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from cloudconnexa import CloudConnexaError
from cloudconnexa.bulk import KINDS, ImportKind, Journal, import_rows, read_rows
from cloudconnexa.cli import _output
from cloudconnexa.cli._common import EXIT_FAILURE, OutputOverride, handle_errors, state


def make_command(kind: ImportKind) -> Callable[..., None]:
    """Build the `import` command of one kind.

    Args:
        kind: What the command imports.

    Returns:
        The command function, for ``group.command("import")``.
    """
    label = kind.declared.cli_name

    def import_command(
        ctx: typer.Context,
        file: Annotated[
            Path,
            typer.Argument(metavar="FILE", help="A CSV file with a header row, or a JSON array."),
        ],
        journal: Annotated[
            Path | None,
            typer.Option(
                "--journal", help="The journal of done rows (default: FILE.journal beside FILE)."
            ),
        ] = None,
        stop_on_error: Annotated[
            bool, typer.Option("--stop-on-error", help="Stop at the first bad row.")
        ] = False,
        output: OutputOverride = None,
    ) -> None:
        cli = state(ctx)
        rows = read_rows(file, kind)
        journal_path = journal or file.with_name(file.name + ".journal")
        done = Journal(journal_path)
        try:
            client = cli.client()
            with _output.progress(f"Importing {label}", cli.show_progress()) as update:
                report = import_rows(
                    client,
                    kind,
                    rows,
                    done,
                    stop_on_error=stop_on_error,
                    progress=lambda count, _report: update(count, len(rows)),
                )
        except KeyboardInterrupt:
            _output.note(
                f"Interrupted; run the same command again to go on (journal {journal_path})"
            )
            raise
        except CloudConnexaError:
            _output.note(f"Stopped; run the same command again to go on (journal {journal_path})")
            raise
        finally:
            done.close()
        for failure in report.failed:
            _output.note(f"row {failure['row']} ({failure['key']}): {failure['error']}")
        _output.note(
            f"{label} import: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.skipped} skipped (journal), "
            f"{len(report.failed)} failed"
        )
        _output.emit_one(report.as_dict(), cli.output)
        if report.failed:
            raise typer.Exit(EXIT_FAILURE)

    import_command.__doc__ = (
        f"Create or update {label} from a CSV file or a JSON array, matched by "
        f"{kind.declared.key}; a re-run skips the rows its journal holds."
    )
    return handle_errors(import_command)


def add_import(group: typer.Typer, resource: str) -> None:
    """Add the `import` command of ``resource`` to its command group.

    Args:
        group: The resource's command group.
        resource: The resource's client attribute.
    """
    group.command("import")(make_command(KINDS[resource]))
