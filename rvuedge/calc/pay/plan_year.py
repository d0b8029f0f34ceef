"""One plan year under one or more pay plans: per measurement period, per plan segment. Pure.

Vocabulary:
- plan year: the profile's fiscal year (e.g. July to June); a year may span several plans.
- measurement period: where the threshold and band edges reset (month, quarter of the plan year,
  or the whole plan year).
- segment: the part of one plan year that one plan covers. A plan that covers only part of a
  measurement period (a contract that starts mid-quarter) has that period's threshold and band
  edges prorated by the days it covers; base salary, draws and guarantee prorate the same way.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from rvuedge.calc.pay.plan import (
    MONTHS_IN,
    ONE,
    ZERO,
    Plan,
    TrueUp,
    band_text,
    incentive,
    num,
    scale_of,
)
from rvuedge.calc.pay.series import WrvuSeries
from rvuedge.calc.years import add_months, days_between, plan_year_label


def periods_of(year_start: date, months: int) -> list[tuple[date, date]]:
    out = []
    for i in range(0, 12, months):
        start = add_months(year_start, i)
        out.append((start, add_months(start, months) - timedelta(days=1)))
    return out


def clip_periods(
    periods: list[tuple[date, date]], start: date, end: date
) -> list[tuple[date, date, Decimal]]:
    """Periods clipped to [start, end], each with the share of its days kept."""
    out = []
    for p_start, p_end in periods:
        a, b = max(p_start, start), min(p_end, end)
        if a <= b:
            out.append((a, b, Decimal(days_between(a, b)) / Decimal(days_between(p_start, p_end))))
    return out


def period_label(start: date, year_start: date, months: int) -> str:
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
    year_days = Decimal(days_between(year_start, year_end))
    months = MONTHS_IN[plan.measurement_period]
    measured = clip_periods(periods_of(year_start, months), seg_start, seg_end)

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
                scale=scale_of(plan, share),
            )
        return total

    draw = plan.monthly_draw or ZERO
    month_draws = [
        (a, draw * share)
        for a, _b, share in clip_periods(periods_of(year_start, 1), seg_start, seg_end)
    ]

    def draws_to(day: date) -> Decimal:
        return sum((amount for start, amount in month_draws if start <= day), ZERO)

    has_draw = plan.monthly_draw is not None and plan.monthly_draw > 0
    true_up_months = MONTHS_IN[plan.true_up or TrueUp.PLAN_YEAR]
    row_months = min(months, true_up_months) if has_draw else months
    settle_points = set()
    if has_draw:
        settle_points = {
            b
            for _a, b, _s in clip_periods(
                periods_of(year_start, true_up_months), seg_start, seg_end
            )
        }
        settle_points.add(seg_end)

    rows: list[PeriodResult] = []
    settled = ZERO
    shares = {(a, b): s for a, b, s in measured}
    for r_start, r_end, _share in clip_periods(
        periods_of(year_start, row_months), seg_start, seg_end
    ):
        if r_start > last:
            break
        upto = min(r_end, last)
        wrvu = series.between(r_start, upto)
        earned = earned_to(upto) - earned_to(r_start - timedelta(days=1))
        drawn = draws_to(upto) - draws_to(r_start - timedelta(days=1))
        true_up = None
        method = []
        share = shares.get((r_start, r_end))
        threshold = plan.threshold_wrvu * scale_of(plan, share) if share is not None else None
        if threshold is not None and share is not None:
            method.append(
                f"{num(wrvu)} wRVU against a threshold of {num(threshold)} "
                f"({band_text(plan, scale_of(plan, share))}; {plan.accrual})"
                + (f", edges prorated to {share:.4f} of the period" if share != ONE else "")
                + (f", scaled by FTE {plan.fte}" if plan.fte is not None else "")
            )
        else:
            method.append(
                f"{num(wrvu)} wRVU; incentive is the growth of the "
                f"{plan.measurement_period.replace('_', ' ')}-to-date incentive over this row"
            )
        if has_draw:
            method.append(f"draws ${draw}/month")
            if r_end in settle_points and r_end <= through:
                due = earned_to(r_end) - draws_to(r_end) - settled
                true_up = due if plan.clawback or due > 0 else ZERO
                settled += true_up
                method.append(
                    f"true-up = incentive earned to date {num(earned_to(r_end))} - draws "
                    f"{num(draws_to(r_end))} - earlier true-ups; "
                    + ("clawback on" if plan.clawback else "clawback off: a deficit carries")
                )
        balance = earned_to(upto) - draws_to(upto) - settled if has_draw else ZERO
        rows.append(
            PeriodResult(
                label=period_label(r_start, year_start, row_months),
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
    base = plan.base_salary * Decimal(days_between(seg_start, last)) / year_days
    notes: list[str] = []
    forgiven = ZERO
    if has_draw:
        paid = drawn + settled
        if done and not plan.clawback:
            forgiven = max(drawn + settled - earned, ZERO)
            if forgiven:
                notes.append(
                    f"{plan.name}: draws exceeded the incentive by {num(forgiven)} and clawback "
                    "is off, so the deficit is not recovered."
                )
    else:
        paid = earned
    top_up = ZERO
    if plan.guarantee is not None:
        floor = plan.guarantee * Decimal(days_between(seg_start, seg_end)) / year_days
        if done:
            top_up = max(floor - (base + paid), ZERO)
            notes.append(
                f"{plan.name}: guarantee {num(floor)} for its part of the plan year; "
                + (f"topped up by {num(top_up)}." if top_up else "pay already above it.")
            )
        else:
            notes.append(
                f"{plan.name}: the guarantee ({num(floor)}) is settled at the end of its part of "
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
