"""What a client sends to preview, log, change or type a case, and the answer to typed text."""

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator
from pydantic.json_schema import SkipJsonSchema

from rvuedge.calc.credit import Setting
from rvuedge.cases.schemas.credit import CreditOut
from rvuedge.cases.schemas.examples import CASE_BODY_EXAMPLE, CASE_ID_EXAMPLE
from rvuedge.cases.schemas.fields import (
    ENCOUNTER_HELP,
    LOCALITY_HELP,
    MAX_LINES,
    MAX_VERSION,
    NOTE_HELP,
    RELATED_HELP,
    ROLE_HELP,
    SETTING_HELP,
    SITE_HELP,
    CodeStr,
    EncounterRef,
    LocalityKey,
    ModifierStr,
    Role,
)
from rvuedge.schemas import DateIn, NoteText, OneLine


class LineIn(BaseModel):
    """One procedure of a case: a code, its modifiers and units."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"code": "49505", "modifiers": ["51"], "units": 1}]},
    )

    code: CodeStr
    modifiers: list[ModifierStr] = Field(
        default_factory=list,
        max_length=4,
        description="Up to 4 modifiers, upper-cased; an unknown modifier is a 422. Only pricing "
        "modifiers (e.g. 22, 26, 50, 51, 62, 80, TC) change credit; RT with LT counts as 50.",
    )
    # A JSON integer only: no "5" text, 5.0 or "1_0" (the strict number rule, calc.numbers).
    units: StrictInt = Field(
        default=1,
        ge=1,
        le=99,
        description="How many times the service was done (1-99); the work RVU is multiplied by it.",
    )

    @field_validator("code")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @field_validator("modifiers")
    @classmethod
    def _upper_mods(cls, value: list[str]) -> list[str]:
        return [m.upper() for m in value]


class PreviewIn(BaseModel):
    """A case to credit without saving it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [CASE_BODY_EXAMPLE]})

    date_of_service: DateIn
    setting: Setting | None = Field(default=None, description=SETTING_HELP)
    site: OneLine | None = Field(default=None, max_length=100, description=SITE_HELP)
    locality: LocalityKey | None = Field(default=None, description=LOCALITY_HELP)
    lines: list[LineIn] = Field(
        min_length=1,
        max_length=MAX_LINES,
        description=f"The procedures of the case, 1 to {MAX_LINES} lines, credited together.",
    )


class CaseCreate(PreviewIn):
    """A case to log."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **CASE_BODY_EXAMPLE,
                    "id": CASE_ID_EXAMPLE,
                    "role": "surgeon",
                    "note": "Booked as add-on",
                    "encounter_ref": "FIN-20260914-07",
                }
            ]
        }
    )

    id: uuid.UUID | None = Field(
        default=None, description="Client-chosen id; retrying with it is safe."
    )
    role: Role = Field(default=Role.SURGEON, description=ROLE_HELP)
    related_case_id: uuid.UUID | None = Field(default=None, description=RELATED_HELP)
    note: NoteText | None = Field(default=None, max_length=280, description=NOTE_HELP)
    encounter_ref: EncounterRef | None = Field(default=None, description=ENCOUNTER_HELP)


class CaseUpdate(BaseModel):
    """The fields to change; omit a field to keep it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "version": 1,
                    "lines": [{"code": "47563"}, {"code": "49505", "modifiers": ["51"]}],
                    "note": None,
                }
            ]
        },
    )

    version: int = Field(ge=1, le=MAX_VERSION, description="The version the client last saw.")
    # Omit a field to keep it; these four cannot be null (site, locality, related case and note
    # can).
    date_of_service: DateIn | SkipJsonSchema[None] = Field(
        default=None, description="The new date of service (YYYY-MM-DD); omit to keep it."
    )
    setting: Setting | SkipJsonSchema[None] = Field(default=None, description=SETTING_HELP)
    lines: (
        Annotated[list[LineIn], Field(min_length=1, max_length=MAX_LINES)] | SkipJsonSchema[None]
    ) = Field(
        default=None,
        description=f"The full new list of lines (1 to {MAX_LINES}), replacing the old; omit to "
        "keep them. The case is credited again either way.",
    )
    site: OneLine | None = Field(default=None, max_length=100, description=SITE_HELP)
    locality: LocalityKey | None = Field(default=None, description=LOCALITY_HELP)
    role: Role | SkipJsonSchema[None] = Field(default=None, description=ROLE_HELP)
    related_case_id: uuid.UUID | None = Field(default=None, description=RELATED_HELP)
    note: NoteText | None = Field(default=None, max_length=280, description=NOTE_HELP)
    encounter_ref: EncounterRef | None = Field(default=None, description=ENCOUNTER_HELP)

    @field_validator("date_of_service", "setting", "lines", "role", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("may not be null; omit the field to keep its value")
        return value


class ParseIn(BaseModel):
    """Typed text to read into lines and credit."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "lap chole + rt inguinal hernia",
                    "date_of_service": "2026-09-14",
                    "setting": "facility",
                }
            ]
        },
    )

    text: str = Field(
        min_length=1,
        max_length=500,
        description="Codes and/or words, e.g. '47562 49505-50' or 'lap chole + rt inguinal hernia'",
    )
    date_of_service: DateIn
    setting: Setting | None = Field(default=None, description=SETTING_HELP)
    site: OneLine | None = Field(default=None, max_length=100, description=SITE_HELP)
    locality: LocalityKey | None = Field(default=None, description=LOCALITY_HELP)


class WordReading(BaseModel):
    words: str = Field(description="The words as typed, side words included")
    code: str = Field(description="The code the words were read as.")
    name: str = Field(description="The code's name in rvuedge's own words (not a CPT descriptor).")
    modifiers: list[str] = Field(description="From side words: RT, LT or 50")


class ParseOut(BaseModel):
    text: str = Field(description="The text as sent.")
    lines: list[LineIn] = Field(description="The lines read from it, in order.")
    readings: list[WordReading] = Field(
        default_factory=list, description="How each run of words was read"
    )
    preview: CreditOut = Field(description="The credit those lines would get, as POST /preview.")
