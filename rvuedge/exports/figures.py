"""The figures the documents show beyond the report answers: goals per month, cumulative progress
and the pace line. Pure: report answers in, numbers out."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from rvuedge.calc.periods import Period, next_start, period_start

CENT = Decimal("0.01")
ZERO = Decimal(0)


def monthly_goal_of(monthly: Decimal | None, annual: Decimal | None) -> Decimal | None:
    """The profile's monthly goal, else a twelfth of its annual goal, else none."""
    if monthly is not None:
        return Decimal(monthly)
    if annual is not None:
        return (Decimal(annual) / 12).quantize(CENT, ROUND_HALF_UP)
    return None


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
    goal: Decimal | None
    cumulative: Decimal
    cumulative_goal: Decimal | None

    @property
    def versus_goal(self) -> Decimal | None:
        """Cumulative credit minus cumulative goal: above the goal when positive."""
        return None if self.cumulative_goal is None else self.cumulative - self.cumulative_goal


def month_figures(buckets: list, goal: Decimal | None) -> list[MonthFigure]:  # TotalsBucket
    """One figure per monthly bucket, with running sums. Each month counts the full goal."""
    out, running, running_goal = [], ZERO, ZERO
    for b in buckets:
        running += Decimal(b.credited_wrvu)
        if goal is not None:
            running_goal += goal
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
                cumulative_goal=running_goal if goal is not None else None,
            )
        )
    return out


@dataclass(frozen=True)
class PaceLine:
    """Where the period's average daily rate leads by horizon (the end of the fiscal year)."""

    horizon: date
    projected: Decimal
    days_elapsed: int
    days_to_horizon: int

    @property
    def text(self) -> str:
        return (
            f"At this pace: {self.projected:,.2f} wRVU by {self.horizon.isoformat()} "
            f"(the average per day over {self.days_elapsed} days, continued for "
            f"{self.days_to_horizon} days)."
        )


def fiscal_year_end(on: date, fiscal_start_month: int) -> date:
    start = period_start(on, Period.FISCAL_YEAR, fiscal_start_month=fiscal_start_month)
    return next_start(start, Period.FISCAL_YEAR) - timedelta(days=1)


def pace_line(
    total: Decimal, *, start: date, end: date, today: date, fiscal_start_month: int
) -> PaceLine | None:
    """The projection to the end of the fiscal year, for a period running up to today."""
    through = min(end, today)
    horizon = fiscal_year_end(through, fiscal_start_month)
    if end < today or horizon <= through or through < start:
        return None  # a period in the past has nothing to project
    elapsed = (through - start).days + 1
    whole = (horizon - start).days + 1
    projected = (Decimal(total) / elapsed * whole).quantize(CENT, ROUND_HALF_UP)
    return PaceLine(horizon, projected, elapsed, whole - elapsed)


def months_through(start: date, horizon: date) -> list[date]:
    """First days of the months from start's month to horizon's month."""
    out, cursor = [], start.replace(day=1)
    while cursor <= horizon:
        out.append(cursor)
        cursor = next_start(cursor, Period.MONTH)
    return out


def next_month_end(day: date) -> date:
    """The last day of the month after day's month."""
    return next_start(next_start(day.replace(day=1), Period.MONTH), Period.MONTH) - timedelta(1)


def share(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole as a fraction (0 when whole is 0)."""
    return (Decimal(part) / Decimal(whole)) if whole else ZERO
