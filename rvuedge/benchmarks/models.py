"""Benchmark tables: licensed percentile tables the user or their organization supplies."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Column, DateTime, Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel

from rvuedge.timeutil import utc_now


class Metric(StrEnum):
    ANNUAL_WRVU_PER_FTE = "annual_wrvu_per_fte"
    TOTAL_COMPENSATION = "total_compensation"
    COMPENSATION_PER_WRVU = "compensation_per_wrvu"


def _value() -> Decimal | None:
    return Field(default=None, sa_column=Column(Numeric(14, 2)))


class BenchmarkTable(SQLModel, table=True):
    """One (source, survey year, specialty, setting, metric) with its percentile points."""

    __tablename__ = "benchmark_table"
    __table_args__ = (UniqueConstraint("source", "survey_year", "specialty", "setting", "metric"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=100)
    survey_year: int
    specialty: str = Field(max_length=100, index=True)
    setting: str = Field(default="all", max_length=50)
    metric: str = Field(max_length=40)
    p10: Decimal | None = _value()
    p25: Decimal | None = _value()
    p50: Decimal | None = _value()
    p75: Decimal | None = _value()
    p90: Decimal | None = _value()
    mean: Decimal | None = _value()
    respondents: int | None = None
    notes: str | None = Field(default=None, max_length=500)
    is_sample: bool = False  # the approximate public figures shipped in the seed
    imported_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )

    def points(self) -> dict[int, Decimal]:
        values = {10: self.p10, 25: self.p25, 50: self.p50, 75: self.p75, 90: self.p90}
        return {p: Decimal(v) for p, v in values.items() if v is not None}
