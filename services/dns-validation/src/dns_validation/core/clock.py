"""The service's clock and its timestamp text.

Every layer asks :func:`utcnow` for the time, so that tests can pass a clock of their own where
a component takes one (the poller does), and formats timestamps with :func:`iso`, the API's
form.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["iso", "utcnow"]


def utcnow() -> datetime:
    """The current time, timezone-aware UTC.

    Returns:
        ``datetime.now(UTC)``.
    """
    return datetime.now(UTC)


def iso(value: datetime | None) -> str | None:
    """Format a UTC timestamp as the API does: ``2026-01-30T08:10:18.770Z``.

    Args:
        value: an aware datetime, or ``None``.

    Returns:
        ISO 8601 text with milliseconds and ``Z``, or ``None``.
    """
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
