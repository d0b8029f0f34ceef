"""Match the employer's productivity report with the physician's log. Pure: lines in, findings out.

1. Net the employer's lines: a reversal (negative quantity) cancels the charge it reverses (a
   voided charge first, otherwise a posted one with the same date, code, modifiers and quantity);
   a voided charge without its reversal row counts for nothing; a re-post stays.
2. Count an RT line and an LT line of one code on one encounter as one bilateral line (-50), on
   both sides, as the credit engine does; -50 against RT+LT then compares like with like.
3. Pair each employer line with a logged line of the same code: by encounter reference when both
   have one; then same credit modifiers on the same date; then within the tolerance of days
   (a posting date is not a service date, but reports do shift service dates); then the same
   code with other modifiers, same date first. Closest dates and closest credit pair first.
4. A pair whose credit agrees within 0.01 is matched; otherwise the difference gets the likely
   reason, read from rvuedge's own explanation of the logged line.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

TOLERANCE = Decimal("0.01")
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
    credited_wrvu: Decimal
    base_wrvu: Decimal
    adjustments: tuple[Adjustment, ...] = ()
    encounter_ref: str | None = None
    release: str | None = None


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


# 1. Netting ----------------------------------------------------------------------------------


def net_reversals(lines: list[EmployerLine]) -> list[EmployerLine]:
    """The charges that stand once reversals and voids are applied, in the file's order; a
    reversal whose charge is not in the file stays as a negative line."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        key = (line.date_of_service, line.code, tuple(sorted(line.modifiers)), line.encounter_ref)
        groups[key].append(i)
    removed: set[int] = set()
    for members in groups.values():
        reversals = [i for i in members if lines[i].units < 0]
        for r in reversals:
            wanted = -lines[r].units
            charges = [
                i for i in members if i not in removed and lines[i].units == wanted and i != r
            ]
            # a voided charge is the one a reversal undoes; else the earliest posting
            charges.sort(key=lambda i: (not lines[i].voided, lines[i].post_date or date.min, i))
            if charges:
                removed.update((r, charges[0]))
        removed.update(i for i in members if lines[i].voided and lines[i].units > 0)
    return [line for i, line in enumerate(lines) if i not in removed]


# 2. Bilateral lines ----------------------------------------------------------------------------


def merge_employer_bilateral(lines: list[EmployerLine]) -> list[EmployerLine]:
    out: list[EmployerLine | None] = list(lines)
    for i, right in enumerate(out):
        if right is None or not _only(right.modifiers, "RT", "LT") or right.units < 0:
            continue
        for j in range(len(out)):
            left = out[j]
            if (
                j != i
                and left is not None
                and _only(left.modifiers, "LT", "RT")
                and left.units > 0
                and left.code == right.code
                and left.date_of_service == right.date_of_service
                and left.encounter_ref == right.encounter_ref
            ):
                wrvu = None if right.wrvu is None or left.wrvu is None else right.wrvu + left.wrvu
                mods = tuple(m for m in right.modifiers if m != "RT") + ("50",)
                out[i] = replace(right, rows=right.rows + left.rows, modifiers=mods, wrvu=wrvu)
                out[j] = None
                break
    return [line for line in out if line is not None]


def merge_logged_bilateral(lines: list[LoggedLine]) -> list[LoggedLine]:
    out: list[LoggedLine | None] = list(lines)
    for i, right in enumerate(out):
        if right is None or not _only(right.modifiers, "RT", "LT"):
            continue
        for j, left in enumerate(out):
            if (
                j != i
                and left is not None
                and _only(left.modifiers, "LT", "RT")
                and left.case_id == right.case_id
                and left.code == right.code
            ):
                out[i] = replace(
                    right,
                    positions=right.positions + left.positions,
                    modifiers=tuple(m for m in right.modifiers if m != "RT") + ("50",),
                    credited_wrvu=right.credited_wrvu + left.credited_wrvu,
                    base_wrvu=right.base_wrvu,  # the LT line's work is inside the bilateral
                    adjustments=right.adjustments + left.adjustments,
                )
                out[j] = None
                break
    return [line for line in out if line is not None]


def _only(modifiers: tuple[str, ...], has: str, lacks: str) -> bool:
    return has in modifiers and lacks not in modifiers and "50" not in modifiers


# 3. Pairing ----------------------------------------------------------------------------------


