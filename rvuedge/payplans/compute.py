"""Pay-plan arithmetic: what a physician's wRVUs are worth under their contract. Pure.

Standard library only. Money and wRVU stay exact Decimals; rounding to cents happens at the API
edge. Everything time-dependent takes its dates as arguments; nothing here reads the clock.

Vocabulary:
- plan year: the profile's fiscal year (e.g. July to June); a year may span several plans.
- measurement period: where the threshold and band edges reset (month, quarter of the plan year,
  or the whole plan year).
- segment: the part of one plan year that one plan covers. A plan that covers only part of a
  measurement period (a contract that starts mid-quarter) has that period's threshold and band
  edges prorated by the days it covers; base salary, draws and guarantee prorate the same way.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
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
                f"${band.dollars_per_wrvu}/wRVU from {_num(start)} to "
                f"{_num(plan.bands[i + 1].from_wrvu * scale)}"
            )
        else:
            parts.append(f"${band.dollars_per_wrvu}/wRVU above {_num(start)}")
    return "; ".join(parts) or "no bands"


def _num(value: Decimal) -> str:
    return f"{value.quantize(CENT, ROUND_HALF_UP):,}"


# --- The log as a series of daily wRVU -----------------------------------------------------


class WrvuSeries:
    """Credited wRVU by date, plus an optional pace per day after the last actual date."""

    def __init__(
        self,
        daily: Mapping[date, Decimal] | Iterable[tuple[date, Decimal]],
        *,
        actual_through: date | None = None,
        pace_per_day: Decimal = ZERO,
    ):
        totals: dict[date, Decimal] = {}
        for day, value in daily.items() if isinstance(daily, Mapping) else daily:
            totals[day] = totals.get(day, ZERO) + value
        self._dates = sorted(totals)
        running, self._cumulative = ZERO, []
        for day in self._dates:
            running += totals[day]
            self._cumulative.append(running)
        self.actual_through = actual_through
        self.pace_per_day = pace_per_day

    def actual(self, start: date, end: date) -> Decimal:
        """Logged wRVU on dates start..end inclusive."""
        if end < start:
            return ZERO
        hi = bisect_right(self._dates, end)
        lo = bisect_left(self._dates, start)
        if hi <= lo:
            return ZERO
        return self._cumulative[hi - 1] - (self._cumulative[lo - 1] if lo else ZERO)

    def between(self, start: date, end: date) -> Decimal:
        """Logged wRVU up to actual_through, then the pace for each later day."""
        if self.actual_through is None or end <= self.actual_through:
            return self.actual(start, end)
        logged = self.actual(start, self.actual_through)
        first_paced = max(start, self.actual_through + timedelta(days=1))
        return logged + self.pace_per_day * ((end - first_paced).days + 1)

    def with_extra(self, day: date, extra: Decimal) -> "WrvuSeries":
        pairs = [(d, self.actual(d, d)) for d in self._dates] + [(day, extra)]
        return WrvuSeries(pairs, actual_through=self.actual_through, pace_per_day=self.pace_per_day)


# --- Calendar helpers -----------------------------------------------------------------------


def add_months(d: date, months: int) -> date:
    index = d.year * 12 + (d.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def plan_year_bounds(day: date, fiscal_start_month: int) -> tuple[date, date]:
    year = day.year if day.month >= fiscal_start_month else day.year - 1
    start = date(year, fiscal_start_month, 1)
    return start, add_months(start, 12) - timedelta(days=1)


def plan_year_label(start: date) -> str:
    """Named like the fiscal year, by the year it ends in (July 2026 - June 2027: FY2027)."""
    return str(start.year) if start.month == 1 else f"FY{start.year + 1}"


def _periods(year_start: date, months: int) -> list[tuple[date, date]]:
    out = []
    for i in range(0, 12, months):
        start = add_months(year_start, i)
        out.append((start, add_months(start, months) - timedelta(days=1)))
    return out


def _days(start: date, end: date) -> int:
    return max((end - start).days + 1, 0)


def _clip(
    periods: list[tuple[date, date]], start: date, end: date
) -> list[tuple[date, date, Decimal]]:
    """Periods clipped to [start, end], each with the share of its days kept."""
    out = []
    for p_start, p_end in periods:
        a, b = max(p_start, start), min(p_end, end)
        if a <= b:
            out.append((a, b, Decimal(_days(a, b)) / Decimal(_days(p_start, p_end))))
    return out


def _period_label(start: date, year_start: date, months: int) -> str:
    if months == 1:
        return f"{start.year}-{start.month:02d}"
    if months == 3:
        index = ((start.year - year_start.year) * 12 + start.month - year_start.month) // 3 + 1
        return f"{plan_year_label(year_start)}-Q{index}"
    return plan_year_label(year_start)


# --- One plan year -------------------------------------------------------------------------


@dataclass
class PeriodResult:
    label: str
    plan_name: str
    start: date
    end: date
    complete: bool
    credited_wrvu: Decimal
    threshold_wrvu: Decimal | None  # of the measurement period this row is (None: a part of one)
    incentive: Decimal
    draws: Decimal
    true_up: Decimal | None  # > 0 paid to the physician, < 0 owed back; None: no true-up here
    balance: Decimal
    method: str


@dataclass
class SegmentResult:
    """One plan's share of one plan year."""

    plan: Plan
    start: date
    end: date
    through: date
    periods: list[PeriodResult]
    wrvu: Decimal
    base_salary: Decimal
    incentive_earned: Decimal
    incentive_paid: Decimal  # incentive itself without a draw; draws + true-ups with one
    draws: Decimal
    true_ups: Decimal
    forgiven_deficit: Decimal
    guarantee_top_up: Decimal
    total_pay: Decimal
    notes: list[str]


