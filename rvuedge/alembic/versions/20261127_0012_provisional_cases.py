"""Cases valued with a stand-in release (the one in force on their date not imported) say so.

Revision ID: 0012_provisional_cases
Revises: 0011_reconciliations
Create Date: 2026-11-27 13:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_provisional_cases"
down_revision: str | None = "0011_reconciliations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("logged_case", "case_line"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("provisional", sa.Boolean(), nullable=False, server_default=sa.false())
            )
    # Until now a case got a release_note exactly when a stand-in release valued it.
    op.execute("UPDATE logged_case SET provisional = TRUE WHERE release_note IS NOT NULL")
    op.execute(
        "UPDATE case_line SET provisional = TRUE WHERE case_id IN "
        "(SELECT id FROM logged_case WHERE provisional)"
    )


def downgrade() -> None:
    for table in ("case_line", "logged_case"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("provisional")
