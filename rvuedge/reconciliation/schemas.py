"""Answers of the reconciliation endpoints (also the stored form of a reconciliation)."""

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from rvuedge.imports.schemas import ColumnOut
from rvuedge.schemas import Instant, Num

PairedBy = Literal["encounter_ref", "same_date", "within_tolerance", "other_modifiers"]
# The likely reason a pair's credit differs (calc/reconcile/reasons.py explain()).
ReasonCode = Literal[
    "modifier_differs",
    "units_differ",
    "mppr_not_applied",
    "endoscopy_rule_not_applied",
    "assistant_credited_in_full",
    "bilateral_not_applied",
    "modifier_22_not_applied",
    "co_surgeon_not_applied",
    "modifier_52_not_applied",
    "split_care_not_applied",
    "imaging_reduction_not_applied",
    "mppr_ranked_differently",
    "full_credit",
    "other_release",
    "unexplained",
]


class EmployerLineOut(BaseModel):
    rows: list[int] = Field(description="Rows of the file netted into this line")
    date_of_service: date = Field(description="The date of service the employer reports.")
    post_date: date | None = Field(description="The posting date; null when the file has none.")
    code: str = Field(description="The CPT/HCPCS code the employer reports.")
    modifiers: list[str] = Field(description="The employer's modifiers on the line.")
    units: int = Field(description="The units standing after reversals are netted.")
    wrvu: Num | None = Field(
        description="The employer's wRVU for the line; null when the report has no wRVU column."
    )
    encounter_ref: str | None = Field(
        description="The employer's encounter reference; null when the file has none."
    )


class LoggedLineOut(BaseModel):
    case_id: uuid.UUID = Field(description="The id of your logged case.")
    positions: list[int] = Field(description="Line positions in the case (RT+LT lines are one)")
    date_of_service: date = Field(description="The case's date of service.")
    code: str = Field(description="The line's CPT/HCPCS code.")
    modifiers: list[str] = Field(description="The line's modifiers.")
    units: int = Field(description="The line's units.")
    credited_wrvu: Num = Field(description="The line's credited wRVU in your log, two decimals.")
    encounter_ref: str | None = Field(
        description="The case's encounter reference; null when it has none."
    )
    release: str | None = Field(
        description="The fee-schedule release that valued the line, e.g. 2026C."
    )


class PairOut(BaseModel):
    employer: EmployerLineOut = Field(description="The employer's line.")
    logged: LoggedLineOut = Field(description="The logged line it was paired with.")
    paired_by: PairedBy = Field(
        description="encounter_ref, same_date, within_tolerance or other_modifiers"
    )
    days_apart: int = Field(description="Days between the two dates of service.")
    difference: Num | None = Field(
        description="Employer's wRVU minus the log's; null when the report has no wRVU column."
    )
    reason_code: ReasonCode | None = Field(
        default=None,
        description="The likely reason the credit differs; null for a matched pair.",
    )
    reason: str | None = Field(
        default=None, description="That reason in words; null for a matched pair."
    )


class MissingOut(LoggedLineOut):
    estimated_value: Num | None = Field(
        description="The line's wRVU x the dollars per wRVU the pay plan in force on its date "
        "pays at the projected end of its measurement period (the log to the day of the "
        "reconciliation, then the pace so far; below the threshold there, the first band's "
        "rate); null when no plan covers it"
    )
    value_note: str = Field(description="How the value was computed")


class MonthOut(BaseModel):
    month: str = Field(description="The calendar month, YYYY-MM.")
    logged_wrvu: Num = Field(description="Your credited wRVU dated in the month, two decimals.")
    employer_wrvu: Num | None = Field(
        description="The employer's wRVU dated in the month; null without a wRVU column."
    )
    difference: Num | None = Field(description="Employer minus log")


class TotalsOut(BaseModel):
    logged_wrvu: Num = Field(description="Your credited wRVU in the period, two decimals.")
    employer_wrvu: Num | None = Field(
        description="The employer's wRVU in the period; null without a wRVU column."
    )
    difference: Num | None = Field(
        description="Employer minus log over the period; null without a wRVU column."
    )
    missing_wrvu: Num = Field(
        description="Credited wRVU of your lines missing from the employer's report."
    )
    missing_value: Num | None = Field(description="Sum of the missing lines' estimated values")
    credit_differs_wrvu: Num | None = Field(
        description="Sum of the differences of the credit_differs pairs (employer minus log)"
    )


class Counts(BaseModel):
    employer_rows: int = Field(description="Data rows read from the employer's file.")
    employer_lines: int = Field(description="Lines standing after reversals and voids are netted")
    logged_lines: int = Field(description="Your logged lines dated in the period.")
    matched: int = Field(description="Pairs whose credit agrees within 0.01 wRVU.")
    credit_differs: int = Field(description="Pairs whose credit differs by more than 0.01 wRVU.")
    missing_from_employer: int = Field(
        description="Your lines (with credit above zero) the employer's report lacks."
    )
    not_in_log: int = Field(description="Employer lines in the period your log lacks.")
    outside_period: int = Field(description="Employer lines dated outside the period.")


class ReconciliationOut(BaseModel):
    id: uuid.UUID = Field(description="The reconciliation's id.")
    created_at: Instant = Field(description="When the reconciliation was made, UTC.")
    filename: str = Field(description="The employer's file name (the file is not stored).")
    start: date = Field(description="The period's first date of service.")
    end: date = Field(description="The period's last date of service, inclusive.")
    tolerance_days: int = Field(
        description="How many days a service date could be shifted and still pair."
    )
    columns: list[ColumnOut] = Field(description="The columns used, and what each holds.")
    employer_has_wrvu: bool = Field(description="True when the report has a wRVU column.")
    counts: Counts = Field(description="How many lines fell in each finding.")
    totals: TotalsOut = Field(description="The period's totals.")
    months: list[MonthOut] = Field(description="Totals per calendar month of the period.")
    value_method: str | None = Field(
        description="How the missing lines were valued, in words; null when none was valued."
    )
    tolerance_note: str = Field(
        default="",
        description="How far apart the two credits of a pair may be and still match (the "
        "employer's rounding to two decimals), in words.",
    )
    matched: list[PairOut] = Field(description="Pairs whose credit agrees, by date.")
    credit_differs: list[PairOut] = Field(description="Pairs whose credit differs, by date.")
    missing_from_employer: list[MissingOut] = Field(
        description="Your lines the employer's report lacks, by date: the dispute list."
    )
    not_in_log: list[EmployerLineOut] = Field(
        description="Employer lines in the period with no logged line, by date."
    )
    outside_period: list[EmployerLineOut] = Field(
        description="Employer lines dated outside the period (not compared)."
    )
    skipped_rows: list[int] = Field(description="Rows with neither date nor code (totals, blanks)")


class ReconciliationSummary(BaseModel):
    id: uuid.UUID = Field(description="The reconciliation's id.")
    created_at: Instant = Field(description="When the reconciliation was made, UTC.")
    filename: str = Field(description="The employer's file name.")
    start: date = Field(description="The period's first date of service.")
    end: date = Field(description="The period's last date of service, inclusive.")
    counts: Counts = Field(description="How many lines fell in each finding.")
    totals: TotalsOut = Field(description="The period's totals.")
