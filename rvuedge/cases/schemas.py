"""Request and response shapes of the case log."""

import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from rvuedge.calc.credit import Flag, Rule, Setting
from rvuedge.schemas import DateIn, Instant, Num

MAX_LINES = 30
MAX_VERSION = 2**31 - 1
CodeStr = Annotated[
    str, Field(pattern=r"^[A-Za-z0-9]{5}$", description="CPT/HCPCS code, e.g. 47562")
]
ModifierStr = Annotated[str, Field(pattern=r"^[A-Za-z0-9]{2}$")]
EncounterRef = Annotated[
    str,
    Field(
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._/#:-]*$",
        description="The charge, FIN or encounter number you see on the employer's report "
        "(used to match it); never a medical record number",
        examples=["FIN-20260914-07"],
    ),
]


class Role(StrEnum):
    SURGEON = "surgeon"
    ASSISTANT = "assistant"
    CO_SURGEON = "co_surgeon"
    TEACHING = "teaching"


class LineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: CodeStr
    modifiers: list[ModifierStr] = Field(default_factory=list, max_length=4)
    units: int = Field(default=1, ge=1, le=99)

    @field_validator("code")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @field_validator("modifiers")
    @classmethod
    def _upper_mods(cls, value: list[str]) -> list[str]:
        return [m.upper() for m in value]


LocalityKey = Annotated[
    str, Field(pattern=r"^\d{5}-\d{2}$", description="MAC-locality, see GET /api/v1/localities")
]
SETTING_HELP = (
    "facility or non_facility; when left out, the saved site's setting (if `site` names one of "
    "/me/sites), else the profile's default_setting"
)
SITE_HELP = "Free text; naming one of your saved sites (/me/sites, any case) applies its setting"
LOCALITY_HELP = (
    "Medicare locality for estimated payments; when left out, the saved site's, else the profile's"
)


class PreviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date_of_service: DateIn
    setting: Setting | None = Field(default=None, description=SETTING_HELP)
    site: str | None = Field(default=None, max_length=100, description=SITE_HELP)
    locality: LocalityKey | None = Field(default=None, description=LOCALITY_HELP)
    lines: list[LineIn] = Field(min_length=1, max_length=MAX_LINES)


class CaseCreate(PreviewIn):
    id: uuid.UUID | None = Field(
        default=None, description="Client-chosen id; retrying with it is safe."
    )
    role: Role = Role.SURGEON
    related_case_id: uuid.UUID | None = None
    note: str | None = Field(default=None, max_length=280)
    encounter_ref: EncounterRef | None = None


class CaseUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=MAX_VERSION, description="The version the client last saw.")
    # Omit a field to keep it; these four cannot be null (site, locality, related case and note
    # can).
    date_of_service: DateIn | SkipJsonSchema[None] = None
    setting: Setting | SkipJsonSchema[None] = Field(default=None, description=SETTING_HELP)
    lines: (
        Annotated[list[LineIn], Field(min_length=1, max_length=MAX_LINES)] | SkipJsonSchema[None]
    ) = None
    site: str | None = Field(default=None, max_length=100, description=SITE_HELP)
    locality: LocalityKey | None = Field(default=None, description=LOCALITY_HELP)
    role: Role | SkipJsonSchema[None] = None
    related_case_id: uuid.UUID | None = None
    note: str | None = Field(default=None, max_length=280)
    encounter_ref: EncounterRef | None = None

    @field_validator("date_of_service", "setting", "lines", "role", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("may not be null; omit the field to keep its value")
        return value


class AdjustmentOut(BaseModel):
    rule: Rule
    factor: Num
    reason: str
    switch: str | None = Field(
        default=None,
        description="The crediting switch that set this factor (e.g. mppr_schedule, "
        "bilateral_rule); null for rules that are the same under every preset.",
    )
    preset: str | None = Field(
        default=None,
        description="The crediting preset in force on the date of service that set the switch; "
        "'(overridden)' when your own override set it.",
    )


PROVISIONAL = (
    "True while the release in force on the date of service is not loaded: the case is valued "
    "with the nearest loaded release (release_note names both) and is revalued by itself when "
    "an operator imports the missing release"
)


class LineCreditOut(BaseModel):
    position: int
    code: str
    modifiers: list[str]
    units: int
    release: str | None
    provisional: bool = Field(default=False, description=PROVISIONAL)
    row_modifier: str
    base_wrvu: Num
    adjustments: list[AdjustmentOut]
    credited_wrvu: Num
    credited_wrvu_exact: str = Field(
        description="The unrounded credit; credited_wrvu is it rounded half up"
    )
    flags: list[Flag]
    rank: int | None
    global_days: str | None
    global_period_end: date | None = Field(
        default=None,
        description="Last day of the global period this line opens, or (for -78 with a related "
        "case) of the original procedure's period it continues",
    )
    global_period_case_id: uuid.UUID | None = Field(
        default=None, description="-78: the original case whose global period this line continues"
    )
    global_note: str | None = Field(
        default=None,
        description="Why this 000/010/090 line opens no global period for you (-78, assistant, "
        "-55/-56 only)",
    )


class SettingSource(StrEnum):
    CASE = "case"
    SITE = "site"
    PROFILE = "profile"


class CreditOut(BaseModel):
    date_of_service: date
    setting: Setting
    setting_source: SettingSource | None = Field(
        default=None,
        description="Where the setting came from: the case, its saved site, or the profile's "
        "default_setting (null for cases logged before sites existed)",
    )
    release: str
    release_note: str | None = Field(
        description="Set when the release in force on the date of service is not loaded: which "
        "release that is, which one valued the case instead, and why"
    )
    provisional: bool = Field(default=False, description=PROVISIONAL)
    credit_profile: str
    total_wrvu: Num
    total_wrvu_exact: str = Field(description="The unrounded sum of the lines' exact credit")
    base_wrvu: Num
    lines: list[LineCreditOut]
    notes: list[str]
    warnings: list[str] = Field(
        default_factory=list,
        description="Things to check, never errors: a code typed twice, units on a surgical "
        "code, an E/M visit with a procedure but without -25/-57, ...",
    )


class CaseOut(CreditOut):
    id: uuid.UUID
    site: str | None
    locality: str | None = Field(default=None, description="The locality the case stated")
    role: Role
    related_case_id: uuid.UUID | None
    note: str | None
    encounter_ref: str | None = None
    import_id: uuid.UUID | None = Field(
        default=None, description="The import that created the case, if any"
    )
    version: int
    payment_locality: str | None = Field(
        default=None,
        description="The locality whose GPCIs priced estimated payments; null: national",
    )
    created_at: Instant
    updated_at: Instant
    deleted: bool = False


class CasePage(BaseModel):
    items: list[CaseOut]
    total: int
    limit: int
    offset: int


class ParseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        min_length=1,
        max_length=500,
        description="Codes and/or words, e.g. '47562 49505-50' or 'lap chole + rt inguinal hernia'",
    )
    date_of_service: DateIn
    setting: Setting | None = Field(default=None, description=SETTING_HELP)
    site: str | None = Field(default=None, max_length=100, description=SITE_HELP)
    locality: LocalityKey | None = Field(default=None, description=LOCALITY_HELP)


class WordReading(BaseModel):
    words: str = Field(description="The words as typed, side words included")
    code: str
    name: str
    modifiers: list[str] = Field(description="From side words: RT, LT or 50")


class ParseOut(BaseModel):
    text: str
    lines: list[LineIn]
    readings: list[WordReading] = Field(
        default_factory=list, description="How each run of words was read"
    )
    preview: CreditOut


class RevalueIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: DateIn
    end: DateIn


class RevalueChange(BaseModel):
    case_id: uuid.UUID
    date_of_service: date
    old_release: str
    new_release: str
    old_total_wrvu: Num
    new_total_wrvu: Num


class RevalueSkipped(BaseModel):
    case_id: uuid.UUID
    date_of_service: date
    reason: str


class RevalueOut(BaseModel):
    examined: int
    through: date | None = Field(
        default=None, description="Date of service of the last case examined (for resuming)"
    )
    changed: list[RevalueChange]
    wrvu_change: Num = Field(
        default=0, description="New minus old total wRVU, summed over the changed cases"
    )
    skipped: list[RevalueSkipped] = Field(
        default_factory=list,
        description="Cases left as they were, e.g. a code no longer in the release",
    )


class GlobalPeriodOut(BaseModel):
    case_id: uuid.UUID
    date_of_service: date
    code: str
    modifiers: list[str]
    global_days: str
    window_start: date
    window_end: date
    days_left: int


class FavoriteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: CodeStr
    modifiers: list[ModifierStr] = Field(default_factory=list, max_length=4)
    label: str | None = Field(default=None, max_length=100)


class FavoriteUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    modifiers: list[ModifierStr] | None = Field(default=None, max_length=4)
    label: str | None = Field(default=None, max_length=100)


class FavoriteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    modifiers: list[str]
    label: str | None
    position: int


class FavoriteOrderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[uuid.UUID] = Field(max_length=500)


class TemplateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    lines: list[LineIn] = Field(min_length=1, max_length=MAX_LINES)


class TemplateUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=100)
    lines: list[LineIn] | None = Field(default=None, min_length=1, max_length=MAX_LINES)


class TemplateOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    lines: list[LineIn]
    created_at: Instant
    updated_at: Instant


class RecentOut(BaseModel):
    code: str
    modifiers: list[str]
    last_used: date
    times: int
