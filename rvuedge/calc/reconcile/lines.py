"""The lines a reconciliation compares, and what it finds. Pure."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

TOLERANCE = Decimal("0.01")  # the least difference that is not rounding
ROW_ROUNDING = Decimal("0.005")  # each employer row is rounded to two decimals
TOLERANCE_TEXT = (
    "A logged line and the employer's line match when their credit differs by no more than the "
    "employer's rounding to two decimals: 0.01 wRVU, or 0.005 for each of its rows when the "
    "employer's line is made of several (an RT and an LT row: 0.01; three rows: 0.015)."
)
ZERO = Decimal(0)
# Modifiers that change credit; the others (59, XS, 51, 79, GC, ...) never make lines differ.
CREDIT_MODIFIERS = frozenset(
    {"22", "26", "TC", "50", "52", "53", "54", "55", "56", "62", "66", "78", "80", "81", "82", "AS"}
)


@dataclass(frozen=True)
class EmployerLine:
    rows: tuple[int, ...]
    date_of_service: date
    code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    wrvu: Decimal | None = None
    encounter_ref: str | None = None
    post_date: date | None = None
    voided: bool = False


@dataclass(frozen=True)
class Adjustment:
    rule: str
    factor: Decimal
    reason: str


@dataclass(frozen=True)
class LoggedLine:
    case_id: str
    positions: tuple[int, ...]
    date_of_service: date
    code: str
    modifiers: tuple[str, ...]
    units: int
    credited_wrvu: Decimal  # in hundredths, as the log's totals add it
    base_wrvu: Decimal
    adjustments: tuple[Adjustment, ...] = ()
    encounter_ref: str | None = None
    release: str | None = None
    exact_wrvu: Decimal | None = None  # the engine's exact credit, when known

    def exact(self) -> Decimal:
        """The exact credit: what the rules' factors divide back without rounding's error."""
        return self.credited_wrvu if self.exact_wrvu is None else self.exact_wrvu


@dataclass(frozen=True)
class Reason:
    code: str
    text: str


@dataclass(frozen=True)
class Pair:
    employer: EmployerLine
    logged: LoggedLine
    days_apart: int
    how: str  # encounter_ref, same_date, within_tolerance, other_modifiers
    difference: Decimal | None  # employer minus log; None when the report has no wRVU column
    reason: Reason | None = None


@dataclass(frozen=True)
class MonthTotal:
    month: str
    logged_wrvu: Decimal
    employer_wrvu: Decimal | None
    difference: Decimal | None


@dataclass
class Reconciled:
    matched: list[Pair] = field(default_factory=list)
    credit_differs: list[Pair] = field(default_factory=list)
    missing_from_employer: list[LoggedLine] = field(default_factory=list)
    not_in_log: list[EmployerLine] = field(default_factory=list)
    outside_period: list[EmployerLine] = field(default_factory=list)
    months: list[MonthTotal] = field(default_factory=list)
    employer_has_wrvu: bool = True


def credit_modifiers(modifiers: Iterable[str]) -> frozenset[str]:
    mods = set(modifiers)
    if {"RT", "LT"} <= mods:
        mods.add("50")
    return frozenset(mods & CREDIT_MODIFIERS)
