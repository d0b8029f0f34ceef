"""Calendar and fiscal years, and the reporting bases built on them. Pure.

A fiscal year starts on the first day of the profile's month and is named by the calendar year in
which it ends: with July, July 2026 - June 2027 is FY2027. With January it is the calendar year.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class YearSpan:
    start: date
    end: date  # inclusive
    label: str  # "2026" or "FY2027"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def days_elapsed(self, today: date) -> int:
        """Days from the start to today, today included (today must be inside the span)."""
        return (today - self.start).days + 1

    def months_left(self, today: date) -> int:
        """Months left in the span, the current one included."""
        return (self.end.year - today.year) * 12 + self.end.month - today.month + 1


def _first_of(year: int, month: int) -> date:
    return date(year, month, 1)


def _span(start: date, *, fiscal: bool) -> YearSpan:
    following = _first_of(start.year + 1, start.month)
    end = following - timedelta(days=1)
    return YearSpan(start, end, f"FY{end.year}" if fiscal else str(start.year))


def calendar_year(year: int) -> YearSpan:
    return _span(date(year, 1, 1), fiscal=False)


def year_containing(d: date, *, fiscal_start_month: int = 1) -> YearSpan:
    """The year holding d: the calendar year for month 1, else the fiscal year (labelled FY)."""
    if fiscal_start_month == 1:
        return calendar_year(d.year)
    year = d.year if d.month >= fiscal_start_month else d.year - 1
    return _span(_first_of(year, fiscal_start_month), fiscal=True)


def fiscal_year(end_year: int, *, fiscal_start_month: int) -> YearSpan:
    """FY<end_year>: the fiscal year ending in end_year (the calendar year for month 1)."""
    start_year = end_year if fiscal_start_month == 1 else end_year - 1
    span = _span(_first_of(start_year, fiscal_start_month), fiscal=True)
    return span


@dataclass(frozen=True)
class Basis:
    """A benchmark basis resolved on a date: the dates added up and how to annualize them."""

    start: date
    end: date
    elapsed_days: int
    year_days: int | None  # annualize as value / elapsed_days x year_days; None: not annualized
    remaining_months: int  # months left to act on (the current one included); 0 for a past year
    description: str

    def annualize(self, value):  # noqa: ANN001, ANN201 - Decimal in, Decimal out
        if self.year_days is None:
            return value
        return value / self.elapsed_days * self.year_days


BASES = (
    "ytd_annualized, fiscal_ytd_annualized, trailing_12_months, calendar_year:YYYY, "
    "fiscal_year (the current one) or fiscal_year:FYYYYY"
)
_CALENDAR = re.compile(r"^calendar_year:(\d{4})$")
_FISCAL = re.compile(r"^fiscal_year:FY(\d{4})$", re.IGNORECASE)
EARLIEST_YEAR = 2000


def trailing_year_start(today: date) -> date:
    """The first day of the twelve months ending today."""
    try:
        return today.replace(year=today.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return date(today.year - 1, 3, 1)


def resolve_basis(basis: str, *, today: date, fiscal_start_month: int = 1) -> Basis:
    """The period a benchmark basis covers on `today`; ValueError says what is wrong."""
    if basis in ("ytd_annualized", "fiscal_ytd_annualized"):
        fiscal = basis.startswith("fiscal")
        span = year_containing(today, fiscal_start_month=fiscal_start_month if fiscal else 1)
        elapsed = span.days_elapsed(today)
        what = f"Fiscal year {span.label}" if fiscal else "Year"
        return Basis(
            span.start,
            today,
            elapsed,
            span.days,
            span.months_left(today),
            f"{what} to date ({span.start} to {today}) annualized: / {elapsed} days elapsed "
            f"x {span.days}.",
        )
    if basis == "trailing_12_months":
        start = trailing_year_start(today)
        return Basis(
            start,
            today,
            (today - start).days + 1,
            None,
            12,
            f"The twelve months {start} to {today}, not annualized.",
        )
    span = None
    if match := _CALENDAR.match(basis):
        span = calendar_year(int(match[1]))
        what = f"Calendar year {span.label}"
    elif match := _FISCAL.match(basis):
        span = fiscal_year(int(match[1]), fiscal_start_month=fiscal_start_month)
        what = f"Fiscal year {span.label}"
    elif basis == "fiscal_year":
        span = year_containing(today, fiscal_start_month=fiscal_start_month)
        span = fiscal_year(span.end.year, fiscal_start_month=fiscal_start_month)
        what = f"Fiscal year {span.label}"
    if span is None:
        raise ValueError(f"unknown basis {basis!r}: use {BASES}")
    if span.start > today or span.start.year < EARLIEST_YEAR:
        current = year_containing(
            today, fiscal_start_month=1 if basis.startswith("calendar") else fiscal_start_month
        )
        raise ValueError(
            f"{span.label} ({span.start} to {span.end}) is not between {EARLIEST_YEAR} and the "
            f"current year ({current.label})"
        )
    end = min(span.end, today)
    return Basis(
        span.start,
        end,
        (end - span.start).days + 1,
        None,
        span.months_left(today) if span.end >= today else 0,
        f"{what} ({span.start} to {end}), not annualized.",
    )
