"""Services walked by cursor: sessions (``connections``) and the audit log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Literal

from cloudconnexa._async._crud import (
    API,
    AsyncService,
)
from cloudconnexa._async._pagination import AsyncCursorPager
from cloudconnexa._exceptions import InvalidArgumentError
from cloudconnexa._params import (
    MAX_LOOKBACK,
    as_datetime,
    check_range,
    format_instant,
)
from cloudconnexa.types import (
    AuditLogEntry,
    SessionResponse,
)

SessionStatus = Literal["ACTIVE", "COMPLETED", "FAILED"]


class AsyncConnectionsService(AsyncService):
    """VPN sessions (``GET /api/v1/sessions``, walked by cursor)."""

    def list(
        self,
        *,
        start_date: datetime | str | None = None,
        end_date: datetime | str | None = None,
        status: SessionStatus | None = None,
        return_only_new: bool | None = None,
        size: int = 100,
    ) -> AsyncCursorPager[SessionResponse]:
        """Iterate over sessions lazily, batch by batch.

        Args:
            start_date: Earliest session start (API default: now - 1 day; at most 30 days
                back).
            end_date: Latest session start.
            status: ``ACTIVE``, ``COMPLETED`` or ``FAILED``.
            return_only_new: Ask the API not to repeat sessions across batches.
            size: Sessions per batch, 1..100.

        Raises:
            InvalidArgumentError: An unknown status, ``size`` out of range, a date that is not
                an ISO instant, ``start_date`` more than 30 days back, or ``end_date`` before
                ``start_date``; nothing is sent.

        Returns:
            A lazy :class:`~cloudconnexa._async._pagination.AsyncCursorPager` of
            ``SessionResponse`` items; nothing is sent until it is iterated. Iterating sends the
            page requests and raises what they meet: ``AuthenticationError``, ``APIError``
            subclasses, ``APIConnectionError`` or ``APIResponseValidationError``.
        """  # noqa: DOC503
        if status is not None and status not in ("ACTIVE", "COMPLETED", "FAILED"):
            raise InvalidArgumentError(
                f"status must be ACTIVE, COMPLETED or FAILED, got {status!r}"
            )
        start = format_instant(start_date, "start_date", max_age=MAX_LOOKBACK)
        end = format_instant(end_date, "end_date")
        if start is not None and end is not None and end < start:
            raise InvalidArgumentError(f"end_date {end} is before start_date {start}")
        params: Mapping[str, Any] = {
            "startDate": start,
            "endDate": end,
            "status": status,
            "returnOnlyNew": return_only_new,
            "size": check_range(size, "size", 1, 100),
        }
        return AsyncCursorPager(
            self._client, f"{API}/sessions", "sessions", SessionResponse.model_validate, params
        )


class AsyncAuditLogsService(AsyncService):
    """The audit log (``GET /api/v1/audit-log``, API 1.2.0+; not in the 1.1.0 document).

    A tenant that does not serve it answers 404, raised as ``NotSupportedError``.
    """

    def list(
        self,
        *,
        start_date: datetime | str,
        end_date: datetime | str,
        initiator_id: str | None = None,
        size: int = 100,
    ) -> AsyncCursorPager[AuditLogEntry]:
        """Iterate over audit entries in a window of at most 24 hours.

        Args:
            start_date: Start of the window: a datetime or an ISO 8601 instant (naive values
                are UTC).
            end_date: End of the window, at most 24 hours after ``start_date``.
            initiator_id: Only entries caused by this user or API client.
            size: Entries per batch, 1..100.

        Returns:
            A lazy :class:`~cloudconnexa._async._pagination.AsyncCursorPager` of
            :class:`~cloudconnexa.types.AuditLogEntry` items; nothing is sent until it is
            iterated. Iterating raises ``NotSupportedError`` when the tenant does not serve the
            audit log (API before 1.2.0), and otherwise the errors of any request
            (``AuthenticationError``, ``APIError`` subclasses, ``APIConnectionError``,
            ``APIResponseValidationError``).

        Raises:
            InvalidArgumentError: The window is longer than 24 hours or reversed, a date is
                not an ISO instant, or ``size`` is out of range; nothing is sent.
        """
        start, end = as_datetime(start_date), as_datetime(end_date)
        if (
            start is not None
            and end is not None
            and not (timedelta(0) <= end - start <= timedelta(hours=24))
        ):
            raise InvalidArgumentError(
                "the audit-log window (end_date - start_date) must be between 0 and 24 hours"
            )
        params = {
            "startDate": format_instant(start_date, "start_date"),
            "endDate": format_instant(end_date, "end_date"),
            "initiatorId": initiator_id,
            "size": check_range(size, "size", 1, 100),
        }
        return AsyncCursorPager(
            self._client,
            f"{API}/audit-log",
            "auditLogs",
            AuditLogEntry.model_validate,
            params,
            not_supported=(
                "this tenant does not serve the audit log (GET /api/v1/audit-log needs API 1.2.0+)"
            ),
        )
