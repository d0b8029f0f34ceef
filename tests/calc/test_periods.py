from datetime import date

import pytest

from rvuedge.calc.periods import Period, buckets, check_range, label, period_start

D = date


@pytest.mark.parametrize(
    ("day", "period", "fy", "start"),
    [
        (D(2026, 11, 27), Period.DAY, 1, D(2026, 11, 27)),
        (D(2026, 11, 27), Period.WEEK, 1, D(2026, 11, 23)),  # a Friday; its ISO week starts Monday
        (D(2027, 1, 1), Period.WEEK, 1, D(2026, 12, 28)),  # ISO week 53 of 2026 spans the new year
        (D(2026, 11, 27), Period.MONTH, 1, D(2026, 11, 1)),
        (D(2026, 11, 27), Period.QUARTER, 1, D(2026, 10, 1)),
        (D(2026, 3, 31), Period.QUARTER, 1, D(2026, 1, 1)),
        (D(2026, 11, 27), Period.YEAR, 1, D(2026, 1, 1)),
        (D(2026, 11, 27), Period.FISCAL_YEAR, 7, D(2026, 7, 1)),
        (D(2026, 6, 30), Period.FISCAL_YEAR, 7, D(2025, 7, 1)),
        (D(2026, 7, 1), Period.FISCAL_YEAR, 7, D(2026, 7, 1)),
        (D(2026, 2, 1), Period.FISCAL_YEAR, 1, D(2026, 1, 1)),
        (D(2024, 2, 29), Period.MONTH, 1, D(2024, 2, 1)),
    ],
)
def test_period_start(day: date, period: Period, fy: int, start: date) -> None:
    assert period_start(day, period, fiscal_start_month=fy) == start


@pytest.mark.parametrize(
    ("start", "period", "fy", "text"),
    [
        (D(2026, 12, 28), Period.WEEK, 1, "2026-W53"),
        (D(2024, 12, 30), Period.WEEK, 1, "2025-W01"),
        (D(2026, 10, 1), Period.QUARTER, 1, "2026-Q4"),
        (D(2026, 7, 1), Period.FISCAL_YEAR, 7, "FY2027"),
        (D(2026, 1, 1), Period.FISCAL_YEAR, 1, "FY2026"),
    ],
)
def test_labels(start: date, period: Period, fy: int, text: str) -> None:
    assert label(start, period, fiscal_start_month=fy) == text


def test_buckets_are_clipped_and_empty_ones_kept() -> None:
    got = buckets(D(2026, 1, 15), D(2026, 4, 10), Period.MONTH)
    assert [(b.start, b.end, b.label) for b in got] == [
        (D(2026, 1, 15), D(2026, 1, 31), "2026-01"),
        (D(2026, 2, 1), D(2026, 2, 28), "2026-02"),
        (D(2026, 3, 1), D(2026, 3, 31), "2026-03"),
        (D(2026, 4, 1), D(2026, 4, 10), "2026-04"),
    ]


def test_leap_february_and_year_end() -> None:
    got = buckets(D(2024, 2, 1), D(2025, 1, 2), Period.MONTH)
    assert got[0].end == D(2024, 2, 29) and got[-1] == got[-1].__class__(
        D(2025, 1, 1), D(2025, 1, 2), "2025-01"
    )
    years = buckets(D(2024, 12, 31), D(2025, 1, 1), Period.YEAR)
    assert [(b.start, b.end) for b in years] == [
        (D(2024, 12, 31), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 1, 1)),
    ]


def test_fiscal_year_buckets() -> None:
    got = buckets(D(2025, 1, 1), D(2026, 12, 31), Period.FISCAL_YEAR, fiscal_start_month=7)
    assert [(b.start, b.end, b.label) for b in got] == [
        (D(2025, 1, 1), D(2025, 6, 30), "FY2025"),
        (D(2025, 7, 1), D(2026, 6, 30), "FY2026"),
        (D(2026, 7, 1), D(2026, 12, 31), "FY2027"),
    ]


def test_range_checks() -> None:
    assert check_range(D(2026, 1, 2), D(2026, 1, 1)) is not None
    assert check_range(D(2000, 1, 1), D(2020, 1, 1)) is None
    assert check_range(D(2000, 1, 1), D(2020, 1, 2)) is not None
    assert check_range(D(2004, 2, 29), D(2024, 2, 28)) is None
    with pytest.raises(ValueError):
        buckets(D(2026, 1, 2), D(2026, 1, 1), Period.DAY)


def test_fiscal_quarters_follow_the_fiscal_year() -> None:
    P, b = Period, buckets  # noqa: N806
    got = b(date(2026, 7, 1), date(2027, 6, 30), P.FISCAL_QUARTER, fiscal_start_month=7)
    assert [(x.label, x.start, x.end) for x in got] == [
        ("FY2027-Q1", date(2026, 7, 1), date(2026, 9, 30)),
        ("FY2027-Q2", date(2026, 10, 1), date(2026, 12, 31)),
        ("FY2027-Q3", date(2027, 1, 1), date(2027, 3, 31)),
        ("FY2027-Q4", date(2027, 4, 1), date(2027, 6, 30)),
    ]
    # A range starting mid-quarter is clipped; an October fiscal year starts its Q1 in October.
    first = b(date(2026, 11, 27), date(2026, 12, 31), P.FISCAL_QUARTER, fiscal_start_month=10)[0]
    assert (first.label, first.start, first.end) == (
        "FY2027-Q1",
        date(2026, 11, 27),
        date(2026, 12, 31),
    )
    # January: the calendar quarters, named as fiscal ones.
    jan = b(date(2026, 4, 1), date(2026, 6, 30), P.FISCAL_QUARTER, fiscal_start_month=1)
    assert [x.label for x in jan] == ["FY2026-Q2"]
