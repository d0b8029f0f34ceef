"""Stored reconciliations against the employer's productivity report.

Revision ID: 0011_reconciliations
Revises: 0010_case_imports
Create Date: 2026-11-27 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011_reconciliations"
down_revision: str | None = "0010_case_imports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reconciliation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("file_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("tolerance_days", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reconciliation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reconciliation_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reconciliation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reconciliation_user_id"))
    op.drop_table("reconciliation")
