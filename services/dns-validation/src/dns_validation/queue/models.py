"""The ``dns_requests`` table.

The columns are the original service's, because another service (a Caddy on-demand-TLS "ask"
endpoint) reads ``target``, ``type``, ``status`` and ``expires_at`` directly. Two nullable
columns are added for the poller's lease: ``lease_owner`` (the claiming process) and
``lease_until`` (after which another process may claim the row again; always computed by the
database's clock, never by a host's); migration 0002 adds ``check_count`` (checks since the
last (re)start, for the backoff), ``degraded_since`` and ``consecutive_failures``
(verification of ACTIVE rows); migration 0003 adds ``requested_by``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from dns_validation.domain.checks import CHECK_TYPES

__all__ = ["STATUSES", "TYPE_CONSTRAINT", "UTCDateTime", "dns_requests", "metadata"]

STATUSES = ("PENDING", "ACTIVE", "EXPIRED", "FAILED", "CANCELLED")

#: ``type IN ('UI', 'EMAIL')``, derived from the check types; a migration must match it.
TYPE_CONSTRAINT = "type IN ({})".format(", ".join(f"'{name}'" for name in CHECK_TYPES))


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend.

    PostgreSQL stores ``timestamptz``; SQLite stores naive UTC text and gets UTC attached back.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        """Convert to UTC (naive for SQLite).

        Args:
            value: the timestamp to store, timezone-aware, or ``None``.
            dialect: the database dialect in use.

        Returns:
            ``None`` for ``None``; otherwise the value in UTC, without its time zone on SQLite.
        """
        if value is None:
            return None
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Attach UTC to naive values.

        Args:
            value: the stored value as the driver returns it (a ``datetime``) or ``None``.
            dialect: the database dialect in use.

        Returns:
            ``None`` for ``None``; otherwise the timestamp, timezone-aware in UTC.
        """
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData()

dns_requests = sa.Table(
    "dns_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("target", sa.String(253), nullable=False),
    sa.Column("type", sa.String(8), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("activated_at", UTCDateTime, nullable=True),
    sa.Column("last_checked_at", UTCDateTime, nullable=True),
    sa.Column("next_check_at", UTCDateTime, nullable=True),
    sa.Column("last_check_result_json", sa.Text, nullable=True),
    sa.Column("fail_reason", sa.Text, nullable=True),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("lease_owner", sa.String(64), nullable=True),
    sa.Column("lease_until", UTCDateTime, nullable=True),
    sa.Column("check_count", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("degraded_since", UTCDateTime, nullable=True),
    sa.Column("consecutive_failures", sa.Integer, nullable=False, server_default=sa.text("0")),
    # The client address of the request that created or restarted the row (0003).
    sa.Column("requested_by", sa.String(64), nullable=True),
    sa.UniqueConstraint("target", "type", name="uq_dns_requests_target_type"),
    sa.CheckConstraint(TYPE_CONSTRAINT, name="ck_dns_requests_type"),
    sa.Index("ix_dns_requests_status", "status"),
    # Partial: only PENDING rows, the ones the claim and the expiry sweep look at (0003).
    sa.Index(
        "ix_dns_requests_pending_next",
        "next_check_at",
        postgresql_where=sa.text("status = 'PENDING'"),
        sqlite_where=sa.text("status = 'PENDING'"),
    ),
    sa.Index(
        "ix_dns_requests_pending_client",
        "requested_by",
        postgresql_where=sa.text("status = 'PENDING'"),
        sqlite_where=sa.text("status = 'PENDING'"),
    ),
    sa.Index(
        "ix_dns_requests_pending_expires",
        "expires_at",
        postgresql_where=sa.text("status = 'PENDING'"),
        sqlite_where=sa.text("status = 'PENDING'"),
    ),
)
