"""Request and response shapes for accounts and the profile."""

import uuid
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal, Self
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
    """Where you are in training or practice."""

    STUDENT = "student"
    RESIDENT = "resident"
    FELLOW = "fellow"
    ATTENDING = "attending"


AsNumber = PlainSerializer(float, return_type=float, when_used="json")
Factor = Annotated[Decimal, Field(ge=0, le=5, max_digits=6, decimal_places=4), AsNumber]


ScheduleFactor = Annotated[Decimal, Field(ge=0, le=1, max_digits=5, decimal_places=4), AsNumber]


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


Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2), AsNumber]


class CompensationTier(BaseModel):
    """A higher rate for the annual wRVUs above a further level."""

    model_config = ConfigDict(extra="forbid")

    above_wrvu: Annotated[Decimal, Field(gt=0, max_digits=10, decimal_places=2), AsNumber] = Field(
        description="The annual wRVU level above which this rate applies (above the threshold "
        "and the tier before)."
    )
    dollars_per_wrvu: Money = Field(description="US dollars per wRVU above that level.")


class CompensationPlan(BaseModel):
    """Base salary, plus dollars per wRVU above a threshold, optionally in rising tiers."""

    model_config = ConfigDict(extra="forbid")

    base_salary: Money = Field(description="Annual base salary in US dollars.")
    wrvu_threshold: Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2), AsNumber] = (
        Field(description="Annual wRVUs the base salary covers; incentive starts above it.")
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


CHOICE_HELP = (
    "At least 10 characters (up to 256), not a common password, not a run of one or two "
    "characters or a simple sequence, and not your email address."
)


class RegisterIn(BaseModel):
    """A new account."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "email": "dr.example@example.org",
                    "password": "long-and-unguessable-42",
                    "display_name": "Dr. Example",
                }
            ]
        }
    )

    email: EmailStr = Field(description="Your email address; you sign in with it (any case).")
    password: str = Field(min_length=1, max_length=256, description=CHOICE_HELP)
    display_name: str = Field(
        min_length=1, max_length=100, description="The name the app shows you, e.g. Dr. Example."
    )
    invitation: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="The `token` of an invitation link (`rvuedge users invite`), for this "
        "email. Needed when the server's registration is by invitation; it works once.",
    )


class TokenPair(BaseModel):
    """A signed-in device's tokens."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJleGFtcGxlIn0"
                    ".c2lnbmF0dXJlLW9mLWFuLWV4YW1wbGU",
                    "token_type": "bearer",
                    "expires_in": 900,
                    "refresh_token": "q7Vh2mXbT9eLw4sRk1NpZ8cYd3fGu6jA0oHiE5tWxCs",
                }
            ]
        }
    )

    access_token: str = Field(
        description="A JWT to send as `Authorization: Bearer <token>` until it expires."
    )
    token_type: Literal["bearer"] = Field(
        default="bearer",  # noqa: S105 (a token kind, not a secret)
        description="Always bearer.",
    )
    expires_in: int = Field(
        description="Seconds until the access token expires (15 minutes by default)."
    )
    refresh_token: str = Field(
        description="Exchange it once at POST /auth/refresh for a new pair; it expires after 30 "
        "days by default. Keep it in the device's secure storage."
    )


class RefreshIn(BaseModel):
    """A refresh token to exchange."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"refresh_token": "q7Vh2mXbT9eLw4sRk1NpZ8cYd3fGu6jA0oHiE5tWxCs"}]
        }
    )

    refresh_token: str = Field(
        min_length=1, max_length=200, description="The refresh_token of the latest pair."
    )


class PasswordChangeIn(BaseModel):
    """The current password and the new one."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "current_password": "long-and-unguessable-42",
                    "new_password": "another-long-passphrase-7",
                }
            ]
        }
    )

    current_password: str = Field(max_length=256, description="The password you sign in with now.")
    new_password: str = Field(max_length=256, description=CHOICE_HELP)


class PasswordResetIn(BaseModel):
    """A password reset link's token and the new password."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "token": "q3J9x-the-token-of-the-link",
                    "new_password": "another-long-passphrase-7",
                }
            ]
        }
    )

    token: str = Field(
        min_length=1,
        max_length=200,
        description="The `token` of the link `rvuedge users reset-password` made; it works once "
        "and expires (RVUEDGE_PASSWORD_RESET_EXPIRE_MINUTES).",
    )
    new_password: str = Field(max_length=256, description=CHOICE_HELP)


class DeleteAccountIn(BaseModel):
    """The password, to confirm erasing the account."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"password": "long-and-unguessable-42"}]}
    )

    password: str = Field(max_length=256, description="The password you sign in with.")


