"""Valuing stored cases again: the range asked for and what changed."""

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from rvuedge.schemas import DateIn, Num


class RevalueIn(BaseModel):
    """The dates of service to value again, both days included."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"start": "2026-07-01", "end": "2026-09-30"}]},
    )

    start: DateIn
    end: DateIn


class RevalueChange(BaseModel):
    """A case whose credit changed."""

    case_id: uuid.UUID = Field(description="The case.")
    date_of_service: date = Field(description="Its date of service.")
    old_release: str = Field(description="The release that valued it before, e.g. 2026B.")
    new_release: str = Field(description="The release that values it now, e.g. 2026C.")
    old_total_wrvu: Num = Field(description="Its total wRVU before, rounded to 2 decimals.")
    new_total_wrvu: Num = Field(description="Its total wRVU now, rounded to 2 decimals.")


class RevalueSkipped(BaseModel):
    """A case that could not be valued again and was left as it was."""

    case_id: uuid.UUID = Field(description="The case.")
    date_of_service: date = Field(description="Its date of service.")
    reason: str = Field(description="Why, in a sentence (e.g. the code left the release).")


class RevalueOut(BaseModel):
    examined: int = Field(description="How many of your cases in the range were valued again.")
    through: date | None = Field(
        default=None, description="Date of service of the last case examined (for resuming)"
    )
    changed: list[RevalueChange] = Field(description="The cases whose credit or release changed.")
    wrvu_change: Num = Field(  # type: ignore[assignment]  # 0 as the schema shows it
        default=0, description="New minus old total wRVU, summed over the changed cases"
    )
    skipped: list[RevalueSkipped] = Field(
        default_factory=list,
        description="Cases left as they were, e.g. a code no longer in the release",
    )
