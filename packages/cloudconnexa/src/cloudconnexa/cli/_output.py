"""Everything the CLI writes: tables, JSON, CSV, raw text, progress bars and error lines.

This is the only module that imports rich. JSON output is the stable machine contract (one
JSON document on stdout); tables are for humans; CSV has one header row and one row per item,
with nested values JSON-encoded.
"""

from __future__ import annotations

import csv
import io
import json
import os
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

    Every format is streamed, so memory stays flat for long listings: JSON and CSV item by
    item; a table of up to ``TABLE_BUFFER`` rows is drawn as one rich table, and a longer one
    is written as plain aligned columns sized from its first ``TABLE_BUFFER`` rows. A table
    shows ``table_columns`` when given (for wide items such as sessions), else the scalar
    fields of the first item.

    Args:
        items: The items (models or dicts), read once.
        fmt: The output format.
        table_columns: The columns of a table (default: from the first item).

    Returns:
        How many items were written.
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
    # A table: the first TABLE_BUFFER rows are kept to size the columns. A listing that ends
    # there is drawn as one rich table; a longer one is streamed as aligned plain columns, so
    # that memory stays flat and rows appear as the pages arrive.
    stream = iter(items)
    columns: list[str] | None = list(table_columns) if table_columns else None
    buffered: list[list[str]] = []
    for item in stream:
        data = as_data(item)
        if columns is None:
            columns = _columns(item, data)
        buffered.append([_cell(data.get(c)) for c in columns])
        if len(buffered) >= TABLE_BUFFER:
            break
    if columns is None or not buffered:
        _stdout().print("(no items)")
        return 0
    if len(buffered) < TABLE_BUFFER:
        table = Table(*columns, show_lines=False, header_style="bold")
        for cells in buffered:
            table.add_row(*(Text(cell) for cell in cells))
        _stdout().print(table)
        return len(buffered)
    return _stream_table(columns, buffered, stream)


#: Rows kept before a table listing switches to streaming (see :func:`emit_many`).
TABLE_BUFFER = 1000
#: Widest column of a streamed table; longer cells are written whole and shift the row.
STREAM_COLUMN_MAX = 60


def _stream_table(columns: list[str], buffered: list[list[str]], rest: Iterator[Any]) -> int:
    """Write a long table as plain aligned columns sized from its first rows.

    Args:
        columns: The column names (the API's camelCase field names).
        buffered: The cells of the first rows, already read.
        rest: The remaining items, written as they arrive.

    Returns:
        How many rows were written.
    """
    widths = [
        min(STREAM_COLUMN_MAX, max(len(name), *(len(row[i]) for row in buffered)))
        for i, name in enumerate(columns)
    ]

    def line(cells: Sequence[str]) -> str:
        return (
            "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()
            + "\n"
        )

    out = sys.stdout
    out.write(line(columns))
    out.write(line(["-" * width for width in widths]))
    out.write("".join(line(cells) for cells in buffered))
    count = len(buffered)
    chunk: list[str] = []
    for item in rest:
        data = as_data(item)
        chunk.append(line([_cell(data.get(c)) for c in columns]))
        count += 1
        if len(chunk) >= 500:
            out.write("".join(chunk))
            chunk.clear()
    out.write("".join(chunk))
    out.flush()
    return count


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


def silence_stdout() -> None:
    """Point stdout at ``/dev/null`` after its reader went away (a broken pipe).

    Later writes, and the interpreter's final flush, then go nowhere instead of raising
    ``BrokenPipeError`` again (which would print "Exception ignored" and exit 120).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        # Not a real file descriptor (a test runner's buffer): nothing to redirect.
        pass


def stderr_is_terminal() -> bool:
    """Return whether stderr is an interactive terminal (progress bars are shown there)."""
    return sys.stderr.isatty()
