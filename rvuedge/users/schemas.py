"""Request and response shapes for accounts and the profile."""

import uuid
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    PlainSerializer,
    StrictBool,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from rvuedge.calc.credit import Setting
from rvuedge.calc.credit_settings import BilateralRule, Profile, RankBasis
from rvuedge.schemas import Instant, Num


class CareerStage(StrEnum):
    STUDENT = "student"
    RESIDENT = "resident"
    FELLOW = "fellow"
    ATTENDING = "attending"


AsNumber = PlainSerializer(float, return_type=float, when_used="json")
Factor = Annotated[Decimal, Field(ge=0, le=5, max_digits=6, decimal_places=4), AsNumber]


ScheduleFactor = Annotated[Decimal, Field(ge=0, le=1, max_digits=5, decimal_places=4), AsNumber]


class CreditOverrides(BaseModel):
    """Switches that replace the chosen profile's defaults (wrvu-rules.md section 2.5)."""

    model_config = ConfigDict(extra="forbid")

    apply_mppr: StrictBool | None = None
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
    rank_basis: RankBasis | None = None
    sixth_plus_factor: Factor | None = None
    endoscopy_family_rule: StrictBool | None = None
    imaging_pc_reduction: StrictBool | None = None
    assistant_factor: Factor | None = None
    npp_assistant_factor: Factor | None = None
    co_surgeon_factor: Factor | None = None
    mod22_factor: Factor | None = None
    mod52_factor: Factor | None = None
    mod53_factor: Factor | None = None
    mod66_factor: Factor | None = None
    credit_non_payable_rvus: StrictBool | None = None


class CreditSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    profile: Profile = Profile.PRODUCTIVITY_STANDARD
    overrides: CreditOverrides = Field(default_factory=CreditOverrides)


Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2), AsNumber]


class CompensationTier(BaseModel):
    model_config = ConfigDict(extra="forbid")

    above_wrvu: Annotated[Decimal, Field(gt=0, max_digits=10, decimal_places=2), AsNumber]
    dollars_per_wrvu: Money


class CompensationPlan(BaseModel):
    """Base salary, plus dollars per wRVU above a threshold, optionally in rising tiers."""

    model_config = ConfigDict(extra="forbid")

    base_salary: Money
    wrvu_threshold: Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2), AsNumber]
    dollars_per_wrvu: Money
    tiers: list[CompensationTier] = Field(default_factory=list, max_length=10)

    @model_validator(mode="after")
    def _tiers_rise(self) -> Self:
        previous = self.wrvu_threshold
        for tier in self.tiers:
            if tier.above_wrvu <= previous:
                raise ValueError("each tier must start above the threshold and the tier before it")
            previous = tier.above_wrvu
        return self


class RegisterIn(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=256)
    display_name: str = Field(min_length=1, max_length=100)


class TokenPair(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 (a token kind, not a secret)
    expires_in: int
    refresh_token: str


class RefreshIn(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=200)


class PasswordChangeIn(BaseModel):
    current_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)


class DeleteAccountIn(BaseModel):
    password: str = Field(max_length=256)


class ProfilePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    display_name: str
    specialty: str | None
    career_stage: CareerStage | None
    clinical_fte: Num
    time_zone: str
    fiscal_year_start_month: int
    default_setting: Setting
    locality: str | None
    monthly_wrvu_goal: Num | None
    annual_wrvu_goal: Num | None
    credit_settings: CreditSettings
    compensation_plan: CompensationPlan | None
    benchmark_source: str | None
    created_at: Instant


Goal = Annotated[Decimal, Field(gt=0, le=1_000_000, max_digits=10, decimal_places=2)]


class ProfileUpdate(BaseModel):
    """PATCH /me: every field optional; only the fields sent change."""

    model_config = ConfigDict(extra="forbid")

    # display_name, clinical_fte, time_zone, fiscal_year_start_month and default_setting may be
    # omitted but not null; the others can be cleared with null.
    display_name: Annotated[str, Field(min_length=1, max_length=100)] | SkipJsonSchema[None] = None
    specialty: str | None = Field(default=None, max_length=100)
    career_stage: CareerStage | None = None
    clinical_fte: (
        Annotated[Decimal, Field(ge=Decimal("0.1"), le=Decimal("1.0"), decimal_places=2)]
        | SkipJsonSchema[None]
    ) = None
    time_zone: Annotated[str, Field(max_length=64)] | SkipJsonSchema[None] = None
    fiscal_year_start_month: Annotated[int, Field(ge=1, le=12)] | SkipJsonSchema[None] = None
    default_setting: Setting | SkipJsonSchema[None] = None
    locality: str | None = Field(default=None, pattern=r"^\d{5}-\d{2}$")
    monthly_wrvu_goal: Goal | None = None
    annual_wrvu_goal: Goal | None = None
    credit_settings: CreditSettings | None = None
    compensation_plan: CompensationPlan | None = None
    benchmark_source: str | None = Field(default=None, max_length=100)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone (e.g. America/Chicago)") from None
        return value

    @field_validator(
        "display_name",
        "clinical_fte",
        "time_zone",
        "fiscal_year_start_month",
        "default_setting",
        mode="before",
    )
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("may not be null")
        return value
