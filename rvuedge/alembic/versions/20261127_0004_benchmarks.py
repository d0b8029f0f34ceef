"""Benchmark tables, and the profile's preferred benchmark source.

Revision ID: 0004_benchmarks
Revises: 0003_cases
Create Date: 2026-11-27 09:20:31.239594
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004_benchmarks"
down_revision: str | None = "0003_cases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "benchmark_table",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("survey_year", sa.Integer(), nullable=False),
        sa.Column("specialty", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("setting", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("metric", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("p10", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("p25", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("p50", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("p75", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("p90", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("mean", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("respondents", sa.Integer(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "survey_year", "specialty", "setting", "metric"),
    )
    with op.batch_alter_table("benchmark_table", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_benchmark_table_specialty"), ["specialty"], unique=False
        )

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "benchmark_source", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("benchmark_source")

    with op.batch_alter_table("benchmark_table", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_benchmark_table_specialty"))

    op.drop_table("benchmark_table")
