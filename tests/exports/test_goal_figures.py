"""The documents' goal figures (exports/figures.py): the cumulative goal accrues exactly and each
running total is rounded once, so twelve months of a 7,000 annual goal reach 7,000.00 (not
12 x 583.33 = 6,999.96) and the months shown add up to the cumulative goal."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from rvuedge.calc.years import add_months, month_end
from rvuedge.exports.figures import accrual_goal_of, goal_path, month_figures, monthly_goal_of


def _buckets(first: date, count: int, last_day: date | None = None) -> list[SimpleNamespace]:
    out = []
    for i in range(count):
        start = add_months(first, i)
        end = month_end(start) if last_day is None or i < count - 1 else last_day
        out.append(
            SimpleNamespace(
                label=f"{start:%Y-%m}", start=start, end=end, cases=1, lines=1,
                credited_wrvu=Decimal("500.00"), work_only_value=Decimal(0),
                estimated_payment=Decimal(0),
            )
        )  # fmt: skip
    return out


def test_a_whole_year_reaches_the_annual_goal_to_the_cent() -> None:
    goal, accrual = monthly_goal_of(None, Decimal(7000)), accrual_goal_of(None, Decimal(7000))
    assert goal == Decimal("583.33")
    months = month_figures(_buckets(date(2025, 7, 1), 12), goal, accrual)
    assert months[-1].cumulative_goal == Decimal("7000.00")
    assert sum(m.goal_in_period for m in months) == Decimal("7000.00")
    assert {m.goal_in_period for m in months} == {Decimal("583.33"), Decimal("583.34")}
    assert months[-1].versus_goal == Decimal(6000) - Decimal("7000.00")
    for before, month in zip([None, *months], months, strict=False):
        previous = before.cumulative_goal if before else Decimal(0)
        assert month.cumulative_goal - previous == month.goal_in_period


def test_a_part_year_and_its_path_to_the_year_end() -> None:
    accrual = accrual_goal_of(None, Decimal(7000))
    months = month_figures(
        _buckets(date(2026, 7, 1), 6, last_day=date(2026, 12, 2)),
        monthly_goal_of(None, Decimal(7000)),
        accrual,
    )
    december = months[-1]
    assert december.goal_in_period == Decimal("37.63")  # 2 of 31 days of 583.33...
    assert months[-1].cumulative_goal == Decimal("2954.30")  # 5 months + 2 days, rounded once
    path = goal_path(months, date(2027, 6, 30))
    assert path[-1] == (date(2027, 6, 30), Decimal("7000.00"))
    assert all(a[1] <= b[1] for a, b in zip(path, path[1:], strict=False))


def test_a_monthly_goal_accrues_as_given() -> None:
    months = month_figures(_buckets(date(2026, 1, 1), 3), Decimal(600))
    assert [m.cumulative_goal for m in months] == [Decimal(600), Decimal(1200), Decimal(1800)]
    assert months[0].goal_accrual == Decimal(600)
