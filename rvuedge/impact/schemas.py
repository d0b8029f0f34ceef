"""Shapes of the release-impact and forecast reports (no tables here)."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from rvuedge.schemas import Num

Why = Literal["unchanged", "work_rvu_changed", "indicator_changed", "deleted", "new", "ranking"]


class ReleaseRefOut(BaseModel):
    name: str = Field(description="The release, e.g. 2025D.")
    proposed: bool = Field(
        description="True for a proposed-rule release: it never values a logged case."
    )
    label: str = Field(description='The release as shown, e.g. "2027A (proposed)".')
    conversion_factor: Num = Field(
        description="The conversion factor its dollars use (the profile's choice for 2026 on)."
    )


class ImpactSide(BaseModel):
    credited_wrvu: Num = Field(description="Credited wRVU, rounded to two decimals.")
    work_only_value: Num = Field(
        description="Credited wRVU x the conversion factor of the release that credits them."
    )
    estimated_payment: Num = Field(
        description="National estimate (no locality GPCIs): the lines' total RVUs x their "
        "credited share x the conversion factor of the release that credits them."
    )


class ImpactTotals(BaseModel):
    cases: int = Field(description="Cases in the period.")
    as_logged: ImpactSide = Field(description="The cases as logged (each with its own release).")
    under_release: ImpactSide = Field(description="The same cases credited under `compare`.")
    wrvu_difference: Num = Field(description="Under the release minus as logged.")
    wrvu_percent: Num | None = Field(
        description="The difference as a percent of as logged (None when nothing is logged)."
    )
    work_only_value_difference: Num = Field(
        description="Dollars, with their sign: fewer wRVU can still mean more money."
    )
    estimated_payment_difference: Num = Field(description="Dollars, with their sign.")


class ImpactCode(BaseModel):
    code: str = Field(description="The CPT/HCPCS code.")
    name: str = Field(description="What the code is called (rvuedge's name or the descriptor).")
    cases: int = Field(description="Cases in the period with this code.")
    as_logged_wrvu: Num = Field(description="Credited wRVU of its lines as logged.")
    under_release_wrvu: Num = Field(description="Credited wRVU of its lines under the release.")
    difference: Num = Field(description="Under the release minus as logged.")
    logged_work_rvu: Num | None = Field(
        description="The work RVU per unit in the release it was logged with (None: unknown)."
    )
    release_work_rvu: Num | None = Field(
        description="The work RVU per unit in the compared release (None: not in it)."
    )
    why: list[Why] = Field(
        description="Why it moved: work_rvu_changed, indicator_changed (status, global days, "
        "multiple-procedure and other indicators), deleted (not in the compared release), new "
        "(not in the release it was logged with), ranking (the same row, another code of the "
        "case moved the multiple-procedure ranking) or unchanged."
    )
    reason: str = Field(description="The same in words.")


class PayEffect(BaseModel):
    plan_year: str = Field(description="The plan year the period's end falls in.")
    through: date = Field(description="Pay is counted through this date.")
    as_logged_pay: Num = Field(description="Total pay through `through` as logged.")
    under_release_pay: Num = Field(
        description="Total pay through `through` with the period's cases under the release."
    )
    difference: Num = Field(description="Dollars, with their sign.")
    note: str = Field(description="What was counted.")


class ContractYearOut(BaseModel):
    release: str = Field(description="The release the span's cases are credited with.")
    effective_from: date = Field(description="The dated crediting setting's first date.")
    effective_to: date | None = Field(description="Its last date; null: open.")


class ReleaseImpact(BaseModel):
    start: date = Field(description="The period's first date of service.")
    end: date = Field(description="The period's last date of service, inclusive.")
    compare: ReleaseRefOut = Field(description="The release the cases are credited under.")
    logged_releases: list[ReleaseRefOut] = Field(
        description="The releases the period's cases were logged with."
    )
    conversion_factor_choice: str = Field(
        description="Which 2026-on conversion factor the dollars use: non_apm or qualifying_apm."
    )
    contract_years: list[ContractYearOut] = Field(
        description="Your dated crediting settings that credit cases of the period with one "
        "release (the contract's year, credit_with_release), oldest first; empty when none. "
        "Without `compare`, such a period is compared with the current file."
    )
    totals: ImpactTotals = Field(description="The period both ways.")
    codes: list[ImpactCode] = Field(description="One row per code, largest change first.")
    pay_effect: PayEffect | None = Field(
        description="The effect on the plan year's pay under your pay plan (None without one)."
    )
    summary: str = Field(description="The impact in one line.")
    notes: list[str] = Field(description="How the comparison was made.")


class BacktestOut(BaseModel):
    as_of: date = Field(description="The same point last year.")
    projected: Num = Field(description="What the method would have said then.")
    actual: Num = Field(description="What that year turned out to be.")
    error_pct: Num = Field(description="|projected - actual| / actual x 100.")


class ForecastProjectionOut(BaseModel):
    method: Literal["straight_line", "seasonal"] = Field(description="The method.")
    available: bool = Field(description="False when the log cannot support the method yet.")
    how: str = Field(description="The method in words.")
    projected_year_end: Num | None = Field(description="The year-end wRVU it projects.")
    low: Num | None = Field(description="The range's low end (never below the year so far).")
    high: Num | None = Field(description="The range's high end.")
    range_basis: str | None = Field(description="Where the range comes from.")
    backtest: BacktestOut | None = Field(description="What it would have said last year.")
    note: str | None = Field(description="Why something is missing.")


class ForecastReport(BaseModel):
    year_start: date = Field(description="The (fiscal) year's first day.")
    year_end: date = Field(description="The (fiscal) year's last day.")
    as_of: date = Field(description="Today, in your time zone.")
    year_to_date: Num = Field(description="Credited wRVU so far this year.")
    straight_line: ForecastProjectionOut = Field(description="Today's pace to the year's end.")
    seasonal: ForecastProjectionOut = Field(description="Your own seasons (when the log allows).")
    preferred: Literal["straight_line", "seasonal"] = Field(
        description="The one the app shows: seasonal when available."
    )


class ProposedOut(BaseModel):
    release: ReleaseRefOut = Field(description="The newest proposed release loaded.")
    start: date = Field(description="First date of the last 12 months.")
    end: date = Field(description="Today.")
    wrvu_percent: Num | None = Field(description="The wRVU change, percent.")
    payment_difference: Num = Field(description="The estimated payment change, dollars.")
    line: str = Field(description='One line, e.g. "Next year, proposed: -2.1% wRVU, +$1,240".')


class NextYearOut(BaseModel):
    proposed: ProposedOut | None = Field(
        description="What the newest proposed release would do to the last 12 months (None when "
        "no proposed release is loaded)."
    )
