"""Match the employer's productivity report with the physician's log. Pure: lines in, findings out.

1. Net the employer's lines: a reversal (negative quantity) cancels the charge it reverses (a
   voided charge first, otherwise a posted one with the same date, code, modifiers and quantity);
   a voided charge without its reversal row counts for nothing; a re-post stays.
2. Count an RT line and an LT line of one code as one bilateral line (-50), as the credit engine
   does, only within one logged case, or one employer encounter (the same encounter number, or
   none and a logged case holding both sides that day); -50 against RT+LT then compares like
   with like, and two cases each keep their own line.
3. Pair each employer line with a logged line of the same code: by encounter reference when both
   have one; then same credit modifiers on the same date; then within the tolerance of days
   (a posting date is not a service date, but reports do shift service dates); then the same
   code with other modifiers, same date first. Closest dates and closest credit pair first.
4. A pair whose credit agrees within the employer's rounding is matched (tolerance_for: 0.01
   wRVU, or 0.005 per employer row for a line made of several rows, each rounded to two
   decimals); otherwise the difference gets the likely reason, read from rvuedge's own
   explanation of the logged line.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal

from rvuedge.calc.reconcile.lines import (
    ROW_ROUNDING,
    TOLERANCE,
    ZERO,
    EmployerLine,
    LoggedLine,
    MonthTotal,
    Pair,
    Reconciled,
    credit_modifiers,
)
from rvuedge.calc.reconcile.netting import (
    merge_employer_bilateral,
    merge_logged_bilateral,
    net_reversals,
)
from rvuedge.calc.reconcile.reasons import explain

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
    ours = merge_logged_bilateral(logged)
    standing = merge_employer_bilateral(net_reversals(employer), ours)
    in_period: list[EmployerLine] = []
    for line in standing:
        (in_period if start <= line.date_of_service <= end else result.outside_period).append(line)
    pairs = _pair(in_period, ours, tolerance_days)
    used_e = {id(p.employer) for p in pairs}
    used_l = {id(p.logged) for p in pairs}
    for pair in pairs:
        if pair.difference is None or abs(pair.difference) <= tolerance_for(pair.employer):
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
                candidates.append((days, _other_side(e.modifiers, line.modifiers), gap, i, j))
        for days, _, _, i, j in sorted(candidates):
            if i in free_e and j in free_l:
                free_e.discard(i)
                free_l.discard(j)
                e, line = employer[i], logged[j]
                diff = None if e.wrvu is None else e.wrvu - line.credited_wrvu
                pairs.append(Pair(e, line, days, how, diff))
    return pairs


def tolerance_for(line: EmployerLine) -> Decimal:
    """How far the employer's credit may be from the log's and still match: its two-decimal
    rounding, 0.005 per row it is made of (at least 0.01)."""
    return max(TOLERANCE, ROW_ROUNDING * len(line.rows))


def _other_side(theirs: tuple[str, ...], ours: tuple[str, ...]) -> bool:
    """An RT line against an LT line (or the reverse): paired only after same-side lines."""
    sides = {"RT", "LT"}
    return (
        bool(sides & set(theirs))
        and bool(sides & set(ours))
        and (sides & set(theirs) != sides & set(ours))
    )


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


# 4. Totals by month ----------------------------------------------------------------------------


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
