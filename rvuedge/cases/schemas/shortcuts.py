"""Favorites, templates and recent codes: the shortcuts of the log screen."""

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from rvuedge.cases.schemas.entry import LineIn
from rvuedge.cases.schemas.fields import MAX_LINES, CodeStr, ModifierStr
from rvuedge.schemas import Instant, Name, OneLine

FAVORITE_MODIFIERS = 'The modifiers logged with it (up to 4), e.g. ["RT"].'
FAVORITE_LABEL = "Your own short name for it, e.g. 'lap chole' (up to 100 characters)."


class FavoriteIn(BaseModel):
    """A code to keep at hand, with its usual modifiers."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"code": "47562", "modifiers": [], "label": "lap chole"}]},
    )

    code: CodeStr
    modifiers: list[ModifierStr] = Field(
        default_factory=list, max_length=4, description=FAVORITE_MODIFIERS
    )
    label: OneLine | None = Field(default=None, max_length=100, description=FAVORITE_LABEL)


class FavoriteUpdate(BaseModel):
    """The favorite's fields to change; omit a field to keep it, send label null to clear it."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"label": "lap chole, primary"}]}
    )

    modifiers: list[ModifierStr] | None = Field(
        default=None, max_length=4, description=FAVORITE_MODIFIERS
    )
    label: OneLine | None = Field(default=None, max_length=100, description=FAVORITE_LABEL)


class FavoriteOut(BaseModel):
    """A favorite code."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(description="The favorite's id.")
    code: str = Field(description="The CPT/HCPCS code.")
    modifiers: list[str] = Field(description="Its usual modifiers.")
    label: str | None = Field(description="Your name for it; null when none.")
    position: int = Field(description="Its place in your list, from 1 (PUT /me/favorites/order).")


class FavoriteOrderIn(BaseModel):
    """Your favorites in the order you want them."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "ids": [
                        "0b9f3c2a-6d1e-4a57-8c3b-2e4f6a8d0c19",
                        "5e7a1d3c-9b2f-4c68-a0e4-7f1b3d5c9e28",
                    ]
                }
            ]
        },
    )

    ids: list[uuid.UUID] = Field(
        max_length=500, description="Every favorite's id exactly once, first to last."
    )


TEMPLATE_NAME = "A name for the set, e.g. 'lap chole + hernia' (1-100 characters)."
TEMPLATE_LINES = f"The lines the template fills in (1 to {MAX_LINES})."


class TemplateIn(BaseModel):
    """A named set of lines to log together."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "lap chole + hernia",
                    "lines": [{"code": "47562"}, {"code": "49505", "modifiers": ["51"]}],
                }
            ]
        },
    )

    name: Name = Field(min_length=1, max_length=100, description=TEMPLATE_NAME)
    lines: list[LineIn] = Field(min_length=1, max_length=MAX_LINES, description=TEMPLATE_LINES)


class TemplateUpdate(BaseModel):
    """The template's fields to change; omit a field to keep it."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "lap chole + RIH"}]}
    )

    name: Name | None = Field(default=None, min_length=1, max_length=100, description=TEMPLATE_NAME)
    lines: list[LineIn] | None = Field(
        default=None, min_length=1, max_length=MAX_LINES, description=TEMPLATE_LINES
    )


class TemplateOut(BaseModel):
    """A saved template."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(description="The template's id.")
    name: str = Field(description="Its name.")
    lines: list[LineIn] = Field(description="Its lines.")
    created_at: Instant = Field(description="When it was saved (UTC).")
    updated_at: Instant = Field(description="When it last changed (UTC).")


class RecentOut(BaseModel):
    """A code (with its modifiers) from your log."""

    code: str = Field(description="The CPT/HCPCS code.")
    modifiers: list[str] = Field(description="The modifiers it was logged with.")
    last_used: date = Field(description="The latest date of service it was logged on.")
    times: int = Field(
        description="How many of your 500 most recently logged lines have this code and these "
        "modifiers."
    )
