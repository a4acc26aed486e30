"""Everything the CLI writes: tables, JSON, CSV, raw text, progress bars and error lines.

This is the only module that imports rich. JSON output is the stable machine contract (one
JSON document on stdout); tables are for humans; CSV has one header row and one row per item,
with nested values JSON-encoded.
"""

from __future__ import annotations

import csv
import json
import sys
import typing
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text


class OutputFormat(StrEnum):
    """The `--output` choices."""

    table = "table"
    json = "json"
    csv = "csv"


def as_data(value: Any) -> Any:
    """Turn models (and lists of them) into JSON-ready data in the API's camelCase shape."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, list | tuple):
        return [as_data(v) for v in value]
    if isinstance(value, dict):
        return {k: as_data(v) for k, v in value.items()}
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, separators=(",", ":"))


def _is_scalar_type(annotation: Any) -> bool:
    """Whether a model field holds a scalar (not a list, mapping or nested model)."""
    origin = typing.get_origin(annotation)
    if origin in (list, dict, tuple, set, frozenset):
        return False
    if origin is not None:  # a union such as `str | None` or `Annotated[...]`
        return all(_is_scalar_type(arg) for arg in typing.get_args(annotation) if arg is not None)
    return not (isinstance(annotation, type) and issubclass(annotation, BaseModel))


def _columns(first: Any, data: dict[str, Any]) -> list[str]:
    """The columns of a listing: the scalar fields of the first item's model.

    For a model every scalar field counts, also the ones the first item leaves empty (an
    active session has no end time, a network may have no description), so that later items
    do not lose them; for plain dicts, the scalar keys of the first one.
    """
    if isinstance(first, BaseModel):
        columns = [
            info.alias or name
            for name, info in type(first).model_fields.items()
            if _is_scalar_type(info.annotation)
        ]
        extra = first.model_extra or {}
        columns += [k for k, v in extra.items() if not isinstance(v, dict | list)]
        if columns:
            return columns
    scalars = [k for k, v in data.items() if not isinstance(v, dict | list)]
    return scalars or list(data)


def _stdout() -> Console:
    # Resolved at call time so that CliRunner's captured stdout is used.
    return Console(file=sys.stdout, soft_wrap=True, width=None if sys.stdout.isatty() else 200)


def emit_many(
    items: Iterable[Any], fmt: OutputFormat, *, table_columns: Sequence[str] | None = None
) -> int:
    """Write a stream of items; return how many were written.

    JSON and CSV are streamed item by item, so memory stays flat for long listings; a table is
    collected first. A table shows ``table_columns`` when given (for wide items such as
    sessions), else the scalar fields of the first item.
    """
    count = 0
    if fmt is OutputFormat.json:
        typer.echo("[", nl=False)
        for item in items:
            typer.echo(("," if count else "") + "\n  " + json.dumps(as_data(item)), nl=False)
            count += 1
        typer.echo("\n]" if count else "]")
        return count
    if fmt is OutputFormat.csv:
        writer: csv.DictWriter[str] | None = None
        for item in items:
            data = as_data(item)
            if writer is None:
                writer = csv.DictWriter(
                    sys.stdout,
                    fieldnames=_columns(item, data),
                    extrasaction="ignore",
                    lineterminator="\n",
                )
                writer.writeheader()
            writer.writerow({k: _cell(v) for k, v in data.items()})
            count += 1
        return count
    first: Any = None
    rows = []
    for item in items:
        if first is None:
            first = item
        rows.append(as_data(item))
    if not rows:
        _stdout().print("(no items)")
        return 0
    columns = list(table_columns) if table_columns else _columns(first, rows[0])
    table = Table(*columns, show_lines=False, header_style="bold")
    for row in rows:
        table.add_row(*(Text(_cell(row.get(c))) for c in columns))
    _stdout().print(table)
    return len(rows)


def emit_one(value: Any, fmt: OutputFormat) -> None:
    """Write one object (or scalar)."""
    data = as_data(value)
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(data, indent=2))
        return
    if not isinstance(data, dict):
        typer.echo(_cell(data))
        return
    if fmt is OutputFormat.csv:
        emit_many([data], fmt)
        return
    table = Table("field", "value", header_style="bold")
    for key, item in data.items():
        table.add_row(Text(key), Text(_cell(item)))
    _stdout().print(table)


def emit_text(text: str) -> None:
    """Write raw text (a profile, a URL) exactly as received."""
    typer.echo(text, nl=not text.endswith("\n"))


def note(message: str) -> None:
    """Write an informational line to stderr (never part of the machine output).

    The text is printed literally: brackets in ids or names are not rich markup.
    """
    Console(file=sys.stderr, highlight=False, soft_wrap=True).print(Text(message))


def error(message: str) -> None:
    """Write the one-line error to stderr.

    The message is printed literally, so the per-field details of a validation error
    (``[field: problem]``) are not swallowed as rich markup.
    """
    first_line = " ".join(message.split())
    Console(file=sys.stderr, highlight=False, soft_wrap=True).print(
        Text.assemble(("Error:", "bold red"), " ", first_line)
    )


@contextmanager
def progress(label: str, enabled: bool) -> Iterator[Any]:
    """Show a progress bar on stderr while a listing is fetched.

    Yields:
        A callable `update(done, total)`; it does nothing when the bar is disabled.
    """
    if not enabled:
        yield lambda done, total: None
        return
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr, force_terminal=True),
        transient=True,
    )
    task = bar.add_task(label, total=None)
    with bar:
        yield lambda done, total: bar.update(task, completed=done, total=total)


def stderr_is_terminal() -> bool:
    """Return whether stderr is an interactive terminal (progress bars are shown there)."""
    return sys.stderr.isatty()
