"""The resident's case log: the residency profile, each case's ACGME fields (keyed by the case),
and the imported category mappings and minimums.

Revision ID: 0021_resident_case_log
Revises: 0016_benchmark_finite_values
Create Date: 2026-12-01 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0021_resident_case_log"
down_revision: str | None = "0017_import_batches"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "resident_profile",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("program_specialty", Text(length=40), nullable=False),
        sa.Column("residency_start", sa.Date(), nullable=False),
        sa.Column("pgy_override", sa.Integer(), nullable=True),
        sa.Column("chief_year_start", sa.Date(), nullable=True),
        sa.Column("chief_year_end", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "resident_case",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("role", Text(length=10), nullable=False),
        sa.Column("attending", Text(length=100), nullable=True),
        sa.Column("primary_line", sa.Integer(), nullable=False),
        sa.Column("robotic", sa.Boolean(), nullable=False),
        sa.Column("pgy", sa.Integer(), nullable=True),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["logged_case.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id"),
    )
    with op.batch_alter_table("resident_case", schema=None) as batch_op:
        batch_op.create_index(
            "ix_resident_case_user_entered", ["user_id", "entered_at"], unique=False
        )
    op.create_table(
        "case_log_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("specialty", Text(length=40), nullable=False),
        sa.Column("academic_year", sa.Integer(), nullable=False),
        sa.Column("code", Text(length=5), nullable=False),
        sa.Column("category", Text(length=100), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "specialty", "academic_year", "code", "category"),
    )
    with op.batch_alter_table("case_log_category", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_log_category_user_id"), ["user_id"], unique=False)
    op.create_table(
        "case_log_minimum",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("specialty", Text(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category", Text(length=100), nullable=False),
        sa.Column("minimum", sa.Integer(), nullable=False),
        sa.Column("parent", Text(length=100), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "specialty", "category"),
    )
    with op.batch_alter_table("case_log_minimum", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_log_minimum_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_log_minimum", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_log_minimum_user_id"))
    op.drop_table("case_log_minimum")
    with op.batch_alter_table("case_log_category", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_log_category_user_id"))
    op.drop_table("case_log_category")
    with op.batch_alter_table("resident_case", schema=None) as batch_op:
        batch_op.drop_index("ix_resident_case_user_entered")
    op.drop_table("resident_case")
    op.drop_table("resident_profile")
