"""Add the check schedule and the verification-after-ACTIVE columns.

``check_count``: checks since the job was created, restarted or rechecked (the exponent of
``DNS_BACKOFF=exponential``). ``degraded_since`` and ``consecutive_failures``: an ACTIVE job
whose records stopped passing, and how many re-checks in a row failed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    zero = sa.text("0")
    op.add_column(
        "dns_requests", sa.Column("check_count", sa.Integer, nullable=False, server_default=zero)
    )
    op.add_column(
        "dns_requests", sa.Column("degraded_since", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "dns_requests",
        sa.Column("consecutive_failures", sa.Integer, nullable=False, server_default=zero),
    )


def downgrade() -> None:
    with op.batch_alter_table("dns_requests") as batch:
        batch.drop_column("consecutive_failures")
        batch.drop_column("degraded_since")
        batch.drop_column("check_count")
