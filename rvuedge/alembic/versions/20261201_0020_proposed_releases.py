"""A fee-schedule release can be a proposed rule's: it never values a logged case.

Revision ID: 0020_proposed_releases
Revises: 0017_import_batches
Create Date: 2026-12-01 23:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_proposed_releases"
down_revision: str | None = "0021_resident_case_log"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("fee_schedule_release", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("proposed", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("fee_schedule_release", schema=None) as batch_op:
        batch_op.drop_column("proposed")
