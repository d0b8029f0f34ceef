"""Releases say whether their rows carry CMS descriptors (imported from the operator's file).

The seed ships every row of its releases without descriptors (AMA text), so "complete" no longer
tells a seeded release from an imported one.

Revision ID: 0007_release_descriptors
Revises: 0006_pay_plans
Create Date: 2026-11-27 13:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_release_descriptors"
down_revision: str | None = "0006_pay_plans"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("fee_schedule_release", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("has_descriptors", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Until now only an import made a release complete, and imports carry descriptors.
    op.execute("UPDATE fee_schedule_release SET has_descriptors = is_complete")


def downgrade() -> None:
    with op.batch_alter_table("fee_schedule_release", schema=None) as batch_op:
        batch_op.drop_column("has_descriptors")
