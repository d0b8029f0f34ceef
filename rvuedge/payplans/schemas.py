"""Pay-plan request and response shapes, and the compensation report's."""

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from rvuedge.payplans.compute import Accrual, MeasurementPeriod, TrueUp
from rvuedge.schemas import Bool, DateIn, Instant, Num

Money = Annotated[
    Decimal,
    Field(ge=0, le=100_000_000, max_digits=12, decimal_places=2, examples=["240000.00"]),
]
Wrvu = Annotated[Decimal, Field(ge=0, le=1_000_000, max_digits=10, decimal_places=2)]
Rate = Annotated[
    Decimal,
    Field(
        ge=0,
        le=10_000,
        max_digits=8,
        decimal_places=2,
        description="Dollars per wRVU, not negative",
    ),
]


class BandIn(BaseModel):
    """A $/wRVU band: from `from_wrvu` (per measurement period) up to the next band's start."""

    model_config = ConfigDict(extra="forbid")

    from_wrvu: Wrvu = Field(description="Where the band starts, in wRVU per measurement period.")
    dollars_per_wrvu: Rate


class BandOut(BaseModel):
    from_wrvu: Num
    dollars_per_wrvu: Num


class PlanTerms(BaseModel):
    """The terms of a contract (everything but its dates)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, examples=["Mercy Surgical Group 2026"])
    base_salary: Money = Field(description="Annual base salary (prorated by days for part years).")
    threshold_wrvu: Wrvu = Field(
        description="wRVU per measurement period below which no incentive is paid; the first "
        "band starts here."
    )
    bands: list[BandIn] = Field(
        min_length=1,
        max_length=20,
        description="Rising $/wRVU bands; the first starts at threshold_wrvu.",
    )
    accrual: Accrual = Field(
        default=Accrual.MARGINAL,
        description="marginal: each band pays its own wRVUs. retroactive: once a band is reached, "
        "every wRVU of the period from the threshold up pays at its rate.",
    )
    measurement_period: MeasurementPeriod = Field(
        default=MeasurementPeriod.PLAN_YEAR,
        description="Where the threshold and band edges reset: month, quarter (of the plan year) "
        "or plan_year (the profile's fiscal year).",
    )
    guarantee: Money | None = Field(
        default=None, description="Floor on the plan year's total pay, settled at its end."
    )
    monthly_draw: Money | None = Field(
        default=None, description="Advance against the incentive, paid each month."
    )
    true_up: TrueUp | None = Field(
        default=None,
        validate_default=True,
        description="When draws are settled against the incentive earned: quarter or plan_year. "
        "Required with a monthly_draw.",
    )
    clawback: Bool = Field(
        default=False,
        description="On: a true-up where draws exceed the incentive is owed back. Off: the "
        "deficit carries to later true-ups and is forgiven at the plan year's end.",
    )
    fte: Decimal | None = Field(
        default=None,
        ge=Decimal("0.1"),
        le=Decimal("1.0"),
        max_digits=3,
        decimal_places=2,
        description="Scales the threshold and band edges (0.8: 80% of them); none: unscaled.",
    )

    @field_validator("bands")
    @classmethod
    def _bands_rise(cls, bands: list[BandIn], info: ValidationInfo) -> list[BandIn]:
        threshold = info.data.get("threshold_wrvu")
        if threshold is not None and bands[0].from_wrvu != threshold:
            raise ValueError(
                f"the first band must start at threshold_wrvu ({threshold}), "
                f"not {bands[0].from_wrvu}"
            )
        for before, after in zip(bands, bands[1:], strict=False):
            if after.from_wrvu <= before.from_wrvu:
                raise ValueError(
                    f"bands must rise: {after.from_wrvu} does not start above {before.from_wrvu}"
                )
            if after.dollars_per_wrvu < before.dollars_per_wrvu:
                raise ValueError(
                    f"band rates must not fall: ${after.dollars_per_wrvu} after "
                    f"${before.dollars_per_wrvu}"
                )
        return bands

    @field_validator("true_up")
    @classmethod
    def _draw_needs_true_up(cls, value: TrueUp | None, info: ValidationInfo) -> TrueUp | None:
        if value is None and info.data.get("monthly_draw"):
            raise ValueError("a monthly_draw needs a true_up frequency (quarter or plan_year)")
        return value


class PayPlanCreate(PlanTerms):
    """A contract with the dates it is in force (inclusive); no end date: open-ended."""

    effective_from: DateIn = Field(examples=["2026-07-01"])
    effective_to: DateIn | None = Field(default=None, examples=["2027-06-30"])

    @field_validator("effective_to")
    @classmethod
    def _dates_in_order(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("effective_from")
        if value is not None and start is not None and value < start:
            raise ValueError(f"effective_to {value} is before effective_from {start}")
        return value


class PayPlanUpdate(BaseModel):
    """PATCH: only the fields sent change; the result is checked as a whole plan."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=100)
    effective_from: DateIn | None = None
    effective_to: DateIn | None = None
    base_salary: Money | None = None
    threshold_wrvu: Wrvu | None = None
    bands: list[BandIn] | None = Field(default=None, min_length=1, max_length=20)
    accrual: Accrual | None = None
    measurement_period: MeasurementPeriod | None = None
    guarantee: Money | None = None
    monthly_draw: Money | None = None
    true_up: TrueUp | None = None
    clawback: Bool | None = None
    fte: Decimal | None = Field(default=None, ge=Decimal("0.1"), le=Decimal("1.0"))


class PayPlanPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    effective_from: date
    effective_to: date | None
    base_salary: Num
    threshold_wrvu: Num
    bands: list[BandOut]
    accrual: Accrual
    measurement_period: MeasurementPeriod
    guarantee: Num | None
    monthly_draw: Num | None
    true_up: TrueUp | None
    clawback: bool
    fte: Num | None
    created_at: Instant
    updated_at: Instant


# --- The compensation report ----------------------------------------------------------------


class PeriodOut(BaseModel):
    label: str = Field(description="2026-03 (month), FY2027-Q1 (quarter of the plan year), 2026.")
    plan: str = Field(description="The plan in force over this period.")
    start: date
    end: date
    complete: bool = Field(description="False for the period in progress on as_of.")
    credited_wrvu: Num
    threshold_wrvu: Num | None = Field(
        description="The measurement period's threshold after proration and FTE scaling; null "
        "when this row is a part of a longer measurement period."
    )
    incentive_earned: Num
    draws_paid: Num
    true_up: Num | None = Field(
        description="Settled at this period's end: positive is paid to you, negative is owed back; "
        "null where no true-up falls."
    )
    balance: Num = Field(
        description="Incentive earned minus draws and true-ups so far: negative is draw you have "
        "not yet earned (carried), positive is incentive not yet paid."
    )
    method: str


class PlanSpan(BaseModel):
    plan: str
    plan_id: uuid.UUID | None = Field(description="null for a hypothetical or profile plan.")
    start: date
    end: date


class PayTotals(BaseModel):
    credited_wrvu: Num
    base_salary: Num
    incentive_earned: Num
    draws_paid: Num
    true_ups: Num
    guarantee_top_up: Num
    total_pay: Num
    dollars_per_wrvu: Num | None = Field(description="Effective $/wRVU: total pay / wRVU.")
    method: str


class ProjectionOut(PayTotals):
    pace_wrvu_per_day: Num
    days_elapsed: int
    days_in_plan_year: int


class NextBandOut(BaseModel):
    plan: str
    period_start: date
    period_end: date
    wrvu_in_period: Num
    edge_wrvu: Num = Field(description="The next threshold or band start of this period.")
    wrvu_needed: Num
    dollars_per_wrvu_from_edge: Num
    incentive_added: Num = Field(description="What reaching the edge adds to the incentive.")
    method: str


class UncoveredOut(BaseModel):
    start: date
    end: date
    credited_wrvu: Num


class CompensationReport(BaseModel):
    as_of: date
    plan_year: str = Field(description="Named like the fiscal year: 2026, or FY2027 for July-June.")
    plan_year_start: date
    plan_year_end: date
    source: str = Field(
        description="pay_plans, or compensation_plan when the profile's older single plan is used."
    )
    plans: list[PlanSpan]
    periods: list[PeriodOut]
    plan_year_to_date: PayTotals
    projection: ProjectionOut
    next_band: NextBandOut | None
    uncovered: list[UncoveredOut] = Field(
        description="Days of the plan year no plan covers: their wRVU earn nothing here."
    )
    notes: list[str]


class ComparePlan(PlanTerms):
    """A hypothetical plan (not saved). Its dates, if sent, are ignored: an offer is compared as
    if it ran the whole plan year."""

    effective_from: DateIn | None = None
    effective_to: DateIn | None = None


class CompareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plans: list[ComparePlan] = Field(min_length=1, max_length=10)
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
    plan: str
    periods: list[PeriodOut]
    totals: PayTotals
    notes: list[str]


class CompareReport(BaseModel):
    plan_year: str
    plan_year_start: date
    plan_year_end: date
    basis: str = Field(description="logged (your log for `year`) or what_if (wrvu_by_month).")
    results: list[CompareResult]
