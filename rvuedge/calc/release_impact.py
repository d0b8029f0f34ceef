"""The physician's logged cases credited again under another fee-schedule release. Pure.

Each case keeps its crediting rules, setting, modifiers and units; only the release changes, so
the ranking of multiple procedures is redone with the other release's numbers. Dollars are
national (no locality GPCIs) both ways, each at its own release's conversion factor, so the
comparison shows what the release changes and nothing else.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from rvuedge.calc.credit import CaseCredit, FeeRow, LineInput, Setting, credit_case
from rvuedge.calc.credit_settings import CreditRules

ZERO = Decimal(0)
CENT = Decimal("0.01")
# The row columns whose change alters crediting apart from the work RVU itself.
INDICATORS = (
    "status",
    "pctc",
    "global_days",
    "mult_proc",
    "bilat_surg",
    "asst_surg",
    "co_surg",
    "team_surg",
    "endo_base",
    "not_used_for_payment",
)


class Why(StrEnum):
    UNCHANGED = "unchanged"
    WORK_RVU_CHANGED = "work_rvu_changed"
    INDICATOR_CHANGED = "indicator_changed"
    DELETED = "deleted"  # in the logged release, not in the compared one
    NEW = "new"  # in the compared release, not in the logged one
    RANKING = "ranking"  # same row; another code of the case moved the ranking


@dataclass(frozen=True)
class LoggedLine:
    """One stored line as it was credited (its release's numbers copied at write time)."""

    code: str
    modifiers: tuple[str, ...]
    units: int
    release: str | None
    credited_wrvu: Decimal  # in hundredths, as every total adds it
    base_wrvu: Decimal
    total_rvu: Decimal  # the setting's total RVUs x units, national
    conversion_factor: Decimal
    exact_wrvu: Decimal | None = None  # the exact credit (its share prices the line)


@dataclass(frozen=True)
class LoggedCase:
    setting: Setting
    rules: CreditRules
    lines: tuple[LoggedLine, ...]


@dataclass
class CodeImpact:
    code: str
    cases: int = 0
    logged_wrvu: Decimal = ZERO
    release_wrvu: Decimal = ZERO
    logged_work_rvu: Decimal | None = None  # per unit, in the (latest) logged release
    release_work_rvu: Decimal | None = None  # per unit, in the compared release
    why: set[Why] = field(default_factory=set)

    @property
    def difference(self) -> Decimal:
        return self.release_wrvu - self.logged_wrvu


@dataclass(frozen=True)
class Side:
    wrvu: Decimal
    work_only_value: Decimal  # credited wRVU x conversion factor
    estimated_payment: Decimal  # total RVUs x credited share x conversion factor


@dataclass(frozen=True)
class Impact:
    cases: int
    logged: Side
    release: Side
    codes: list[CodeImpact]
    case_totals: list[tuple[Decimal, Decimal]]  # per case, in order: (as logged, under release)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def _share(credited: Decimal, base: Decimal) -> Decimal:
    return credited / base if base else ZERO


def _why(logged: FeeRow | None, compared: FeeRow | None) -> Why:
    if logged is None and compared is None:
        return Why.UNCHANGED
    if compared is None:
        return Why.DELETED
    if logged is None:
        return Why.NEW
    if logged.work_rvu != compared.work_rvu:
        return Why.WORK_RVU_CHANGED
    if any(getattr(logged, f) != getattr(compared, f) for f in INDICATORS):
        return Why.INDICATOR_CHANGED
    return Why.UNCHANGED


def recredit(
    cases: Sequence[LoggedCase],
    *,
    rows: Mapping[tuple[str, str], FeeRow],
    logged_rows: Mapping[tuple[str, str, str], FeeRow],
    conversion_factor: Decimal,
    logged_cf: Mapping[str, Decimal] | None = None,
) -> Impact:
    """Credit each case again from `rows` (one release) and compare line by line.

    `logged_rows` are the rows of the releases the cases were logged with, keyed by
    (release, code, modifier), for the reason a code moved. `conversion_factor` prices the
    compared release; `logged_cf` (release -> CF) replaces a line's stored CF when given (the
    profile's choice of conversion factor)."""
    by_code: dict[str, CodeImpact] = {}
    logged = [ZERO, ZERO, ZERO]
    compared = [ZERO, ZERO, ZERO]
    case_totals = []
    for case in cases:
        result: CaseCredit = credit_case(
            [LineInput(x.code, x.modifiers, x.units) for x in case.lines],
            rows,
            setting=case.setting,
            rules=case.rules,
        )
        seen: set[str] = set()
        case_totals.append((sum((x.credited_wrvu for x in case.lines), ZERO), result.total_wrvu))
        for line, credit in zip(case.lines, result.lines, strict=True):
            cf = (logged_cf or {}).get(line.release or "", line.conversion_factor)
            logged[0] += line.credited_wrvu
            # Each line's work-only value and payment in cents, as the reports add them up.
            logged[1] += _cents(line.credited_wrvu * cf)
            exact = line.credited_wrvu if line.exact_wrvu is None else line.exact_wrvu
            logged[2] += _cents(line.total_rvu * _share(exact, line.base_wrvu) * cf)
            row = credit.row
            total = ZERO
            if row is not None:
                per_unit = (
                    row.facility_total
                    if case.setting == Setting.FACILITY
                    else row.nonfacility_total
                )
                total = per_unit * credit.units
            compared[0] += credit.credited_wrvu
            compared[1] += _cents(credit.credited_wrvu * conversion_factor)
            compared[2] += _cents(
                total * _share(credit.exact_wrvu, credit.base_wrvu) * conversion_factor
            )
            entry = by_code.setdefault(line.code, CodeImpact(line.code))
            if line.code not in seen:
                entry.cases += 1
                seen.add(line.code)
            entry.logged_wrvu += line.credited_wrvu
            entry.release_wrvu += credit.credited_wrvu
            mod = credit.row_modifier
            before = logged_rows.get((line.release or "", line.code, mod))
            after = rows.get((line.code, mod)) if row is not None else None
            if before is not None:
                entry.logged_work_rvu = before.work_rvu
            if after is not None:
                entry.release_work_rvu = after.work_rvu
            why = _why(before, after)
            if why == Why.UNCHANGED and credit.credited_wrvu != line.credited_wrvu:
                why = Why.RANKING
            entry.why.add(why)
    for entry in by_code.values():
        if len(entry.why) > 1:
            entry.why.discard(Why.UNCHANGED)  # some lines moved: say why, not that some did not
    codes = sorted(by_code.values(), key=lambda c: (-abs(c.difference), c.code))
    return Impact(
        cases=len(cases),
        logged=Side(*logged),
        release=Side(*compared),
        codes=codes,
        case_totals=case_totals,
    )
