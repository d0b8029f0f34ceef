"""Distribution of work RVUs in a category: percentile points and percentile rank."""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

PERCENTILES = tuple(range(101))
_Q = Decimal("0.0001")


def percentile_points(values: Sequence[Decimal]) -> list[Decimal]:
    """Value at each percentile 0..100 by linear interpolation between order statistics."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    last = len(ordered) - 1
    points = []
    for p in PERCENTILES:
        position = Decimal(p) * last / 100
        low = int(position)
        high = min(low + 1, last)
        fraction = position - low
        value = ordered[low] + (ordered[high] - ordered[low]) * fraction
        points.append(value.quantize(_Q, ROUND_HALF_UP))
    return points


def percentile_rank(points: Sequence[Decimal], value: Decimal) -> Decimal:
    """Where value falls among the points, 0..100, interpolated; ties take the middle."""
    if len(points) != len(PERCENTILES):
        raise ValueError("expected 101 percentile points")
    if value <= points[0]:
        return Decimal(0) if value < points[0] else _middle_of_ties(points, value)
    if value >= points[-1]:
        return Decimal(100) if value > points[-1] else _middle_of_ties(points, value)
    return _middle_of_ties(points, value)


def _middle_of_ties(points: Sequence[Decimal], value: Decimal) -> Decimal:
    left = _position(points, value, strict=True)
    right = _position(points, value, strict=False)
    return ((left + right) / 2).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _position(points: Sequence[Decimal], value: Decimal, *, strict: bool) -> Decimal:
    # strict: the share of points below value; otherwise the share at or below it.
    for i in range(len(points) - 1):
        lo, hi = points[i], points[i + 1]
        inside = (lo < value <= hi) if strict else (lo <= value < hi)
        if inside:
            if hi == lo:
                return Decimal(i if strict else i + 1)
            return Decimal(i) + (value - lo) / (hi - lo)
    return Decimal(0) if value <= points[0] else Decimal(100)
