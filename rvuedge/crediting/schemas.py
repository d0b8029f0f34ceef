"""Crediting presets and dated settings: request and response shapes."""

import uuid
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from rvuedge.calc.credit_settings import Profile
from rvuedge.schemas import DateIn, Instant
from rvuedge.users.profile_settings import CreditOverrides


class CreditSettingCreate(BaseModel):
    """From effective_from on (until your next entry), your cases are credited under this preset
    with these overrides. Existing cases keep their credit until you revalue them."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "effective_from": "2026-07-01",
                    "preset": "cms_payment_mirror",
                    "overrides": {"assistant_factor": 0.2},
                },
                {
                    "effective_from": "2026-01-01",
                    "preset": "productivity_standard",
                    "credit_with_release": "2025D",
                },
            ]
        },
    )

    effective_from: DateIn = Field(
        examples=["2026-07-01"],
        description="The first date of service these rules apply to (YYYY-MM-DD); one entry "
        "per day.",
    )
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
    credit_with_release: str | None = Field(
        default=None,
        max_length=20,
        examples=["2025D"],
        description="The contract's year: value the cases dated in this entry's span with this "
        "loaded CMS release (e.g. 2025D for a contract that credits at 2025 values) instead of "
        "the release in force on each date of service. Null (the default): the release in "
        "force. A proposed release is refused (422), and so is one not loaded (the 422 lists "
        "the loaded ones).",
    )


class CreditSettingPublic(BaseModel):
    """One dated entry of your crediting rules."""

    id: uuid.UUID = Field(description="The entry's id.")
    effective_from: date = Field(description="The first date of service it applies to.")
    effective_to: date | None = Field(description="The day before your next entry; null: open.")
    preset: str = Field(description="The crediting preset cases dated in the span follow.")
    overrides: dict[str, Any] = Field(
        description="The switches you set to replace the preset's (only those set), as in "
        "CreditOverrides."
    )
    credit_with_release: str | None = Field(
        description="The release cases dated in the span are valued with (the contract's "
        "year); null: the release in force on each date of service."
    )
    created_at: Instant = Field(description="When the entry was added (UTC).")


class CreditPresetPublic(BaseModel):
    """A crediting preset you can choose."""

    name: str = Field(description="The name to send as `preset`.")
    description: str | None = Field(description="What the preset is for; null when not given.")
    base: Profile = Field(description="The built-in profile the preset starts from.")
    switches: dict[str, Any] = Field(description="Every switch's value under this preset.")
    changed: list[str] = Field(description="The switches that differ from the base profile.")
    built_in: bool = Field(
        description="True for productivity_standard and cms_payment_mirror; false for an "
        "employer preset an operator added."
    )