FTE_HELP = "Your clinical full-time equivalent, 0.1 to 1.0; benchmarks divide by it."
GOAL_HELP = "wRVUs you aim for; null: no goal."
PROFILE_EXAMPLE = {
    "id": "6a1f4c9e-0b3d-4e2a-8f57-9d2c1b7e4a36",
    "email": "dr.example@example.org",
    "display_name": "Dr. Example",
    "specialty": None,
    "career_stage": "attending",
    "clinical_fte": 1.0,
    "time_zone": "America/Chicago",
    "fiscal_year_start_month": 7,
    "default_setting": "facility",
    "locality": None,
    "monthly_wrvu_goal": 650.0,
    "annual_wrvu_goal": 7800.0,
    "credit_settings": {"profile": "productivity_standard", "overrides": {}},
    "compensation_plan": {
        "base_salary": 350000.0,
        "wrvu_threshold": 6500.0,
        "dollars_per_wrvu": 52.0,
        "tiers": [{"above_wrvu": 8000.0, "dollars_per_wrvu": 58.0}],
    },
    "benchmark_source": None,
    "created_at": "2026-07-01T14:03:22Z",
}


class ProfilePublic(BaseModel):
    """Your account and profile."""

    model_config = ConfigDict(
        from_attributes=True, json_schema_extra={"examples": [PROFILE_EXAMPLE]}
    )

    id: uuid.UUID = Field(description="Your account's id.")
    email: str = Field(description="The email you sign in with, lower-cased.")
    display_name: str = Field(description="The name the app shows you.")
    specialty: str | None = Field(
        description="Your benchmark specialty (one of the loaded tables'); null: not set."
    )
    career_stage: CareerStage | None = Field(
        description="Where you are in your career; null: not set."
    )
    clinical_fte: Num = Field(description=FTE_HELP)
    time_zone: str = Field(
        description="An IANA time zone, e.g. America/Chicago: what 'today' and calendar periods "
        "mean for you."
    )
    fiscal_year_start_month: int = Field(
        description="The month (1-12) your fiscal year starts in, for reports."
    )
    default_setting: Setting = Field(
        description="The setting a case is priced in when neither it nor its site says."
    )
    locality: str | None = Field(
        description="Your Medicare locality (MAC-locality, e.g. 05102-00) for estimated "
        "payments; null: national."
    )
    monthly_wrvu_goal: Num | None = Field(description="Monthly " + GOAL_HELP)
    annual_wrvu_goal: Num | None = Field(description="Annual " + GOAL_HELP)
    credit_settings: CreditSettings = Field(
        description="The crediting rules before your first dated setting (/me/credit-settings)."
    )
    compensation_plan: CompensationPlan | None = Field(
        description="A simple pay plan for the benchmark report's pay estimate; null: none."
    )
    benchmark_source: str | None = Field(
        description="The benchmark survey source you prefer; null: the newest survey year."
    )
    created_at: Instant = Field(description="When the account was created (UTC).")


Goal = Annotated[Decimal, Field(gt=0, le=1_000_000, max_digits=10, decimal_places=2)]


class ProfileUpdate(BaseModel):
    """PATCH /me: every field optional; only the fields sent change."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "time_zone": "America/Chicago",
                    "fiscal_year_start_month": 7,
                    "career_stage": "attending",
                    "monthly_wrvu_goal": 650,
                }
            ]
        },
    )

    # display_name, clinical_fte, time_zone, fiscal_year_start_month and default_setting may be
    # omitted but not null; the others can be cleared with null.
    display_name: Annotated[str, Field(min_length=1, max_length=100)] | SkipJsonSchema[None] = (
        Field(default=None, description="The name the app shows you (1-100 characters).")
    )
    specialty: str | None = Field(
        default=None,
        max_length=100,
        description="A benchmark specialty (GET /api/v1/benchmarks lists them; any case); null "
        "clears it.",
    )
    career_stage: CareerStage | None = Field(
        default=None, description="Where you are in your career; null clears it."
    )
    clinical_fte: (
        Annotated[Decimal, Field(ge=Decimal("0.1"), le=Decimal("1.0"), decimal_places=2)]
        | SkipJsonSchema[None]
    ) = Field(default=None, description=FTE_HELP)
    time_zone: Annotated[str, Field(max_length=64)] | SkipJsonSchema[None] = Field(
        default=None, description="An IANA time zone, e.g. America/Chicago."
    )
    fiscal_year_start_month: Annotated[int, Field(ge=1, le=12)] | SkipJsonSchema[None] = Field(
        default=None, description="The month (1-12) your fiscal year starts in."
    )
    default_setting: Setting | SkipJsonSchema[None] = Field(
        default=None,
        description="The setting a case is priced in when neither it nor its site says.",
    )
    locality: str | None = Field(
        default=None,
        pattern=r"^\d{5}-\d{2}$",
        description="A Medicare locality (GET /api/v1/localities); null: national.",
    )
    monthly_wrvu_goal: Goal | None = Field(
        default=None, description="Monthly wRVU goal (up to 1,000,000); null clears it."
    )
    annual_wrvu_goal: Goal | None = Field(
        default=None, description="Annual wRVU goal (up to 1,000,000); null clears it."
    )
    credit_settings: CreditSettings | None = Field(
        default=None,
        description="The crediting rules before your first dated setting; logged cases keep "
        "their credit until revalued.",
    )
    compensation_plan: CompensationPlan | None = Field(
        default=None, description="A simple pay plan for pay estimates; null removes it."
    )
    benchmark_source: str | None = Field(
        default=None,
        max_length=100,
        description="The benchmark survey source to prefer; null: the newest survey year.",
    )

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
