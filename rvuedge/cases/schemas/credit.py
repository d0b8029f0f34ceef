"""The credit of a case as the API answers it: each line with the rules that shaped it, the
case with what you recorded, a page of cases, and the global periods open on a day."""

import uuid
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from rvuedge.calc.credit import Flag, Rule, Setting
from rvuedge.calc.global_period import GlobalDays
from rvuedge.cases.schemas.examples import CASE_EXAMPLE, CREDIT_EXAMPLE
from rvuedge.cases.schemas.fields import (
    ENCOUNTER_HELP,
    RELATED_HELP,
    ROLE_HELP,
    Role,
    RowModifier,
)
from rvuedge.schemas import Instant, Num


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
        description="The work RVUs credited to you for this line: its exact credit rounded half "
        "up to hundredths, the figure every total adds."
    )
    credited_wrvu_exact: str = Field(
        description="The unrounded credit (base times the rules' factors); credited_wrvu is it "
        "rounded half up"
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
        description="The work RVUs credited for the case: the sum of its lines' credited_wrvu "
        "(each line is credited in hundredths, rounded half up), so a day, a month, a code or a "
        "year adds up the same figures whatever the grouping."
    )
    total_wrvu_exact: str = Field(
        description="The unrounded sum of the lines' exact credit (explanation only: it can "
        "differ from total_wrvu by up to half a hundredth per line)"
    )
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
