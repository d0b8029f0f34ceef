"""The daily rollup: one row per user and date of service that has credited lines.

Sums are integers in fixed units, so adding them up is exact on every engine (SQLite stores
NUMERIC columns as floating point): wRVU in millionths, work value (wRVU x conversion factor) in
1e-10 dollars, estimated payment in cents.
"""

import uuid
from datetime import date

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel


class DailyTotal(SQLModel, table=True):
    __tablename__ = "daily_total"

    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE", primary_key=True)
    day: date = Field(primary_key=True)
    cases: int
    lines: int
    credited_micro: int = Field(sa_column=Column(BigInteger, nullable=False))
    base_micro: int = Field(sa_column=Column(BigInteger, nullable=False))
    work_value_e10: int = Field(sa_column=Column(BigInteger, nullable=False))
    payment_cents: int = Field(sa_column=Column(BigInteger, nullable=False))
