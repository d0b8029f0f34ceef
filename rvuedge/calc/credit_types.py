"""The credit engine's types: what a line asks for, the fee-schedule row it is valued from, and
the credit it gets with the adjustments that shaped it; and the helpers the engine's steps share.
Pure."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from rvuedge.calc.credit_settings import CreditRules

ONE = Decimal(1)
ZERO = Decimal(0)
HALF = Decimal("0.5")
CREDITED_STATUSES = frozenset({"A", "R", "T"})
SHOWN_BUT_NOT_PAID = frozenset({"B", "I", "N", "X"})
INVALID_STATUSES = frozenset({"D", "F", "G", "H"})
PAYABLE_STATUSES = frozenset({"A", "R"})


class Setting(StrEnum):
    FACILITY = "facility"
    NON_FACILITY = "non_facility"


class Flag(StrEnum):
    BY_REPORT = "by_report"
    NEEDS_MANUAL_VALUATION = "needs_manual_valuation"
    NOT_PERMITTED = "not_permitted"
    BUNDLED = "bundled"
    UNKNOWN_CODE = "unknown_code"
    NOT_MEDICARE_PAYABLE = "not_medicare_payable"
    DOCUMENTATION_REQUIRED = "documentation_required"
    MODIFIER_NOT_APPLICABLE = "modifier_not_applicable"
    GLOBAL_SHARES_MISSING = "global_shares_missing"
    ANESTHESIA = "anesthesia_base_units"
    MERGED_BILATERAL = "merged_into_bilateral"


class Rule(StrEnum):
    """The rule behind one adjustment of a line's credit (the `rule` of an adjustment)."""

    STATUS = "status"
    UNKNOWN_CODE = "unknown_code"
    COMPONENT = "component"
    DISCONTINUED = "discontinued"
    GLOBAL_COMPONENT = "global_component"
    BILATERAL = "bilateral"
    ASSISTANT = "assistant"
    CO_SURGEON = "co_surgeon"
    TEAM = "team"
    INCREASED_SERVICE = "increased_service"
    REDUCED_SERVICE = "reduced_service"
    ENDOSCOPY_BASE = "endoscopy_base"
    ENDOSCOPY_FAMILY = "endoscopy_family"
    MULTIPLE_PROCEDURE = "multiple_procedure"
    IMAGING_PC_REDUCTION = "imaging_pc_reduction"


@dataclass(frozen=True)
class FeeRow:
    """The fee-schedule columns the engine reads."""

    release: str
    hcpcs: str
    modifier: str
    status: str
    work_rvu: Decimal
    facility_total: Decimal
    nonfacility_total: Decimal
    pctc: str = "0"
    global_days: str = "XXX"
    pre_op: Decimal = ZERO
    intra_op: Decimal = ZERO
    post_op: Decimal = ZERO
    mult_proc: str = "9"
    bilat_surg: str = "9"
    asst_surg: str = "9"
    co_surg: str = "9"
    team_surg: str = "9"
    endo_base: str | None = None
    imaging_family: str | None = None
    not_used_for_payment: bool = False


@dataclass(frozen=True)
class LineInput:
    code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1


@dataclass(frozen=True)
class Adjustment:
    rule: Rule
    factor: Decimal
    reason: str
    # The crediting switch that set this factor and the preset it came from; None for rules
    # that are the same under every preset (status, components, split-care shares).
    switch: str | None = None
    preset: str | None = None


@dataclass
class LineCredit:
    index: int
    code: str
    modifiers: tuple[str, ...]
    units: int
    release: str | None
    row_modifier: str
    base_wrvu: Decimal
    # While the engine works: the exact credit. Once credit_case returns: the credit in
    # hundredths of a wRVU (rounded half up), the figure every total adds; the exact value
    # stays in exact_wrvu for the explanation and for shares of the line's payment.
    credited_wrvu: Decimal = ZERO
    exact_wrvu: Decimal = ZERO
    adjustments: list[Adjustment] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    rank: int | None = None
    row: FeeRow | None = None
    # Working values, not part of the explanation.
    _line_factor: Decimal = ONE
    _rank_key: Decimal = ZERO
    _eligible: bool = True
    _per_side: bool = False  # a bilateral procedure ranked as two sides
    _rules: CreditRules | None = None

    def adjust(self, rule: Rule, factor: Decimal, reason: str, switch: str | None = None) -> None:
        preset = self._rules.source(switch) if switch and self._rules else None
        self.adjustments.append(Adjustment(rule, factor, reason, switch, preset))

    def flag(self, flag: Flag) -> None:
        if flag not in self.flags:
            self.flags.append(flag)


@dataclass
class CaseCredit:
    lines: list[LineCredit]
    total_wrvu: Decimal  # the lines' credits in hundredths, added: what the case is credited
    notes: list[str]
    total_exact: Decimal = ZERO  # the lines' exact credits, added (explanation only)


def round_wrvu(value: Decimal) -> Decimal:
    """A credit in hundredths of a wRVU, rounded half up: how each line is credited."""
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def zero_line(
    credit: LineCredit, rule: Rule, reason: str, flag: Flag, switch: str | None = None
) -> None:
    credit.adjust(rule, ZERO, reason, switch)
    credit.flag(flag)
    credit._line_factor = ZERO
    credit.credited_wrvu = ZERO


def finish(credit: LineCredit, setting: Setting) -> None:
    row = credit.row
    assert row is not None
    credit.credited_wrvu = credit.base_wrvu * credit._line_factor
    total = row.facility_total if setting == Setting.FACILITY else row.nonfacility_total
    credit._rank_key = total * credit.units * credit._line_factor


BILATERAL = {"0": ONE, "1": Decimal("1.5"), "2": ONE, "3": Decimal(2)}


def pct(factor: Decimal) -> str:
    return f"{format((factor * 100).normalize(), 'f')}%"


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
