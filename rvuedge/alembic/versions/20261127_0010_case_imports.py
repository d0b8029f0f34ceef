"""Imports of past logs; cases remember their import and an optional encounter reference.

Revision ID: 0010_case_imports
Revises: 0009_credit_presets
Create Date: 2026-11-27 13:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010_case_imports"
down_revision: str | None = "0009_credit_presets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_import",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("file_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("file_kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("header", sa.JSON(), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("proposal", sa.JSON(), nullable=False),
        sa.Column("skipped_rows", sa.JSON(), nullable=False),
        sa.Column("preview_wrvu", sa.Numeric(precision=16, scale=6), nullable=False),
        sa.Column("created_cases", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("committed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_import", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_import_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("logged_case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("encounter_ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
        )
        batch_op.add_column(sa.Column("import_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_logged_case_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_logged_case_import_id_case_import"),
            "case_import",
            ["import_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("logged_case", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_logged_case_import_id_case_import"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_logged_case_import_id"))
        batch_op.drop_column("import_id")
        batch_op.drop_column("encounter_ref")

    with op.batch_alter_table("case_import", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_import_user_id"))
    op.drop_table("case_import")
