"""Case changes are numbered per user (the sync cursor): user_account.change_seq counts them,
logged_case.change_seq holds the number of each case's latest change.

Existing cases are numbered in the order they last changed.

Revision ID: 0014_case_change_sequence
Revises: 0013_sites
Create Date: 2026-11-27 13:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_case_change_sequence"
down_revision: str | None = "0013_sites"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("change_seq", sa.BigInteger(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("logged_case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("change_seq", sa.BigInteger(), server_default="0", nullable=False)
        )
        batch_op.create_index("ix_logged_case_user_change", ["user_id", "change_seq"])
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, user_id FROM logged_case ORDER BY user_id, updated_at, id")
    ).all()
    counters: dict[object, int] = {}
    for case_id, user_id in rows:
        counters[user_id] = counters.get(user_id, 0) + 1
        connection.execute(
            sa.text("UPDATE logged_case SET change_seq = :n WHERE id = :id"),
            {"n": counters[user_id], "id": case_id},
        )
    for user_id, count in counters.items():
        connection.execute(
            sa.text("UPDATE user_account SET change_seq = :n WHERE id = :id"),
            {"n": count, "id": user_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("logged_case", schema=None) as batch_op:
        batch_op.drop_index("ix_logged_case_user_change")
        batch_op.drop_column("change_seq")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("change_seq")
