"""The profile's crediting settings (before the first dated setting) and its simple pay plan."""

from decimal import Decimal
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, StrictBool, model_validator

from rvuedge.calc.credit_settings import BilateralRule, Profile, RankBasis
from rvuedge.schemas import strict_number

AsNumber = PlainSerializer(float, return_type=float, when_used="json")
Factor = Annotated[Decimal, strict_number(0, 5, places=4, what="factor"), AsNumber]


ScheduleFactor = Annotated[Decimal, strict_number(0, 1, places=4, what="factor"), AsNumber]


KEEP = " null keeps the preset's value."


class CreditOverrides(BaseModel):
    """Switches that replace the chosen profile's defaults (wrvu-rules.md section 2.5)."""

    model_config = ConfigDict(extra="forbid")

    apply_mppr: StrictBool | None = Field(
        default=None,
        description="Apply the multiple-procedure reduction (on in both built-in profiles);" + KEEP,
    )
    mppr_schedule: list[ScheduleFactor] | None = Field(
        default=None,
        min_length=1,
        max_length=10,
        description="Multiple-procedure factors by rank, each 0-1: [1, 0.5, 0.5, 0.5, 0.5] (CMS) "
        "or [1, 0.5, 0.25]. Past its end the last factor repeats up to the 5th rank; the 6th "
        "and later follow sixth_plus_factor.",
    )
    bilateral_rule: BilateralRule | None = Field(
        default=None,
        description="-50 on a bilateral-indicator-1 code: 150_percent (CMS), 200_percent, or "
        "100_percent_per_side (each side a procedure, both ranked).",
    )
    rank_basis: RankBasis | None = Field(
        default=None,
        description="What orders procedures for the reduction: total_by_pos (total RVUs in the "
        "case's setting, the default), total_facility, total_nonfacility or work;" + KEEP,
    )
    sixth_plus_factor: Factor | None = Field(
        default=None,
        description="Factor (0-5) for the 6th and later ranked procedures: 0.5 under "
        "productivity_standard; cms_payment_mirror leaves them to be credited by hand;" + KEEP,
    )
    endoscopy_family_rule: StrictBool | None = Field(
        default=None,
        description="Credit endoscopies of one family as one: each after the first is worth "
        "its value minus the base endoscopy's (on in both profiles);" + KEEP,
    )
    imaging_pc_reduction: StrictBool | None = Field(
        default=None,
        description="Credit the 2nd and later imaging studies of a session at 95% (on only "
        "under cms_payment_mirror);" + KEEP,
    )
    assistant_factor: Factor | None = Field(
        default=None,
        description="Share of the surgeon's value for -80/-81/-82 (0.16 in both profiles);" + KEEP,
    )
    npp_assistant_factor: Factor | None = Field(
        default=None,
        description="Share for a non-physician assistant, -AS (0.16 productivity_standard, "
        "0.136 cms_payment_mirror);" + KEEP,
    )
    co_surgeon_factor: Factor | None = Field(
        default=None, description="Share to each co-surgeon, -62 (0.625);" + KEEP
    )
    mod22_factor: Factor | None = Field(
        default=None,
        description="Factor for -22 increased procedural service (1.0: no extra credit);" + KEEP,
    )
    mod52_factor: Factor | None = Field(
        default=None, description="Factor for -52 reduced service (0.5);" + KEEP
    )
    mod53_factor: Factor | None = Field(
        default=None,
        description="Factor for -53 on a code without a 53 row; by default none, and the line "
        "is flagged to be credited by hand;" + KEEP,
    )
    mod66_factor: Factor | None = Field(
        default=None,
        description="Factor for -66 team surgery; by default none, and the line is flagged to "
        "be credited by hand;" + KEEP,
    )
    credit_non_payable_rvus: StrictBool | None = Field(
        default=None,
        description="Credit work RVUs CMS shows but does not pay for (status B/I/N/X): on under "
        "productivity_standard, off under cms_payment_mirror;" + KEEP,
    )


class CreditSettings(BaseModel):
    """The crediting rules cases follow before your first dated setting (/me/credit-settings)."""

    model_config = ConfigDict(extra="forbid")

    profile: Profile = Field(
        default=Profile.PRODUCTIVITY_STANDARD,
        description="The built-in crediting profile: productivity_standard (the default) or "
        "cms_payment_mirror.",
    )
    overrides: CreditOverrides = Field(
        default_factory=CreditOverrides,
        description="Switches that replace the profile's; a null switch keeps its value.",
    )


Money = Annotated[Decimal, strict_number(0, "9999999999.99", places=2, what="amount"), AsNumber]
AnnualWrvu = Annotated[Decimal, strict_number(0, "99999999.99", places=2, what="wRVU")]


class CompensationTier(BaseModel):
    """A higher rate for the annual wRVUs above a further level."""

    model_config = ConfigDict(extra="forbid")

    above_wrvu: Annotated[
        Decimal, strict_number("0.01", "99999999.99", places=2, what="wRVU"), AsNumber
    ] = Field(
        description="The annual wRVU level above which this rate applies (above the threshold "
        "and the tier before)."
    )
    dollars_per_wrvu: Money = Field(description="US dollars per wRVU above that level.")


class CompensationPlan(BaseModel):
    """Base salary, plus dollars per wRVU above a threshold, optionally in rising tiers."""

    model_config = ConfigDict(extra="forbid")

    base_salary: Money = Field(description="Annual base salary in US dollars.")
    wrvu_threshold: Annotated[AnnualWrvu, AsNumber] = Field(
        description="Annual wRVUs the base salary covers; incentive starts above it."
    )
    dollars_per_wrvu: Money = Field(
        description="US dollars per wRVU above the threshold (up to the first tier)."
    )
    tiers: list[CompensationTier] = Field(
        default_factory=list,
        max_length=10,
        description="Up to 10 higher rates at rising wRVU levels; empty for one rate.",
    )

    @model_validator(mode="after")
    def _tiers_rise(self) -> Self:
        previous = self.wrvu_threshold
        for tier in self.tiers:
            if tier.above_wrvu <= previous:
                raise ValueError("each tier must start above the threshold and the tier before it")
            previous = tier.above_wrvu
        return self
