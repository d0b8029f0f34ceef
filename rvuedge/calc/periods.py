"""Calendar periods: buckets for totals, on plain dates (years from calc/years.py). Pure."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from rvuedge.calc.years import add_months, plan_year_label, year_start, years_later

MAX_SPAN_YEARS = 20


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    FISCAL_YEAR = "fiscal_year"
    FISCAL_QUARTER = "fiscal_quarter"  # quarters of the fiscal year, from its first month


@dataclass(frozen=True)
class Bucket:
    start: date
    end: date  # inclusive
    label: str


def period_start(d: date, period: Period, *, fiscal_start_month: int = 1) -> date:
    if period == Period.DAY:
        return d
    if period == Period.WEEK:
        return d - timedelta(days=d.isoweekday() - 1)  # ISO weeks start on Monday
    if period == Period.MONTH:
        return d.replace(day=1)
    if period == Period.QUARTER:
        return date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
    if period == Period.YEAR:
        return date(d.year, 1, 1)
    fiscal_start = year_start(d, fiscal_start_month)
    if period == Period.FISCAL_QUARTER:
        months = (d.year - fiscal_start.year) * 12 + d.month - fiscal_start_month
        return add_months(fiscal_start, months // 3 * 3)
    return fiscal_start


def next_start(start: date, period: Period) -> date:
    if period == Period.DAY:
        return start + timedelta(days=1)
    if period == Period.WEEK:
        return start + timedelta(days=7)
    if period == Period.MONTH:
        return add_months(start, 1)
    if period in (Period.QUARTER, Period.FISCAL_QUARTER):
        return add_months(start, 3)
    return add_months(start, 12)


def label(start: date, period: Period, *, fiscal_start_month: int = 1) -> str:
    if period == Period.DAY:
        return start.isoformat()
    if period == Period.WEEK:
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if period == Period.MONTH:
        return f"{start.year}-{start.month:02d}"
    if period == Period.QUARTER:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if period == Period.YEAR:
        return str(start.year)
    # A fiscal year is named by the calendar year in which it ends (July 2026 - June 2027: FY2027).
    # With a January fiscal year the fiscal year is the calendar year, still written FY2026.
    fiscal_start = year_start(start, fiscal_start_month)
    name = f"FY{fiscal_start.year}" if fiscal_start_month == 1 else plan_year_label(fiscal_start)
    if period == Period.FISCAL_QUARTER:
        quarter = ((start.month - fiscal_start_month) % 12) // 3 + 1
        return f"{name}-Q{quarter}"
    return name


def check_range(start: date, end: date) -> str | None:
    """What is wrong with a reporting range, or None."""
    if end < start:
        return f"end {end} is before start {start}"
    if end > years_later(start, MAX_SPAN_YEARS):
        return f"the range is longer than {MAX_SPAN_YEARS} years"
    return None


def buckets(start: date, end: date, period: Period, *, fiscal_start_month: int = 1) -> list[Bucket]:
    """Every period touching [start, end], empty ones included; the first and last are clipped."""
    problem = check_range(start, end)
    if problem:
        raise ValueError(problem)
    out = []
    cursor = period_start(start, period, fiscal_start_month=fiscal_start_month)
    while cursor <= end:
        following = next_start(cursor, period)
        out.append(
            Bucket(
                start=max(cursor, start),
                end=min(following - timedelta(days=1), end),
                label=label(cursor, period, fiscal_start_month=fiscal_start_month),
            )
        )
        cursor = following
    return out
