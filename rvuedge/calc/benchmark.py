"""Percentile rank against one benchmark table, what it takes to move up, and pay. Pure.

Never combines percentiles from two tables: every function here reads a single table's points.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PERCENTILES = (10, 25, 50, 75, 90)


@dataclass(frozen=True)
class Rank:
    percentile: Decimal | None  # None outside the table's points
    position: str  # "within", "below" or "above"
    lowest: int
    highest: int
    text: str


def rank(value: Decimal, points: dict[int, Decimal]) -> Rank:
    """Straight-line interpolation between the table's two nearest points."""
    known = sorted(points.items())
    if len(known) < 2:
        raise ValueError("a benchmark table needs at least two percentile points")
    (low_p, low_v), (high_p, high_v) = known[0], known[-1]
    if value < low_v:
        return Rank(
            None,
            "below",
            low_p,
            high_p,
            f"below the {ordinal(low_p)} percentile ({_wrvu(low_v)}), the table's lowest point",
        )
    if value > high_v:
        return Rank(
            None,
            "above",
            low_p,
            high_p,
            f"above the {ordinal(high_p)} percentile ({_wrvu(high_v)}), the table's highest point",
        )
    for (p1, v1), (p2, v2) in zip(known, known[1:], strict=False):
        if v1 <= value <= v2:
            if v2 == v1:
                result = Decimal(p1)
            else:
                result = Decimal(p1) + (Decimal(p2 - p1) * (value - v1) / (v2 - v1))
            result = result.quantize(Decimal("0.1"), ROUND_HALF_UP)
            return Rank(
                result,
                "within",
                low_p,
                high_p,
                f"{result}th percentile, interpolated between the {ordinal(p1)} ({_wrvu(v1)}) "
                f"and the {ordinal(p2)} ({_wrvu(v2)})",
            )
    raise AssertionError("unreachable")


def _wrvu(value: Decimal) -> str:
    """A table point as the app and documents print it: 7,000 wRVU per 1.0 FTE, not 7000.00."""
    shown = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return f"{shown} wRVU per 1.0 FTE"


@dataclass(frozen=True)
class Target:
    percentile: int
    value: Decimal
    still_needed: Decimal
    per_remaining_month: Decimal


def targets(value: Decimal, points: dict[int, Decimal], *, remaining_months: int) -> list[Target]:
    """For each point above the value: how much more, and that spread over the remaining months."""
    months = max(remaining_months, 1)
    return [
        Target(p, v, v - value, (v - value) / months)
        for p, v in sorted(points.items())
        if v > value
    ]


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
