"""Request and response shapes of the resident's case log."""

import uuid
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.config import JsonDict

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
    description: str = Field(description="When the role applies, in words.")


class SpecialtyOut(BaseModel):
    """A residency specialty's roles and counting rules (data shipped with rvuedge)."""

    key: str = Field(description="What a profile's program_specialty names, e.g. general_surgery.")
    name: str = Field(description="The specialty's name, e.g. General surgery.")
    roles: list[RoleOut] = Field(description="The roles a case can be logged in.")
    rules: list[str] = Field(description="The counting rules, in words.")
    shipped_minimums: bool = Field(description="Whether minimums ship for this specialty.")


PROFILE_EXAMPLE: JsonDict = {
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
    """Your residency, with the post-graduate year it gives today."""

    program_specialty: str = Field(description="The specialty key, e.g. general_surgery.")
    specialty_name: str = Field(description="The specialty's name.")
    residency_start: date = Field(description="The first day of residency.")
    pgy: int = Field(description="Your post-graduate year today (derived or overridden).")
    pgy_derived: int = Field(description="The year derived from the start date alone.")
    pgy_overridden: bool = Field(description="Whether you set the year yourself.")
    chief_year_start: date | None = Field(description="First day of the chief year.")
    chief_year_end: date | None = Field(description="Last day of the chief year.")
    roles: list[RoleOut] = Field(description="Your specialty's roles.")


CASE_EXAMPLE: JsonDict = {
    "role": "SJ",
    "attending": "Dr. Attending",
    "primary_line": 1,
    "robotic": False,
}


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
    robotic: bool = Field(default=False, description="Done with a surgical robot.")
    pgy: int | None = Field(
        default=None, ge=1, le=12, description="Your year on this case; null: from your profile."
    )


class CaseLogRow(BaseModel):
    """A case as the ACGME entry form asks for it, with the primary code first."""

    case_id: uuid.UUID = Field(description="The case's id (as the cases API gives it).")
    date_of_service: date = Field(description="The date of the operation.")
    pgy: int | None = Field(description="Your post-graduate year on that date.")
    site: str | None = Field(description="The case's site.")
    attending: str | None = Field(description="The attending's name.")
    role: str = Field(description="Your role, e.g. SC.")
    codes: list[str] = Field(description="The case's codes, primary first.")
    robotic: bool = Field(description="Done with a surgical robot.")
    entered_at: Instant | None = Field(description="When you marked it entered in the ACGME.")


class EnteredIn(BaseModel):
    """Cases you have entered in the ACGME system (or, with entered false, not yet)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"case_ids": ["6f1d2c1e-3c36-4c1b-9c56-2f5d3a1e9b10"], "entered": True}]
        },
    )

    case_ids: list[uuid.UUID] = Field(
        min_length=1, max_length=1000, description="The cases' ids (1 to 1000)."
    )
    entered: bool = Field(default=True, description="true: entered; false: not yet.")


class EnteredOut(BaseModel):
    """How many cases were marked."""

    updated: int = Field(description="The number of cases changed.")


class CaseLogImportOut(BaseModel):
    """What an import stored."""

    specialty: str = Field(description="The specialty it is for (your profile's).")
    academic_year: int | None = Field(
        default=None, description="For a mapping: the academic year (2026 = 2026-27)."
    )
    rows: int = Field(description="Rows stored (the previous ones for the same scope replaced).")


class CountOut(BaseModel):
    """A count against its minimum."""

    count: int = Field(description="Cases counted.")
    minimum: int | None = Field(description="The minimum, if there is one.")
    remaining: int | None = Field(description="Cases still needed (0 when met).")


class TeachingOut(CountOut):
    """Teaching-assistant cases: all of them count toward their minimum; only the first ones
    toward total major."""

    counted_toward_major: int = Field(description="TA cases within the cap counted as major.")


class CategoryOut(BaseModel):
    """A defined category: its cases by role against its minimum."""

    category: str = Field(description="The category's name, e.g. Breast: mastectomy.")
    parent: str | None = Field(description="For a sub-minimum, the category it belongs to.")
    minimum: int | None = Field(description="The minimum (null: none known).")
    by_role: dict[str, int] = Field(description="Cases in the category by role.")
    counted: int = Field(description="Cases in the roles measured against the minimum.")
    remaining: int | None = Field(description="Cases still needed (0 when met).")


class YearOut(BaseModel):
    """One post-graduate year's cases."""

    pgy: int | None = Field(description="The year (null: not known).")
    cases: int = Field(description="Cases with a role logged in the year.")
    total_major: int = Field(description="Of those, the ones counted as major.")
    by_role: dict[str, int] = Field(description="Cases by role.")


class ProgressOut(BaseModel):
    """Where you stand toward graduation, with the rules used to count."""

    specialty: str = Field(description="The specialty key.")
    specialty_name: str = Field(description="The specialty's name.")
    pgy: int = Field(description="Your post-graduate year today.")
    cases: int = Field(description="Cases with a role logged.")
    cases_without_role: int = Field(description="Your cases with no case-log role yet.")
    not_entered: int = Field(description="Cases with a role not yet marked entered in the ACGME.")
    by_role: dict[str, int] = Field(description="All cases by role.")
    total_major: CountOut = Field(description="Total major cases against the minimum.")
    chief_year: CountOut = Field(description="Chief-year cases against the minimum.")
    teaching_assistant: TeachingOut = Field(description="Teaching-assistant cases.")
    categories: list[CategoryOut] = Field(description="Each defined category.")
    by_pgy: list[YearOut] = Field(description="Each post-graduate year.")
    mapping_years: list[int] = Field(description="Academic years with an imported mapping.")
    minimums_source: str = Field(description="shipped or imported.")
    rules: list[str] = Field(description="The counting rules used, in words.")
