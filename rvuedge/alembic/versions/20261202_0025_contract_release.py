"""The contract's year (issue 27): a dated crediting setting may credit cases with one release
("credited at 2025D values") instead of the release in force on the date of service.

Revision ID: 0025_contract_release
Revises: 0024_work_value_cents
Create Date: 2026-12-02 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0025_contract_release"
down_revision: str | None = "0024_work_value_cents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("credit_setting", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "credit_with_release", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("credit_setting", schema=None) as batch_op:
        batch_op.drop_column("credit_with_release")
