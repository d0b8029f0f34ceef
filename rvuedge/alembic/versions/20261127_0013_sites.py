"""Saved sites; a case remembers the locality it stated and where its setting came from.

Revision ID: 0013_sites
Revises: 0012_provisional_cases
Create Date: 2026-11-27 13:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013_sites"
down_revision: str | None = "0012_provisional_cases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "site",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("name_key", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("setting", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("locality", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "name_key"),
    )
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_site_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("logged_case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("locality", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True)
        )
        batch_op.add_column(
            sa.Column("setting_source", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("logged_case", schema=None) as batch_op:
        batch_op.drop_column("setting_source")
        batch_op.drop_column("locality")
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_site_user_id"))
    op.drop_table("site")
