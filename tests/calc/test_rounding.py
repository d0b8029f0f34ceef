from decimal import ROUND_HALF_UP
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from rvuedge.calc.rounding import apportion


def test_rows_add_up_where_rounding_each_would_not() -> None:
    values = [D("1.005"), D("1.005"), D("1.005")]  # each rounds to 1.01: 3.03 against 3.02
    rounded = apportion(values)
    assert sum(rounded) == D("3.02") == sum(values).quantize(D("0.01"), ROUND_HALF_UP)
    assert rounded == [D("1.01"), D("1.01"), D("1.00")]


def test_exact_cents_are_kept() -> None:
    assert apportion([D("2.50"), D("0.25"), D("10")]) == [D("2.50"), D("0.25"), D("10.00")]
    assert apportion([]) == []


@given(st.lists(st.decimals(min_value=0, max_value=10_000, places=6), max_size=40))
def test_always_adds_up_and_moves_no_value_a_cent(values: list[D]) -> None:
    rounded = apportion(values)
    assert sum(rounded, D(0)) == sum(values, D(0)).quantize(D("0.01"), ROUND_HALF_UP)
    assert all(abs(r - v) < D("0.01") for r, v in zip(rounded, values, strict=True))
