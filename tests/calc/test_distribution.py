from decimal import Decimal as D

import pytest

from rvuedge.calc.distribution import percentile_points, percentile_rank

LINEAR = percentile_points([D(i) for i in range(101)])  # value i at percentile i


def test_points_of_a_linear_series() -> None:
    assert LINEAR[0] == D(0) and LINEAR[50] == D(50) and LINEAR[100] == D(100)


def test_median_of_even_count_averages_the_middle_pair() -> None:
    assert percentile_points([D(1), D(2), D(3), D(4)])[50] == D("2.5")


@pytest.mark.parametrize(
    ("value", "rank"),
    [
        (D(-1), D(0)),
        (D(0), D(0)),
        (D("12.5"), D("12.5")),
        (D(50), D(50)),
        (D(100), D(100)),
        (D(101), D(100)),
    ],
)
def test_rank_on_a_linear_series(value: D, rank: D) -> None:
    assert percentile_rank(LINEAR, value) == rank


def test_ties_take_the_middle() -> None:
    points = percentile_points([D(1)] * 50 + [D(2)] * 51)
    assert percentile_rank(points, D(1)) == D("24.5")


def test_empty_series_is_refused() -> None:
    with pytest.raises(ValueError):
        percentile_points([])
