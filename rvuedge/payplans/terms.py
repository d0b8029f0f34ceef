"""The terms of a pay plan: base salary, threshold, $/wRVU bands, accrual and true-up; shared by
a stored plan and a plan compared without saving."""

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from rvuedge.calc.pay import Accrual, MeasurementPeriod, TrueUp
from rvuedge.schemas import Bool, Name, Num, strict_number

# Every amount is read by the one strict number rule (calc.numbers), stated in the schema too.
Money = Annotated[
    Decimal, strict_number(0, 100_000_000, places=2, what="amount", examples=["240000.00"])
]
Wrvu = Annotated[Decimal, strict_number(0, 1_000_000, places=2, what="wRVU")]
Rate = Annotated[
    Decimal,
    strict_number(
        0, 10_000, places=2, what="dollars per wRVU", description="Dollars per wRVU, not negative"
    ),
]
Fte = Annotated[Decimal, strict_number("0.1", "1.0", places=2, what="fte")]


class BandIn(BaseModel):
    """A $/wRVU band: from `from_wrvu` (per measurement period) up to the next band's start."""

    model_config = ConfigDict(extra="forbid")

    from_wrvu: Wrvu = Field(description="Where the band starts, in wRVU per measurement period.")
    dollars_per_wrvu: Rate


class BandOut(BaseModel):
    from_wrvu: Num = Field(description="Where the band starts, in wRVU per measurement period.")
    dollars_per_wrvu: Num = Field(description="Dollars paid per wRVU in this band.")


class PlanTerms(BaseModel):
    """The terms of a contract (everything but its dates)."""

    model_config = ConfigDict(extra="forbid")

    name: Name = Field(
        min_length=1,
        max_length=100,
        examples=["Example Surgical Group 2026"],
        description="Your name for the contract, shown in the reports.",
    )
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
    fte: Fte | None = Field(
        default=None,
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
