"""A case's API id is scoped to its owner: logged_case.client_id, unique per user.

The primary key stays the server's own; client_id is the id the API shows and the phone chose.
They differ only when a phone chose an id another user's case already holds: the new case then
gets a fresh primary key, so a create can never tell that someone else's id exists.

Existing cases keep their id as their client_id.

Revision ID: 0015_case_client_id
Revises: 0014_case_change_sequence
Create Date: 2026-11-27 16:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_case_client_id"
down_revision: str | None = "0014_case_change_sequence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("logged_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_id", sa.Uuid(), nullable=True))
    op.execute("UPDATE logged_case SET client_id = id")
    with op.batch_alter_table("logged_case", schema=None) as batch_op:
        batch_op.alter_column("client_id", existing_type=sa.Uuid(), nullable=False)
        batch_op.create_unique_constraint("uq_logged_case_user_id", ["user_id", "client_id"])


def downgrade() -> None:
    with op.batch_alter_table("logged_case", schema=None) as batch_op:
        batch_op.drop_constraint("uq_logged_case_user_id", type_="unique")
        batch_op.drop_column("client_id")
