"""Named crediting presets (an operator's, for a group) and a user's dated crediting settings."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from rvuedge.stamps import SETTINGS, watch
from rvuedge.timeutil import utc_now


class CreditPreset(SQLModel, table=True):
    """An employer's crediting rules: a built-in profile with some switches changed."""

    __tablename__ = "credit_preset"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40, unique=True)
    description: str | None = Field(default=None, max_length=500)
    base: str = Field(max_length=40)  # productivity_standard or cms_payment_mirror
    switches: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class CreditSetting(SQLModel, table=True):
    """The crediting rules a user's cases follow from effective_from until the next entry."""

    __tablename__ = "credit_setting"
    __table_args__ = (UniqueConstraint("user_id", "effective_from"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    effective_from: date
    preset: str = Field(max_length=40)
    overrides: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The contract's year: cases dated in the span are valued with this release (e.g. 2025D)
    # instead of the one in force on their date of service; None: the release in force.
    credit_with_release: str | None = Field(default=None, max_length=5)
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


# Processes cache each user's dated settings per settings stamp (rvuedge/stamps.py).
watch(CreditPreset, SETTINGS)
watch(CreditSetting, SETTINGS)
