"""Progress, pace and projections for the dashboard, over a calendar or fiscal year. Pure."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rvuedge.calc.years import YearSpan, year_containing


@dataclass(frozen=True)
class Pace:
    year: YearSpan
    year_to_date: Decimal
    days_elapsed: int
    days_in_year: int
    projected_year_end: Decimal
    projected_per_fte: Decimal
    remaining_months: int
    needed_per_remaining_month: Decimal | None  # None without an annual goal
    goal_reached: bool


def remaining_months(today: date, *, fiscal_start_month: int = 1) -> int:
    """Months left in the (fiscal) year, the current one included."""
    return year_containing(today, fiscal_start_month=fiscal_start_month).months_left(today)


def pace(
    *,
    year_to_date: Decimal,
    today: date,
    clinical_fte: Decimal,
    annual_goal: Decimal | None,
    year: YearSpan | None = None,
) -> Pace:
    """Projection: to date / days elapsed x days in the year (today counts as elapsed).

    `year` is the year the goal runs over: the calendar year of today unless a fiscal one is given.
    """
    year = year or year_containing(today)
    elapsed = year.days_elapsed(today)
    projected = year_to_date / elapsed * year.days
    months = year.months_left(today)
    needed = None
    reached = False
    if annual_goal is not None:
        gap = annual_goal - year_to_date
        reached = gap <= 0
        needed = max(gap, Decimal(0)) / months
    return Pace(
        year=year,
        year_to_date=year_to_date,
        days_elapsed=elapsed,
        days_in_year=year.days,
        projected_year_end=projected,
        projected_per_fte=projected / clinical_fte,
        remaining_months=months,
        needed_per_remaining_month=needed,
        goal_reached=reached,
    )
