"""Pay-plan request and response shapes, and the compensation report's."""

import uuid
from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from rvuedge.calc.pay import Accrual, MeasurementPeriod, TrueUp
from rvuedge.payplans.examples import (
    COMPARE_EXAMPLE,
    COMPENSATION_EXAMPLE,
    PLAN_EXAMPLE,
    PLAN_UPDATE_EXAMPLE,
)
from rvuedge.payplans.terms import BandIn, BandOut, Fte, Money, PlanTerms, Wrvu
from rvuedge.schemas import Bool, DateIn, Instant, Name, Num
from rvuedge.yearview.schemas import PaceOut


class PayPlanCreate(PlanTerms):
    """A contract with the dates it is in force (inclusive); no end date: open-ended."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [PLAN_EXAMPLE]})

    effective_from: DateIn = Field(
        examples=["2026-07-01"], description="The first day the contract is in force."
    )
    effective_to: DateIn | None = Field(
        default=None,
        examples=["2027-06-30"],
        description="The last day the contract is in force, inclusive; null: open-ended.",
    )

    @field_validator("effective_to")
    @classmethod
    def _dates_in_order(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("effective_from")
        if value is not None and start is not None and value < start:
            raise ValueError(f"effective_to {value} is before effective_from {start}")
        return value


class PayPlanUpdate(BaseModel):
    """PATCH: only the fields sent change; the result is checked as a whole plan."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [PLAN_UPDATE_EXAMPLE]})

    name: Name | None = Field(
        default=None, min_length=1, max_length=100, description="A new name for the contract."
    )
    effective_from: DateIn | None = Field(
        default=None, description="A new first day in force; omit to keep it."
    )
    effective_to: DateIn | None = Field(
        default=None, description="A new last day in force; null makes the plan open-ended."
    )
    base_salary: Money | None = Field(
        default=None, description="A new annual base salary in dollars; omit to keep it."
    )
    threshold_wrvu: Wrvu | None = Field(
        default=None,
        description="A new threshold in wRVU per measurement period (the first band must start "
        "there).",
    )
    bands: list[BandIn] | None = Field(
        default=None,
        min_length=1,
        max_length=20,
        description="New bands, replacing all of them (rising; the first at threshold_wrvu).",
    )
    accrual: Accrual | None = Field(default=None, description="marginal or retroactive.")
    measurement_period: MeasurementPeriod | None = Field(
        default=None, description="month, quarter or plan_year."
    )
    guarantee: Money | None = Field(
        default=None, description="A new floor on the plan year's pay in dollars; null removes it."
    )
    monthly_draw: Money | None = Field(
        default=None, description="A new monthly draw in dollars; null removes it."
    )
    true_up: TrueUp | None = Field(
        default=None, description="quarter or plan_year; required while there is a monthly_draw."
    )
    clawback: Bool | None = Field(
        default=None, description="Whether a true-up deficit is owed back."
    )
    fte: Fte | None = Field(
        default=None,
        description="A new FTE scaling the threshold and band edges; null removes the scaling.",
    )


class PayPlanPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(description="The pay plan's id.")
    name: str = Field(description="Your name for the contract.")
    effective_from: date = Field(description="The first day the contract is in force.")
    effective_to: date | None = Field(
        description="The last day in force, inclusive; null: open-ended."
    )
    base_salary: Num = Field(
        description="Annual base salary in dollars (prorated by days for part years)."
    )
    threshold_wrvu: Num = Field(
        description="wRVU per measurement period below which no incentive is paid."
    )
    bands: list[BandOut] = Field(description="Rising $/wRVU bands; the first at threshold_wrvu.")
    accrual: Accrual = Field(
        description="marginal: each band pays its own wRVUs; retroactive: the band reached pays "
        "every wRVU from the threshold up."
    )
    measurement_period: MeasurementPeriod = Field(
        description="Where the threshold and band edges reset: month, quarter or plan_year."
    )
    guarantee: Num | None = Field(
        description="Floor on the plan year's total pay in dollars; null: none."
    )
    monthly_draw: Num | None = Field(
        description="Advance against the incentive paid each month, in dollars; null: none."
    )
    true_up: TrueUp | None = Field(
        description="When draws are settled against the incentive; null without a draw."
    )
    clawback: bool = Field(
        description="True: a true-up deficit is owed back; false: it carries and is forgiven at "
        "the plan year's end."
    )
    fte: Num | None = Field(description="FTE scaling the threshold and band edges; null: unscaled.")
    created_at: Instant = Field(description="When the plan was added, UTC.")
    updated_at: Instant = Field(description="When the plan last changed, UTC.")