def reconcile(
    employer: list[EmployerLine],
    logged: list[LoggedLine],
    *,
    start: date,
    end: date,
    tolerance_days: int = 3,
    other_releases: Mapping[str, list[tuple[str, Decimal]]] | None = None,
    employer_has_wrvu: bool = True,
) -> Reconciled:
    """Compare the employer's lines with the logged lines of [start, end]. `logged` may reach
    tolerance_days beyond the period (to pair shifted dates); those never count as missing.
    `other_releases[code]` lists (release, work RVU per unit) of other releases, for reasons."""
    result = Reconciled(employer_has_wrvu=employer_has_wrvu)
    standing = merge_employer_bilateral(net_reversals(employer))
    in_period = []
    for line in standing:
        (in_period if start <= line.date_of_service <= end else result.outside_period).append(line)
    ours = merge_logged_bilateral(logged)
    pairs = _pair(in_period, ours, tolerance_days)
    used_e = {id(p.employer) for p in pairs}
    used_l = {id(p.logged) for p in pairs}
    for pair in pairs:
        if pair.difference is None or abs(pair.difference) <= TOLERANCE:
            result.matched.append(pair)
        else:
            reason = explain(pair.employer, pair.logged, other_releases or {})
            result.credit_differs.append(replace(pair, reason=reason))
    result.not_in_log = [e for e in in_period if id(e) not in used_e]
    result.missing_from_employer = [
        line
        for line in ours
        if id(line) not in used_l
        and start <= line.date_of_service <= end
        and line.credited_wrvu > 0
    ]
    result.months = month_totals(in_period, ours, start=start, end=end, has_wrvu=employer_has_wrvu)
    for bucket in (result.matched, result.credit_differs):
        bucket.sort(key=lambda p: (p.logged.date_of_service, p.logged.case_id, p.logged.positions))
    result.missing_from_employer.sort(key=lambda x: (x.date_of_service, x.case_id, x.positions))
    result.not_in_log.sort(key=lambda e: (e.date_of_service, e.rows))
    return result


def _pair(
    employer: list[EmployerLine], logged: list[LoggedLine], tolerance_days: int
) -> list[Pair]:
    by_code: dict[str, list[int]] = defaultdict(list)
    for j, line in enumerate(logged):
        by_code[line.code].append(j)
    free_e = set(range(len(employer)))
    free_l = set(range(len(logged)))
    pairs: list[Pair] = []
    for how in ("encounter_ref", "same_date", "within_tolerance", "other_modifiers"):
        candidates = []
        for i in sorted(free_e):
            e = employer[i]
            for j in by_code.get(e.code, []):
                if j not in free_l:
                    continue
                line = logged[j]
                days = abs((e.date_of_service - line.date_of_service).days)
                if not _eligible(how, e, line, days, tolerance_days):
                    continue
                gap = abs(e.wrvu - line.credited_wrvu) if e.wrvu is not None else ZERO
                candidates.append((days, gap, i, j))
        for days, _, i, j in sorted(candidates):
            if i in free_e and j in free_l:
                free_e.discard(i)
                free_l.discard(j)
                e, line = employer[i], logged[j]
                diff = None if e.wrvu is None else e.wrvu - line.credited_wrvu
                pairs.append(Pair(e, line, days, how, diff))
    return pairs


def _eligible(how: str, e: EmployerLine, line: LoggedLine, days: int, tolerance: int) -> bool:
    both_refs = bool(e.encounter_ref and line.encounter_ref)
    if how == "encounter_ref":
        return both_refs and e.encounter_ref == line.encounter_ref and days <= tolerance
    if both_refs and e.encounter_ref != line.encounter_ref:
        return False  # two different encounters, whatever their codes
    same_mods = credit_modifiers(e.modifiers) == credit_modifiers(line.modifiers)
    if how == "same_date":
        return same_mods and days == 0
    if how == "within_tolerance":
        return same_mods and days <= tolerance
    return not same_mods and days <= tolerance


# 4. Reasons ------------------------------------------------------------------------------------

