from datetime import date
from decimal import Decimal as D

import pytest

from rvuedge.calc.benchmark import rank, targets
from rvuedge.calc.pay import Accrual, Band, incentive
from rvuedge.calc.year_view import year_in_view
from rvuedge.calc.years import months_left

TABLE = {25: D(5500), 50: D(7200), 75: D(9000), 90: D(11500)}


@pytest.mark.parametrize(
    ("value", "percentile", "position"),
    [
        (D(8100), D("62.5"), "within"),  # the issue's example
        (D(7200), D("50.0"), "within"),
        (D(5500), D("25.0"), "within"),
        (D(11500), D("90.0"), "within"),
        (D(6350), D("37.5"), "within"),
        (D(5000), None, "below"),
        (D(12000), None, "above"),
    ],
)
def test_rank(value: D, percentile: D | None, position: str) -> None:
    result = rank(value, TABLE)
    assert (result.percentile, result.position) == (percentile, position)


def test_below_and_above_say_so_rather_than_invent() -> None:
    assert "below the 25th percentile" in rank(D(100), TABLE).text
    assert "above the 90th percentile" in rank(D(20000), TABLE).text


def test_rank_text_prints_table_points_as_the_app_does() -> None:
    # Found using the app: "below the 25th percentile (7000.00)" beside "7,000 wRVU per FTE".
    assert rank(D(100), TABLE).text == (
        f"below the 25th percentile ({TABLE[25]:,.0f} wRVU per 1.0 FTE), the table's lowest point"
    )
    assert "(7000" not in rank(D(6350), TABLE).text and "," in rank(D(6350), TABLE).text


def test_targets_from_the_issue() -> None:
    got = targets(D(8100), TABLE, remaining_months=3)
    assert [(t.percentile, t.still_needed, t.per_remaining_month) for t in got] == [
        (75, D(900), D(300)),
        (90, D(3400), D(3400) / 3),
    ]


def test_table_needs_two_points() -> None:
    with pytest.raises(ValueError):
        rank(D(1), {50: D(7000)})


@pytest.mark.parametrize(
    ("wrvu", "pay"),
    [
        (D(5000), D(400000)),  # below the threshold: base only
        (D(7000), D(400000) + 1000 * D(50)),
        (D(9000), D(400000) + 2000 * D(50) + 1000 * D(60)),
    ],
)
def test_compensation_with_tiers(wrvu: D, pay: D) -> None:
    # The benchmark report's pay estimate is the pay-plan arithmetic (calc/pay).
    bands = [Band(D(6000), D(50)), Band(D(8000), D(60))]
    got = D(400000) + incentive(wrvu, threshold=D(6000), bands=bands, accrual=Accrual.MARGINAL)
    assert got == pay


@pytest.mark.parametrize(
    ("today", "elapsed", "days", "months"),
    [
        (date(2026, 1, 1), 1, 365, 12),
        (date(2026, 12, 31), 365, 365, 1),
        (date(2024, 2, 29), 60, 366, 11),
        (date(2026, 7, 2), 183, 365, 6),
    ],
)
def test_pace(today: date, elapsed: int, days: int, months: int) -> None:
    result = year_in_view(to_date=D(1000), today=today, clinical_fte=D("0.5"), annual_goal=D(7200))
    assert (result.days_elapsed, result.days_in_year, result.months_left) == (
        elapsed,
        days,
        months,
    )
    assert result.projected_year_end == D(1000) * days / elapsed
    assert result.projected_per_fte == result.projected_year_end * 2
    assert result.still_to_log == D(6200)
    assert result.per_remaining_month == D(6200) / months
    assert months_left(today) == months


def test_pace_without_goal_and_with_goal_reached() -> None:
    none = year_in_view(to_date=D(0), today=date(2026, 3, 1), clinical_fte=D(1), annual_goal=None)
    assert none.per_remaining_month is None and none.still_to_log is None
    assert none.goal_text() is None and "Still to log" not in none.method()
    done = year_in_view(
        to_date=D(8000), today=date(2026, 11, 1), clinical_fte=D(1), annual_goal=D(7200)
    )
    assert done.goal_reached and done.per_remaining_month == 0 and done.still_to_log == 0


def test_the_year_in_view_of_the_issue() -> None:
    """July fiscal year, goal 7,000: to date 343.45 on 2026-11-27 (150 days of 365)."""
    view = year_in_view(
        to_date=D("343.45"),
        today=date(2026, 11, 27),
        clinical_fte=D(1),
        annual_goal=D(7000),
        fiscal_start_month=7,
    )
    assert (view.year.label, view.days_elapsed, view.months_left) == ("FY2027", 150, 8)
    assert round(view.projected_year_end, 2) == D("835.73")
    assert view.still_to_log == D("6656.55")
    assert view.per_remaining_month == D("6656.55") / 8
    # Every number the texts use is written in them.
    text = view.method()
    for figure in ("343.45", "150 days", "365 days", "835.73", "7,000.00", "6,656.55", "8 months",
                   "832.07"):  # fmt: skip
        assert figure in text, figure
    # A target: what remains to log to finish the year there, and per remaining month.
    assert view.still_to_log_for(D(7200)) == D("6856.55")
    assert view.per_month_for(D(7200)) == D("6856.55") / 8
    assert view.still_to_log_for(D(100)) == 0


def test_a_year_that_is_over_has_no_month_left() -> None:
    view = year_in_view(
        to_date=D(7100),
        today=date(2027, 8, 1),
        clinical_fte=D(1),
        annual_goal=D(7000),
        year=year_in_view(
            to_date=D(0), today=date(2026, 7, 1), clinical_fte=D(1), annual_goal=None,
            fiscal_start_month=7,
        ).year,
    )  # fmt: skip
    assert view.as_of == date(2027, 6, 30) and view.days_elapsed == 365
    assert view.months_left == 0 and view.per_remaining_month is None
    assert view.projected_year_end == D(7100)
