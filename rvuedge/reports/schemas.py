"""Report shapes (no tables here)."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rvuedge.benchmarks.models import Metric
from rvuedge.calc.periods import Period
from rvuedge.reports.examples import BENCHMARK_EXAMPLE, SUMMARY_EXAMPLE, TOTALS_EXAMPLE
from rvuedge.schemas import Num

CREDITED = (
    "Credited wRVU after the crediting rules (multiple procedures, modifiers, role), summed "
    "exactly and rounded to two decimals."
)
BASE = "wRVU before the crediting rules (work RVU x units), rounded to two decimals."
Position = Literal["within", "below", "above"]


class TotalsBucket(BaseModel):
    start: date = Field(description="The bucket's first date of service (clipped to the range).")
    end: date = Field(description="The bucket's last date of service, inclusive (clipped).")
    label: str = Field(
        description="The bucket's name: 2026-11-27 (day), 2026-W48 (ISO week), 2026-11 (month), "
        "2026-Q4 (quarter), 2026 (year), FY2027 (fiscal year, named by the year it ends in) or "
        "FY2027-Q1 (fiscal quarter)."
    )
    cases: int = Field(description="Cases dated in the bucket (deleted cases excluded).")
    lines: int = Field(description="Procedure lines of those cases.")
    credited_wrvu: Num = Field(description=CREDITED)
    base_wrvu: Num = Field(description=BASE)
    work_only_value: Num = Field(
        description="Dollars of the credited wRVU alone: each line's credited wRVU x its "
        "release's conversion factor, summed and rounded to cents."
    )
    estimated_payment: Num = Field(
        description="Estimated Medicare payment in dollars: each line's total RVU for its setting "
        "(at the site's locality, else national) x its credited share x the conversion factor, "
        "summed; cents."
    )


class TotalsReport(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [TOTALS_EXAMPLE]})

    period: Period = Field(description="The size of each bucket, as asked for.")
    start: date = Field(description="The range's first date of service.")
    end: date = Field(description="The range's last date of service, inclusive.")
    fiscal_year_start_month: int = Field(
        description="The month (1 to 12) your fiscal year starts in, from your profile."
    )
    buckets: list[TotalsBucket] = Field(
        description="One bucket per period in the range, oldest first, empty ones included."
    )
    total_credited_wrvu: Num = Field(
        description="Credited wRVU over the whole range, summed exactly then rounded to two "
        "decimals (so it may differ by a cent from adding the rounded buckets)."
    )


class BreakdownRow(BaseModel):
    key: str = Field(
        description="What the row groups by: a code, a category, a site name or a role."
    )
    cases: int = Field(description="Cases with lines in the group.")
    lines: int = Field(description="Procedure lines in the group.")
    credited_wrvu: Num = Field(description=CREDITED)
    base_wrvu: Num = Field(description=BASE)


class RuleEffect(BaseModel):
    rule: str = Field(
        description="The crediting rule, e.g. multiple_procedure or assistant; other for what "
        "no single rule explains."
    )
    lines: int = Field(description="Lines the rule changed.")
    wrvu_change: Num = Field(
        description="wRVU the rule added (positive) or took away (negative), two decimals."
    )


class BreakdownReport(BaseModel):
    start: date = Field(description="The range's first date of service.")
    end: date = Field(description="The range's last date of service, inclusive.")
    by_code: list[BreakdownRow] = Field(description="Per code, highest credited wRVU first.")
    by_category: list[BreakdownRow] = Field(
        description="Per CPT/HCPCS category, highest credited wRVU first."
    )
    by_site: list[BreakdownRow] = Field(description="Per site, highest credited wRVU first.")
    by_role: list[BreakdownRow] = Field(
        description="Per role (surgeon, assistant...), highest credited wRVU first."
    )
    by_rule: list[RuleEffect] = Field(
        description="What each crediting rule changed, the largest reduction first."
    )


class Window(BaseModel):
    name: Literal[
        "today",
        "this_week",
        "month_to_date",
        "quarter_to_date",
        "year_to_date",
        "fiscal_year_to_date",
        "trailing_12_months",
        "all_time",
    ] = Field(description="Which window: each ends today (in your time zone).")
    start: date | None = Field(
        description="The window's first date; null for all_time (from your first case)."
    )
    end: date = Field(description="The window's last date: today.")
    cases: int = Field(description="Cases dated in the window.")
    credited_wrvu: Num = Field(description=CREDITED)


class GoalProgress(BaseModel):
    goal: Num = Field(description="The goal in wRVU, from your profile.")
    achieved: Num = Field(description="Credited wRVU so far in the goal's period.")
    percent: Num = Field(description="achieved / goal x 100, one decimal (may pass 100).")
    period: str | None = Field(
        default=None,
        description="The period the goal runs over: 2026-11 for a monthly goal; 2026, or FY2027, "
        "for an annual one.",
    )


class PaceOut(BaseModel):
    basis: Literal["fiscal_year", "calendar_year"] = Field(
        description="fiscal_year or calendar_year"
    )
    label: str = Field(description="2026, or FY2027 for a fiscal year named by its last year")
    period_start: date = Field(description="The year's first day.")
    period_end: date = Field(description="The year's last day.")
    year_to_date: Num = Field(description="wRVU from period_start to today")
    days_elapsed: int = Field(description="Days from period_start to today, today included.")
    days_in_year: int = Field(description="Days in the year (365 or 366).")
    projected_year_end: Num = Field(
        description="year_to_date / days_elapsed x days_in_year, two decimals."
    )
    projected_per_fte: Num = Field(
        description="projected_year_end / clinical_fte, two decimals (to compare with benchmarks)."
    )
    clinical_fte: Num = Field(description="Your clinical FTE from your profile (1.0 full time).")
    remaining_months: int = Field(description="Months left in the year, the current one included.")
    needed_per_remaining_month: Num | None = Field(
        description="(annual goal - year_to_date) / remaining_months, zero once reached; null "
        "without an annual goal."
    )
    method: str = Field(description="How the figures were computed, with the numbers used.")


class SummaryReport(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [SUMMARY_EXAMPLE]})

    today: date = Field(description="Today in your time zone: every window ends on it.")
    time_zone: str = Field(description="Your IANA time zone, from your profile.")
    windows: list[Window] = Field(
        description="The eight windows, in order: today, this_week (from Monday), month, quarter, "
        "year and fiscal year to date, trailing_12_months, all_time."
    )
    fiscal_year_start_month: int = Field(
        description="The month (1 to 12) your fiscal year starts in, from your profile."
    )
    monthly_goal: GoalProgress | None = Field(
        description="Progress on the monthly goal this month; null without a monthly goal."
    )
    annual_goal: GoalProgress | None = Field(
        description="Progress on the annual goal over the fiscal year when it does not start in "
        "January, else the calendar year; null without an annual goal."
    )
    pace: PaceOut = Field(
        description="The year-end pace: over the fiscal year when it does not start in January, "
        "else over the calendar year."
    )
    calendar_annual_goal: GoalProgress | None = Field(
        default=None, description="The same goal over the calendar year (fiscal profiles only)"
    )
    calendar_pace: PaceOut | None = Field(
        default=None, description="The pace over the calendar year (fiscal profiles only)"
    )


class TableRef(BaseModel):
    id: int = Field(description="The benchmark table's id (see /benchmarks).")
    source: str = Field(description="Who published the figures, as imported.")
    survey_year: int = Field(description="The year of the survey the figures come from.")
    specialty: str = Field(description="The specialty the table describes.")
    setting: str = Field(description="The practice setting the table covers (all: every setting).")
    metric: Metric = Field(description="What the figures measure.")
    points: dict[str, Num] = Field(
        description="The percentile points the table gives, keyed p10, p25, p50, p75, p90."
    )
    is_sample: bool = Field(
        description="True for the approximate public figures rvuedge ships (not MGMA data)."
    )


class TargetOut(BaseModel):
    percentile: int = Field(description="A percentile point of the table above you.")
    wrvu_per_fte: Num = Field(description="The table's wRVU per 1.0 FTE at that point.")
    still_needed: Num = Field(
        description="wRVU per 1.0 FTE still needed to reach it, two decimals."
    )
    per_remaining_month: Num | None = Field(
        description="still_needed / the period's remaining months, two decimals; null when no "
        "month remains (a past year)."
    )


class CompensationOut(BaseModel):
    estimated_annual_pay: Num = Field(
        description="Your profile compensation plan applied to the annual wRVU, in dollars "
        "rounded to cents."
    )
    method: str = Field(description="How the pay was computed, with the numbers used.")
    compensation_table: TableRef | None = Field(
        description="The total-compensation table of the same specialty; null when none is stored."
    )
    compensation_percentile: Num | None = Field(
        description="The pay's percentile in that table (one decimal); null without a table or "
        "outside its points."
    )
    compensation_position: Position | None = Field(
        description="within, below or above the table's points; null without a table."
    )
    compensation_text: str | None = Field(
        description="The pay's place in the table, in words; null without a table."
    )


class BenchmarkReport(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [BENCHMARK_EXAMPLE]})

    specialty: str = Field(description="The specialty of the table used.")
    basis: str = Field(description="The basis asked for, e.g. ytd_annualized.")
    period_start: date = Field(description="The first date of service added up.")
    period_end: date = Field(description="The last date of service added up (at most today).")
    wrvu_in_period: Num = Field(description="Credited wRVU in the period, two decimals.")
    annual_wrvu: Num = Field(
        description="The period's wRVU as a year: annualized by days for the *_ytd_annualized "
        "bases, as is for the others; two decimals."
    )
    clinical_fte: Num = Field(description="Your clinical FTE from your profile (1.0 full time).")
    wrvu_per_fte: Num = Field(description="annual_wrvu / clinical_fte, two decimals.")
    table: TableRef = Field(description="The annual wRVU per FTE table used.")
    percentile: Num | None = Field(
        description="Your percentile, interpolated between the table's two nearest points (one "
        "decimal); null below its lowest or above its highest point."
    )
    position: Position = Field(description="within, below or above the table's points.")
    rank_text: str = Field(description="Your place in the table, in words.")
    method: str = Field(description="How the figures were computed, with the numbers used.")
    remaining_months: int = Field(
        description="Months left in the period's year, the current one included; 0 for a past "
        "year, 12 for trailing_12_months."
    )
    to_reach: list[TargetOut] = Field(
        description="Each percentile point above you and what it takes to reach it."
    )
    compensation: CompensationOut | None = Field(
        description="Pay under your profile's compensation plan; null without one."
    )
    caveat: str | None = Field(
        description="A warning to show for a sample table; null for an imported one."
    )
