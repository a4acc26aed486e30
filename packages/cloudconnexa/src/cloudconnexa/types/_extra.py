"""Hand-written types: page containers and models the 1.1.0 document does not define."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import Field

from cloudconnexa.types._base import CloudConnexaModel

ItemT = TypeVar("ItemT")


@dataclass(frozen=True)
class Page(Generic[ItemT]):
    """One page of a page/size collection (cloudconnexa-api.md §4 envelope).

    Attributes:
        items: The page's items (``content`` in the API).
        page: The 0-based page number.
        size: The requested page size.
        total_elements: Items in the whole collection.
        total_pages: Pages in the whole collection (0 when it is empty).
    """

    items: list[ItemT]
    page: int
    size: int
    total_elements: int
    total_pages: int

    def __iter__(self) -> Iterator[ItemT]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class CursorPage(Generic[ItemT]):
    """One batch of a cursor-walked collection (sessions, audit log).

    Attributes:
        items: The batch's items.
        next_cursor: The cursor of the next batch; ``None`` on the last one.
    """

    items: list[ItemT]
    next_cursor: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Iterator[ItemT]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class PageEnvelope(CloudConnexaModel):
    """The raw page envelope ``{content, totalElements, totalPages, page, size, ...}``."""

    content: list[Any] = Field(default_factory=list)
    total_elements: int | None = Field(None, alias="totalElements")
    total_pages: int | None = Field(None, alias="totalPages")
    number_of_elements: int | None = Field(None, alias="numberOfElements")
    page: int | None = None
    size: int | None = None


class DnsResolution(CloudConnexaModel):
    """One item of ``GET /api/v1/dns-log/user-dns-resolutions/page``.

    The 1.1.0 document declares no schema for it; the fields come from the API docs
    (cloudconnexa-api.md §6, DNS log).
    """

    time: str | None = None
    domain: str | None = None
    member_id: str | None = Field(None, alias="memberId")
    internal_domain: bool | None = Field(None, alias="internalDomain")
    allowed_count: int | None = Field(None, alias="allowedCount")
    blocked_count: int | None = Field(None, alias="blockedCount")
    failed_count: int | None = Field(None, alias="failedCount")


class AuditLogEntry(CloudConnexaModel):
    """One entry of ``GET /api/v1/audit-log`` (API 1.2.0+, not in the 1.1.0 document).

    Only the commonly present fields are declared; everything else is kept in ``model_extra``.
    """

    id: str | None = None
    timestamp: str | None = None
    initiator_id: str | None = Field(None, alias="initiatorId")
    action: str | None = None
