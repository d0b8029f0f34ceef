"""The daily rollup keeps work-only value in cents rounded per line, as payments are (issue 21):
one rounding rule, so the months of a report add up to its year in every document.

The rollup is derived from the log, so the table is rebuilt from the lines rather than altered.

Revision ID: 0024_work_value_cents
Revises: 0023_groups
Create Date: 2026-12-02 06:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024_work_value_cents"
down_revision: str | None = "0023_groups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CREDITED = "CAST(ROUND(l.credited_wrvu * 1000000) AS BIGINT)"
_CF = "CAST(ROUND(l.conversion_factor * 10000) AS BIGINT)"
# Millionths x ten-thousandths are 1e-10 dollars; half a cent added, then integer division.
_LINE_CENTS = f"(({_CREDITED} * {_CF} + 50000000) / 100000000)"
_EXACT_E10 = f"({_CREDITED} * {_CF})"


def _create(work_column: str, work_sum: str) -> None:
    op.create_table(
        "daily_total",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("credited_micro", sa.BigInteger(), nullable=False),
        sa.Column("base_micro", sa.BigInteger(), nullable=False),
        sa.Column(work_column, sa.BigInteger(), nullable=False),
        sa.Column("payment_cents", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "day"),
    )
    # The names and sums pasted in are this module's constants, never input.
    op.execute(
        "INSERT INTO daily_total (user_id, day, cases, lines, credited_micro, base_micro, "  # noqa: S608
        f"{work_column}, payment_cents) "
        "SELECT c.user_id, c.date_of_service, COUNT(DISTINCT c.id), COUNT(*), "
        f"SUM({_CREDITED}), SUM(CAST(ROUND(l.base_wrvu * 1000000) AS BIGINT)), SUM({work_sum}), "
        "SUM(CAST(ROUND(l.estimated_payment * 100) AS BIGINT)) "
        "FROM logged_case c JOIN case_line l ON l.case_id = c.id "
        "WHERE c.deleted_at IS NULL GROUP BY c.user_id, c.date_of_service"
    )


def upgrade() -> None:
    op.drop_table("daily_total")
    _create("work_value_cents", _LINE_CENTS)


def downgrade() -> None:
    op.drop_table("daily_total")
    _create("work_value_e10", _EXACT_E10)
