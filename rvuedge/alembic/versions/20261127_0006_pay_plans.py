"""Pay plans: each contract's terms and the dates it is in force.

Revision ID: 0006_pay_plans
Revises: 0005_payment_locality
Create Date: 2026-11-27 12:53:33.403203
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006_pay_plans"
down_revision: str | None = "0005_payment_locality"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pay_plan",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("base_salary", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("threshold_wrvu", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("bands", sa.JSON(), nullable=False),
        sa.Column("accrual", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column(
            "measurement_period", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False
        ),
        sa.Column("guarantee", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("monthly_draw", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("true_up", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("clawback", sa.Boolean(), nullable=False),
        sa.Column("fte", sa.Numeric(precision=3, scale=2), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pay_plan", schema=None) as batch_op:
        batch_op.create_index("ix_pay_plan_user_from", ["user_id", "effective_from"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pay_plan", schema=None) as batch_op:
        batch_op.drop_index("ix_pay_plan_user_from")

    op.drop_table("pay_plan")
