"""Request and response models; they document the API in ``/openapi.json``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

__all__ = [
    "CancelledJob",
    "CheckDNSResponse",
    "ErrorBody",
    "JobView",
    "MissingItem",
    "RequestCreated",
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
    type: Literal["UI", "EMAIL"]
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


class MissingItem(BaseModel):
    """One requirement with what DNS returned."""

    key: Literal["CNAME", "MX", "SPF", "DMARC"]
    type: Literal["CNAME", "MX", "TXT"] = Field(description="RRtype of the record to create.")
    name: str = Field(description="Owner name (FQDN) of the record to create.")
    expected: Any
    found: list[Any]
    ok: bool
    found_truncated: bool | None = None
    reason: str | None = Field(None, description="Why the item is not ok.")
    error: str | None = Field(None, description="A transient DNS error; the job stays PENDING.")


class JobView(BaseModel):
    """One job in the GET answer."""

    status: Literal["PENDING", "ACTIVE", "EXPIRED", "FAILED", "CANCELLED"]
    id: int
    created_at: str
    expires_at: str
    last_checked_at: str | None
    next_check_at: str | None
    missing: list[MissingItem]


class Summary(BaseModel):
    """Both jobs summarised."""

    has_ui: bool
    has_email: bool
    overall_status: Literal["PENDING", "ACTIVE", "EXPIRED", "FAILED", "CANCELLED", "MIXED"]
    expires_at_min: str | None
    last_checked_at_max: str | None
    next_check_at_min: str | None


class CheckDNSResponse(BaseModel):
    """Answer of ``GET /api/checkdns/{target}``."""

    target: str
    normalized_target: str
    summary: Summary
    ui: JobView | None
    email: JobView | None
