"""The one reading of a number that a user or a file gives: units, quantities, wRVU, money. Pure.

A number is written with ASCII digits, an optional leading sign and an optional decimal point
(`12`, `-1`, `240000.50`, `.5`, `2.0`), and nothing else: no exponent (`1e3`), no underscores
(`1_000`), no digits of other scripts, no spaces, no `inf` or `NaN`. The text is bounded in length
and its range is checked on the digits before any conversion, so no input costs more than a look
at a few dozen characters (`Decimal("1e999999")` is instant; `int()` of it took 23 s).

`Bounds.pattern()` is the same rule as a JSON-schema pattern, so clients can know it.
"""

import math
import re
from dataclasses import dataclass
from decimal import Decimal

MAX_TEXT = 40  # characters, leading zeros and trailing zeros included
# Any plain decimal, to tell "too many digits or places" from "not a number at all".
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", re.ASCII)


class NumberProblem(ValueError):
    """The value is not a number within bounds; the message says what is wanted."""


@dataclass(frozen=True)
class Bounds:
    """What a number may be: its range and how many decimal places it may carry."""

    low: Decimal
    high: Decimal
    places: int = 0  # 0: a whole number
    what: str = "number"

    @property
    def whole_digits(self) -> int:
        return len(str(int(max(abs(self.low), abs(self.high)))))

    def describe(self) -> str:
        if self.places == 0:
            kind = "a whole number"
        else:
            kind = f"a number with at most {self.places} decimal place" + "s" * (self.places > 1)
        return f"{kind} from {self.low:f} to {self.high:f}"

    def pattern(self) -> str:
        """The text form as an ECMA-262 pattern: ASCII digits, sign and point only."""
        whole = rf"0*[0-9]{{1,{self.whole_digits}}}"
        if self.places == 0:
            return rf"^[+-]?{whole}(\.0*)?$"
        fraction = rf"[0-9]{{0,{self.places}}}0*"
        return rf"^[+-]?({whole}(\.{fraction})?|\.[0-9]{{1,{self.places}}}0*)$"

    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern().replace("^", "").replace("$", ""), re.ASCII)


def parse(text: str, bounds: Bounds) -> Decimal:
    """The number the text writes, within the bounds; NumberProblem otherwise."""
    if not isinstance(text, str):
        raise NumberProblem(f"{bounds.what} must be a number")
    if len(text) > MAX_TEXT or not _shape(bounds).fullmatch(text):
        if _DECIMAL.fullmatch(text) and len(text) <= MAX_TEXT:
            places = len(text.partition(".")[2].rstrip("0"))
            why = "has too many decimal places" if places > bounds.places else "is out of range"
            raise NumberProblem(f"{_shown(text)} {why}: {bounds.describe()}")
        raise NumberProblem(
            f"{_shown(text)} is not {bounds.describe()} "
            "(ASCII digits with an optional sign and decimal point only)"
        )
    # The pattern has bounded the digits on both sides of the point: the conversion is cheap.
    value = Decimal(text) + 0  # +0 turns -0 into 0
    if not bounds.low <= value <= bounds.high:
        raise NumberProblem(f"{_shown(text)} is out of range: {bounds.describe()}")
    return value


def parse_int(text: str, bounds: Bounds) -> int:
    """A whole number within the bounds."""
    return int(parse(text, Bounds(bounds.low, bounds.high, 0, bounds.what)))


def read(value: object, bounds: Bounds) -> Decimal:
    """Text, or a number a JSON document or a spreadsheet cell already holds, by the one rule."""
    if isinstance(value, bool):
        raise NumberProblem(f"{value!r} is not {bounds.describe()}")
    if isinstance(value, int):
        # Compared as an int (cheap at any size) before it is written out as text.
        if not bounds.low <= value <= bounds.high:
            shown = str(value) if abs(value) < 10**24 else "a number that large"
            raise NumberProblem(f"{shown} is out of range: {bounds.describe()}")
        return parse(str(value), bounds)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberProblem(f"{value!r} is not {bounds.describe()}")
        if not float(bounds.low) <= value <= float(bounds.high):
            raise NumberProblem(f"{value!r} is out of range: {bounds.describe()}")
        # Within bounds the float's shortest repr, written without exponent, is short.
        return parse(format(Decimal(repr(value)), "f"), bounds)
    if isinstance(value, Decimal):
        if not value.is_finite() or not bounds.low <= value <= bounds.high:
            raise NumberProblem(f"{_shown(str(value))} is not {bounds.describe()}")
        return parse(format(value, "f"), bounds)
    if isinstance(value, str):
        return parse(value, bounds)
    raise NumberProblem(f"{bounds.what} must be a number")


_SHAPES: dict[Bounds, re.Pattern[str]] = {}


def _shape(bounds: Bounds) -> re.Pattern[str]:
    found = _SHAPES.get(bounds)
    if found is None:
        found = _SHAPES[bounds] = bounds.regex()
    return found


def _shown(text: str) -> str:
    return repr(text if len(text) <= 24 else text[:20] + "...")
