"""Imports count what the file held, and commit (and undo) in batches with visible progress.

case_import gains the counts a preview states (the data lines below the header, the blank rows
left out, the rows refused) and the progress of a commit or undo that runs in batches
(`done_cases`); `status` may now also read committing or deleting while one runs.

Revision ID: 0017_import_batches
Revises: 0016_benchmark_finite_values
Create Date: 2026-12-01 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_import_batches"
down_revision: str | None = "0016_benchmark_finite_values"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("data_lines", "blank_rows", "invalid_rows", "done_cases")


def upgrade() -> None:
    with op.batch_alter_table("case_import") as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    # Imports previewed before: every row read was a data line of the file.
    op.execute("UPDATE case_import SET data_lines = rows_read")


def downgrade() -> None:
    with op.batch_alter_table("case_import") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
