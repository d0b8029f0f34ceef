"""The pay-plan arithmetic, as tables of cases (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from rvuedge.calc.pay import (
    Accrual,
    Band,
    MeasurementPeriod,
    Plan,
    TrueUp,
    WrvuSeries,
    dollars_for_extra_wrvu,
    incentive,
    next_band,
    plan_year,
    plan_year_bounds,
    plan_year_label,
    project,
)

D = date
Y = D(2026, 1, 1)


def dec(value: str | int) -> Decimal:
    return Decimal(str(value))


def bands(*pairs: tuple[int, str]) -> tuple[Band, ...]:
    return tuple(Band(dec(start), dec(rate)) for start, rate in pairs)


def plan(**terms: object) -> Plan:
    defaults: dict[str, object] = {
        "name": "contract",
        "effective_from": D(2020, 1, 1),
        "effective_to": None,
        "base_salary": dec(0),
        "threshold_wrvu": dec(0),
        "bands": bands((0, "50")),
    }
    defaults.update(terms)
    return Plan(**defaults)  # type: ignore[arg-type]


TIERED = bands((0, "55"), (4500, "65"), (7000, "75"))


@pytest.mark.parametrize(
    ("wrvu", "threshold", "tiers", "accrual", "scale", "expected"),
    [
        # The worked examples.
        ("5000", "0", bands((0, "60")), Accrual.MARGINAL, "1", "300000"),
        ("7500", "0", TIERED, Accrual.MARGINAL, "1", "447500"),  # 247,500 + 162,500 + 37,500
        ("7500", "0", TIERED, Accrual.RETROACTIVE, "1", "562500"),  # 7,500 x $75
        # Band edges and the threshold.
        ("4500", "0", TIERED, Accrual.MARGINAL, "1", "247500"),
        ("4500", "0", TIERED, Accrual.RETROACTIVE, "1", "247500"),  # 4,500 is not past the edge
        ("4500.01", "0", TIERED, Accrual.RETROACTIVE, "1", "292500.65"),
        ("1000", "1250", bands((1250, "50")), Accrual.MARGINAL, "1", "0"),
        ("1250", "1250", bands((1250, "50")), Accrual.MARGINAL, "1", "0"),
        ("1600", "1250", bands((1250, "50")), Accrual.MARGINAL, "1", "17500"),
        # Retroactive pays from the threshold up, never the wRVU under it.
        ("6000", "5000", bands((5000, "40"), (5500, "60")), Accrual.RETROACTIVE, "1", "60000"),
        ("6000", "5000", bands((5000, "40"), (5500, "60")), Accrual.MARGINAL, "1", "50000"),
        # Scale (0.8 FTE): threshold 4,000, edges 4,000 and 4,400.
        ("5000", "5000", bands((5000, "40"), (5500, "60")), Accrual.MARGINAL, "0.8", "52000"),
        ("0", "0", TIERED, Accrual.MARGINAL, "1", "0"),
    ],
)
def test_incentive(
    wrvu: str, threshold: str, tiers: tuple[Band, ...], accrual: Accrual, scale: str, expected: str
) -> None:
    assert incentive(
        dec(wrvu), threshold=dec(threshold), bands=tiers, accrual=accrual, scale=dec(scale)
    ) == dec(expected)


def test_base_plus_rate_on_5000_wrvu_is_540000() -> None:
    contract = plan(base_salary=dec(240000), bands=bands((0, "60")))
    year = plan_year([contract], WrvuSeries({D(2026, 3, 2): dec(5000)}), year_start=Y)
    assert year.total_pay == dec(540000)
    assert year.dollars_per_wrvu == dec(108)


@pytest.mark.parametrize(("accrual", "pay"), [("marginal", "447500"), ("retroactive", "562500")])
def test_tiered_year(accrual: str, pay: str) -> None:
    contract = plan(bands=TIERED, accrual=Accrual(accrual))
    log = WrvuSeries({D(2026, m, 15): dec(625) for m in range(1, 13)})  # 7,500 over the year
    assert plan_year([contract], log, year_start=Y).total_pay == dec(pay)


QUARTERS = {D(2026, 2, 1): dec(1000), D(2026, 5, 1): dec(1600), D(2026, 8, 1): dec(1300)}
QUARTERS[D(2026, 11, 1)] = dec(1400)


@pytest.mark.parametrize(
    ("period", "threshold", "incentives", "total"),
    [
        ("quarter", 1250, ["0", "17500", "2500", "7500"], "27500"),
        ("plan_year", 5000, ["15000"], "15000"),
    ],
)
def test_measurement_period_resets_the_threshold(
    period: str, threshold: int, incentives: list[str], total: str
) -> None:
    contract = plan(
        threshold_wrvu=dec(threshold),
        bands=bands((threshold, "50")),
        measurement_period=MeasurementPeriod(period),
    )
    year = plan_year([contract], WrvuSeries(QUARTERS), year_start=Y)
    assert [p.incentive for p in year.periods] == [dec(x) for x in incentives]
    assert year.incentive_earned == dec(total)


def _draw_plan(**terms: object) -> Plan:
    base = {
        "threshold_wrvu": dec(0),
        "bands": bands((0, "50")),
        "measurement_period": MeasurementPeriod.QUARTER,
        "monthly_draw": dec(20000),
        "true_up": TrueUp.QUARTER,
        "clawback": True,
    }
    base.update(terms)
    return plan(**base)


def test_a_quarter_earning_50000_against_60000_of_draws_owes_10000() -> None:
    log = WrvuSeries({D(2026, 2, 10): dec(1000)})  # 1,000 wRVU x $50 = $50,000 in Q1
    year = plan_year([_draw_plan()], log, year_start=Y, through=D(2026, 3, 31))
    q1 = year.periods[0]
    assert (q1.incentive, q1.draws, q1.true_up, q1.balance) == (
        dec(50000),
        dec(60000),
        dec(-10000),
        dec(0),
    )


@pytest.mark.parametrize(
    ("clawback", "true_ups", "balances", "forgiven"),
    [
        # Q1 short by 10,000 (owed back at once), Q2 over by 20,000 (paid), Q3-Q4 nothing logged.
        (True, ["-10000", "20000", "-60000", "-60000"], ["0", "0", "0", "0"], "0"),
        # Without clawback the Q1 deficit carries into Q2; later deficits are forgiven at year end.
        (False, ["0", "10000", "0", "0"], ["-10000", "0", "-60000", "-120000"], "120000"),
    ],
)
def test_quarterly_true_up_with_and_without_clawback(
    clawback: bool, true_ups: list[str], balances: list[str], forgiven: str
) -> None:
    log = WrvuSeries({D(2026, 2, 10): dec(1000), D(2026, 5, 10): dec(1600)})
    year = plan_year([_draw_plan(clawback=clawback)], log, year_start=Y)
    quarter_ends = [p for p in year.periods if p.true_up is not None]
    assert [p.true_up for p in quarter_ends] == [dec(x) for x in true_ups]
    assert [p.balance for p in quarter_ends] == [dec(x) for x in balances]
    assert year.segments[0].forgiven_deficit == dec(forgiven)
    # Pay received: draws plus true-ups.
    assert year.total_pay == dec(240000) + sum((dec(x) for x in true_ups), dec(0))


def test_monthly_measurement_with_quarterly_true_up_has_month_rows() -> None:
    contract = _draw_plan(measurement_period=MeasurementPeriod.MONTH)
    year = plan_year([contract], WrvuSeries({D(2026, 1, 5): dec(400)}), year_start=Y)
    assert len(year.periods) == 12
    assert [p.true_up is not None for p in year.periods[:3]] == [False, False, True]


def test_plan_year_measurement_with_quarterly_true_up_has_quarter_rows() -> None:
    contract = _draw_plan(
        measurement_period=MeasurementPeriod.PLAN_YEAR,
        threshold_wrvu=dec(1000),
        bands=bands((1000, "50")),
    )
    log = WrvuSeries({D(2026, 2, 1): dec(800), D(2026, 5, 1): dec(800)})
    year = plan_year([contract], log, year_start=Y)
    assert [p.label for p in year.periods] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    # Year-to-date incentive: 0 after Q1 (800 < 1,000), 600 x $50 after Q2.
    assert [p.incentive for p in year.periods] == [dec(0), dec(30000), dec(0), dec(0)]
    assert all(p.threshold_wrvu is None for p in year.periods)


@pytest.mark.parametrize(
    ("earned_wrvu", "guarantee", "top_up"),
    [("1000", "300000", "10000"), ("3000", "300000", "0")],
)
def test_guarantee_is_a_floor_at_plan_year_end(
    earned_wrvu: str, guarantee: str, top_up: str
) -> None:
    contract = plan(base_salary=dec(240000), bands=bands((0, "50")), guarantee=dec(guarantee))
    year = plan_year([contract], WrvuSeries({D(2026, 4, 1): dec(earned_wrvu)}), year_start=Y)
    assert year.guarantee_top_up == dec(top_up)
    assert year.total_pay == max(dec(240000) + dec(earned_wrvu) * 50, dec(guarantee))
    partway = plan_year(
        [contract],
        WrvuSeries({D(2026, 4, 1): dec(earned_wrvu)}),
        year_start=Y,
        through=D(2026, 6, 30),
    )
    assert partway.guarantee_top_up == 0  # settled only at the end


def test_fte_scales_threshold_and_edges() -> None:
    contract = plan(
        threshold_wrvu=dec(5000), bands=bands((5000, "40"), (5500, "60")), fte=dec("0.8")
    )
    year = plan_year([contract], WrvuSeries({D(2026, 6, 1): dec(5000)}), year_start=Y)
    assert year.incentive_earned == dec(400 * 40 + 600 * 60)
    assert year.periods[0].threshold_wrvu == dec(4000)


def test_a_year_spanning_two_contracts() -> None:
    """January to June under one contract, July on under another: base, edges prorated by days."""
    old = plan(
        name="2025 contract",
        effective_from=D(2025, 1, 1),
        effective_to=D(2026, 6, 30),
        base_salary=dec(365000),
        threshold_wrvu=dec(3650),
        bands=bands((3650, "50")),
    )
    new = plan(
        name="2026 contract",
        effective_from=D(2026, 7, 1),
        base_salary=dec(730000),
        bands=bands((0, "10")),
    )
    log = WrvuSeries({D(2026, 3, 1): dec(2000), D(2026, 9, 1): dec(1000)})
    year = plan_year([old, new], log, year_start=Y)
    first, second = year.segments
    assert (first.start, first.end, second.start, second.end) == (
        D(2026, 1, 1),
        D(2026, 6, 30),
        D(2026, 7, 1),
        D(2026, 12, 31),
    )
    # 181 of 365 days: base 181,000; threshold 3,650 x 181/365 = 1,810; 190 wRVU x $50.
    assert first.base_salary == dec(181000)
    assert first.periods[0].threshold_wrvu == dec(1810)
    assert first.incentive_earned == dec(9500)
    assert second.base_salary == dec(368000)  # 184 days of 730,000 / 365
    assert second.incentive_earned == dec(10000)
    assert year.total_pay == dec(181000 + 9500 + 368000 + 10000)
    assert year.uncovered == []


def test_uncovered_days_are_listed() -> None:
    contract = plan(effective_from=D(2026, 3, 1))
    year = plan_year([contract], WrvuSeries({}), year_start=Y)
    assert year.uncovered == [(D(2026, 1, 1), D(2026, 2, 28))]


@pytest.mark.parametrize(
    ("day", "fy", "start", "end", "label"),
    [
        (D(2026, 11, 27), 1, D(2026, 1, 1), D(2026, 12, 31), "2026"),
        (D(2026, 11, 27), 7, D(2026, 7, 1), D(2027, 6, 30), "FY2027"),
        (D(2026, 6, 30), 7, D(2025, 7, 1), D(2026, 6, 30), "FY2026"),
    ],
)
def test_plan_year_follows_the_fiscal_year(
    day: date, fy: int, start: date, end: date, label: str
) -> None:
    assert plan_year_bounds(day, fy) == (start, end)
    assert plan_year_label(start) == label


def test_fiscal_quarters_start_with_the_plan_year() -> None:
    contract = plan(measurement_period=MeasurementPeriod.QUARTER)
    year = plan_year([contract], WrvuSeries({}), year_start=D(2026, 7, 1))
    assert [(p.label, p.start) for p in year.periods] == [
        ("FY2027-Q1", D(2026, 7, 1)),
        ("FY2027-Q2", D(2026, 10, 1)),
        ("FY2027-Q3", D(2027, 1, 1)),
        ("FY2027-Q4", D(2027, 4, 1)),
    ]


def test_projection_at_the_current_pace() -> None:
    contract = plan(base_salary=dec(200000), threshold_wrvu=dec(4000), bands=bands((4000, "50")))
    # 10 wRVU a day for the 181 days to June 30: 1,810 so far, 3,650 at that pace for the year.
    log = WrvuSeries(
        {D(2026, 1, 1) + (D(2026, 1, 2) - D(2026, 1, 1)) * i: dec(10) for i in range(181)}
    )
    result = project([contract], log, year_start=Y, as_of=D(2026, 6, 30))
    assert result.pace_per_day == dec(10)
    assert result.year.wrvu == dec(3650)
    assert result.year.total_pay == dec(200000)  # below the threshold at this pace


@pytest.mark.parametrize(
    ("logged", "edge", "needed", "added"),
    [
        ("1000", "1250", "250", "0"),  # below the threshold: reaching it adds nothing by itself
        ("1300", "1500", "200", "10000"),  # 200 more wRVU at $50
    ],
)
def test_next_band(logged: str, edge: str, needed: str, added: str) -> None:
    contract = plan(
        threshold_wrvu=dec(1250),
        bands=bands((1250, "50"), (1500, "70")),
        measurement_period=MeasurementPeriod.QUARTER,
    )
    found = next_band(
        [contract], WrvuSeries({D(2026, 4, 2): dec(logged)}), year_start=Y, as_of=D(2026, 5, 15)
    )
    assert found is not None
    assert (found.edge_wrvu, found.wrvu_needed, found.incentive_added) == (
        dec(edge),
        dec(needed),
        dec(added),
    )
    assert found.period_start == D(2026, 4, 1)


def test_past_the_last_band_there_is_no_next_band() -> None:
    log = WrvuSeries({D(2026, 4, 2): dec(9000)})
    assert next_band([plan(bands=TIERED)], log, year_start=Y, as_of=D(2026, 5, 1)) is None


@pytest.mark.parametrize(
    ("logged", "extra", "dollars"),
    [
        ("4400", "200", "12000"),  # 100 at $55 and 100 at $65
        ("7400", "100", "7500"),  # all at $75
    ],
)
def test_dollars_for_extra_wrvu(logged: str, extra: str, dollars: str) -> None:
    contract = plan(base_salary=dec(100000), bands=TIERED)
    value = dollars_for_extra_wrvu(
        [contract],
        WrvuSeries({D(2026, 2, 1): dec(logged)}),
        on=D(2026, 5, 1),
        extra=dec(extra),
        fiscal_start_month=1,
    )
    assert value.dollars == dec(dollars) and value.plan_name == "contract"


def test_dollars_for_extra_wrvu_without_a_plan_is_zero_and_says_so() -> None:
    value = dollars_for_extra_wrvu(
        [plan(effective_from=D(2027, 1, 1))],
        WrvuSeries({}),
        on=D(2026, 5, 1),
        extra=dec(10),
        fiscal_start_month=1,
    )
    assert value.dollars == 0 and value.plan_name is None and "No pay plan" in value.method
