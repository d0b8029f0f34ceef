"""Report shapes (no tables here)."""

from datetime import date

from pydantic import BaseModel, Field

from rvuedge.schemas import Num


class TotalsBucket(BaseModel):
    start: date
    end: date
    label: str
    cases: int
    lines: int
    credited_wrvu: Num
    base_wrvu: Num
    work_only_value: Num
    estimated_payment: Num


class TotalsReport(BaseModel):
    period: str
    start: date
    end: date
    fiscal_year_start_month: int
    buckets: list[TotalsBucket]
    total_credited_wrvu: Num


class BreakdownRow(BaseModel):
    key: str
    cases: int
    lines: int
    credited_wrvu: Num
    base_wrvu: Num


class RuleEffect(BaseModel):
    rule: str
    lines: int
    wrvu_change: Num


class BreakdownReport(BaseModel):
    start: date
    end: date
    by_code: list[BreakdownRow]
    by_category: list[BreakdownRow]
    by_site: list[BreakdownRow]
    by_role: list[BreakdownRow]
    by_rule: list[RuleEffect]


class Window(BaseModel):
    name: str
    start: date | None
    end: date
    cases: int
    credited_wrvu: Num


class GoalProgress(BaseModel):
    goal: Num
    achieved: Num
    percent: Num
    period: str | None = Field(
        default=None, description="The year an annual goal runs over: 2026, or FY2027"
    )


class PaceOut(BaseModel):
    basis: str = Field(description="fiscal_year or calendar_year")
    label: str = Field(description="2026, or FY2027 for a fiscal year named by its last year")
    period_start: date
    period_end: date
    year_to_date: Num = Field(description="wRVU from period_start to today")
    days_elapsed: int
    days_in_year: int
    projected_year_end: Num
    projected_per_fte: Num
    clinical_fte: Num
    remaining_months: int
    needed_per_remaining_month: Num | None
    method: str


class SummaryReport(BaseModel):
    today: date
    time_zone: str
    windows: list[Window]
    fiscal_year_start_month: int
    monthly_goal: GoalProgress | None
    annual_goal: GoalProgress | None = Field(
        description="Progress over the fiscal year when it does not start in January"
    )
    pace: PaceOut = Field(description="Over the fiscal year when it does not start in January")
    calendar_annual_goal: GoalProgress | None = Field(
        default=None, description="The same goal over the calendar year (fiscal profiles only)"
    )
    calendar_pace: PaceOut | None = Field(
        default=None, description="The pace over the calendar year (fiscal profiles only)"
    )


class TableRef(BaseModel):
    id: int
    source: str
    survey_year: int
    specialty: str
    setting: str
    metric: str
    points: dict[str, Num]
    is_sample: bool


class TargetOut(BaseModel):
    percentile: int
    wrvu_per_fte: Num
    still_needed: Num
    per_remaining_month: Num | None


class CompensationOut(BaseModel):
    estimated_annual_pay: Num
    method: str
    compensation_table: TableRef | None
    compensation_percentile: Num | None
    compensation_position: str | None
    compensation_text: str | None


class BenchmarkReport(BaseModel):
    specialty: str
    basis: str
    period_start: date
    period_end: date
    wrvu_in_period: Num
    annual_wrvu: Num
    clinical_fte: Num
    wrvu_per_fte: Num
    table: TableRef
    percentile: Num | None
    position: str
    rank_text: str
    method: str
    remaining_months: int
    to_reach: list[TargetOut]
    compensation: CompensationOut | None
    caveat: str | None
