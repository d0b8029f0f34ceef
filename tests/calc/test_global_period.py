from datetime import date

import pytest

from rvuedge.calc.global_period import NoWindow, covering, line_window, no_window_reason

DOS = date(2026, 9, 1)

WINDOWS = [
    # (global days, modifiers, window or None)
    ("090", (), (date(2026, 8, 31), date(2026, 11, 30))),
    ("010", (), (DOS, date(2026, 9, 11))),
    ("000", (), (DOS, DOS)),
    ("XXX", (), None),
    ("ZZZ", (), None),
    ("YYY", (), None),
    (None, (), None),
    ("090", ("79",), (date(2026, 8, 31), date(2026, 11, 30))),  # unrelated: a new period
    ("090", ("58",), (date(2026, 8, 31), date(2026, 11, 30))),  # staged: a new period
    ("090", ("54",), (date(2026, 8, 31), date(2026, 11, 30))),  # surgical care only keeps it
    ("090", ("54", "55"), (date(2026, 8, 31), date(2026, 11, 30))),
    ("090", ("62",), (date(2026, 8, 31), date(2026, 11, 30))),  # each co-surgeon carries it
    ("090", ("RT", "51"), (date(2026, 8, 31), date(2026, 11, 30))),
    ("090", ("78",), None),
    ("010", ("78", "RT"), None),
    ("090", ("80",), None),
    ("090", ("81",), None),
    ("090", ("82",), None),
    ("090", ("AS",), None),
    ("090", ("55",), None),
    ("090", ("56",), None),
    ("090", ("55", "56"), None),
]


@pytest.mark.parametrize(("days", "mods", "expected"), WINDOWS)
def test_line_window(days, mods, expected) -> None:  # noqa: ANN001
    assert line_window(days, DOS, mods) == expected


@pytest.mark.parametrize(
    ("mods", "reason"),
    [
        ((), None),
        (("78",), NoWindow.RETURN_TO_OR),
        (("78", "80"), NoWindow.RETURN_TO_OR),
        (("80",), NoWindow.ASSISTANT),
        (("AS", "55"), NoWindow.ASSISTANT),
        (("56",), NoWindow.SPLIT_CARE_ONLY),
        (("54", "56"), None),
        (("79",), None),
    ],
)
def test_no_window_reason(mods, reason) -> None:  # noqa: ANN001
    assert no_window_reason(mods) == reason


def test_leap_year_and_year_end() -> None:
    assert line_window("090", date(2027, 12, 31), ()) == (date(2027, 12, 30), date(2028, 3, 30))
    assert line_window("010", date(2028, 2, 25), ()) == (date(2028, 2, 25), date(2028, 3, 6))


@pytest.mark.parametrize(
    ("windows", "on", "expected"),
    [
        ([], DOS, None),
        ([(date(2026, 1, 1), date(2026, 1, 11))], DOS, (date(2026, 1, 1), date(2026, 1, 11))),
        (
            [(date(2026, 8, 1), date(2026, 10, 30)), (date(2026, 8, 31), date(2026, 8, 31))],
            DOS,
            (date(2026, 8, 1), date(2026, 10, 30)),
        ),
        (
            [(date(2026, 6, 1), date(2026, 8, 30)), (date(2026, 1, 1), date(2026, 1, 11))],
            DOS,
            (date(2026, 6, 1), date(2026, 8, 30)),
        ),
    ],
)
def test_covering(windows, on, expected) -> None:  # noqa: ANN001
    assert covering(windows, on) == expected
