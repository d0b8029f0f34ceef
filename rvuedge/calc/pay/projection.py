"""The plan year at the pace so far, the next band, and what extra wRVU are worth. Pure."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from rvuedge.calc.pay.plan import (
    MONTHS_IN,
    ZERO,
    Plan,
    incentive,
    num,
    plan_on,
    scale_of,
)
from rvuedge.calc.pay.plan_year import YearResult, clip_periods, periods_of, plan_year
from rvuedge.calc.pay.series import WrvuSeries
from rvuedge.calc.years import add_months, days_between, plan_year_bounds, plan_year_label


@dataclass(frozen=True)
class Projection:
    pace_per_day: Decimal
    days_elapsed: int
    days_in_year: int
    year: YearResult


def project(
    plans: Sequence[Plan], series: WrvuSeries, *, year_start: date, as_of: date
) -> Projection:
    """The whole plan year if the rest of it goes at the pace so far (wRVU per day elapsed)."""
    year_end = add_months(year_start, 12) - timedelta(days=1)
    elapsed = days_between(year_start, min(as_of, year_end))
    pace = series.actual(year_start, as_of) / elapsed if elapsed else ZERO
    paced = WrvuSeries(
        series.daily(year_start, as_of),
        actual_through=as_of,
        pace_per_day=pace,
    )
    year = plan_year(plans, paced, year_start=year_start)
    return Projection(pace, elapsed, days_between(year_start, year_end), year)


@dataclass(frozen=True)
class NextBand:
    plan_name: str
    period_start: date
    period_end: date
    wrvu_in_period: Decimal
    edge_wrvu: Decimal
    wrvu_needed: Decimal
    rate_from_edge: Decimal
    incentive_added: Decimal  # what reaching the edge adds to the period's incentive
    method: str


def next_band(
    plans: Sequence[Plan], series: WrvuSeries, *, year_start: date, as_of: date
) -> NextBand | None:
    """The next edge (threshold or band) of the measurement period in progress on as_of."""
    plan = plan_on(plans, as_of)
    if plan is None:
        return None
    year_end = add_months(year_start, 12) - timedelta(days=1)
    seg_start = max(year_start, plan.effective_from)
    seg_end = min(year_end, plan.effective_to or year_end)
    months = MONTHS_IN[plan.measurement_period]
    m_start, m_end, share = next(
        (a, b, part)
        for a, b, part in clip_periods(periods_of(year_start, months), seg_start, seg_end)
        if a <= as_of <= b
    )
    scale = scale_of(plan, share)
    wrvu = series.between(m_start, as_of)
    edges = [plan.threshold_wrvu * scale] + [b.from_wrvu * scale for b in plan.bands]
    rates = [plan.bands[0].dollars_per_wrvu] + [b.dollars_per_wrvu for b in plan.bands]
    for edge, rate in zip(edges, rates, strict=True):
        if edge > wrvu:

            def pay(value: Decimal) -> Decimal:
                return incentive(
                    value,
                    threshold=plan.threshold_wrvu,
                    bands=plan.bands,
                    accrual=plan.accrual,
                    scale=scale,
                )

            added = pay(edge) - pay(wrvu)
            return NextBand(
                plan_name=plan.name,
                period_start=m_start,
                period_end=m_end,
                wrvu_in_period=wrvu,
                edge_wrvu=edge,
                wrvu_needed=edge - wrvu,
                rate_from_edge=rate,
                incentive_added=added,
                method=(
                    f"{num(wrvu)} wRVU so far in the {plan.measurement_period.replace('_', ' ')} "
                    f"{m_start} to {m_end}; the next edge is {num(edge)}, "
                    f"{num(edge - wrvu)} away. Reaching it adds {num(added)} to the period's "
                    f"incentive ({plan.accrual}), and each wRVU after it pays ${rate}."
                ),
            )
    return None


# --- For reconciliation: the dollars of wRVU the employer missed ---------------------------


@dataclass(frozen=True)
class ExtraValue:
    dollars: Decimal
    plan_name: str | None
    plan_year: str
    method: str


def dollars_for_extra_wrvu(
    plans: Sequence[Plan],
    series: WrvuSeries,
    *,
    on: date,
    extra: Decimal,
    fiscal_start_month: int,
) -> ExtraValue:
    """What `extra` more wRVU credited on `on` would pay under the plan in force that day.

    The whole plan year is computed on the logged wRVU with and without the extra (so tiers,
    thresholds, guarantee top-ups and draws are all taken into account); the answer is the
    difference in total pay, exact (round it at the edge). No plan on that date: zero, said so.
    """
    year_start, _ = plan_year_bounds(on, fiscal_start_month)
    label = plan_year_label(year_start)
    plan = plan_on(plans, on)
    if plan is None:
        return ExtraValue(ZERO, None, label, f"No pay plan covers {on}; the wRVU earn no dollars.")
    before = plan_year(plans, series, year_start=year_start)
    after = plan_year(plans, series.with_extra(on, extra), year_start=year_start)
    dollars = after.total_pay - before.total_pay
    return ExtraValue(
        dollars,
        plan.name,
        label,
        f"Plan year {label} pay under {plan.name!r} with {extra} more wRVU on {on} "
        f"({num(after.total_pay)}) minus without ({num(before.total_pay)}).",
    )


def rate_at(plan: Plan, wrvu: Decimal, scale: Decimal) -> tuple[Decimal, bool]:
    """The dollars per wRVU the plan pays for one more wRVU at `wrvu` in a measurement period,
    and whether `wrvu` is still below the threshold (then: the first band's rate)."""
    if not plan.bands:
        return ZERO, False
    below = wrvu < plan.threshold_wrvu * scale
    rate = plan.bands[0].dollars_per_wrvu
    for band in plan.bands:
        if wrvu >= band.from_wrvu * scale:
            rate = band.dollars_per_wrvu
    return rate, below


def value_at_projected_year_end(
    plans: Sequence[Plan],
    series: WrvuSeries,
    *,
    on: date,
    extra: Decimal,
    as_of: date,
    fiscal_start_month: int,
) -> ExtraValue:
    """`extra` wRVU dated `on`, valued at the dollars per wRVU the plan in force that day pays at
    the projected end of its measurement period (the log to `as_of`, then the pace so far).

    Below the threshold at the projected end, the wRVU count toward reaching it: they are valued
    at the first band's rate, and the method says so.
    """
    year_start, year_end = plan_year_bounds(on, fiscal_start_month)
    label = plan_year_label(year_start)
    plan = plan_on(plans, on)
    if plan is None:
        return ExtraValue(ZERO, None, label, f"No pay plan covers {on}; the wRVU earn no dollars.")
    through = min(max(as_of, year_start), year_end)
    elapsed = days_between(year_start, through)
    pace = series.actual(year_start, through) / elapsed if elapsed else ZERO
    paced = WrvuSeries(series.daily(year_start, through), actual_through=through, pace_per_day=pace)
    seg_start = max(year_start, plan.effective_from)
    seg_end = min(year_end, plan.effective_to or year_end)
    months = MONTHS_IN[plan.measurement_period]
    m_start, m_end, share = next(
        (a, b, part)
        for a, b, part in clip_periods(periods_of(year_start, months), seg_start, seg_end)
        if a <= on <= b
    )
    scale = scale_of(plan, share)
    level = paced.between(m_start, m_end)
    rate, below = rate_at(plan, level, scale)
    period = "plan year" if months == 12 else f"{plan.measurement_period} {m_start} to {m_end}"
    if m_end <= through:
        where = f"the {period} ended at {num(level)} wRVU"
    else:
        where = (
            f"the {period} is projected to end at {num(level)} wRVU (logged to {through}, then "
            f"{num(pace)} wRVU a day: {num(series.actual(year_start, through))} wRVU / {elapsed} "
            f"days of plan year {label})"
        )
    if below:
        how = (
            f"; that is below its threshold of {num(plan.threshold_wrvu * scale)}, so these wRVU "
            f"count toward reaching it and are valued at the first band's ${num(rate)}/wRVU"
        )
    else:
        how = f", where {plan.name!r} pays ${num(rate)}/wRVU"
    dollars = extra * rate
    return ExtraValue(
        dollars,
        plan.name,
        label,
        f"{num(extra)} wRVU x ${num(rate)}/wRVU = ${num(dollars)}: {where}{how}.",
    )
