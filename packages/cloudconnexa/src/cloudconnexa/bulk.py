"""Bulk import: create or update many users, routes or DNS records from rows (CSV or JSON).

The engine behind ``cloudconnexa users import``, ``routes import`` and ``dns-records import``,
usable from Python with the synchronous client::

    from cloudconnexa import CloudConnexaClient
    from cloudconnexa.bulk import KINDS, Journal, import_rows, read_rows

    with CloudConnexaClient.from_env() as client:
        rows = read_rows(Path("staff.csv"), KINDS["users"])
        with Journal(Path("staff.csv.journal")) as journal:
            report = import_rows(client, KINDS["users"], rows, journal)

One client (so one token), its throttle keeping the requests under the tenant's rate limit,
and a journal that lets a re-run skip the rows already done. Each row is matched by its
natural key (a user's username, a DNS record's domain, a route's subnet within its network)
against what the tenant holds: a new key is
created, a known one updated in place when a field differs, and left alone when none does.
Because the tenant's items are read before anything is written, a re-run after a crash never
creates an item twice, even for the row that was in flight when the process died.

A bad row (wrong field types, an answer of 400, 404, 409 or 422) is reported with its reason
and the run goes on, unless ``stop_on_error``.
"""

from __future__ import annotations

import csv
import io
import json
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from cloudconnexa._exceptions import APIStatusError, InvalidArgumentError
from cloudconnexa._resources import RESOURCES, Resource
from cloudconnexa._textfile import read_text

__all__ = ["KINDS", "ImportKind", "Importer", "Journal", "Report", "import_rows", "read_rows"]

#: Statuses whose failure belongs to the row (bad data), not to the run.
ROW_STATUSES = frozenset({400, 404, 409, 422})


@dataclass(frozen=True)
class ImportKind:
    """What one `import` command reads and where it goes.

    Attributes:
        resource: The resource's client attribute (``users``).
        row_key: The request field that holds the natural key (``username``, ``value``).
        parent_field: The row field naming the parent by id (``networkId``), if any.
        parent_name_field: The row field naming the parent by name (``network``), if any.
    """

    resource: str
    row_key: str
    parent_field: str | None = None
    parent_name_field: str | None = None

    @property
    def declared(self) -> Resource:
        """The resource's declaration."""
        return RESOURCES[self.resource]


#: The importable kinds by client attribute (``users``, ``dns_records`` and ``routes``).
KINDS = {
    "users": ImportKind("users", "username"),
    "dns_records": ImportKind("dns_records", "domain"),
    "routes": ImportKind("routes", "value", parent_field="networkId", parent_name_field="network"),
}


# ----------------------------------------------------------------------------- reading rows


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) is list:
        return True
    return any(_is_list(arg) for arg in typing.get_args(annotation))


def _takes_text(annotation: Any) -> bool:
    if annotation is str:
        return True
    if typing.get_origin(annotation) in (list, dict):
        return False
    return any(_takes_text(arg) for arg in typing.get_args(annotation))


def csv_value(model: type[BaseModel], column: str, text: str) -> Any:
    """Turn one CSV cell into the value of the field it names.

    Text fields take the text; list fields a JSON array or items separated by ``;``; the others
    JSON (``true``, ``3``).

    Args:
        model: The create model of the resource.
        column: The column name (API camelCase or snake_case).
        text: The cell.

    Returns:
        The value; an unknown column keeps its text.

    Raises:
        ValueError: The cell is not the JSON its field needs.
    """  # noqa: DOC502
    info = model.model_fields.get(column)
    if info is None:
        info = next((i for i in model.model_fields.values() if i.alias == column), None)
    if info is None or _takes_text(info.annotation):
        return text
    if _is_list(info.annotation):
        if text.lstrip().startswith("["):
            return json.loads(text)
        return [part.strip() for part in text.split(";") if part.strip()]
    return json.loads(text)


