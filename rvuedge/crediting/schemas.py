"""Crediting presets and dated settings: request and response shapes."""

import uuid
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from rvuedge.schemas import DateIn, Instant
from rvuedge.users.schemas import CreditOverrides


class CreditSettingCreate(BaseModel):
    """From effective_from on (until your next entry), your cases are credited under this preset
    with these overrides. Existing cases keep their credit until you revalue them."""

    model_config = ConfigDict(extra="forbid")

    effective_from: DateIn = Field(examples=["2026-07-01"])
    preset: str = Field(
        min_length=1,
        max_length=40,
        description="productivity_standard, cms_payment_mirror, or a preset of GET "
        "/api/v1/credit-presets (your employer's, set up by an operator).",
        examples=["cms_payment_mirror"],
    )
    overrides: CreditOverrides = Field(
        default_factory=CreditOverrides, description="Switches that replace the preset's."
    )


class CreditSettingPublic(BaseModel):
    id: uuid.UUID
    effective_from: date
    effective_to: date | None = Field(description="The day before your next entry; null: open.")
    preset: str
    overrides: dict[str, Any]
    created_at: Instant


class CreditPresetPublic(BaseModel):
    name: str
    description: str | None
    base: str = Field(description="The built-in profile the preset starts from.")
    switches: dict[str, Any] = Field(description="Every switch's value under this preset.")
    changed: list[str] = Field(description="The switches that differ from the base profile.")
    built_in: bool
