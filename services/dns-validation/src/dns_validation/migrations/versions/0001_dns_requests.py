"""Create dns_requests with the original's columns plus the poller's lease.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    ts = sa.DateTime(timezone=True)
    op.create_table(
        "dns_requests",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("target", sa.String(253), nullable=False),
        sa.Column("type", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("updated_at", ts, nullable=False),
        sa.Column("activated_at", ts, nullable=True),
        sa.Column("last_checked_at", ts, nullable=True),
        sa.Column("next_check_at", ts, nullable=True),
        sa.Column("last_check_result_json", sa.Text, nullable=True),
        sa.Column("fail_reason", sa.Text, nullable=True),
        sa.Column("expires_at", ts, nullable=False),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_until", ts, nullable=True),
        sa.UniqueConstraint("target", "type", name="uq_dns_requests_target_type"),
        sa.CheckConstraint("type IN ('UI', 'EMAIL')", name="ck_dns_requests_type"),
    )
    op.create_index("ix_dns_requests_status", "dns_requests", ["status"])
    op.create_index("ix_dns_requests_expires_at", "dns_requests", ["expires_at"])
    op.create_index("ix_dns_requests_status_next", "dns_requests", ["status", "next_check_at"])


def downgrade() -> None:
    op.drop_table("dns_requests")
