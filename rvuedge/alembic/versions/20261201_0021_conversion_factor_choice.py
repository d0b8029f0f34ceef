"""The profile says which 2026-on conversion factor dollar figures use (non_apm or
qualifying_apm): from 2026 CMS has two, 33.4009 and 33.5675 for qualifying APM participants.

Revision ID: 0021_conversion_factor_choice
Revises: 0020_proposed_releases
Create Date: 2026-12-01 23:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0021_conversion_factor_choice"
down_revision: str | None = "0020_proposed_releases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "conversion_factor_choice",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default="non_apm",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("conversion_factor_choice")
