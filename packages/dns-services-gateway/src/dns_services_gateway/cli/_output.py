"""Everything the CLI prints: JSON (the stable contract), rich tables, errors, progress.

This is the only module of the package that imports rich.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Literal

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

__all__ = ["OutputFormat", "Printer"]

OutputFormat = Literal["table", "json"]


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(item) for item in value) or "-"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_cell(v)}" for k, v in value.items()) or "-"
    return str(value)


class Printer:
    """Renders command results as JSON or as tables for humans.

    Args:
        output: ``"json"`` prints one JSON document per command on stdout (the stable,
            machine-readable contract); ``"table"`` prints rich tables.
    """

    def __init__(self, output: OutputFormat) -> None:
        self.output = output
        self._out = Console(soft_wrap=True, highlight=False)
        self._err = Console(stderr=True, soft_wrap=True, highlight=False)

    @property
    def is_json(self) -> bool:
        """Whether JSON output was chosen."""
        return self.output == "json"

    def json(self, data: Any) -> None:
        """Write ``data`` as indented JSON on stdout (plain text, no colour codes)."""
        sys.stdout.write(json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")
        sys.stdout.flush()

    def table(
        self,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        title: str | None = None,
    ) -> None:
        """Print rows under column headings."""
        table = Table(title=title, show_lines=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(_cell(value) for value in row))
        self._out.print(table)

    def fields(self, data: Mapping[str, Any], *, title: str | None = None) -> None:
        """Print a mapping as a two-column table of field and value."""
        self.table(["field", "value"], [(key, value) for key, value in data.items()], title=title)

    def emit(self, data: Any, render: Callable[[], None]) -> None:
        """Print ``data`` as JSON, or call ``render`` to draw the table form."""
        if self.is_json:
            self.json(data)
        else:
            render()

    def message(self, text: str) -> None:
        """Print a line for humans (table mode only; JSON mode stays machine-readable)."""
        if not self.is_json:
            self._out.print(text, markup=False)

    def error(self, text: str) -> None:
        """Print a one-line error on stderr as ``Error: <text>``."""
        line = " ".join(text.split())
        self._err.print(f"Error: {line}", markup=False, highlight=False, soft_wrap=True)

    def notice(self, text: str) -> None:
        """Print a line for humans on stderr, in every output format (never machine output)."""
        self._err.print(text, markup=False, highlight=False, soft_wrap=True)

    @contextlib.contextmanager
    def progress(self, total: int, description: str) -> Iterator[Callable[[int], None]]:
        """Show a progress bar on stderr; yields ``advance(steps)``.

        The bar is hidden in JSON mode; when stderr is not a terminal, only its final state
        is printed (one line).
        """
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self._err,
            disable=self.is_json,
            transient=False,
        )
        with progress:
            task = progress.add_task(description, total=total)

            def advance(steps: int) -> None:
                progress.advance(task, steps)

            yield advance