def read_rows(path: Path, kind: ImportKind) -> list[dict[str, Any]]:
    """Read the rows of a JSON array or a CSV file (with a header row).

    Args:
        path: The file; ``.json`` or a first non-blank character ``[`` means JSON.
        kind: What the rows are (``KINDS["users"]``); its create model types the CSV cells.

    Returns:
        One dict per row, in file order. A CSV row's empty cells are left out, and a cell
        that cannot be typed is kept as text (the row then fails validation, with its reason).

    Raises:
        InvalidArgumentError: The file cannot be read, is not UTF-8, is not valid JSON, or is
            a JSON value other than an array of objects.
    """
    model = kind.declared.create_model
    text = read_text(path, InvalidArgumentError, encoding="utf-8-sig")
    if path.suffix.lower() == ".json" or text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise InvalidArgumentError(f"{path} is not valid JSON: {exc}") from None
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            raise InvalidArgumentError(f"{path} must hold a JSON array of objects")
        return data
    rows = []
    for raw in csv.DictReader(io.StringIO(text)):
        row: dict[str, Any] = {}
        for column, cell in raw.items():
            if column is None or cell is None or cell == "":
                continue
            try:
                row[column.strip()] = csv_value(model, column.strip(), cell)
            except ValueError:
                row[column.strip()] = cell
        rows.append(row)
    return rows


# ----------------------------------------------------------------------------- the journal


class Journal:
    """The rows already done, one JSON line each, flushed after every row.

    A line is ``{"key": ..., "id": ..., "action": ...}``. The file survives the process being
    killed (each line is flushed to the operating system at once); after a power cut the
    last lines may be lost, which only costs a re-check of those rows.

    An ``OSError`` is raised when the journal cannot be read or opened for appending.

    Args:
        path: The journal file; created when missing.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.done: dict[str, str] = {}
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            lines = []
        for line in lines:
            try:
                entry = json.loads(line)
                self.done[str(entry["key"])] = str(entry["id"])
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a crash
        self._file = path.open("a", encoding="utf-8")

    def record(self, key: str, item_id: str, action: str) -> None:
        """Append one done row and flush it.

        Args:
            key: The row's journal key (its natural key, with the parent for routes).
            item_id: The id of the item created or updated.
            action: ``created``, ``updated`` or ``unchanged``.
        """
        self._file.write(json.dumps({"key": key, "id": item_id, "action": action}) + "\n")
        self._file.flush()
        self.done[key] = item_id

    def close(self) -> None:
        """Close the file."""
        self._file.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# ----------------------------------------------------------------------------- the run


@dataclass
class Report:
    """What an import did.

    Attributes:
        created: Items created.
        updated: Items updated in place.
        unchanged: Rows that matched an item with the same fields (no request).
        skipped: Rows the journal marked as done by an earlier run.
        failed: Rows refused, each ``{"row": n, "key": ..., "error": ...}`` (1-based row).
    """

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data.

        Returns:
            The counts, ``failed`` as a count, and the failures under ``failures``.
        """
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "failed": len(self.failed),
            "failures": self.failed,
        }


