"""Cases remember the locality whose GPCIs priced their estimated payment.

Revision ID: 0005_payment_locality
Revises: 0004_benchmarks
Create Date: 2026-11-27 10:18:26.730711
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005_payment_locality"
down_revision: str | None = "0004_benchmarks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("logged_case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("payment_locality", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("logged_case", schema=None) as batch_op:
        batch_op.drop_column("payment_locality")
