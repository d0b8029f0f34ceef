"""Calendar periods: buckets for totals, on plain dates. Pure."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

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


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + (d.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


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
    year = d.year if d.month >= fiscal_start_month else d.year - 1
    fiscal_start = date(year, fiscal_start_month, 1)
    if period == Period.FISCAL_QUARTER:
        months = (d.year - year) * 12 + d.month - fiscal_start_month
        return _add_months(fiscal_start, months // 3 * 3)
    return fiscal_start


def next_start(start: date, period: Period) -> date:
    if period == Period.DAY:
        return start + timedelta(days=1)
    if period == Period.WEEK:
        return start + timedelta(days=7)
    if period == Period.MONTH:
        return _add_months(start, 1)
    if period in (Period.QUARTER, Period.FISCAL_QUARTER):
        return _add_months(start, 3)
    return _add_months(start, 12)


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
    year = start.year if start.month >= fiscal_start_month else start.year - 1
    end_year = year if fiscal_start_month == 1 else year + 1
    if period == Period.FISCAL_QUARTER:
        quarter = ((start.month - fiscal_start_month) % 12) // 3 + 1
        return f"FY{end_year}-Q{quarter}"
    return f"FY{end_year}"


def check_range(start: date, end: date) -> str | None:
    """What is wrong with a reporting range, or None."""
    if end < start:
        return f"end {end} is before start {start}"
    if end > _years_later(start, MAX_SPAN_YEARS):
        return f"the range is longer than {MAX_SPAN_YEARS} years"
    return None


def _years_later(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


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


def days_in_year(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days