RULE_REASONS = {
    "multiple_procedure": (
        "mppr_not_applied",
        "the employer did not reduce this line for multiple procedures (rvuedge: {why})",
    ),
    "endoscopy_family": (
        "endoscopy_rule_not_applied",
        "the employer did not apply the endoscopy family rule (rvuedge: {why})",
    ),
    "assistant": (
        "assistant_credited_in_full",
        "the employer credited the assistant line in full (rvuedge: {why})",
    ),
    "bilateral": ("bilateral_not_applied", "the employer did not apply -50 (rvuedge: {why})"),
    "increased_service": (
        "modifier_22_not_applied",
        "the employer did not apply -22 (rvuedge: {why})",
    ),
    "co_surgeon": ("co_surgeon_not_applied", "the employer did not apply -62 (rvuedge: {why})"),
    "reduced_service": (
        "modifier_52_not_applied",
        "the employer did not apply -52 (rvuedge: {why})",
    ),
    "global_component": (
        "split_care_not_applied",
        "the employer did not split the global period (rvuedge: {why})",
    ),
    "imaging_pc_reduction": (
        "imaging_reduction_not_applied",
        "the employer did not apply the imaging reduction (rvuedge: {why})",
    ),
}


def _close(value: Decimal, target: Decimal) -> bool:
    return abs(value - target) <= TOLERANCE


def explain(
    e: EmployerLine, line: LoggedLine, other_releases: Mapping[str, list[tuple[str, Decimal]]]
) -> Reason:
    """The likely reason the employer's credit differs from rvuedge's for this pair."""
    assert e.wrvu is not None
    diff = e.wrvu - line.credited_wrvu
    theirs, ours = credit_modifiers(e.modifiers), credit_modifiers(line.modifiers)
    if theirs != ours:
        dropped = ", ".join(f"-{m}" for m in sorted(ours - theirs))
        added = ", ".join(f"-{m}" for m in sorted(theirs - ours))
        parts = []
        if dropped:
            parts.append(f"the employer's line lacks {dropped}, which the logged line carries")
        if added:
            parts.append(f"the employer's line carries {added}, which the logged line does not")
        return Reason("modifier_differs", "; ".join(parts))
    if e.units != line.units:
        return Reason(
            "units_differ",
            f"the employer counted {e.units} unit(s), the log {line.units}",
        )
    reduced = [a for a in line.adjustments if a.factor not in (Decimal(1), ZERO)]
    for adj in reduced:
        if _close(e.wrvu, line.credited_wrvu / adj.factor) and adj.rule in RULE_REASONS:
            code, text = RULE_REASONS[adj.rule]
            return Reason(code, text.format(why=adj.reason))
    ranks = [a for a in line.adjustments if a.rule == "multiple_procedure"]
    if ranks:
        factor = ranks[0].factor
        for other in (Decimal(1), Decimal("0.5"), Decimal("0.25")):
            if other != factor and factor and _close(e.wrvu, line.credited_wrvu / factor * other):
                return Reason(
                    "mppr_ranked_differently",
                    f"the employer ranked the procedures differently ({other * 100:g}% for this "
                    f"line; rvuedge: {ranks[0].reason})",
                )
    if reduced and _close(e.wrvu, line.base_wrvu):
        return Reason(
            "full_credit",
            "the employer credited 100% of the work RVU, without rvuedge's reductions ("
            + "; ".join(a.reason for a in reduced)
            + ")",
        )
    per_unit = line.base_wrvu / line.units if line.units else ZERO
    for release, work in other_releases.get(line.code, []):
        if not per_unit or release == line.release:
            continue
        if _close(e.wrvu, line.credited_wrvu * work / per_unit) or _close(e.wrvu, work * e.units):
            return Reason(
                "other_release",
                f"the employer used the values of release {release} ({work} work RVU per unit); "
                f"rvuedge used {line.release} ({per_unit.normalize():f})",
            )
    explanation = "; ".join(a.reason for a in line.adjustments) or "no adjustment"
    return Reason(
        "unexplained",
        f"the employer's credit differs by {diff:+.2f} wRVU; rvuedge's explanation: {explanation}",
    )


# 5. Totals by month ----------------------------------------------------------------------------


def month_totals(
    employer: list[EmployerLine],
    logged: list[LoggedLine],
    *,
    start: date,
    end: date,
    has_wrvu: bool,
) -> list[MonthTotal]:
    ours: dict[str, Decimal] = defaultdict(Decimal)
    theirs: dict[str, Decimal] = defaultdict(Decimal)
    for line in logged:
        if start <= line.date_of_service <= end:
            ours[_month(line.date_of_service)] += line.credited_wrvu
    for e in employer:
        if e.wrvu is not None:
            theirs[_month(e.date_of_service)] += e.wrvu
    months = []
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        key = _month(cursor)
        employer_total = theirs[key] if has_wrvu else None
        months.append(
            MonthTotal(
                key,
                ours[key],
                employer_total,
                None if employer_total is None else employer_total - ours[key],
            )
        )
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    return months


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
