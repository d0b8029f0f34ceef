"""The year-end forecast, straight line and seasonal, with its range and backtest (pure)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from rvuedge.calc import forecast as f
from rvuedge.calc.years import years_later

# A surgeon's year: light in the summer and the holidays, heavy in the spring and autumn.
SEASON = {
    1: 90,
    2: 100,
    3: 110,
    4: 110,
    5: 100,
    6: 80,
    7: 60,
    8: 70,
    9: 110,
    10: 120,
    11: 110,
    12: 40,
}


def seasonal_log(first: date, last: date, scale: dict[int, Decimal] | None = None) -> f.Log:
    """Each month's wRVU spread evenly over its days, from first to last inclusive."""
    days = {}
    d = first
    while d <= last:
        month_days = f._days_in_month(d)
        factor = (scale or {}).get(d.year, Decimal(1))
        days[d] = Decimal(SEASON[d.month]) * factor / month_days
        d += timedelta(days=1)
    return f.Log(days)


def flat_log(first: date, last: date, per_day: Decimal) -> f.Log:
    return f.Log({first + timedelta(days=i): per_day for i in range((last - first).days + 1)})


@pytest.mark.parametrize(
    ("shares_from", "start", "on", "expected"),
    [
        # Twelve equal months: the share to the end of June is one half.
        ({m: Decimal(1) / 12 for m in range(1, 13)}, date(2026, 1, 1), date(2026, 6, 30), "0.5"),
        # Half of January (31 days: 15.5 / 31 of its share).
        ({m: Decimal(1) / 12 for m in range(1, 13)}, date(2026, 1, 1), date(2026, 1, 31), "0.0833"),
        # A fiscal year from July: July to September is one quarter.
        ({m: Decimal(1) / 12 for m in range(1, 13)}, date(2026, 7, 1), date(2026, 9, 30), "0.25"),
    ],
)
def test_share_to_date(shares_from, start, on, expected):
    share = f.share_to_date(shares_from, start, on)
    assert share.quantize(Decimal("0.0001")) == Decimal(expected).quantize(Decimal("0.0001"))


@pytest.mark.parametrize(
    ("so_far", "start", "end", "on", "expected"),
    [
        (Decimal(100), date(2026, 1, 1), date(2026, 12, 31), date(2026, 1, 1), Decimal(36500)),
        (Decimal(365), date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 31), Decimal(365)),
        (Decimal(183), date(2024, 1, 1), date(2024, 12, 31), date(2024, 7, 1), Decimal(366)),
    ],
)
def test_straight_line(so_far, start, end, on, expected):
    assert f.straight_line(so_far, start, end, on) == expected


def test_seasonal_log_the_seasonal_backtest_beats_the_straight_line():
    log = seasonal_log(date(2023, 1, 1), date(2026, 11, 27))
    result = f.forecast(log, today=date(2026, 11, 27))
    straight, seasonal = result.straight_line, result.seasonal
    assert seasonal.available and straight.available
    assert straight.backtest is not None and seasonal.backtest is not None
    assert seasonal.backtest.as_of == date(2025, 11, 27)
    assert abs(seasonal.backtest.actual - sum(SEASON.values())) < Decimal("0.0001")
    assert seasonal.backtest.error_pct < straight.backtest.error_pct
    # December is light: the straight line overshoots, the seasonal one lands on the year.
    assert straight.projected > Decimal(1140)
    assert abs(seasonal.projected - Decimal(1100)) < Decimal("0.01")
    assert seasonal.years_tested == 2  # 2025 and 2024 have a complete year before them
    assert "3 complete year(s) logged" in seasonal.how


def test_a_flat_log_makes_both_methods_agree_and_the_range_tight():
    log = flat_log(date(2024, 1, 1), date(2026, 6, 30), Decimal(2))
    result = f.forecast(log, today=date(2026, 6, 30))
    assert abs(result.straight_line.projected - Decimal(730)) < Decimal("0.000001")
    # Flat per day: months differ by their length only (2024 was a leap year, so the shares
    # differ a little from 2026's), and both land on about the same year.
    assert abs(result.seasonal.projected - Decimal(730)) < Decimal("2")  # within 0.3%
    assert result.straight_line.backtest.error_pct < Decimal("0.3")


def test_under_12_months_there_is_no_seasonal_forecast():
    log = seasonal_log(date(2026, 3, 1), date(2026, 11, 27))
    result = f.forecast(log, today=date(2026, 11, 27))
    assert result.straight_line.available
    assert result.straight_line.backtest is None and result.straight_line.low is None
    assert not result.seasonal.available
    assert "12 complete months" in result.seasonal.note


def test_without_a_complete_year_the_last_12_months_give_the_shares():
    log = seasonal_log(date(2025, 3, 1), date(2026, 11, 27))
    result = f.forecast(log, today=date(2026, 11, 27))
    assert result.seasonal.available
    assert "last 12 complete months" in result.seasonal.how
    assert abs(result.seasonal.projected - Decimal(1100)) < Decimal("0.01")


def test_the_range_is_the_largest_past_miss_and_never_below_the_year_so_far():
    # 2025 was 20% busier than 2024: at this point of 2025 the straight line missed by its
    # seasonal error; the range around this year's projection is that miss either way.
    log = seasonal_log(
        date(2024, 1, 1), date(2026, 11, 27), scale={2025: Decimal("1.2"), 2026: Decimal(1)}
    )
    result = f.forecast(log, today=date(2026, 11, 27))
    p = result.straight_line
    worst = p.backtest.error_pct / 100
    assert p.high == p.projected * (1 + worst)
    assert p.low == max(p.projected * (1 - worst), result.year_to_date)
    assert p.low <= p.projected <= p.high


def test_an_empty_log_projects_zero():
    result = f.forecast(f.Log({}), today=date(2026, 11, 27))
    assert result.year_to_date == 0
    assert result.straight_line.projected == 0
    assert not result.seasonal.available


def test_fiscal_year_from_july():
    log = seasonal_log(date(2023, 7, 1), date(2026, 11, 27))
    result = f.forecast(log, today=date(2026, 11, 27), start_month=7)
    assert result.year_start == date(2026, 7, 1) and result.year_end == date(2027, 6, 30)
    assert abs(result.seasonal.projected - Decimal(1100)) < Decimal("0.01")
    assert result.seasonal.backtest.error_pct < result.straight_line.backtest.error_pct


@pytest.mark.parametrize(
    ("on", "years", "expected"),
    [(date(2028, 2, 29), 1, date(2027, 2, 28)), (date(2026, 11, 27), 2, date(2024, 11, 27))],
)
def test_years_back(on, years, expected):
    assert years_later(on, -years) == expected  # the forecast's backtests step back this way
