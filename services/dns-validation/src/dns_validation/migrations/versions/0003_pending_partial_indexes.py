"""Index PENDING rows only; record which client address requested each job.

Nearly every row of a long-running service is ACTIVE or EXPIRED, so an index over every row's
``expires_at`` or ``(status, next_check_at)`` makes the sweep and the claim read index entries
of rows they never touch. Both queries filter on ``status = 'PENDING'``: partial indexes
holding only those rows keep their cost proportional to the PENDING rows. PostgreSQL and SQLite
both support a ``WHERE`` clause on ``CREATE INDEX``.

``requested_by`` holds the client address of the request that created (or restarted) the row,
for the per-client cap of PENDING jobs (``MAX_PENDING_PER_CLIENT``), with a partial index too.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'PENDING'")


def upgrade() -> None:
    op.add_column("dns_requests", sa.Column("requested_by", sa.String(64), nullable=True))
    op.create_index(
        "ix_dns_requests_pending_client",
        "dns_requests",
        ["requested_by"],
        postgresql_where=PENDING,
        sqlite_where=PENDING,
    )
    op.drop_index("ix_dns_requests_status_next", table_name="dns_requests")
    op.drop_index("ix_dns_requests_expires_at", table_name="dns_requests")
    op.create_index(
        "ix_dns_requests_pending_next",
        "dns_requests",
        ["next_check_at"],
        postgresql_where=PENDING,
        sqlite_where=PENDING,
    )
    op.create_index(
        "ix_dns_requests_pending_expires",
        "dns_requests",
        ["expires_at"],
        postgresql_where=PENDING,
        sqlite_where=PENDING,
    )


def downgrade() -> None:
    op.drop_index("ix_dns_requests_pending_client", table_name="dns_requests")
    op.drop_column("dns_requests", "requested_by")
    op.drop_index("ix_dns_requests_pending_expires", table_name="dns_requests")
    op.drop_index("ix_dns_requests_pending_next", table_name="dns_requests")
    op.create_index("ix_dns_requests_expires_at", "dns_requests", ["expires_at"])
    op.create_index("ix_dns_requests_status_next", "dns_requests", ["status", "next_check_at"])
