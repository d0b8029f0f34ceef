"""The one strict number rule (calc.numbers): what it reads, what it refuses, and that the JSON
schema's pattern states the same rule."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rvuedge.calc import numbers
from rvuedge.calc.numbers import Bounds, NumberProblem

MONEY = Bounds(Decimal(0), Decimal(100_000_000), 2, "amount")
UNITS = Bounds(Decimal(1), Decimal(99), 0, "units")
SIGNED = Bounds(Decimal(-99), Decimal(99), 0, "units")

# The values of the issue, and their relatives.
HOSTILE = [
    "1e999999",
    "1E5",
    "inf",
    "-Infinity",
    "Infinity",
    "NaN",
    "sNaN",
    "1_000",
    "\u0665",  # Arabic-Indic 5
    "\u0661\u0662",
    "\uff15",  # full-width 5
    " 5 ",
    "5 ",
    "\t5",
    "5\n",
    "",
    "+",
    "-",
    ".",
    "1.2.3",
    "0x10",
    "1,000",
    "5\x00",
    "9" * 10_000,
    "0." + "0" * 100 + "1",
]


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t[:12]) for t in HOSTILE])
@pytest.mark.parametrize("bounds", [MONEY, UNITS, SIGNED])
def test_hostile_text_is_refused(text: str, bounds: Bounds) -> None:
    with pytest.raises(NumberProblem):
        numbers.parse(text, bounds)


@pytest.mark.parametrize(
    ("text", "bounds", "value"),
    [
        ("240000.50", MONEY, Decimal("240000.50")),
        ("0", MONEY, Decimal(0)),
        (".5", MONEY, Decimal("0.5")),
        ("100000000", MONEY, Decimal(100_000_000)),
        ("+12", UNITS, Decimal(12)),
        ("2.0", UNITS, Decimal(2)),
        ("007", UNITS, Decimal(7)),
        ("-1", SIGNED, Decimal(-1)),
        ("-0", SIGNED, Decimal(0)),
    ],
)
def test_plain_numbers_are_read(text: str, bounds: Bounds, value: Decimal) -> None:
    assert numbers.parse(text, bounds) == value


@pytest.mark.parametrize(
    ("text", "bounds", "why"),
    [
        ("100000000.01", MONEY, "out of range"),
        ("1.234", MONEY, "too many decimal places"),
        ("2.5", UNITS, "too many decimal places"),
        ("100", UNITS, "out of range"),
        ("0", UNITS, "out of range"),
        ("-1", UNITS, "out of range"),
    ],
)
def test_out_of_bounds_says_why(text: str, bounds: Bounds, why: str) -> None:
    with pytest.raises(NumberProblem, match=why):
        numbers.parse(text, bounds)


@pytest.mark.parametrize(
    "value",
    [float("inf"), float("-inf"), float("nan"), 1e300, True, Decimal("sNaN"), 10**5000],
    ids=["inf", "-inf", "nan", "1e300", "true", "sNaN", "10**5000"],
)
def test_numbers_already_held_are_checked_too(value: object) -> None:
    with pytest.raises(NumberProblem):
        numbers.read(value, UNITS)


def test_an_exponent_is_refused_before_any_conversion(monkeypatch: pytest.MonkeyPatch) -> None:
    """The 23-second freeze came from converting 1e999999; the rule never converts it."""
    converted: list[str] = []

    class Spy(Decimal):
        def __new__(cls, value: object = "0", context: object = None) -> "Spy":
            converted.append(str(value))
            return super().__new__(cls, value)  # type: ignore[arg-type]

    monkeypatch.setattr(numbers, "Decimal", Spy)
    for text in ("1e999999", "9" * 39, "9" * 10_000):
        with pytest.raises(NumberProblem):
            numbers.parse(text, UNITS)
    assert converted == []


def _ecma(bounds: Bounds) -> re.Pattern[str]:
    """The schema's pattern as a client's ECMA-262 engine reads it (same syntax here)."""
    return re.compile(bounds.pattern(), re.ASCII)


@given(st.text(alphabet="0123456789+-.e_ \u0665", max_size=14))
@pytest.mark.parametrize("bounds", [MONEY, SIGNED])
def test_the_schema_pattern_is_the_rule(bounds: Bounds, text: str) -> None:
    """Text the pattern refuses, the server refuses; text the pattern allows is read, or refused
    only for its range (which the schema states as the number's minimum and maximum)."""
    fits = _ecma(bounds).search(text) is not None and len(text) <= numbers.MAX_TEXT
    try:
        value = numbers.parse(text, bounds)
    except NumberProblem as exc:
        assert not fits or "out of range" in str(exc), (text, exc)
    else:
        assert fits and bounds.low <= value <= bounds.high
