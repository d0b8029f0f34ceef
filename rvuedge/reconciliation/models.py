"""A stored reconciliation: the period, the file it read, and its findings."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime
from sqlmodel import Field, SQLModel

from rvuedge.timeutil import utc_now


class Reconciliation(SQLModel, table=True):
    __tablename__ = "reconciliation"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    filename: str = Field(max_length=200)
    file_sha256: str = Field(max_length=64)
    period_start: date
    period_end: date
    tolerance_days: int = 3
    # The findings as answered (ReconciliationOut without id and created_at): a snapshot, so a
    # later change to the log does not rewrite what was handed to the billing office.
    result: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
