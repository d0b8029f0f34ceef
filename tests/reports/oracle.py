"""The reports' figures worked out from the lines themselves, in the simplest way.

The oracle of the property test (test_reports_property.py). Every live line of the user is read
from the case tables, and each figure a report adds up from the log (cases, lines, wRVU, values,
payments, rule effects, windows, years to date) is summed here in plain Python over the lines
dated inside the report's own edges. Nothing is shared with reports/service.py or cases/queries:
the edges themselves (buckets, windows, years) come from calc/, which tests/calc checks alone.

Each function returns the expected part of the report as it dumps (model_dump()), for
test_reports_property.matches() to hold against the real report.
"""

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlmodel import Session, select

from rvuedge.calc.categories import category_of
from rvuedge.cases.models import Case, CaseLine

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Line:
    case: uuid.UUID
    day: date
    site: str | None
    role: str
    code: str
    credited: Decimal
    base: Decimal
    conversion_factor: Decimal
    payment: Decimal
    adjustments: list[dict]


def live_lines(session: Session, *, user_id: uuid.UUID) -> list[Line]:
    """Every line of the user's cases that are not deleted."""
    rows = session.exec(select(Case, CaseLine).where(CaseLine.case_id == Case.id)).all()
    return [
        Line(
            case.id,
            case.date_of_service,
            case.site,
            case.role,
            line.code,
            Decimal(line.credited_wrvu),
            Decimal(line.base_wrvu),
            Decimal(line.conversion_factor),
            Decimal(line.estimated_payment),
            line.adjustments,
        )
        for case, line in rows
        if case.user_id == user_id and case.deleted_at is None
    ]


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def dated(lines: list[Line], start: date | None, end: date) -> list[Line]:
    return [x for x in lines if (start is None or start <= x.day) and x.day <= end]


def credited(lines: list[Line]) -> Decimal:
    return sum((x.credited for x in lines), ZERO)


def _counts(lines: list[Line]) -> dict[str, Any]:
    return {
        "cases": len({x.case for x in lines}),
        "lines": len(lines),
        "credited_wrvu": cents(credited(lines)),
        "base_wrvu": cents(sum((x.base for x in lines), ZERO)),
    }


def totals(lines: list[Line], report: dict[str, Any]) -> dict[str, Any]:
    """Each bucket's sums, over the bucket's own dates; the buckets tile the range."""
    buckets = report["buckets"]
    assert buckets[0]["start"] == report["start"] and buckets[-1]["end"] == report["end"]
    for before, after in zip(buckets, buckets[1:], strict=False):
        assert (after["start"] - before["end"]).days == 1, (before, after)
    expected = []
    for bucket in buckets:
        inside = dated(lines, bucket["start"], bucket["end"])
        expected.append(
            {
                **_counts(inside),
                # Each line's work-only value in cents, added up (as each payment is).
                "work_only_value": sum(
                    (cents(x.credited * x.conversion_factor) for x in inside), ZERO
                ),
                "estimated_payment": cents(sum((x.payment for x in inside), ZERO)),
            }
        )
    in_range = dated(lines, report["start"], report["end"])
    return {"buckets": expected, "total_credited_wrvu": cents(credited(in_range))}


def _effects(line: Line) -> list[tuple[str, Decimal]]:
    """What each adjustment of a line changed, applied in order from its base; what the rules
    do not explain is "other"."""
    value, effects = line.base, []
    for adjustment in line.adjustments:
        after = value * Decimal(str(adjustment["factor"]))
        effects.append((adjustment["rule"], after - value))
        value = after
    if abs(line.credited - value) > Decimal("0.000001"):
        effects.append(("other", line.credited - value))
    return effects


