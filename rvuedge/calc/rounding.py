"""Rounding parts so that they add up to their rounded whole. Pure."""

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def apportion(values: list[Decimal], step: Decimal = CENT) -> list[Decimal]:
    """Each value rounded to `step` so that the rounded values add up to the sum rounded half up
    (the largest-remainder method): each is its own value floored, and the steps left over go to
    the largest remainders (ties to the earlier value). No value moves by a whole step or more."""
    total = sum(values, Decimal(0)).quantize(step, ROUND_HALF_UP)
    floors = [v.quantize(step, ROUND_FLOOR) for v in values]
    left = int((total - sum(floors, Decimal(0))) / step)
    order = sorted(range(len(values)), key=lambda i: (-(values[i] - floors[i]), i))
    out = list(floors)
    if left >= 0:
        for i in order[:left]:
            out[i] += step
    else:  # only when negative values are floored below their sum; take from the smallest
        for i in order[::-1][:-left]:
            out[i] -= step
    return out
