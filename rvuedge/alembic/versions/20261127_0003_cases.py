"""Case log: cases, credited lines, favorites, templates.

Revision ID: 0003_cases
Revises: 0002_accounts
Create Date: 2026-11-27 09:12:52.609520
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003_cases"
down_revision: str | None = "0002_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_template",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_template", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_template_user_id"), ["user_id"], unique=False)

    op.create_table(
        "favorite",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("modifiers", sa.JSON(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("favorite", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_favorite_user_id"), ["user_id"], unique=False)

    op.create_table(
        "logged_case",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("date_of_service", sa.Date(), nullable=False),
        sa.Column("setting", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("site", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("related_case_id", sa.Uuid(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=280), nullable=True),
        sa.Column("release", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("release_note", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("total_wrvu", sa.Numeric(precision=16, scale=6), nullable=False),
        sa.Column("base_wrvu", sa.Numeric(precision=16, scale=6), nullable=False),
        sa.Column("credit_profile", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("request_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["related_case_id"], ["logged_case.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("logged_case", schema=None) as batch_op:
        batch_op.create_index(
            "ix_logged_case_user_date", ["user_id", "date_of_service"], unique=False
        )

    op.create_table(
        "case_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("modifiers", sa.JSON(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("release", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
        sa.Column("row_modifier", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("work_rvu", sa.Numeric(precision=16, scale=6), nullable=False),
        sa.Column("total_rvu", sa.Numeric(precision=16, scale=6), nullable=False),
        sa.Column("conversion_factor", sa.Numeric(precision=9, scale=4), nullable=False),
        sa.Column("base_wrvu", sa.Numeric(precision=16, scale=6), nullable=False),
        sa.Column("credited_wrvu", sa.Numeric(precision=16, scale=6), nullable=False),
        sa.Column("estimated_payment", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("adjustments", sa.JSON(), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("global_days", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=True),
        sa.Column("global_start", sa.Date(), nullable=True),
        sa.Column("global_end", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["logged_case.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "position"),
    )
    with op.batch_alter_table("case_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_line_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_line_code"), ["code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_line_code"))
        batch_op.drop_index(batch_op.f("ix_case_line_case_id"))

    op.drop_table("case_line")
    with op.batch_alter_table("logged_case", schema=None) as batch_op:
        batch_op.drop_index("ix_logged_case_user_date")

    op.drop_table("logged_case")
    with op.batch_alter_table("favorite", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_favorite_user_id"))

    op.drop_table("favorite")
    with op.batch_alter_table("case_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_template_user_id"))

    op.drop_table("case_template")
