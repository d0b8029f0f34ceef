"""Progress, pace and projections for the dashboard. Pure."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rvuedge.calc.periods import days_in_year


@dataclass(frozen=True)
class Pace:
    year_to_date: Decimal
    days_elapsed: int
    days_in_year: int
    projected_year_end: Decimal
    projected_per_fte: Decimal
    remaining_months: int
    needed_per_remaining_month: Decimal | None  # None without an annual goal
    goal_reached: bool


def remaining_months(today: date) -> int:
    """Calendar months left in the year, the current one included."""
    return 12 - today.month + 1


def pace(
    *, year_to_date: Decimal, today: date, clinical_fte: Decimal, annual_goal: Decimal | None
) -> Pace:
    """Projection: year to date / days elapsed x days in the year (today counts as elapsed)."""
    elapsed = today.timetuple().tm_yday
    total_days = days_in_year(today.year)
    projected = year_to_date / elapsed * total_days
    months = remaining_months(today)
    needed = None
    reached = False
    if annual_goal is not None:
        gap = annual_goal - year_to_date
        reached = gap <= 0
        needed = max(gap, Decimal(0)) / months
    return Pace(
        year_to_date=year_to_date,
        days_elapsed=elapsed,
        days_in_year=total_days,
        projected_year_end=projected,
        projected_per_fte=projected / clinical_fte,
        remaining_months=months,
        needed_per_remaining_month=needed,
        goal_reached=reached,
    )