# --- The compensation report ----------------------------------------------------------------


class PeriodOut(BaseModel):
    label: str = Field(description="2026-03 (month), FY2027-Q1 (quarter of the plan year), 2026.")
    plan: str = Field(description="The plan in force over this period.")
    start: date = Field(description="The period's first day.")
    end: date = Field(description="The period's last day (it may run past as_of).")
    complete: bool = Field(description="False for the period in progress on as_of.")
    credited_wrvu: Num = Field(
        description="Credited wRVU logged in the period up to as_of, rounded to two decimals."
    )
    threshold_wrvu: Num | None = Field(
        description="The measurement period's threshold after proration and FTE scaling; null "
        "when this row is a part of a longer measurement period."
    )
    incentive_earned: Num = Field(
        description="Incentive earned in the period under the bands, dollars rounded to cents."
    )
    draws_paid: Num = Field(description="Draws paid in the period, dollars (0 without a draw).")
    true_up: Num | None = Field(
        description="Settled at this period's end: positive is paid to you, negative is owed back; "
        "null where no true-up falls."
    )
    balance: Num = Field(
        description="Incentive earned minus draws and true-ups so far: negative is draw you have "
        "not yet earned (carried), positive is incentive not yet paid."
    )
    method: str = Field(description="How the period's figures were computed, in words.")


class PlanSpan(BaseModel):
    plan: str = Field(description="The plan's name.")
    plan_id: uuid.UUID | None = Field(description="null for a hypothetical or profile plan.")
    start: date = Field(description="The first day of the plan year this plan covers.")
    end: date = Field(description="The last day of the plan year this plan covers.")


class PayTotals(BaseModel):
    credited_wrvu: Num = Field(description="Credited wRVU the plans covered, two decimals.")
    base_salary: Num = Field(description="Base salary, prorated by days, in dollars (cents).")
    incentive_earned: Num = Field(description="Incentive earned under the bands, in dollars.")
    draws_paid: Num = Field(description="Monthly draws paid, in dollars (0 without a draw).")
    true_ups: Num = Field(
        description="True-ups settled: positive paid to you, negative owed back, in dollars."
    )
    guarantee_top_up: Num = Field(
        description="What the guarantee added to reach its floor, in dollars (settled at the "
        "end of the plan's part of the year)."
    )
    total_pay: Num = Field(
        description="Base salary + the incentive (with a draw: draws + true-ups) + the "
        "guarantee top-up, in dollars rounded to cents."
    )
    dollars_per_wrvu: Num | None = Field(
        description="Effective $/wRVU: total pay / wRVU; null when no wRVU was credited."
    )
    method: str = Field(description="How the totals were computed, in words.")


class ProjectionOut(PayTotals):
    pace_wrvu_per_day: Num = Field(
        description="wRVU from the plan year's start to as_of / days elapsed, two decimals."
    )
    days_elapsed: int = Field(description="Days from the plan year's start to as_of, inclusive.")
    days_in_plan_year: int = Field(description="Days in the plan year (365 or 366).")


class NextBandOut(BaseModel):
    plan: str = Field(description="The plan in force on as_of.")
    period_start: date = Field(description="The first day of the measurement period in progress.")
    period_end: date = Field(description="The last day of that measurement period.")
    wrvu_in_period: Num = Field(description="Credited wRVU so far in it, two decimals.")
    edge_wrvu: Num = Field(description="The next threshold or band start of this period.")
    wrvu_needed: Num = Field(description="wRVU still needed to reach the edge, two decimals.")
    dollars_per_wrvu_from_edge: Num = Field(description="What each wRVU past the edge pays.")
    incentive_added: Num = Field(description="What reaching the edge adds to the incentive.")
    method: str = Field(description="The next band in words, with the numbers used.")


