"""Report shapes (no tables here)."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rvuedge.benchmarks.models import Metric
from rvuedge.calc.conversion import CfChoice
from rvuedge.calc.periods import Period
from rvuedge.reports.examples import BENCHMARK_EXAMPLE, SUMMARY_EXAMPLE, TOTALS_EXAMPLE
from rvuedge.schemas import Num
from rvuedge.yearview.schemas import PaceOut

__all__ = ["PaceOut"]

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
    conversion_factor_choice: CfChoice = Field(
        description="The conversion factor the dollars use from 2026 (your profile's): non_apm "
        "(33.4009 for 2026) or qualifying_apm (33.5675 for 2026)."
    )
    dollars_note: str = Field(description="Where the dollar figures come from, in words.")


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


class BreakdownTotal(BaseModel):
    cases: int = Field(description="Cases in the range, each counted once.")
    lines: int = Field(description="Procedure lines in the range: the rows' lines add up to it.")
    credited_wrvu: Num = Field(
        description="Credited wRVU in the range, summed exactly then rounded to two decimals (the "
        "same figure as /reports/totals' total_credited_wrvu)."
    )
    base_wrvu: Num = Field(description=BASE)


class BreakdownReport(BaseModel):
    start: date = Field(description="The range's first date of service.")
    end: date = Field(description="The range's last date of service, inclusive.")
    total: BreakdownTotal = Field(
        description="The range's totals. In every list below the rows' credited_wrvu, base_wrvu "
        "and lines add up to them: each row is rounded so the rounded rows sum to the rounded "
        "total (largest remainder; no row moves by a cent or more from its exact sum). A case "
        "with several codes counts once under each, so the rows' cases may add up to more."
    )
    by_code: list[BreakdownRow] = Field(
        description="Every code in the range (none left out), highest credited wRVU first."
    )
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
    target_wrvu: Num = Field(
        description="The point in your own wRVU: wrvu_per_fte x your clinical FTE, two decimals."
    )
    still_needed: Num = Field(
        description="wRVU still to log to finish the year at that point: target_wrvu - the wRVU "
        "in the period (to date for the annualized bases), two decimals."
    )
    per_remaining_month: Num | None = Field(
        description="still_needed / the period's remaining months (the current one included), "
        "two decimals; null when no month remains (a past year)."
    )


class CompensationOut(BaseModel):
    estimated_annual_pay: Num = Field(
        description="The plan year's total pay at the pace so far (the compensation report's "
        "projection), in dollars rounded to cents."
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
    basis: str = Field(
        description="The basis used: fiscal_ytd_annualized (your year, the default), "
        "ytd_annualized (the calendar year), trailing_12_months, calendar_year:YYYY, fiscal_year "
        "or fiscal_year:FYYYYY."
    )
    period_start: date = Field(description="The first date of service added up.")
    period_end: date = Field(description="The last date of service added up (at most today).")
    wrvu_in_period: Num = Field(description="Credited wRVU in the period, two decimals.")
    annual_wrvu: Num = Field(
        description="The period's wRVU as a year: for the *_ytd_annualized bases the year's pace "
        "(to date / days elapsed x days in the year), as is for the others; two decimals."
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
    year: PaceOut = Field(
        description="Your year in view (the fiscal year when yours does not start in January): "
        "to date, the pace, still to log and per remaining month, the same figures as "
        "/reports/summary's pace and /reports/compensation's year."
    )
    compensation: CompensationOut | None = Field(
        description="Pay for the plan year at the same pace, under your pay plans (or the "
        "profile's compensation_plan); null without one."
    )
    caveat: str | None = Field(
        description="A warning to show for a sample table; null for an imported one."
    )
