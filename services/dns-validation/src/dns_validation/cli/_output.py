"""Terminal output for the CLI; the only module allowed to import rich."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["print_check", "print_error", "print_json", "print_line"]


def _text(value: Any) -> str:
    if isinstance(value, dict) and {"host", "priority"} <= value.keys():
        return f"{value['priority']} {value['host']}"
    if isinstance(value, dict) and {"exchange", "priority"} <= value.keys():
        return f"{value['priority']} {value['exchange']}"
    return str(value)


def print_check(target: str, job_type: str, ok: bool, missing: list[dict[str, Any]]) -> None:
    """Print a check as a table of expected vs found.

    Args:
        target: the normalised target.
        job_type: ``UI`` or ``EMAIL``.
        ok: whether every requirement is met.
        missing: the findings.
    """
    table = Table(title=f"{job_type} check of {target}: {'OK' if ok else 'NOT OK'}")
    for column in ("Item", "Record", "Expected", "Found", "OK"):
        table.add_column(column)
    for item in missing:
        found = "\n".join(_text(v) for v in item["found"]) or "-"
        if item.get("found_truncated"):
            found += "\n(truncated)"
        if "error" in item:
            found = f"error: {item['error']}"
        elif not item["ok"] and item.get("reason"):
            found += f"\n({item['reason']})"
        table.add_row(
            item["key"],
            f"{item['name']} {item['type']}",
            _text(item["expected"]),
            found,
            "[green]yes[/green]" if item["ok"] else "[red]no[/red]",
        )
    Console().print(table)


def print_json(data: Any) -> None:
    """Print ``data`` as JSON on standard output (the stable machine format).

    Args:
        data: JSON-ready data.
    """
    Console(soft_wrap=True).print_json(json.dumps(data))


def print_line(text: str) -> None:
    """Print one plain line on standard output.

    Args:
        text: the line.
    """
    Console(soft_wrap=True, highlight=False).print(text, markup=False)


def print_error(text: str) -> None:
    """Print one line on standard error.

    Args:
        text: the message.
    """
    Console(stderr=True, soft_wrap=True, highlight=False).print(f"error: {text}", markup=False)
