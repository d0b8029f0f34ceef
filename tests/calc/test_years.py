import re
from datetime import date
from decimal import Decimal as D

import pytest

from rvuedge.calc.bases import resolve_basis
from rvuedge.calc.year_view import year_in_view
from rvuedge.calc.years import (
    add_months,
    fiscal_year,
    months_left,
    months_left_words,
    plan_year_bounds,
    year_containing,
)


@pytest.mark.parametrize(
    ("day", "start_month", "start", "end", "label"),
    [
        (date(2026, 11, 27), 1, date(2026, 1, 1), date(2026, 12, 31), "2026"),
        (date(2026, 11, 27), 7, date(2026, 7, 1), date(2027, 6, 30), "FY2027"),
        (date(2026, 7, 1), 7, date(2026, 7, 1), date(2027, 6, 30), "FY2027"),
        (date(2026, 6, 30), 7, date(2025, 7, 1), date(2026, 6, 30), "FY2026"),
        (date(2026, 1, 1), 10, date(2025, 10, 1), date(2026, 9, 30), "FY2026"),
        (date(2026, 12, 31), 12, date(2026, 12, 1), date(2027, 11, 30), "FY2027"),
        (date(2026, 11, 30), 12, date(2025, 12, 1), date(2026, 11, 30), "FY2026"),
        (date(2024, 2, 29), 3, date(2023, 3, 1), date(2024, 2, 29), "FY2024"),  # leap day ends it
        (date(2024, 3, 1), 2, date(2024, 2, 1), date(2025, 1, 31), "FY2025"),
    ],
)
def test_year_containing(day, start_month, start, end, label) -> None:  # noqa: ANN001
    span = year_containing(day, fiscal_start_month=start_month)
    assert (span.start, span.end, span.label) == (start, end, label)
    assert span.start <= day <= span.end


@pytest.mark.parametrize(
    ("span", "days"),
    [
        (year_containing(date(2026, 3, 1)), 365),
        (year_containing(date(2024, 3, 1)), 366),
        (fiscal_year(2024, fiscal_start_month=7), 366),  # July 2023 - June 2024 holds 29 Feb
        (fiscal_year(2025, fiscal_start_month=3), 365),  # March 2024 - February 2025 does not
        (fiscal_year(2024, fiscal_start_month=3), 366),  # March 2023 - February 2024 does
    ],
)
def test_days_in_a_year(span, days) -> None:  # noqa: ANN001
    assert span.days == days


@pytest.mark.parametrize(
    ("today", "start_month", "months"),
    [
        (date(2026, 11, 27), 1, 2),
        (date(2026, 11, 27), 7, 8),
        (date(2026, 7, 1), 7, 12),
        (date(2026, 6, 30), 7, 1),
        (date(2026, 1, 15), 1, 12),
        (date(2026, 12, 1), 12, 12),
        (date(2026, 11, 1), 12, 1),
    ],
)
def test_remaining_months(today, start_month, months) -> None:  # noqa: ANN001
    assert months_left(today, fiscal_start_month=start_month) == months


def test_add_months_and_plan_years() -> None:
    assert add_months(date(2026, 11, 27), 2) == date(2027, 1, 1)
    assert add_months(date(2026, 1, 31), -1) == date(2025, 12, 1)
    assert plan_year_bounds(date(2026, 11, 27), 7) == (date(2026, 7, 1), date(2027, 6, 30))
    assert plan_year_bounds(date(2026, 11, 27), 1) == (date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("today", "start_month", "elapsed", "days", "months"),
    [
        (date(2026, 11, 27), 7, 150, 365, 8),  # 1 July .. 27 November
        (date(2026, 7, 1), 7, 1, 365, 12),
        (date(2027, 6, 30), 7, 365, 365, 1),
        (date(2024, 6, 30), 7, 366, 366, 1),
        (date(2026, 11, 27), 1, 331, 365, 2),
    ],
)
def test_pace_over_a_fiscal_year(today, start_month, elapsed, days, months) -> None:  # noqa: ANN001
    year = year_containing(today, fiscal_start_month=start_month)
    result = year_in_view(
        to_date=D(3000), today=today, clinical_fte=D("0.8"), annual_goal=D(8000), year=year
    )
    assert (result.days_elapsed, result.days_in_year, result.months_left) == (
        elapsed,
        days,
        months,
    )
    assert result.projected_year_end == D(3000) * days / elapsed
    assert result.projected_per_fte == result.projected_year_end / D("0.8")
    assert result.per_remaining_month == D(5000) / months


TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("basis", "start_month", "start", "end", "annualized_over", "months"),
    [
        ("ytd_annualized", 7, date(2026, 1, 1), TODAY, (331, 365), 2),
        ("fiscal_ytd_annualized", 7, date(2026, 7, 1), TODAY, (150, 365), 8),
        ("fiscal_ytd_annualized", 1, date(2026, 1, 1), TODAY, (331, 365), 2),
        ("fiscal_ytd_annualized", 10, date(2026, 10, 1), TODAY, (58, 365), 11),
        ("trailing_12_months", 7, date(2025, 11, 28), TODAY, None, 12),
        ("calendar_year:2025", 7, date(2025, 1, 1), date(2025, 12, 31), None, 0),
        ("calendar_year:2026", 7, date(2026, 1, 1), TODAY, None, 2),
        ("fiscal_year:FY2027", 7, date(2026, 7, 1), TODAY, None, 8),
        ("fiscal_year:fy2027", 7, date(2026, 7, 1), TODAY, None, 8),
        ("fiscal_year:FY2026", 7, date(2025, 7, 1), date(2026, 6, 30), None, 0),
        ("fiscal_year:FY2026", 1, date(2026, 1, 1), TODAY, None, 2),
        ("fiscal_year:FY2027", 10, date(2026, 10, 1), TODAY, None, 11),
        ("fiscal_year", 7, date(2026, 7, 1), TODAY, None, 8),
        ("fiscal_year:FY2001", 7, date(2000, 7, 1), date(2001, 6, 30), None, 0),
    ],
)
def test_resolve_basis(basis, start_month, start, end, annualized_over, months) -> None:  # noqa: ANN001
    got = resolve_basis(basis, today=TODAY, fiscal_start_month=start_month)
    assert (got.start, got.end, got.remaining_months) == (start, end, months)
    if annualized_over is None:
        assert got.year is None and not got.annualized
    else:
        assert got.year is not None
        assert (got.elapsed_days, got.year.days) == annualized_over
        assert (got.year.start, got.year.days_elapsed(TODAY)) == (start, annualized_over[0])


@pytest.mark.parametrize(
    ("basis", "start_month", "says"),
    [
        ("forever", 7, "unknown basis"),
        ("calendar_year:1999", 7, "not between 2000"),
        ("calendar_year:2027", 7, "current year (2026)"),
        ("fiscal_year:FY2028", 7, "current year (FY2027)"),
        ("fiscal_year:FY2000", 7, "not between 2000"),
        ("fiscal_year:2027", 7, "unknown basis"),
        ("fiscal_year:FY27", 7, "unknown basis"),
    ],
)
def test_resolve_basis_refuses(basis, start_month, says) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match=re.escape(says)):
        resolve_basis(basis, today=TODAY, fiscal_start_month=start_month)


@pytest.mark.parametrize(
    ("count", "words"), [(1, "1 month left"), (2, "2 months left"), (12, "12 months left")]
)
def test_months_left_reads_as_english(count: int, words: str) -> None:
    # The productivity PDF said "1 months left" in the last month of a year.
    assert months_left_words(count) == words
