"""Accounts, sign-in sessions and sign-in attempts."""

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, Numeric
from sqlmodel import Field, SQLModel

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