@dataclass
class YearResult:
    label: str
    start: date
    end: date
    through: date
    segments: list[SegmentResult]
    uncovered: list[tuple[date, date]]
    wrvu: Decimal = ZERO
    base_salary: Decimal = ZERO
    incentive_earned: Decimal = ZERO
    draws: Decimal = ZERO
    true_ups: Decimal = ZERO
    guarantee_top_up: Decimal = ZERO
    total_pay: Decimal = ZERO
    periods: list[PeriodResult] = field(default_factory=list)

    @property
    def dollars_per_wrvu(self) -> Decimal | None:
        return self.total_pay / self.wrvu if self.wrvu else None


def _scale(plan: Plan, share: Decimal) -> Decimal:
    return share * (plan.fte if plan.fte is not None else ONE)


def segment(
    plan: Plan,
    series: WrvuSeries,
    *,
    year_start: date,
    year_end: date,
    through: date,
) -> SegmentResult:
    """The plan's pay over its part of the plan year, counted up to `through` (inclusive)."""
    seg_start = max(year_start, plan.effective_from)
    seg_end = min(year_end, plan.effective_to or year_end)
    last = min(seg_end, through)
    year_days = Decimal(_days(year_start, year_end))
    months = MONTHS_IN[plan.measurement_period]
    measured = _clip(_periods(year_start, months), seg_start, seg_end)

    def earned_to(day: date) -> Decimal:
        """Incentive earned from the segment start to `day`, each period against its own edges."""
        total = ZERO
        for m_start, m_end, share in measured:
            if m_start > day:
                break
            wrvu = series.between(m_start, min(m_end, day))
            total += incentive(
                wrvu,
                threshold=plan.threshold_wrvu,
                bands=plan.bands,
                accrual=plan.accrual,
                scale=_scale(plan, share),
            )
        return total

    draw = plan.monthly_draw or ZERO
    month_draws = [
        (a, draw * share) for a, _b, share in _clip(_periods(year_start, 1), seg_start, seg_end)
    ]

    def draws_to(day: date) -> Decimal:
        return sum((amount for start, amount in month_draws if start <= day), ZERO)

    has_draw = plan.monthly_draw is not None and plan.monthly_draw > 0
    true_up_months = MONTHS_IN[plan.true_up or TrueUp.PLAN_YEAR]
    row_months = min(months, true_up_months) if has_draw else months
    settle_points = set()
    if has_draw:
        settle_points = {
            b for _a, b, _s in _clip(_periods(year_start, true_up_months), seg_start, seg_end)
        }
        settle_points.add(seg_end)

    rows: list[PeriodResult] = []
    settled = ZERO
    shares = {(a, b): s for a, b, s in measured}
    for r_start, r_end, _share in _clip(_periods(year_start, row_months), seg_start, seg_end):
        if r_start > last:
            break
        upto = min(r_end, last)
        wrvu = series.between(r_start, upto)
        earned = earned_to(upto) - earned_to(r_start - timedelta(days=1))
        drawn = draws_to(upto) - draws_to(r_start - timedelta(days=1))
        true_up = None
        method = []
        share = shares.get((r_start, r_end))
        threshold = plan.threshold_wrvu * _scale(plan, share) if share is not None else None
        if threshold is not None:
            method.append(
                f"{_num(wrvu)} wRVU against a threshold of {_num(threshold)} "
                f"({band_text(plan, _scale(plan, share))}; {plan.accrual})"
                + (f", edges prorated to {share:.4f} of the period" if share != ONE else "")
                + (f", scaled by FTE {plan.fte}" if plan.fte is not None else "")
            )
        else:
            method.append(
                f"{_num(wrvu)} wRVU; incentive is the growth of the "
                f"{plan.measurement_period.replace('_', ' ')}-to-date incentive over this row"
            )
        if has_draw:
            method.append(f"draws ${draw}/month")
            if r_end in settle_points and r_end <= through:
                due = earned_to(r_end) - draws_to(r_end) - settled
                true_up = due if plan.clawback or due > 0 else ZERO
                settled += true_up
                method.append(
                    f"true-up = incentive earned to date {_num(earned_to(r_end))} - draws "
                    f"{_num(draws_to(r_end))} - earlier true-ups; "
                    + ("clawback on" if plan.clawback else "clawback off: a deficit carries")
                )
        balance = earned_to(upto) - draws_to(upto) - settled if has_draw else ZERO
        rows.append(
            PeriodResult(
                label=_period_label(r_start, year_start, row_months),
                plan_name=plan.name,
                start=r_start,
                end=r_end,
                complete=r_end <= through,
                credited_wrvu=wrvu,
                threshold_wrvu=threshold,
                incentive=earned,
                draws=drawn,
                true_up=true_up,
                balance=balance,
                method="; ".join(method) + ".",
            )
        )

    done = through >= seg_end
    wrvu = series.between(seg_start, last) if seg_start <= last else ZERO
    earned = earned_to(last) if seg_start <= last else ZERO
    drawn = draws_to(last) if seg_start <= last else ZERO
    base = plan.base_salary * Decimal(_days(seg_start, last)) / year_days
    notes: list[str] = []
    forgiven = ZERO
    if has_draw:
        paid = drawn + settled
        if done and not plan.clawback:
            forgiven = max(drawn + settled - earned, ZERO)
            if forgiven:
                notes.append(
                    f"{plan.name}: draws exceeded the incentive by {_num(forgiven)} and clawback "
                    "is off, so the deficit is not recovered."
                )
    else:
        paid = earned
    top_up = ZERO
    if plan.guarantee is not None:
        floor = plan.guarantee * Decimal(_days(seg_start, seg_end)) / year_days
        if done:
            top_up = max(floor - (base + paid), ZERO)
            notes.append(
                f"{plan.name}: guarantee {_num(floor)} for its part of the plan year; "
                + (f"topped up by {_num(top_up)}." if top_up else "pay already above it.")
            )
        else:
            notes.append(
                f"{plan.name}: the guarantee ({_num(floor)}) is settled at the end of its part of "
                f"the plan year ({seg_end})."
            )
    true_ups = settled
    return SegmentResult(
        plan=plan,
        start=seg_start,
        end=seg_end,
        through=last,
        periods=rows,
        wrvu=wrvu,
        base_salary=base,
        incentive_earned=earned,
        incentive_paid=paid,
        draws=drawn,
        true_ups=true_ups,
        forgiven_deficit=forgiven,
        guarantee_top_up=top_up,
        total_pay=base + paid + top_up,
        notes=notes,
    )


