"""Accounts, sign-in sessions and sign-in attempts."""

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, Numeric
from sqlmodel import Field, SQLModel

from rvuedge.stamps import USERS, watch
from rvuedge.timeutil import utc_now


def _at(**kwargs: Any) -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), **kwargs))


class User(SQLModel, table=True):
    """A physician's account and profile. Every user-owned row points here."""

    __tablename__ = "user_account"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    email: str = Field(max_length=320, unique=True)
    password_hash: str = Field(max_length=500)
    display_name: str = Field(max_length=100)
    is_active: bool = True
    specialty: str | None = Field(default=None, max_length=100)
    career_stage: str | None = Field(default=None, max_length=20)
    clinical_fte: Decimal = Field(
        default=Decimal("1.0"), sa_column=Column(Numeric(3, 2), nullable=False)
    )
    time_zone: str = Field(default="America/New_York", max_length=64)
    fiscal_year_start_month: int = 1
    default_setting: str = Field(default="facility", max_length=20)
    locality: str | None = Field(default=None, max_length=8)
    monthly_wrvu_goal: Decimal | None = Field(default=None, sa_column=Column(Numeric(10, 2)))
    annual_wrvu_goal: Decimal | None = Field(default=None, sa_column=Column(Numeric(10, 2)))
    credit_settings: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    compensation_plan: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    benchmark_source: str | None = Field(default=None, max_length=100)
    # Which 2026-on conversion factor dollar figures of release comparisons use (calc/conversion).
    conversion_factor_choice: str = Field(
        default="non_apm", max_length=20, sa_column_kwargs={"server_default": "non_apm"}
    )
    # Counts this user's case changes; each change takes the next number (cases/changes.py).
    change_seq: int = Field(
        default=0, sa_column=Column(BigInteger, nullable=False, server_default="0")
    )
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    last_sign_in_at: datetime | None = _at()


class AuthSession(SQLModel, table=True):
    """One signed-in device: a family of rotating refresh tokens. Revoking it ends the device."""

    __tablename__ = "auth_session"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    revoked_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    revoked_reason: str | None = Field(default=None, max_length=50)


class RefreshToken(SQLModel, table=True):
    """A refresh token, stored only as its SHA-256; used once, then replaced."""

    __tablename__ = "refresh_token"

    id: int | None = Field(default=None, primary_key=True)
    session_id: uuid.UUID = Field(foreign_key="auth_session.id", ondelete="CASCADE", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    # The id of the signing key in use when it was issued: it works only while that key is the
    # current or the previous one (rotation ends it). Null for tokens older than key ids.
    key_id: str | None = Field(default=None, max_length=16)


class SignInFailure(SQLModel, table=True):
    """A failed sign-in, kept briefly to throttle guessing (by email and by client address)."""

    __tablename__ = "sign_in_failure"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, index=True)
    client: str = Field(max_length=64, index=True)
    at: datetime = Field(
        default_factory=utc_now,
        sa_column=Column(DateTime(timezone=True), nullable=False, index=True),
    )


class AccountToken(SQLModel, table=True):
    """A one-time link an operator made: an invitation to register, or a password reset.
    Stored only as the SHA-256 of its token; used once, and only before it expires."""

    __tablename__ = "account_token"

    id: int | None = Field(default=None, primary_key=True)
    purpose: str = Field(max_length=20)  # invitation | password_reset
    email: str = Field(max_length=320, index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    used_at: datetime | None = _at()


class ThrottleHit(SQLModel, table=True):
    """One attempt at a limited action (e.g. a registration) by one client address. In the
    database, so every server process counts the same attempts, across restarts."""

    __tablename__ = "throttle_hit"

    id: int | None = Field(default=None, primary_key=True)
    action: str = Field(max_length=30)
    client: str = Field(max_length=64)
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))


class KeyCheck(SQLModel, table=True):
    """The id of the signing key the servers of this database use (never the key itself): a
    server started with another key is refused, instead of answering random 401s."""

    __tablename__ = "signing_key_check"

    id: int = Field(default=1, primary_key=True)
    key_id: str = Field(max_length=16)
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


# Processes keep the signed-in users' rows per users stamp (rvuedge/stamps.py, api/auth.py): any
# change to an account through the ORM replaces the stamp. The change counter is written by
# UPDATE statements only (cases/changes.py), replaces no stamp and is never kept.
watch(User, USERS)
