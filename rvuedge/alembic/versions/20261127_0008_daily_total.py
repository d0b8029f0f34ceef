"""Per-user daily totals (exact integer sums) that the reports read; backfilled from the log.

Revision ID: 0008_daily_total
Revises: 0007_release_descriptors
Create Date: 2026-11-27 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_daily_total"
down_revision: str | None = "0007_release_descriptors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "daily_total",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("credited_micro", sa.BigInteger(), nullable=False),
        sa.Column("base_micro", sa.BigInteger(), nullable=False),
        sa.Column("work_value_e10", sa.BigInteger(), nullable=False),
        sa.Column("payment_cents", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "day"),
    )
    op.execute(
        "INSERT INTO daily_total (user_id, day, cases, lines, credited_micro, base_micro, "
        "work_value_e10, payment_cents) "
        "SELECT c.user_id, c.date_of_service, COUNT(DISTINCT c.id), COUNT(*), "
        "SUM(CAST(ROUND(l.credited_wrvu * 1000000) AS BIGINT)), "
        "SUM(CAST(ROUND(l.base_wrvu * 1000000) AS BIGINT)), "
        "SUM(CAST(ROUND(l.credited_wrvu * 1000000) AS BIGINT) "
        "    * CAST(ROUND(l.conversion_factor * 10000) AS BIGINT)), "
        "SUM(CAST(ROUND(l.estimated_payment * 100) AS BIGINT)) "
        "FROM logged_case c JOIN case_line l ON l.case_id = c.id "
        "WHERE c.deleted_at IS NULL GROUP BY c.user_id, c.date_of_service"
    )


def downgrade() -> None:
    op.drop_table("daily_total")
