"""Models of a zone sync: the plan of changes against the live zone, and its outcome."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .records import Record
from .responses import CheckResult

__all__ = ["ZoneChange", "ZoneFormat", "ZonePlan", "ZoneSyncResult"]

ZoneFormat = Literal["bind", "yaml", "json"]
"""Zone file formats: ``bind`` (RFC 1035 master file), ``yaml`` (octodns layout), ``json``."""


class ZoneChange(BaseModel):
    """One step of a zone sync plan.

    Attributes:
        action: ``"create"``, ``"update"`` (the record keeps its id; content or TTL change) or
            ``"delete"``.
        name: The owner name as an FQDN without trailing dot.
        type: The RRtype.
        content: The record data after the step (for a delete: the data removed), in the
            same normalised form as :attr:`Record.content`.
        ttl: TTL in seconds after the step (for a delete: the TTL removed).
        priority: MX/SRV priority, else None.
        record_id: The live record an update or delete acts on; None for a create.
        before: The live record as it was, for updates and deletes.
        reason: Why the step is needed, in a few words.
    """

    model_config = ConfigDict(frozen=True)

    action: Literal["create", "update", "delete"]
    name: str
    type: str
    content: str
    ttl: int
    priority: int | None = None
    record_id: str | None = None
    before: Record | None = None
    reason: str = ""


class ZonePlan(BaseModel):
    """What a sync would change, in the order it sends the changes.

    Attributes:
        zone: The zone name.
        changes: The steps, in sending order: deletes that make room for a CNAME, then
            creates, then updates, then the other deletes (so a replaced record set is
            created before the old values go).
        existing: Records of the live zone that the sync manages (apex NS, SOA and ignored
            records excluded); the base of the thresholds.
        unchanged: Records already as the file describes them.
        ignored: Live or file records left alone by the ignore list.
        creates: Number of creates.
        updates: Number of updates.
        deletes: Number of deletes.
        update_threshold: Largest share of ``existing`` that may be updated (0.3 = 30 %).
        delete_threshold: Largest share of ``existing`` that may be deleted.
        min_existing: Thresholds apply only to zones with at least this many managed records.
        refusals: Why the plan exceeds a threshold; empty when it may be applied.
    """

    model_config = ConfigDict(frozen=True)

    zone: str
    changes: list[ZoneChange] = Field(default_factory=list)
    existing: int = 0
    unchanged: int = 0
    ignored: int = 0
    creates: int = 0
    updates: int = 0
    deletes: int = 0
    update_threshold: float = 0.3
    delete_threshold: float = 0.3
    min_existing: int = 10
    refusals: list[str] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether the plan changes nothing."""
        return not self.changes


class ZoneSyncResult(BaseModel):
    """The outcome of :meth:`~dns_services_gateway.DNSServicesClient.zones` ``.sync``.

    Attributes:
        plan: The plan that was (or, in a dry run, would be) applied.
        applied: True when the changes were sent; False for a dry run or an empty plan.
        requests: API requests sent to apply the plan (writes only; reads excluded).
        verified: True when the re-read zone plans nothing and (with DNS verification) every
            authoritative nameserver serves the result; False when a check showed a
            difference; None when nothing was applied or a check could not run.
        api: The re-read check: the zone read after the changes, planned again, is empty.
        dns: The authoritative nameserver check, when requested.
    """

    model_config = ConfigDict(frozen=True)

    plan: ZonePlan
    applied: bool = False
    requests: int = 0
    verified: bool | None = None
    api: CheckResult | None = None
    dns: CheckResult | None = None
