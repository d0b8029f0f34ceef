"""Request and response shapes of the resident's case log."""

import uuid
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from rvuedge.schemas import DateIn, Instant

Name = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$"
    ),
]


class RoleOut(BaseModel):
    code: str = Field(description="What you log, e.g. SC.")
    name: str = Field(description="e.g. Surgeon Chief.")
    description: str


class SpecialtyOut(BaseModel):
    """A residency specialty's roles and counting rules (data shipped with rvuedge)."""

    key: str = Field(description="What a profile's program_specialty names, e.g. general_surgery.")
    name: str
    roles: list[RoleOut]
    rules: list[str] = Field(description="The counting rules, in words.")
    shipped_minimums: bool = Field(description="Whether minimums ship for this specialty.")


PROFILE_EXAMPLE = {
    "program_specialty": "general_surgery",
    "residency_start": "2024-07-01",
    "pgy": None,
    "chief_year_start": "2028-07-01",
    "chief_year_end": "2029-06-30",
}


class ResidentProfileIn(BaseModel):
    """Your residency. Saving it sets your career stage to resident."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [PROFILE_EXAMPLE]})

    program_specialty: str = Field(
        max_length=40, description="See GET /api/v1/case-log/specialties, e.g. general_surgery."
    )
    residency_start: DateIn = Field(description="The first day of residency (PGY 1).")
    pgy: int | None = Field(
        default=None,
        ge=1,
        le=12,
        description="Your current post-graduate year when it is not the one derived from the "
        "start date (a research year, a repeated year); null: derived.",
    )
    chief_year_start: DateIn | None = Field(default=None, description="First day of chief year.")
    chief_year_end: DateIn | None = Field(default=None, description="Last day of chief year.")


class ResidentProfileOut(BaseModel):
    program_specialty: str
    specialty_name: str
    residency_start: date
    pgy: int = Field(description="Your post-graduate year today (derived or overridden).")
    pgy_derived: int = Field(description="The year derived from the start date alone.")
    pgy_overridden: bool
    chief_year_start: date | None
    chief_year_end: date | None
    roles: list[RoleOut]


CASE_EXAMPLE = {"role": "SJ", "attending": "Dr. Attending", "primary_line": 1, "robotic": False}


class ResidentCaseIn(BaseModel):
    """A case's case-log fields: your role, the attending, which line is the primary procedure,
    robotic. The case's codes and credit are not changed."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [CASE_EXAMPLE]})

    role: str = Field(max_length=10, description="A role of your specialty, e.g. SC, SJ, TA, FA.")
    attending: Name | None = Field(
        default=None,
        description="The attending's name from your programme's list; never patient information.",
    )
    primary_line: int = Field(
        default=1,
        ge=1,
        description="The line (1-based) logged as the primary procedure; one "
        "per case by construction.",
    )
    robotic: bool = False
    pgy: int | None = Field(
        default=None, ge=1, le=12, description="Your year on this case; null: from your profile."
    )


class CaseLogRow(BaseModel):
    """A case as the ACGME entry form asks for it, with the primary code first."""

    case_id: uuid.UUID
    date_of_service: date
    pgy: int | None
    site: str | None
    attending: str | None
    role: str
    codes: list[str] = Field(description="The case's codes, primary first.")
    robotic: bool
    entered_at: Instant | None = Field(description="When you marked it entered in the ACGME.")


class EnteredIn(BaseModel):
    """Cases you have entered in the ACGME system (or, with entered false, not yet)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"case_ids": ["6f1d2c1e-3c36-4c1b-9c56-2f5d3a1e9b10"], "entered": True}]
        },
    )

    case_ids: list[uuid.UUID] = Field(min_length=1, max_length=1000)
    entered: bool = True


class EnteredOut(BaseModel):
    updated: int


class ImportOut(BaseModel):
    specialty: str
    academic_year: int | None = None
    rows: int = Field(description="Rows stored (the previous ones for the same scope replaced).")


class CountOut(BaseModel):
    count: int
    minimum: int | None
    remaining: int | None


class TeachingOut(CountOut):
    counted_toward_major: int = Field(description="TA cases within the cap counted as major.")


class CategoryOut(BaseModel):
    category: str
    parent: str | None
    minimum: int | None
    by_role: dict[str, int]
    counted: int = Field(description="Cases in the roles measured against the minimum.")
    remaining: int | None


class YearOut(BaseModel):
    pgy: int | None
    cases: int
    total_major: int
    by_role: dict[str, int]


class ProgressOut(BaseModel):
    """Where you stand toward graduation, with the rules used to count."""

    specialty: str
    specialty_name: str
    pgy: int
    cases: int = Field(description="Cases with a role logged.")
    cases_without_role: int = Field(description="Your cases with no case-log role yet.")
    not_entered: int = Field(description="Cases with a role not yet marked entered in the ACGME.")
    by_role: dict[str, int]
    total_major: CountOut
    chief_year: CountOut
    teaching_assistant: TeachingOut
    categories: list[CategoryOut]
    by_pgy: list[YearOut]
    mapping_years: list[int] = Field(description="Academic years with an imported mapping.")
    minimums_source: str = Field(description="shipped or imported.")
    rules: list[str]
