"""Named crediting presets (an operator's) and each user's dated crediting settings.

Revision ID: 0009_credit_presets
Revises: 0008_daily_total
Create Date: 2026-11-27 13:23:42.224669
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009_credit_presets"
down_revision: str | None = "0008_daily_total"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "credit_preset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("base", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("switches", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "credit_setting",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("preset", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("overrides", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "effective_from"),
    )
    with op.batch_alter_table("credit_setting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credit_setting_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("credit_setting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_setting_user_id"))

    op.drop_table("credit_setting")
    op.drop_table("credit_preset")
