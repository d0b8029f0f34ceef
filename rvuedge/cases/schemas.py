"""Request and response shapes of the case log."""

import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator
from pydantic.json_schema import SkipJsonSchema

from rvuedge.calc.credit import Flag, Rule, Setting
from rvuedge.calc.global_period import GlobalDays
from rvuedge.schemas import DateIn, Instant, Name, NoteText, Num, OneLine

MAX_LINES = 30
MAX_VERSION = 2**31 - 1
CodeStr = Annotated[
    str, Field(pattern=r"^[A-Za-z0-9]{5}$", description="CPT/HCPCS code, e.g. 47562")
]
ModifierStr = Annotated[
    str,
    Field(pattern=r"^[A-Za-z0-9]{2}$", description="A two-character CPT/HCPCS modifier, e.g. 51"),
]
RowModifier = Literal["", "26", "TC", "53"]
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
    """Your part in a case. A label: credit follows the lines' modifiers (-80/-82/-AS, -62)."""

    SURGEON = "surgeon"
    ASSISTANT = "assistant"
    CO_SURGEON = "co_surgeon"
    TEACHING = "teaching"


# Examples: a laparoscopic cholecystectomy with an inguinal hernia repair, valued with the
# 2026C release under productivity_standard (what POST /cases answers for this body).
_ADJUST_FIRST = {
    "rule": "multiple_procedure",
    "factor": 1.0,
    "reason": "ranked 1st by fee: 100%",
    "switch": "mppr_schedule",
    "preset": "productivity_standard",
}
_LINES_EXAMPLE: list[dict[str, Any]] = [
    {
        "position": 1,
        "code": "47562",
        "modifiers": [],
        "units": 1,
        "release": "2026C",
        "provisional": False,
        "row_modifier": "",
        "base_wrvu": 10.21,
        "adjustments": [_ADJUST_FIRST],
        "credited_wrvu": 10.21,
        "credited_wrvu_exact": "10.21",
        "flags": [],
        "rank": 1,
        "global_days": "090",
        "global_period_end": "2026-12-13",
        "global_period_case_id": None,
        "global_note": None,
    },
    {
        "position": 2,
        "code": "49505",
        "modifiers": ["51"],
        "units": 1,
        "release": "2026C",
        "provisional": False,
        "row_modifier": "",
        "base_wrvu": 7.76,
        "adjustments": [
            {**_ADJUST_FIRST, "factor": 0.5, "reason": "ranked 2nd by fee: 50%"},
        ],
        "credited_wrvu": 3.88,
        "credited_wrvu_exact": "3.88",
        "flags": [],
        "rank": 2,
        "global_days": "090",
        "global_period_end": "2026-12-13",
        "global_period_case_id": None,
        "global_note": None,
    },
]
CREDIT_EXAMPLE: dict[str, Any] = {
    "date_of_service": "2026-09-14",
    "setting": "facility",
    "setting_source": "case",
    "release": "2026C",
    "release_note": None,
    "provisional": False,
    "credit_profile": "productivity_standard",
    "total_wrvu": 14.09,
    "total_wrvu_exact": "14.09",
    "base_wrvu": 17.97,
    "lines": _LINES_EXAMPLE,
    "notes": [],
    "warnings": [],
}
CASE_ID_EXAMPLE = "3f2b8c1e-5d4a-4e7b-9c2d-1a6f0e8b7c45"
CASE_EXAMPLE: dict[str, Any] = {
    **CREDIT_EXAMPLE,
    "id": CASE_ID_EXAMPLE,
    "site": "Main OR",
    "locality": None,
    "role": "surgeon",
    "related_case_id": None,
    "note": "Booked as add-on",
    "encounter_ref": "FIN-20260914-07",
    "import_id": None,
    "version": 1,
    "payment_locality": None,
    "created_at": "2026-09-14T21:32:05Z",
    "updated_at": "2026-09-14T21:32:05Z",
    "deleted": False,
}
CASE_BODY_EXAMPLE: dict[str, Any] = {
    "date_of_service": "2026-09-14",
    "setting": "facility",
    "site": "Main OR",
    "lines": [{"code": "47562"}, {"code": "49505", "modifiers": ["51"]}],
}


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


