"""Benchmark bases: which dates a benchmark adds up, and whether it annualizes them. Pure.

The default is the physician's own year (the fiscal year when it does not start in January) to
date, annualized with the same pace as every other figure (calc/year_view.py); the calendar year,
the trailing twelve months and whole past years are there on request.
"""

import re
from dataclasses import dataclass
from datetime import date

from rvuedge.calc.years import (
    YearSpan,
    calendar_year,
    fiscal_year,
    trailing_year_start,
    year_containing,
)

DEFAULT_BASIS = "fiscal_ytd_annualized"
BASES = (
    "fiscal_ytd_annualized (your year: the fiscal year when yours does not start in January; "
    "the default), ytd_annualized (the calendar year), trailing_12_months, calendar_year:YYYY, "
    "fiscal_year (the current one) or fiscal_year:FYYYYY"
)
_CALENDAR = re.compile(r"^calendar_year:(\d{4})$")
_FISCAL = re.compile(r"^fiscal_year:FY(\d{4})$", re.IGNORECASE)
EARLIEST_YEAR = 2000


@dataclass(frozen=True)
class Basis:
    """A benchmark basis resolved on a date: the dates added up and how to read them."""

    name: str
    start: date
    end: date
    year: YearSpan | None  # the year an annualized basis paces (None: not annualized)
    remaining_months: int  # months left to act on (the current one included); 0 for a past year
    what: str  # "Fiscal year FY2027 to date (2026-07-01 to 2026-11-27)"

    @property
    def annualized(self) -> bool:
        return self.year is not None

    @property
    def elapsed_days(self) -> int:
        return (self.end - self.start).days + 1


def resolve_basis(basis: str, *, today: date, fiscal_start_month: int = 1) -> Basis:
    """The period a benchmark basis covers on `today`; ValueError says what is wrong."""
    if basis in ("ytd_annualized", "fiscal_ytd_annualized"):
        fiscal = basis.startswith("fiscal")
        current = year_containing(today, fiscal_start_month=fiscal_start_month if fiscal else 1)
        if fiscal and current.is_fiscal:
            what = f"Fiscal year {current.label} to date"
        elif fiscal:
            what = f"Your year {current.label} to date"
        else:
            what = f"Calendar year {current.label} to date"
        return Basis(
            basis,
            current.start,
            today,
            current,
            current.months_left(today),
            f"{what} ({current.start} to {today})",
        )
    if basis == "trailing_12_months":
        start = trailing_year_start(today)
        return Basis(basis, start, today, None, 12, f"The twelve months {start} to {today}")
    span: YearSpan | None = None
    if match := _CALENDAR.match(basis):
        span = calendar_year(int(match[1]))
        what = f"Calendar year {span.label}"
    elif match := _FISCAL.match(basis):
        span = fiscal_year(int(match[1]), fiscal_start_month=fiscal_start_month)
        what = f"Fiscal year {span.label}"
    elif basis == "fiscal_year":
        span = year_containing(today, fiscal_start_month=fiscal_start_month)
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
        basis,
        span.start,
        end,
        None,
        span.months_left(today) if span.end >= today else 0,
        f"{what} ({span.start} to {end})",
    )
