"""Request and response models; they document the API in ``/openapi.json``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr, create_model

from dns_validation.domain.checks import CHECK_TYPES, JobType

__all__ = [
    "CancelledJob",
    "CheckDNSResponse",
    "ErrorBody",
    "JobView",
    "MissingItem",
    "RequestCreated",
    "ServerResult",
    "Summary",
    "TargetRequest",
]


class TargetRequest(BaseModel):
    """Body of ``POST /request/ui`` and ``POST /request/email``: exactly one key, ``target``."""

    model_config = ConfigDict(extra="forbid")

    target: StrictStr = Field(examples=["example.com"], description="The domain to validate.")


class RequestCreated(BaseModel):
    """Answer of a POST: 202 PENDING, or 200 ACTIVE when DNS is already right."""

    id: int
    target: str
    type: JobType
    status: Literal["PENDING", "ACTIVE"]
    expires_at: str


class CancelledJob(BaseModel):
    """Answer of ``DELETE /api/requests/{target}``."""

    id: int
    target: str
    type: Literal["UI", "EMAIL"]
    status: Literal["CANCELLED"]
    updated_at: str


class ErrorBody(BaseModel):
    """Every error answer."""

    error: str
    message: str | None = None
    target: str | None = None


class ServerResult(BaseModel):
    """What one server returned for one requirement."""

    server: str = Field(description="The resolver(s) or the authoritative server asked.")
    ok: bool
    found: list[Any]
    error: str | None = Field(description="A transient DNS error at this server.")


class MissingItem(BaseModel):
    """One requirement with what DNS returned."""

    key: str = Field(
        pattern=r"^(CNAME|MX|SPF|DMARC|DKIM:[a-z0-9.-]+)$",
        description="The requirement: CNAME, MX, SPF, DMARC or DKIM:<selector>.",
    )
    type: Literal["CNAME", "MX", "TXT"] = Field(description="RRtype of the record to create.")
    name: str = Field(description="Owner name (FQDN) of the record to create.")
    expected: Any
    found: list[Any]
    ok: bool
    found_truncated: bool | None = None
    checked: bool | None = Field(
        None,
        description="false when no DNS lookup stands behind this item (the GET check was"
        " throttled or failed); absent otherwise.",
    )
    reason: str | None = Field(None, description="Why the item is not ok.")
    servers: list[ServerResult] | None = Field(
        None, description="Per server asked (DNS_CHECK_MODE): its own result."
    )
    error: str | None = Field(None, description="A transient DNS error; the job stays PENDING.")


class JobView(BaseModel):
    """One job in the GET answer."""

    status: Literal["PENDING", "ACTIVE", "EXPIRED", "FAILED", "CANCELLED"]
    id: int
    created_at: str
    expires_at: str
    last_checked_at: str | None
    next_check_at: str | None
    degraded_since: str | None = Field(
        description="When re-checks of this ACTIVE job started failing (null: they pass)."
    )
    consecutive_failures: int = Field(description="Failed re-checks of an ACTIVE job in a row.")
    missing: list[MissingItem]


# The per-type fields of the GET answer come from the check types: ``has_<slug>`` in the
# summary and ``<slug>`` (a job view or null) at the top level.
_STATUS = Literal["PENDING", "ACTIVE", "EXPIRED", "FAILED", "CANCELLED", "MIXED"]
_SLUGS = [kind.slug for kind in CHECK_TYPES.values()]
_summary_fields: dict[str, Any] = {f"has_{slug}": (bool, ...) for slug in _SLUGS}
_summary_fields.update(
    overall_status=(_STATUS, ...),
    expires_at_min=(str | None, ...),
    last_checked_at_max=(str | None, ...),
    next_check_at_min=(str | None, ...),
)
Summary = create_model("Summary", __doc__="Every job of the target summarised.", **_summary_fields)
_response_fields: dict[str, Any] = {
    "target": (str, ...),
    "normalized_target": (str, ...),
    "summary": (Summary, ...),
}
_response_fields.update({slug: (JobView | None, ...) for slug in _SLUGS})
CheckDNSResponse = create_model(
    "CheckDNSResponse",
    __doc__="Answer of ``GET /api/checkdns/{target}``: one view per check type.",
    **_response_fields,
)
