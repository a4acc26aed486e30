"""Batch changes: the input shape, the plan and the per-change results."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .records import Record

__all__ = ["BatchResult", "ChangeResult", "PlannedChange", "RecordChange"]


class RecordChange(BaseModel):
    """One change in a batch; also the dict shape accepted by ``client.batch``.

    As a dict (YAML/JSON list item for ``dns-services records apply``)::

        {"action": "create", "domain": "example.com", "type": "A", "name": "www",
         "content": "192.0.2.1", "ttl": 3600}
        {"action": "update", "domain": "example.com", "type": "A", "name": "www",
         "match_content": "192.0.2.1", "content": "192.0.2.2"}
        {"action": "delete", "domain": "example.com", "type": "TXT", "name": "_acme-challenge",
         "content": "token"}                      # omit content to delete the whole record set
        {"action": "update", "domain": "example.com", "id": "406467", "type": "TXT",
         "name": "www", "content": "new"}
        {"action": "ensure", "domain": "example.com", "type": "A", "name": "www",
         "content": "192.0.2.1", "ttl": 300}      # create, or update the TTL/priority

    ``record_type`` is accepted as an alias of ``type``. Every change can be applied twice: a
    create of a record that is already there (same name, type, content, TTL and priority), an
    update whose result is already in the zone and an ``ensure`` that finds its record as asked
    send nothing and report ``unchanged``; a delete of a record that is not there reports
    ``absent`` with ``missing_ok`` (and fails without it).

    Attributes:
        action: ``create``, ``update``, ``delete`` or ``ensure`` (create the value, or update
            the TTL and priority of the record with that value so that it matches; a CNAME,
            of which a name holds one, is updated whatever its current target).
        domain: The zone name.
        type: The RRtype.
        name: Owner name: relative (``www``), absolute with a trailing dot
            (``www.example.com.``), a name ending in the zone name, or ``@``.
        content: The record data (for delete: which record of the set; omit for all).
        ttl: TTL in seconds (create default 3600; update keeps the current value).
        priority: MX/SRV priority.
        id: The record id, for update/delete of one known record.
        match_content: For update: the current content that selects the record in a set.
        new_name: For update: rename the record.
        missing_ok: For delete: succeed with ``absent`` when no record matches.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    action: Literal["create", "update", "delete", "ensure"]
    domain: str
    type: str
    name: str = "@"
    content: str | None = None
    ttl: int | None = None
    priority: int | None = None
    id: str | None = None
    match_content: str | None = None
    new_name: str | None = None
    missing_ok: bool = False

    @model_validator(mode="before")
    @classmethod
    def _aliases(cls, data: Any) -> Any:
        if isinstance(data, dict) and "record_type" in data:
            data = dict(data)
            value = data.pop("record_type")
            data.setdefault("type", value)
        if isinstance(data, dict) and isinstance(data.get("id"), int):
            data = {**data, "id": str(data["id"])}
        return data


class PlannedChange(BaseModel):
    """A change resolved against the zone's current state.

    Attributes:
        index: Position of the change in the input list.
        action: ``create``, ``update`` or ``delete``.
        domain: The zone name.
        type: The RRtype.
        name: The FQDN.
        content: The new content (create/update) or the content being deleted.
        ttl: The TTL that will be sent (create/update).
        priority: The priority that will be sent.
        record_ids: The existing records this change touches (update/delete).
        before: Those records as they are now.
    """

    model_config = ConfigDict(frozen=True)

    index: int
    action: Literal["create", "update", "delete"]
    domain: str
    type: str
    name: str
    content: str | None = None
    ttl: int | None = None
    priority: int | None = None
    record_ids: list[str] = Field(default_factory=list)
    before: list[Record] = Field(default_factory=list)


class ChangeResult(BaseModel):
    """The outcome of one change.

    Attributes:
        index: Position of the change in the input list.
        change: The change as given.
        status: ``"success"`` (sent), ``"unchanged"`` (the zone already holds the record
            as asked: nothing to send), ``"absent"`` (a delete with ``missing_ok`` found no
            record), ``"error"`` or ``"skipped"`` (after an earlier error with
            ``stop_on_error``, or in a dry run).
        record: The record after the change (create/update/ensure), once known; for
            ``unchanged``, the record already in the zone.
        verified: Whether the final zone read shows the change; None when not checked.
        error: The error message for ``status="error"``.
        error_type: The exception class name for ``status="error"``.
    """

    model_config = ConfigDict(frozen=True)

    index: int
    change: RecordChange
    status: Literal["success", "unchanged", "absent", "error", "skipped"]
    record: Record | None = None
    verified: bool | None = None
    error: str | None = None
    error_type: str | None = None


class BatchResult(BaseModel):
    """What ``client.batch`` planned and did.

    Attributes:
        dry_run: True when nothing was sent.
        plan: The requests the changes need (creates, updates, deletes) in order; a change
            that is already applied (``unchanged``, ``absent``) plans nothing.
        results: One result per input change, in input order.
        serials: Per zone, the SOA serial ``{"before": int, "after": int}``.
    """

    model_config = ConfigDict(frozen=True)

    dry_run: bool
    plan: list[PlannedChange] = Field(default_factory=list)
    results: list[ChangeResult] = Field(default_factory=list)
    serials: dict[str, dict[str, int | None]] = Field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no change failed."""
        return all(result.status != "error" for result in self.results)

    def counts(self) -> dict[str, int]:
        """Count the planned changes per action.

        Returns:
            ``{"create": n, "update": n, "delete": n}``, every key present (0 when unused).
        """
        out = {"create": 0, "update": 0, "delete": 0}
        for change in self.plan:
            out[change.action] += 1
        return out
