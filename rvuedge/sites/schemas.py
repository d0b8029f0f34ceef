"""Request and response shapes of saved sites."""

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from rvuedge.calc.credit import Setting
from rvuedge.schemas import Instant

SiteName = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$"
    ),
]
LocalityKey = Annotated[
    str, Field(pattern=r"^\d{5}-\d{2}$", description="MAC-locality, see GET /api/v1/localities")
]


class SiteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: SiteName = Field(description="e.g. Main OR, Clinic; unique per user, any case")
    setting: Setting = Field(description="Where cases here are priced: facility or non_facility")
    locality: LocalityKey | None = Field(
        default=None, description="Medicare locality for estimated payments here"
    )


class SiteUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: SiteName | None = None
    setting: Setting | None = None
    locality: LocalityKey | None = None


class SiteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    setting: Setting
    locality: str | None
    created_at: Instant
    updated_at: Instant
