"""Response shapes of the catalog API (no tables here)."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from rvuedge.schemas import Instant, Num


class ReleasePublic(BaseModel):
    name: str
    year: int
    quarter: str
    effective_date: date
    released_on: date | None
    conversion_factor: Num
    source_filename: str
    source_sha256: str
    row_count: int
    is_complete: bool
    has_descriptors: bool
    imported_at: Instant


class ReleaseRef(BaseModel):
    name: str
    effective_date: date
    conversion_factor: Num
    is_complete: bool
    has_descriptors: bool


class SearchHit(BaseModel):
    code: str
    name: str
    description: str | None
    work_rvu: Num | None
    global_days: str | None
    release: str | None
    common: bool


class SearchResults(BaseModel):
    query: str
    release: str | None
    items: list[SearchHit]


class Indicator(BaseModel):
    value: str | None
    meaning: str


class SettingRvus(BaseModel):
    practice_expense_rvu: Num
    total_rvu: Num
    not_applicable: bool


class RvuBreakdown(BaseModel):
    work_rvu: Num
    malpractice_rvu: Num
    facility: SettingRvus
    non_facility: SettingRvus


class GlobalPeriod(BaseModel):
    days: str
    meaning: str
    pre_op_share: Num
    intra_op_share: Num
    post_op_share: Num


class LocalityRef(BaseModel):
    key: str
    name: str
    state: str
    year: int
    work_gpci: Num
    pe_gpci: Num
    mp_gpci: Num


class Payment(BaseModel):
    conversion_factor: Num
    work_only: Num
    facility: Num
    non_facility: Num
    locality: LocalityRef | None
    method: str


class Highest(BaseModel):
    code: str
    work_rvu: Num


class Comparison(BaseModel):
    category: str
    definition: str
    code_count: int
    percentile_rank: Num | None
    multiple_of_median: Num | None
    median_work_rvu: Num
    highest: Highest
    summary: str


class HistoryPoint(BaseModel):
    release: str
    effective_date: date
    work_rvu: Num
    change: Num | None
    change_percent: Num | None


class PolicyIndicators(BaseModel):
    status: Indicator
    not_used_for_medicare_payment: bool
    pctc: Indicator
    multiple_procedure: Indicator
    bilateral: Indicator
    assistant: Indicator
    co_surgeon: Indicator
    team: Indicator
    endoscopic_base: str | None
    imaging_family: Indicator
    pricing_indicator: str | None


class CodeCard(BaseModel):
    code: str
    modifier: str
    release: ReleaseRef
    official_descriptor: str | None
    descriptor_note: str | None = Field(
        description="Why official_descriptor is empty: rvuedge does not ship CMS descriptors "
        "(AMA text); an operator's import of the CMS file adds them."
    )
    name: str
    other_names: list[str]
    plain_language: str | None
    clinical_context: str | None
    specialties: list[str]
    category: str
    global_period: GlobalPeriod
    rvus: RvuBreakdown
    payment: Payment
    policy: PolicyIndicators
    comparison: Comparison | None
    history: list[HistoryPoint]
    component_modifiers: list[str]


class LocalityPublic(BaseModel):
    key: str
    year: int
    mac: str
    locality_number: str
    state: str
    name: str
    work_gpci: Num
    work_gpci_unfloored: Num | None
    pe_gpci: Num
    mp_gpci: Num


class Health(BaseModel):
    """Whether the server can answer; the details only for an operator."""

    status: Literal["ok", "unavailable"] = Field(description="ok when the database answers.")
    database: str | None = Field(
        default=None, description="The database engine (operators only)."
    )
    releases: list[str] | None = Field(
        default=None, description="Imported fee-schedule releases (operators only)."
    )
    version: str | None = Field(default=None, description="The server's version (operators only).")
