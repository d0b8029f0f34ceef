"""Answers of the reconciliation endpoints (also the stored form of a reconciliation)."""

import uuid
from datetime import date

from pydantic import BaseModel, Field

from rvuedge.imports.schemas import ColumnOut
from rvuedge.schemas import Instant, Num


class EmployerLineOut(BaseModel):
    rows: list[int] = Field(description="Rows of the file netted into this line")
    date_of_service: date
    post_date: date | None
    code: str
    modifiers: list[str]
    units: int
    wrvu: Num | None
    encounter_ref: str | None


class LoggedLineOut(BaseModel):
    case_id: uuid.UUID
    positions: list[int] = Field(description="Line positions in the case (RT+LT lines are one)")
    date_of_service: date
    code: str
    modifiers: list[str]
    units: int
    credited_wrvu: Num
    encounter_ref: str | None
    release: str | None


class PairOut(BaseModel):
    employer: EmployerLineOut
    logged: LoggedLineOut
    paired_by: str = Field(
        description="encounter_ref, same_date, within_tolerance or other_modifiers"
    )
    days_apart: int
    difference: Num | None = Field(description="Employer's wRVU minus the log's")
    reason_code: str | None = None
    reason: str | None = None


class MissingOut(LoggedLineOut):
    estimated_value: Num | None = Field(
        description="Dollars the line's wRVU add under the pay plan in force on its date; "
        "null when no plan covers it"
    )
    value_note: str = Field(description="How the value was computed")


class MonthOut(BaseModel):
    month: str
    logged_wrvu: Num
    employer_wrvu: Num | None
    difference: Num | None = Field(description="Employer minus log")


class TotalsOut(BaseModel):
    logged_wrvu: Num
    employer_wrvu: Num | None
    difference: Num | None
    missing_wrvu: Num
    missing_value: Num | None = Field(description="Sum of the missing lines' estimated values")
    credit_differs_wrvu: Num | None = Field(
        description="Sum of the differences of the credit_differs pairs (employer minus log)"
    )


class Counts(BaseModel):
    employer_rows: int
    employer_lines: int = Field(description="Lines standing after reversals and voids are netted")
    logged_lines: int
    matched: int
    credit_differs: int
    missing_from_employer: int
    not_in_log: int
    outside_period: int


class ReconciliationOut(BaseModel):
    id: uuid.UUID
    created_at: Instant
    filename: str
    start: date
    end: date
    tolerance_days: int
    columns: list[ColumnOut]
    employer_has_wrvu: bool
    counts: Counts
    totals: TotalsOut
    months: list[MonthOut]
    value_method: str | None
    matched: list[PairOut]
    credit_differs: list[PairOut]
    missing_from_employer: list[MissingOut]
    not_in_log: list[EmployerLineOut]
    outside_period: list[EmployerLineOut]
    skipped_rows: list[int] = Field(description="Rows with neither date nor code (totals, blanks)")


class ReconciliationSummary(BaseModel):
    id: uuid.UUID
    created_at: Instant
    filename: str
    start: date
    end: date
    counts: Counts
    totals: TotalsOut
