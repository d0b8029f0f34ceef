"""A physician's pay plans: the terms of each contract, with the dates it is in force."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, Numeric
from sqlmodel import Field, SQLModel

from rvuedge.timeutil import utc_now


class PayPlan(SQLModel, table=True):
    """One contract. A user's plans never overlap in dates (the service refuses it)."""

    __tablename__ = "pay_plan"
    __table_args__ = (Index("ix_pay_plan_user_from", "user_id", "effective_from"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE")
    name: str = Field(max_length=100)
    effective_from: date
    effective_to: date | None = None
    base_salary: Decimal = Field(sa_column=Column(Numeric(12, 2), nullable=False))
    threshold_wrvu: Decimal = Field(sa_column=Column(Numeric(10, 2), nullable=False))
    # [{"from_wrvu": "5000", "dollars_per_wrvu": "50"}, ...] as exact decimal strings
    bands: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    accrual: str = Field(max_length=20)
    measurement_period: str = Field(max_length=20)
    guarantee: Decimal | None = Field(default=None, sa_column=Column(Numeric(12, 2)))
    monthly_draw: Decimal | None = Field(default=None, sa_column=Column(Numeric(12, 2)))
    true_up: str | None = Field(default=None, max_length=20)
    clawback: bool = False
    fte: Decimal | None = Field(default=None, sa_column=Column(Numeric(3, 2)))
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
