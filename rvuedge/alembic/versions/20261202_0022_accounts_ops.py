"""Accounts an operator can run: one-time links, shared throttles, the signing key's id.

- account_token: invitations and password resets (`rvuedge users invite`, `users
  reset-password`), each stored as the SHA-256 of its token, used once, until it expires.
- throttle_hit: attempts at limited actions (registrations) per client address, in the
  database so that every server process counts the same ones, across restarts.
- signing_key_check: the id of the signing key the servers use, so that a server started with
  another key is refused.
- refresh_token.key_id: the key in use when the token was issued (rotation ends older ones).
- user_account.last_sign_in_at: for `rvuedge users list --last-sign-in`.

Revision ID: 0022_accounts_ops
Revises: 0021_conversion_factor_choice
Create Date: 2026-12-02 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_accounts_ops"
down_revision: str | None = "0021_conversion_factor_choice"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_token_token_hash")),
    )
    op.create_index(op.f("ix_account_token_email"), "account_token", ["email"])
    op.create_table(
        "throttle_hit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_throttle_hit")),
    )
    op.create_index(op.f("ix_throttle_hit_at"), "throttle_hit", ["at"])
    op.create_table(
        "signing_key_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_key_check")),
    )
    with op.batch_alter_table("refresh_token") as batch_op:
        batch_op.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("last_sign_in_at")
    with op.batch_alter_table("refresh_token") as batch_op:
        batch_op.drop_column("key_id")
    op.drop_table("signing_key_check")
    op.drop_index(op.f("ix_throttle_hit_at"), table_name="throttle_hit")
    op.drop_table("throttle_hit")
    op.drop_index(op.f("ix_account_token_email"), table_name="account_token")
    op.drop_table("account_token")