class Importer:
    """Create or update the rows of one kind through one client.

    Args:
        client: The API client (its throttle paces the requests).
        kind: What is imported.
    """

    def __init__(self, client: Any, kind: ImportKind) -> None:
        self.client = client
        self.kind = kind
        self.service = getattr(client, kind.resource)
        self._index: dict[str | None, dict[str, Any]] = {}
        self._networks: dict[str, str] | None = None

    def parent_of(self, row: dict[str, Any]) -> str | None:
        """Return the row's parent id (routes: ``networkId``, or ``network`` by name).

        Args:
            row: The row; the parent fields are removed from it.

        Returns:
            The parent id, or ``None`` for kinds without a parent.

        Raises:
            InvalidArgumentError: The parent is missing or no network has the name.
        """
        kind = self.kind
        if kind.parent_field is None:
            return None
        parent = row.pop(kind.parent_field, None)
        name = row.pop(kind.parent_name_field, None) if kind.parent_name_field else None
        if parent is None and name is not None:
            if self._networks is None:
                self._networks = {}
                for network in self.client.networks.list(page_size=1000):
                    self._networks.setdefault(network.name, network.id)
            parent = self._networks.get(name)
            if parent is None:
                raise InvalidArgumentError(f"no network is named {name!r}")
        if not isinstance(parent, str) or not parent:
            raise InvalidArgumentError(
                f"the row needs {kind.parent_field} (or {kind.parent_name_field}, a network name)"
            )
        return parent

    def existing(self, parent: str | None) -> dict[str, Any]:
        """Return the tenant's items (of one parent) by natural key, read once.

        Args:
            parent: The parent id, or ``None``.

        Returns:
            Natural key to item.
        """
        if parent not in self._index:
            filters = {} if parent is None else {"network_id": parent}
            key = self.kind.declared.key
            self._index[parent] = {
                getattr(item, key): item for item in self.service.list(page_size=1000, **filters)
            }
        return self._index[parent]

    def apply(self, row: dict[str, Any], parent: str | None, key: str) -> tuple[str, str]:
        """Create or update one row.

        Args:
            row: The request body (parent fields removed).
            parent: The parent id, or ``None``.
            key: The row's natural key.

        Returns:
            The action (``created``, ``updated`` or ``unchanged``) and the item's id.
        """
        declared = self.kind.declared
        items = self.existing(parent)
        current = items.get(key)
        parents = {} if parent is None else {"network_id": parent}
        if current is None:
            created = self.service.create(row, **parents)
            items[key] = created
            return "created", str(created.id)
        data = current.model_dump(mode="json", by_alias=True, exclude_none=True)
        updatable = {
            info.alias or name for name, info in declared.update_model.model_fields.items()
        }
        wanted = {k: v for k, v in row.items() if k in updatable}
        response_key = {self.kind.row_key: declared.key}
        if all(data.get(response_key.get(k, k)) == v for k, v in wanted.items()):
            return "unchanged", str(current.id)
        body = {k: v for k, v in data.items() if k in updatable}
        body.update(wanted)
        updated = self.service.update(current.id, body)
        items[key] = updated
        return "updated", str(updated.id)


def import_rows(
    client: Any,
    kind: ImportKind,
    rows: list[dict[str, Any]],
    journal: Journal,
    *,
    stop_on_error: bool = False,
    progress: Callable[[int, Report], None] = lambda done, report: None,
) -> Report:
    """Import ``rows``, skipping those the journal holds; return the report.

    Args:
        client: The API client.
        kind: What is imported.
        rows: The rows, as read from the file.
        journal: The journal of this file.
        stop_on_error: Stop at the first bad row instead of going on.
        progress: Called after each row with the rows handled so far and the report.

    Returns:
        The report.

    Raises:
        CloudConnexaError: A failure that is not about one row (authentication, rate limit
            after the retries, the network); the journal keeps what was done.
        OSError: The journal cannot be written.
    """  # noqa: DOC502, DOC503
    importer = Importer(client, kind)
    report = Report()
    for number, original in enumerate(rows, start=1):
        row = dict(original)
        key_value = row.get(kind.row_key)
        try:
            parent = importer.parent_of(row)
            if not isinstance(key_value, str) or not key_value:
                raise InvalidArgumentError(f"the row has no {kind.row_key}")
            journal_key = key_value if parent is None else f"{parent}/{key_value}"
            if journal_key in journal.done:
                report.skipped += 1
            else:
                action, item_id = importer.apply(row, parent, key_value)
                setattr(report, action, getattr(report, action) + 1)
                journal.record(journal_key, item_id, action)
        except (InvalidArgumentError, APIStatusError) as exc:
            if isinstance(exc, APIStatusError) and exc.status_code not in ROW_STATUSES:
                raise
            report.failed.append(
                {"row": number, "key": key_value, "error": f"{type(exc).__name__}: {exc}"}
            )
            if stop_on_error:
                progress(number, report)
                break
        progress(number, report)
    return report