def breakdown(lines: list[Line], start: date, end: date) -> dict[str, Any]:
    """Groups by code, category, site and role, highest credit first; each rule's effect."""
    inside = dated(lines, start, end)

    def by(key_of: Any) -> list[dict[str, Any]]:
        """Every group, highest exact credit first, its cents handed out so the rows add up to
        the rounded total: each row's cents truncated, then one more cent to the largest
        leftovers."""
        groups: dict[str, list[Line]] = {}
        for x in inside:
            groups.setdefault(key_of(x), []).append(x)
        keys = sorted(groups, key=lambda k: (-credited(groups[k]), k))

        def adding_up(values: list[Decimal]) -> list[Decimal]:
            whole = [int(v * 100) for v in values]
            short = int(cents(sum(values, ZERO)) * 100) - sum(whole)
            order = sorted(range(len(values)), key=lambda i: (whole[i] - values[i] * 100, i))
            for i in order[:short]:
                whole[i] += 1
            return [Decimal(c) / 100 for c in whole]

        wrvu = adding_up([credited(groups[k]) for k in keys])
        base = adding_up([sum((x.base for x in groups[k]), ZERO) for k in keys])
        return [
            {
                "key": k,
                "cases": len({x.case for x in groups[k]}),
                "lines": len(groups[k]),
                "credited_wrvu": c,
                "base_wrvu": b,
            }
            for k, c, b in zip(keys, wrvu, base, strict=True)
        ]

    rules: dict[str, dict[str, Any]] = {}
    for line in inside:
        for rule, change in _effects(line):
            entry = rules.setdefault(rule, {"lines": 0, "change": ZERO})
            entry["lines"] += 1 if change else 0
            entry["change"] += change
    return {
        "total": _counts(inside),
        "by_code": by(lambda x: x.code),
        "by_category": by(lambda x: str(category_of(x.code))),
        "by_site": by(lambda x: x.site or "(no site)"),
        "by_role": by(lambda x: x.role),
        "by_rule": {
            rule: {"rule": rule, "lines": e["lines"], "wrvu_change": cents(e["change"])}
            for rule, e in rules.items()
        },
    }


def _goal(goal: Decimal | None, achieved: Decimal) -> dict[str, Any] | None:
    if goal is None:
        return None
    return {
        "achieved": achieved,
        "percent": (achieved / Decimal(goal) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP),
    }


def summary(
    lines: list[Line],
    report: dict[str, Any],
    *,
    annual_goal: Decimal | None,
    monthly_goal: Decimal | None,
) -> dict[str, Any]:
    """Each window's cases and credit; the year to date of each pace and goal."""
    today = report["today"]
    windows = [
        {"cases": len({x.case for x in inside}), "credited_wrvu": cents(credited(inside))}
        for w in report["windows"]
        for inside in [dated(lines, w["start"], today)]
    ]
    month = next(w for w in report["windows"] if w["name"] == "month_to_date")
    expected: dict[str, Any] = {
        "windows": windows,
        "monthly_goal": _goal(monthly_goal, cents(credited(dated(lines, month["start"], today)))),
    }
    for pace, goal in (("pace", "annual_goal"), ("calendar_pace", "calendar_annual_goal")):
        if report[pace] is None:
            continue
        year = report[pace]
        exact = credited(dated(lines, year["period_start"], today))
        to_date = cents(exact)
        days = (year["period_end"] - year["period_start"]).days + 1
        elapsed = (today - year["period_start"]).days + 1
        expected[pace] = {
            "year_to_date": to_date,
            "days_elapsed": elapsed,
            "days_in_year": days,
            "projected_year_end": cents(exact * days / elapsed),
        }
        if annual_goal is not None:
            still = max(Decimal(annual_goal) - exact, ZERO)
            months = (year["period_end"].year - today.year) * 12 + (
                year["period_end"].month - today.month + 1
            )
            expected[pace] |= {
                "still_to_log": cents(still),
                "remaining_months": months,
                "needed_per_remaining_month": cents(still / months),
            }
        expected[goal] = _goal(annual_goal, to_date)
    return expected


def benchmark(lines: list[Line], report: dict[str, Any]) -> dict[str, Any]:
    """The credit in the report's period, and what remains to log to reach each point: the point
    x FTE - that credit, over the months left."""
    inside = credited(dated(lines, report["period_start"], report["period_end"]))
    fte, months = Decimal(report["clinical_fte"]), report["remaining_months"]
    to_reach = []
    for target in report["to_reach"]:
        still = max(Decimal(target["wrvu_per_fte"]) * fte - inside, ZERO)
        to_reach.append(
            {
                "still_needed": cents(still),
                "per_remaining_month": cents(still / months) if months else None,
            }
        )
    return {"wrvu_in_period": cents(inside), "to_reach": to_reach}
