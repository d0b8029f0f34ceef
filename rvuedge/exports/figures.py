"""The figures the documents show beyond the report answers: goals per month and cumulative
progress, the goal accruing by day. Pure: report answers in, numbers out. The year, its pace and
what is still to log come from calc/year_view.py, like every other face's."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from rvuedge.calc.year_view import fmt
from rvuedge.calc.years import add_months, days_between, month_end

CENT = Decimal("0.01")
ZERO = Decimal(0)


def monthly_goal_of(monthly: Decimal | None, annual: Decimal | None) -> Decimal | None:
    """The profile's monthly goal, else a twelfth of its annual goal, else none."""
    if monthly is not None:
        return Decimal(monthly)
    if annual is not None:
        return (Decimal(annual) / 12).quantize(CENT, ROUND_HALF_UP)
    return None


def accrual_goal_of(monthly: Decimal | None, annual: Decimal | None) -> Decimal | None:
    """The goal per month the cumulative goal accrues at: the monthly goal, else exactly a
    twelfth of the annual goal (unrounded, so twelve months reach the annual goal itself)."""
    if monthly is not None:
        return Decimal(monthly)
    if annual is not None:
        return Decimal(annual) / 12
    return None


def monthly_goal_text(monthly: Decimal | None, annual: Decimal | None) -> str:
    """Where the monthly goal comes from, with its numbers."""
    if monthly is not None:
        return f"The monthly goal is the profile's monthly goal, {fmt(Decimal(monthly))} wRVU."
    if annual is not None:
        goal = monthly_goal_of(None, annual)
        assert goal is not None
        return (
            f"The monthly goal is a twelfth of the profile's annual goal: {fmt(Decimal(annual))} "
            f"/ 12 = {fmt(goal)} wRVU."
        )
    return "No goal is set in the profile."


def month_share(start: date, end: date) -> Decimal:
    """The share of its month that [start, end] (inside one month) covers, by days."""
    whole = days_between(start.replace(day=1), month_end(start))
    return Decimal(days_between(start, end)) / Decimal(whole)


@dataclass(frozen=True)
class MonthFigure:
    label: str
    start: date
    end: date
    cases: int
    lines: int
    credited: Decimal
    work_only: Decimal
    payment: Decimal
    goal: Decimal | None  # the month's goal as shown (a whole month, in hundredths)
    cumulative: Decimal
    cumulative_goal: Decimal | None  # accrued by day up to `end`, in hundredths
    # The month's goal for the days the period covers: this cumulative goal minus the last one,
    # so the months shown add up to the cumulative goal (583.33, 583.34, ... reach 7,000.00).
    goal_in_period: Decimal | None = None
    cumulative_goal_exact: Decimal | None = None  # the unrounded accrual, for the goal path
    goal_accrual: Decimal | None = None  # the goal per month it accrues at (unrounded)

    @property
    def whole_month(self) -> bool:
        return self.start.day == 1 and self.end == month_end(self.start)

    @property
    def versus_goal(self) -> Decimal | None:
        """Cumulative credit minus cumulative goal: above the goal when positive."""
        return None if self.cumulative_goal is None else self.cumulative - self.cumulative_goal


def month_figures(
    buckets: list,  # TotalsBucket
    goal: Decimal | None,
    accrual: Decimal | None = None,
) -> list[MonthFigure]:
    """One figure per monthly bucket, with running sums. The goal accrues by day at `accrual`
    (default: `goal`) per month, exactly, and each running total is rounded once: a month the
    period cuts short adds its goal for the days it covers, never the whole month on day one,
    and twelve months of an annual goal reach that goal to the cent."""
    accrual = goal if accrual is None else accrual
    out, running, exact_goal, shown_goal = [], ZERO, ZERO, ZERO
    for b in buckets:
        running += Decimal(b.credited_wrvu)
        before = shown_goal
        if accrual is not None:
            exact_goal += accrual * month_share(b.start, b.end)
            shown_goal = exact_goal.quantize(CENT, ROUND_HALF_UP)
        has_goal = goal is not None and accrual is not None
        out.append(
            MonthFigure(
                label=b.label,
                start=b.start,
                end=b.end,
                cases=b.cases,
                lines=b.lines,
                credited=Decimal(b.credited_wrvu),
                work_only=Decimal(b.work_only_value),
                payment=Decimal(b.estimated_payment),
                goal=goal,
                cumulative=running,
                cumulative_goal=shown_goal if has_goal else None,
                goal_in_period=shown_goal - before if has_goal else None,
                cumulative_goal_exact=exact_goal if has_goal else None,
                goal_accrual=accrual if has_goal else None,
            )
        )
    return out


def goal_path(months: list[MonthFigure], horizon: date) -> list[tuple[date, Decimal]]:
    """The cumulative goal at the end of each month of the period, then on to `horizon` (the
    year's end), accruing by day: straight between these points is the goal of every day."""
    if not months or months[-1].goal is None:
        return []
    per_month = months[-1].goal_accrual or months[-1].goal
    assert per_month is not None
    points = [(m.end, m.cumulative_goal or ZERO) for m in months]
    day, exact = months[-1].end, months[-1].cumulative_goal_exact or ZERO
    while day < horizon:
        first = date.fromordinal(day.toordinal() + 1)
        last = min(month_end(first), horizon)
        exact += per_month * month_share(first, last)
        points.append((last, exact.quantize(CENT, ROUND_HALF_UP)))
        day = last
    return points


def months_through(start: date, horizon: date) -> list[date]:
    """First days of the months from start's month to horizon's month."""
    out, cursor = [], start.replace(day=1)
    while cursor <= horizon:
        out.append(cursor)
        cursor = add_months(cursor, 1)
    return out


def share(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole as a fraction (0 when whole is 0)."""
    return (Decimal(part) / Decimal(whole)) if whole else ZERO
