"""Pay plans: their terms and the tier function. Pure (standard library only).

Money and wRVU stay exact Decimals; rounding to cents happens at the API edge.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")


class Accrual(StrEnum):
    MARGINAL = "marginal"  # each band pays its own wRVUs
    RETROACTIVE = "retroactive"  # the highest band reached pays every wRVU from the threshold up


class MeasurementPeriod(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    PLAN_YEAR = "plan_year"


class TrueUp(StrEnum):
    QUARTER = "quarter"
    PLAN_YEAR = "plan_year"


MONTHS_IN = {"month": 1, "quarter": 3, "plan_year": 12}


@dataclass(frozen=True)
class Band:
    from_wrvu: Decimal
    dollars_per_wrvu: Decimal


@dataclass(frozen=True)
class Plan:
    """A contract's terms, as the API's plan fields describe them (validated by the caller)."""

    name: str
    effective_from: date
    effective_to: date | None
    base_salary: Decimal
    threshold_wrvu: Decimal
    bands: tuple[Band, ...]
    accrual: Accrual = Accrual.MARGINAL
    measurement_period: MeasurementPeriod = MeasurementPeriod.PLAN_YEAR
    guarantee: Decimal | None = None
    monthly_draw: Decimal | None = None
    true_up: TrueUp | None = None
    clawback: bool = False
    fte: Decimal | None = None  # scales the threshold and band edges (0.8 FTE: 80% of them)

    def covers(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


# --- The tier function ----------------------------------------------------------------------


def incentive(
    wrvu: Decimal,
    *,
    threshold: Decimal,
    bands: Sequence[Band],
    accrual: Accrual,
    scale: Decimal = ONE,
) -> Decimal:
    """Incentive dollars for wrvu credited in one measurement period.

    The threshold and every band edge are multiplied by scale (FTE and partial-period proration).
    Marginal: each band pays the wRVUs that fall inside it. Retroactive: once a band is reached,
    every wRVU from the threshold up pays at that band's rate.
    """
    edges = [(b.from_wrvu * scale, b.dollars_per_wrvu) for b in bands]
    if not edges or wrvu <= threshold * scale:
        return ZERO
    if accrual == Accrual.RETROACTIVE:
        reached = [rate for start, rate in edges if wrvu > start]
        return (wrvu - threshold * scale) * reached[-1] if reached else ZERO
    pay = ZERO
    for i, (start, rate) in enumerate(edges):
        if wrvu <= start:
            break
        top = wrvu if i + 1 == len(edges) else min(wrvu, edges[i + 1][0])
        pay += (top - start) * rate
    return pay


def band_text(plan: Plan, scale: Decimal) -> str:
    parts = []
    for i, band in enumerate(plan.bands):
        start = band.from_wrvu * scale
        if i + 1 < len(plan.bands):
            parts.append(
                f"${band.dollars_per_wrvu}/wRVU from {num(start)} to "
                f"{num(plan.bands[i + 1].from_wrvu * scale)}"
            )
        else:
            parts.append(f"${band.dollars_per_wrvu}/wRVU above {num(start)}")
    return "; ".join(parts) or "no bands"


def num(value: Decimal) -> str:
    return f"{value.quantize(CENT, ROUND_HALF_UP):,}"


def plan_on(plans: Sequence[Plan], day: date) -> Plan | None:
    return next((p for p in plans if p.covers(day)), None)


def scale_of(plan: Plan, share: Decimal) -> Decimal:
    """What the threshold and edges are multiplied by: the period share kept, times the FTE."""
    return share * (plan.fte if plan.fte is not None else ONE)
