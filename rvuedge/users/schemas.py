"""Request and response shapes for accounts and the profile."""

import uuid
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    field_validator,
)
from pydantic.json_schema import SkipJsonSchema

from rvuedge.calc.conversion import CfChoice
from rvuedge.calc.credit import Setting
from rvuedge.schemas import Instant, Name, Num, strict_number
from rvuedge.users.examples import PROFILE_EXAMPLE
from rvuedge.users.profile_settings import CompensationPlan, CreditSettings


class CareerStage(StrEnum):
    """Where you are in training or practice."""

    STUDENT = "student"
    RESIDENT = "resident"
    FELLOW = "fellow"
    ATTENDING = "attending"


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
    display_name: Name = Field(
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
    conversion_factor_choice: CfChoice = Field(
        description="Which conversion factor dollar figures use from 2026, when CMS has two: "
        "non_apm (33.4009 for 2026) or qualifying_apm (qualifying APM participants, 33.5675)."
    )
    created_at: Instant = Field(description="When the account was created (UTC).")


Goal = Annotated[Decimal, strict_number("0.01", 1_000_000, places=2, what="goal")]


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
    display_name: Annotated[Name, Field(min_length=1, max_length=100)] | SkipJsonSchema[None] = (
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
        Annotated[Decimal, strict_number("0.1", "1.0", places=2, what="clinical_fte")]
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
    conversion_factor_choice: CfChoice | SkipJsonSchema[None] = Field(
        default=None,
        description="non_apm (33.4009 for 2026) or qualifying_apm (33.5675 for 2026): which "
        "conversion factor every dollar figure uses (cases, reports, exports, release "
        "comparisons). Changing it values your cases from 2026 on again at once.",
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
        "conversion_factor_choice",
        mode="before",
    )
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("may not be null")
        return value