ROLE_HELP = (
    "Your part: surgeon (default), assistant, co_surgeon or teaching. A label only: credit "
    "follows the modifiers (-80/-81/-82/-AS, -62), and a warning says when the two disagree"
)
RELATED_HELP = (
    "Another of your cases this one follows, e.g. the original procedure for -58/-78/-79; "
    "a -78 line then continues that case's global period"
)
NOTE_HELP = (
    "A short private note (up to 280 characters); never patient information: the answer "
    "warns when the note looks like a name, date of birth or record number"
)
ENCOUNTER_HELP = (
    "The charge, FIN or encounter number on your employer's report (used to match it in "
    "reconciliations); never a medical record number"
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


class AdjustmentOut(BaseModel):
    """One rule that changed a line's credit, with its factor and why."""

    rule: Rule = Field(description="The rule that applied.")
    factor: Num = Field(
        description="What the rule multiplied the line's credit by, exact (1: unchanged, "
        "0: not credited, 0.5: half)."
    )
    reason: str = Field(
        description="Why, in a sentence for people (e.g. 'ranked 2nd by fee: 50%'); the wording "
        "may change, so read `rule` and `factor` in code."
    )
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
    """The credit of one line, and how it was reached."""

    position: int = Field(description="The line's place in the case, from 1, in the order sent.")
    code: str = Field(description="The CPT/HCPCS code, upper-cased.")
    modifiers: list[str] = Field(
        description="The modifiers as credited: upper-cased, each once; RT with LT adds 50."
    )
    units: int = Field(description="How many times the service was done.")
    release: str | None = Field(
        description="The CMS release whose row valued the line, e.g. 2026C; null when the code "
        "is not in the release used (flag unknown_code)."
    )
    provisional: bool = Field(default=False, description=PROVISIONAL)
    row_modifier: RowModifier = Field(
        description="Which row of the fee schedule valued the line: '' (the code's own row), "
        "'26' (professional component), 'TC' (technical component) or '53' (discontinued)."
    )
    base_wrvu: Num = Field(
        description="The row's work RVU times units, before any rule (0 for an unknown code)."
    )
    adjustments: list[AdjustmentOut] = Field(
        description="The rules that changed the credit, in the order applied; empty when the "
        "line is credited at its base."
    )
    credited_wrvu: Num = Field(
        description="The work RVUs credited to you for this line, rounded half up to 2 decimals."
    )
    credited_wrvu_exact: str = Field(
        description="The unrounded credit; credited_wrvu is it rounded half up"
    )
    flags: list[Flag] = Field(
        description="What to know about this line's credit, e.g. needs_manual_valuation (credit "
        "it by hand), not_permitted, bundled, unknown_code; empty when nothing is unusual."
    )
    rank: int | None = Field(
        description="The line's place in the multiple-procedure ranking (1: full value); null "
        "when fewer than two procedures are ranked or the rule does not apply to it (e.g. an "
        "add-on code or an E/M visit)."
    )
    global_days: GlobalDays | None = Field(
        description="The code's CMS global period: 000, 010 or 090 days after surgery, MMM "
        "(maternity), XXX (none), YYY (set by the carrier), ZZZ (part of another service's); "
        "null for an unknown code."
    )
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
    """Where a case's setting came from."""

    CASE = "case"
    SITE = "site"
    PROFILE = "profile"


class CreditOut(BaseModel):
    """The credit of a case: its total, and each line with the rules that shaped it."""

    model_config = ConfigDict(json_schema_extra={"examples": [CREDIT_EXAMPLE]})

    date_of_service: date = Field(description="The date of service (YYYY-MM-DD).")
    setting: Setting = Field(
        description="Where the case was priced: facility or non_facility (it orders the "
        "multiple-procedure ranking)."
    )
    setting_source: SettingSource | None = Field(
        default=None,
        description="Where the setting came from: the case, its saved site, or the profile's "
        "default_setting (null for cases logged before sites existed)",
    )
    release: str = Field(
        description="The CMS fee-schedule release that valued the case, e.g. 2026C (year, then "
        "quarter A-D)."
    )
    release_note: str | None = Field(
        description="Set when the release in force on the date of service is not loaded: which "
        "release that is, which one valued the case instead, and why"
    )
    provisional: bool = Field(default=False, description=PROVISIONAL)
    credit_profile: str = Field(
        description="The crediting preset in force on the date of service: productivity_standard, "
        "cms_payment_mirror, or an employer preset's name (GET /api/v1/credit-presets)."
    )
    total_wrvu: Num = Field(
        description="The work RVUs credited for the case: the lines' exact credit summed, then "
        "rounded half up to 2 decimals (so it can differ by 0.01 from the rounded lines' sum)."
    )
    total_wrvu_exact: str = Field(description="The unrounded sum of the lines' exact credit")
    base_wrvu: Num = Field(
        description="The lines' base work RVUs (work RVU times units) summed, before any rule, "
        "rounded half up to 2 decimals."
    )
    lines: list[LineCreditOut] = Field(description="Each line's credit, in the order sent.")
    notes: list[str] = Field(
        description="Notes on the case as a whole, e.g. endoscopies ranked as one family; "
        "often empty."
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="Things to check, never errors: a code typed twice, units on a surgical "
        "code, an E/M visit with a procedure but without -25/-57, ...",
    )


class CaseOut(CreditOut):
    """A logged case: its credit and what you recorded about it."""

    model_config = ConfigDict(json_schema_extra={"examples": [CASE_EXAMPLE]})

    id: uuid.UUID = Field(description="The case's id (the one you sent, else the server's).")
    site: str | None = Field(description="Where it was done, as typed; null when not given.")
    locality: str | None = Field(default=None, description="The locality the case stated")
    role: Role = Field(description=ROLE_HELP)
    related_case_id: uuid.UUID | None = Field(description=RELATED_HELP)
    note: str | None = Field(description="Your private note; null when none.")
    encounter_ref: str | None = Field(default=None, description=ENCOUNTER_HELP)
    import_id: uuid.UUID | None = Field(
        default=None, description="The import that created the case, if any"
    )
    version: int = Field(
        description="1 when logged, one more with each change; send it back to PATCH the case."
    )
    payment_locality: str | None = Field(
        default=None,
        description="The locality whose GPCIs priced estimated payments; null: national",
    )
    created_at: Instant = Field(description="When the case was first stored (UTC).")
    updated_at: Instant = Field(description="When the case last changed (UTC).")
    deleted: bool = Field(
        default=False,
        description="Always false: a deleted case is not answered (the sync feed sends it as a "
        "tombstone with `case` null).",
    )


class CasePage(BaseModel):
    """One page of your cases, newest date of service first."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": [CASE_EXAMPLE], "total": 37, "limit": 1, "offset": 0}]
        }
    )

    items: list[CaseOut] = Field(description="The cases on this page.")
    total: int = Field(description="How many of your cases match the filters, on all pages.")
    limit: int = Field(description="The page size asked for.")
    offset: int = Field(description="How many matching cases were skipped before this page.")


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
    wrvu_change: Num = Field(
        default=0, description="New minus old total wRVU, summed over the changed cases"
    )
    skipped: list[RevalueSkipped] = Field(
        default_factory=list,
        description="Cases left as they were, e.g. a code no longer in the release",
    )


class GlobalPeriodOut(BaseModel):
    """A procedure of yours whose global period covers the day asked about."""

    case_id: uuid.UUID = Field(description="The case the procedure is on.")
    date_of_service: date = Field(description="The procedure's date of service.")
    code: str = Field(description="The procedure's code.")
    modifiers: list[str] = Field(description="The line's modifiers.")
    global_days: GlobalDays = Field(description="Its global period: 000, 010 or 090.")
    window_start: date = Field(
        description="First day of the period: the day before a 090 procedure, else its day."
    )
    window_end: date = Field(
        description="Last day of the period: 90 (090) or 10 (010) days after, or the day (000)."
    )
    days_left: int = Field(
        description="Days from the day asked about to window_end (0 on the last day)."
    )


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
