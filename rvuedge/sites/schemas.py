"""Request and response shapes of saved sites."""

import uuid
from typing import Annotated, Any

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


SITE_EXAMPLE: dict[str, Any] = {"name": "Main OR", "setting": "facility", "locality": "05102-00"}


class SiteIn(BaseModel):
    """A place you work, with the setting and locality its cases are priced at."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [SITE_EXAMPLE]})

    name: SiteName = Field(description="e.g. Main OR, Clinic; unique per user, any case")
    setting: Setting = Field(description="Where cases here are priced: facility or non_facility")
    locality: LocalityKey | None = Field(
        default=None, description="Medicare locality for estimated payments here"
    )


class SiteUpdate(BaseModel):
    """The site's fields to change; omit a field to keep it."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"setting": "non_facility"}]}
    )

    name: SiteName | None = Field(
        default=None, description="A new name (1-100 characters, unique per user, any case)."
    )
    setting: Setting | None = Field(
        default=None, description="Where cases here are priced: facility or non_facility."
    )
    locality: LocalityKey | None = Field(
        default=None, description="Medicare locality for estimated payments here; null clears it."
    )


class SiteOut(BaseModel):
    """A saved site."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(description="The site's id.")
    name: str = Field(description="Its name; a case whose `site` is this text (any case) uses it.")
    setting: Setting = Field(description="Where cases here are priced: facility or non_facility.")
    locality: str | None = Field(
        description="Medicare locality for estimated payments here; null: the profile's."
    )
    created_at: Instant = Field(description="When it was saved (UTC).")
    updated_at: Instant = Field(description="When it last changed (UTC).")