class UncoveredOut(BaseModel):
    start: date = Field(description="The first day no plan covers.")
    end: date = Field(description="The last such day (at most as_of).")
    credited_wrvu: Num = Field(description="Credited wRVU logged on those days, two decimals.")


class CompensationReport(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [COMPENSATION_EXAMPLE]})

    as_of: date = Field(description="The date reported on (default: today in your time zone).")
    plan_year: str = Field(description="Named like the fiscal year: 2026, or FY2027 for July-June.")
    plan_year_start: date = Field(description="The plan year's first day.")
    plan_year_end: date = Field(description="The plan year's last day.")
    source: Literal["pay_plans", "compensation_plan"] = Field(
        description="pay_plans, or compensation_plan when the profile's older single plan is used."
    )
    plans: list[PlanSpan] = Field(description="The plans that cover the plan year, in order.")
    periods: list[PeriodOut] = Field(
        description="Each measurement period (or true-up period) started by as_of, oldest first."
    )
    plan_year_to_date: PayTotals = Field(description="Pay from the plan year's start to as_of.")
    projection: ProjectionOut = Field(
        description="Pay for the whole plan year if the rest goes at the pace so far."
    )
    next_band: NextBandOut | None = Field(
        description="The next threshold or band edge of the period in progress; null when the "
        "top band is reached."
    )
    uncovered: list[UncoveredOut] = Field(
        description="Days of the plan year no plan covers: their wRVU earn nothing here."
    )
    notes: list[str] = Field(description="Guarantees, forgiven deficits and other remarks.")
    year: PaceOut = Field(
        description="Your year in view on as_of (the plan year is your fiscal year): to date, the "
        "pace (projected year end), still to log and per remaining month toward the annual goal, "
        "the same figures as /reports/summary's pace."
    )


class ComparePlan(PlanTerms):
    """A hypothetical plan (not saved). Its dates, if sent, are ignored: an offer is compared as
    if it ran the whole plan year."""

    effective_from: DateIn | None = Field(default=None, description="Ignored (see above).")
    effective_to: DateIn | None = Field(default=None, description="Ignored (see above).")


class CompareIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [COMPARE_EXAMPLE]})

    plans: list[ComparePlan] = Field(
        min_length=1, max_length=10, description="One to ten hypothetical plans to compare."
    )
    year: int | None = Field(
        default=None,
        ge=2000,
        le=2100,
        description="Your logged wRVU over that plan year (named like the fiscal year: the "
        "calendar year it ends in).",
    )
    wrvu_by_month: list[Wrvu] | None = Field(
        default=None,
        min_length=12,
        max_length=12,
        description="Twelve what-if monthly wRVU figures; month 1 is the plan year's first.",
    )

    @model_validator(mode="after")
    def _one_basis(self) -> Self:
        if (self.year is None) == (self.wrvu_by_month is None):
            raise ValueError("send either year or wrvu_by_month (exactly one)")
        return self


class CompareResult(BaseModel):
    plan: str = Field(description="The hypothetical plan's name.")
    periods: list[PeriodOut] = Field(description="Its pay per period over the whole plan year.")
    totals: PayTotals = Field(description="Its pay over the whole plan year.")
    notes: list[str] = Field(description="Guarantees, forgiven deficits and other remarks.")


class CompareReport(BaseModel):
    plan_year: str = Field(description="Named like the fiscal year: 2026, or FY2027 for July-June.")
    plan_year_start: date = Field(description="The plan year's first day.")
    plan_year_end: date = Field(description="The plan year's last day.")
    basis: Literal["logged", "what_if"] = Field(
        description="logged (your log for `year`) or what_if (wrvu_by_month)."
    )
    results: list[CompareResult] = Field(description="One result per plan, in the order sent.")
