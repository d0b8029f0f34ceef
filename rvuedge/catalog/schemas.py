"""Response shapes of the catalog API (no tables here)."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rvuedge.calc.categories import Category
from rvuedge.catalog.examples import CODE_CARD_EXAMPLE, SEARCH_EXAMPLE
from rvuedge.schemas import Instant, Num

# The release name, as everywhere: the year and the CMS quarter letter, e.g. 2026C (July 2026).
RELEASE_NAME = "The fee-schedule release, named by year and CMS quarter letter, e.g. 2026C."


class ReleasePublic(BaseModel):
    name: str = Field(description=RELEASE_NAME)
    year: int = Field(description="The calendar year of the fee schedule the release belongs to.")
    quarter: Literal["A", "B", "C", "D"] = Field(
        description="The CMS quarter letter: A January, B April, C July, D October."
    )
    effective_date: date = Field(description="The first date of service the release applies to.")
    released_on: date | None = Field(
        description="When CMS published the file; null when it is not known."
    )
    conversion_factor: Num = Field(
        description="The release's conversion factor, in dollars per RVU (four decimals)."
    )
    source_filename: str = Field(description="The name of the CMS PPRRVU file it was read from.")
    source_sha256: str = Field(description="The SHA-256 of that file, in hex.")
    row_count: int = Field(description="How many (code, modifier) rows the release holds.")
    is_complete: bool = Field(
        description="True when every row of the CMS file is stored (the seed ships whole releases)."
    )
    has_descriptors: bool = Field(
        description="True once an operator imported the CMS file itself, which adds the CMS short "
        "descriptors; the seed does not ship them."
    )
    imported_at: Instant = Field(description="When the release was stored, UTC.")
    proposed: bool = Field(
        default=False,
        description="True for a proposed rule's numbers (`rvuedge import-rvu --proposed`): "
        "labelled proposed, compared against, never used to value a logged case.",
    )
    label: str = Field(
        default="", description='The release as shown: its name, plus " (proposed)" if proposed.'
    )


class ReleaseRef(BaseModel):
    name: str = Field(description=RELEASE_NAME)
    effective_date: date = Field(description="The first date of service the release applies to.")
    conversion_factor: Num = Field(
        description="The release's conversion factor, in dollars per RVU (four decimals)."
    )
    is_complete: bool = Field(description="True when every row of the CMS file is stored.")
    has_descriptors: bool = Field(
        description="True once an operator imported the CMS file with its short descriptors."
    )
    proposed: bool = Field(
        default=False,
        description="True for a proposed rule's numbers: shown when asked for, never in force.",
    )


class SearchHit(BaseModel):
    code: str = Field(description="The five-character CPT/HCPCS code.")
    name: str = Field(
        description="The name rvuedge shows: the project's own name for a common code, else the "
        "CMS descriptor when an operator imported it, else a note that it is not shipped."
    )
    description: str | None = Field(
        description="The CMS short descriptor in the release searched; null unless an operator "
        "imported the CMS file."
    )
    work_rvu: Num | None = Field(
        description="The work RVU (no modifier) in the release in force today; null when the "
        "code has no row in that release."
    )
    global_days: str | None = Field(
        description="The CMS global period (000, 010, 090, MMM, XXX, YYY or ZZZ); null when the "
        "code has no row in the release."
    )
    release: str | None = Field(
        description="The release work_rvu comes from; null when the code has no row in it."
    )
    common: bool = Field(
        description="True for a code with a name written for this project (the seed's guide)."
    )


class SearchResults(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [SEARCH_EXAMPLE]})

    query: str = Field(description="The text searched, as sent.")
    release: str | None = Field(
        description="The release in force today whose values the hits carry; null when no "
        "release is loaded."
    )
    items: list[SearchHit] = Field(
        description="The hits, best first: exact code, code prefix, names and synonyms, then "
        "words with one typo allowed per word (the common procedure first)."
    )
    suggestions: list[SearchHit] = Field(
        default_factory=list,
        description="Did you mean: for a code-shaped query with no hit (e.g. 27474), the "
        "nearest known codes, best first (same start, one typo, same prefix).",
    )


class Indicator(BaseModel):
    value: str | None = Field(
        description="The indicator's value as in the CMS file; null when the file leaves it blank."
    )
    meaning: str = Field(description="What that value means, in words.")


class SettingRvus(BaseModel):
    practice_expense_rvu: Num = Field(description="The practice expense RVU in this setting.")
    total_rvu: Num = Field(
        description="Work + practice expense + malpractice RVU in this setting, as CMS lists it."
    )
    not_applicable: bool = Field(
        description="True when CMS marks the setting NA (the service is not paid in it)."
    )


class RvuBreakdown(BaseModel):
    work_rvu: Num = Field(description="The work RVU (what wRVU credit is built from).")
    malpractice_rvu: Num = Field(description="The malpractice (professional liability) RVU.")
    facility: SettingRvus = Field(description="RVUs when performed in a facility.")
    non_facility: SettingRvus = Field(description="RVUs when performed outside a facility.")


class GlobalPeriod(BaseModel):
    days: str = Field(description="The CMS global period: 000, 010, 090, MMM, XXX, YYY or ZZZ.")
    meaning: str = Field(description="What the global period means, in words.")
    pre_op_share: Num = Field(description="Share of the global package before surgery (0 to 1).")
    intra_op_share: Num = Field(description="Share of the global package for the procedure itself.")
    post_op_share: Num = Field(description="Share of the global package after surgery (0 to 1).")


class LocalityRef(BaseModel):
    key: str = Field(description="The locality's key, MAC-locality, e.g. 01112-54.")
    name: str = Field(description="The locality's name as CMS writes it.")
    state: str = Field(description="The two-letter state code.")
    year: int = Field(description="The year of the GPCIs used.")
    work_gpci: Num = Field(description="The work GPCI, with the 1.0 floor where it applies.")
    pe_gpci: Num = Field(description="The practice expense GPCI.")
    mp_gpci: Num = Field(description="The malpractice GPCI.")


class Payment(BaseModel):
    conversion_factor: Num = Field(description="The release's conversion factor, dollars per RVU.")
    work_only: Num = Field(
        description="Dollars of the work RVU alone (work RVU x conversion factor, with the work "
        "GPCI at a locality), rounded to cents."
    )
    facility: Num = Field(
        description="Estimated Medicare payment in a facility, in dollars rounded to cents."
    )
    non_facility: Num = Field(
        description="Estimated Medicare payment outside a facility, in dollars rounded to cents."
    )
    locality: LocalityRef | None = Field(
        description="The locality whose GPCIs priced the payment; null for national amounts."
    )
    method: str = Field(description="How the amounts were computed, in words.")


class Highest(BaseModel):
    code: str = Field(description="The code with the highest work RVU in the category.")
    work_rvu: Num = Field(description="That code's work RVU.")


class Comparison(BaseModel):
    category: Category = Field(description="The code's CPT/HCPCS category.")
    definition: str = Field(description="Which codes are compared, in words.")
    code_count: int = Field(description="How many codes the category holds in this release.")
    percentile_rank: Num | None = Field(
        description="This code's work RVU as a percentile (0 to 100, one decimal) among them; "
        "null when its work RVU is zero."
    )
    multiple_of_median: Num | None = Field(
        description="Work RVU / the category's median, two decimals; null when either is zero."
    )
    median_work_rvu: Num = Field(description="The category's median work RVU, two decimals.")
    highest: Highest = Field(description="The code with the highest work RVU in the category.")
    summary: str = Field(description="The comparison in one sentence.")


class HistoryPoint(BaseModel):
    release: str = Field(description=RELEASE_NAME)
    effective_date: date = Field(description="The first date of service the release applies to.")
    work_rvu: Num = Field(description="The work RVU in that release.")
    change: Num | None = Field(
        description="Change from the previous imported release; null for the first."
    )
    change_percent: Num | None = Field(
        description="That change in percent of the previous value, one decimal; null for the "
        "first release or when the previous value was zero."
    )
    proposed: bool = Field(
        default=False, description="True when the release is a proposed rule's numbers."
    )


class PolicyIndicators(BaseModel):
    status: Indicator = Field(description="The CMS status code (A: active, paid separately...).")
    not_used_for_medicare_payment: bool = Field(
        description="True when CMS flags the RVUs as not used for Medicare payment."
    )
    pctc: Indicator = Field(description="The professional/technical component indicator.")
    multiple_procedure: Indicator = Field(description="The multiple-procedure indicator.")
    bilateral: Indicator = Field(description="The bilateral surgery indicator (modifier -50).")
    assistant: Indicator = Field(description="The assistant-at-surgery indicator.")
    co_surgeon: Indicator = Field(description="The co-surgeon indicator (modifier -62).")
    team: Indicator = Field(description="The team surgery indicator (modifier -66).")
    endoscopic_base: str | None = Field(
        description="The base code of the code's endoscopy family; null when it has none."
    )
    imaging_family: Indicator = Field(description="The diagnostic imaging family indicator.")
    pricing_indicator: str | None = Field(
        description="The CMS pricing indicator as in the file; null when blank."
    )


class CodeCard(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [CODE_CARD_EXAMPLE]})

    code: str = Field(description="The five-character CPT/HCPCS code, upper case.")
    modifier: Literal["", "26", "TC", "53"] = Field(
        description="The CMS row shown: empty for the global row, or 26, TC or 53."
    )
    release: ReleaseRef = Field(description="The release the values come from.")
    official_descriptor: str | None = Field(
        description="The CMS short descriptor; null unless an operator imported the CMS file."
    )
    descriptor_note: str | None = Field(
        description="Why official_descriptor is empty: rvuedge does not ship CMS descriptors "
        "(AMA text); an operator's import of the CMS file adds them."
    )
    name: str = Field(
        description="The project's own name for the code, else the CMS descriptor when imported, "
        "else a note that it is not shipped."
    )
    other_names: list[str] = Field(
        description="Abbreviations and synonyms clinicians use, which search also finds."
    )
    plain_language: str | None = Field(
        description="What the procedure is, in plain words (written for this project); null when "
        "the code has no guide."
    )
    clinical_context: str | None = Field(
        description="When the code is typically used; null when the guide has none."
    )
    specialties: list[str] = Field(description="Specialties that commonly log the code.")
    category: Category = Field(description="The code's CPT/HCPCS category, by its form.")
    global_period: GlobalPeriod = Field(description="The CMS global surgical package.")
    rvus: RvuBreakdown = Field(description="The RVUs of the row in this release.")
    payment: Payment = Field(
        description="Medicare payment estimates: national, or at the locality asked for."
    )
    policy: PolicyIndicators = Field(description="The CMS payment policy indicators of the row.")
    comparison: Comparison | None = Field(
        description="How the work RVU compares with the codes of its category; null when the "
        "release has no figures for the category."
    )
    history: list[HistoryPoint] = Field(
        description="The row's work RVU in every imported release, oldest first."
    )
    component_modifiers: list[str] = Field(
        description="The modifier rows (e.g. 26, TC) the code also has in this release."
    )


class LocalityPublic(BaseModel):
    key: str = Field(description="The locality's key, MAC-locality, e.g. 01112-54.")
    year: int = Field(description="The year of these GPCIs.")
    mac: str = Field(description="The Medicare Administrative Contractor number, five digits.")
    locality_number: str = Field(description="The locality number within the MAC, two digits.")
    state: str = Field(description="The two-letter state code.")
    name: str = Field(description="The locality's name as CMS writes it.")
    work_gpci: Num = Field(description="The work GPCI, with the 1.0 floor where it applies.")
    work_gpci_unfloored: Num | None = Field(
        description="The work GPCI before the floor; null when the file does not give it."
    )
    pe_gpci: Num = Field(description="The practice expense GPCI.")
    mp_gpci: Num = Field(description="The malpractice GPCI.")


class Health(BaseModel):
    """Whether the server can answer; the details only for an operator."""

    status: Literal["ok", "unavailable"] = Field(description="ok when the database answers.")
    database: str | None = Field(default=None, description="The database engine (operators only).")
    releases: list[str] | None = Field(
        default=None, description="Imported fee-schedule releases (operators only)."
    )
    version: str | None = Field(default=None, description="The server's version (operators only).")
