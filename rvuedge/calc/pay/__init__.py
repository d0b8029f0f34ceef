"""Pay-plan arithmetic: what a physician's wRVUs are worth under their contract. Pure.

Standard library only. Money and wRVU stay exact Decimals; rounding to cents happens at the API
edge. Everything time-dependent takes its dates as arguments; nothing here reads the clock.

- plan.py: a plan's terms and the tier function;
- series.py: the log as daily wRVU, with a pace after the last actual day;
- plan_year.py: one plan year, period by period and plan by plan;
- projection.py: the year at the pace so far, the next band, what extra wRVU are worth.
Years (plan year bounds and labels, adding months) come from calc/years.py.
"""

from rvuedge.calc.pay.plan import (
    CENT,
    MONTHS_IN,
    ONE,
    ZERO,
    Accrual,
    Band,
    MeasurementPeriod,
    Plan,
    TrueUp,
    band_text,
    incentive,
    money,
    plan_on,
)
from rvuedge.calc.pay.plan_year import (
    PeriodResult,
    SegmentResult,
    YearResult,
    plan_year,
    segment,
)
from rvuedge.calc.pay.projection import (
    ExtraValue,
    NextBand,
    Projection,
    dollars_for_extra_wrvu,
    next_band,
    project,
    rate_at,
    value_at_projected_year_end,
)
from rvuedge.calc.pay.series import WrvuSeries
from rvuedge.calc.years import add_months, plan_year_bounds, plan_year_label

__all__ = [
    "CENT",
    "MONTHS_IN",
    "ONE",
    "ZERO",
    "Accrual",
    "Band",
    "ExtraValue",
    "MeasurementPeriod",
    "NextBand",
    "PeriodResult",
    "Plan",
    "Projection",
    "SegmentResult",
    "TrueUp",
    "WrvuSeries",
    "YearResult",
    "add_months",
    "band_text",
    "dollars_for_extra_wrvu",
    "incentive",
    "money",
    "next_band",
    "plan_on",
    "plan_year",
    "plan_year_bounds",
    "plan_year_label",
    "project",
    "rate_at",
    "segment",
    "value_at_projected_year_end",
]