def plan_year(
    plans: Sequence[Plan],
    series: WrvuSeries,
    *,
    year_start: date,
    through: date | None = None,
) -> YearResult:
    """Pay over one plan year (through its end, or through a date), plan by plan."""
    year_end = add_months(year_start, 12) - timedelta(days=1)
    through = min(through or year_end, year_end)
    inside = sorted(
        (
            p
            for p in plans
            if p.effective_from <= year_end
            and (p.effective_to is None or p.effective_to >= year_start)
        ),
        key=lambda p: p.effective_from,
    )
    result = YearResult(
        label=plan_year_label(year_start),
        start=year_start,
        end=year_end,
        through=through,
        segments=[],
        uncovered=[],
    )
    cursor = year_start
    for plan in inside:
        seg = segment(plan, series, year_start=year_start, year_end=year_end, through=through)
        if seg.start > cursor:
            result.uncovered.append((cursor, seg.start - timedelta(days=1)))
        cursor = seg.end + timedelta(days=1)
        if seg.start > through:
            continue
        result.segments.append(seg)
        result.periods.extend(seg.periods)
        result.wrvu += seg.wrvu
        result.base_salary += seg.base_salary
        result.incentive_earned += seg.incentive_earned
        result.draws += seg.draws
        result.true_ups += seg.true_ups
        result.guarantee_top_up += seg.guarantee_top_up
        result.total_pay += seg.total_pay
    if cursor <= year_end:
        result.uncovered.append((cursor, year_end))
    return result


def plan_on(plans: Sequence[Plan], day: date) -> Plan | None:
    return next((p for p in plans if p.covers(day)), None)


# --- Projection and the next band -----------------------------------------------------------


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
    elapsed = _days(year_start, min(as_of, year_end))
    pace = series.actual(year_start, as_of) / elapsed if elapsed else ZERO
    paced = WrvuSeries(
        [(d, series.actual(d, d)) for d in series._dates if year_start <= d <= as_of],
        actual_through=as_of,
        pace_per_day=pace,
    )
    year = plan_year(plans, paced, year_start=year_start)
    return Projection(pace, elapsed, _days(year_start, year_end), year)


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
        for a, b, part in _clip(_periods(year_start, months), seg_start, seg_end)
        if a <= as_of <= b
    )
    scale = _scale(plan, share)
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
                    f"{_num(wrvu)} wRVU so far in the {plan.measurement_period.replace('_', ' ')} "
                    f"{m_start} to {m_end}; the next edge is {_num(edge)}, "
                    f"{_num(edge - wrvu)} away. Reaching it adds {_num(added)} to the period's "
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
        f"({_num(after.total_pay)}) minus without ({_num(before.total_pay)}).",
    )
