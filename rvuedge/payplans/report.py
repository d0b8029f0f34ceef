"""The compensation report and the comparison of offers, made from the pure pay arithmetic
(calc/pay) on the user's plans and log. Reads only."""

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from rvuedge.calc import pay as c
from rvuedge.failures import NotFound
from rvuedge.payplans import schemas as s
from rvuedge.payplans.service import logged_wrvu, to_compute, user_plans
from rvuedge.users.models import User
from rvuedge.yearview import service as yearview

# --- Report shapes --------------------------------------------------------------------------


def _period_out(p: c.PeriodResult) -> s.PeriodOut:
    return s.PeriodOut(
        label=p.label,
        plan=p.plan_name,
        start=p.start,
        end=p.end,
        complete=p.complete,
        credited_wrvu=c.money(p.credited_wrvu),
        threshold_wrvu=c.money(p.threshold_wrvu) if p.threshold_wrvu is not None else None,
        incentive_earned=c.money(p.incentive),
        draws_paid=c.money(p.draws),
        true_up=c.money(p.true_up) if p.true_up is not None else None,
        balance=c.money(p.balance),
        method=p.method,
    )


def _totals(year: c.YearResult, how: str) -> dict[str, Any]:
    per = year.dollars_per_wrvu
    return {
        "credited_wrvu": c.money(year.wrvu),
        "base_salary": c.money(year.base_salary),
        "incentive_earned": c.money(year.incentive_earned),
        "draws_paid": c.money(year.draws),
        "true_ups": c.money(year.true_ups),
        "guarantee_top_up": c.money(year.guarantee_top_up),
        "total_pay": c.money(year.total_pay),
        "dollars_per_wrvu": c.money(per) if per is not None else None,
        "method": how
        + " Total pay = base salary (prorated by days) + the incentive (with a draw: draws + "
        "true-ups) + any guarantee top-up; $/wRVU = total pay / wRVU.",
    }


def _notes(year: c.YearResult) -> list[str]:
    return [note for seg in year.segments for note in seg.notes]


# --- The compensation report ----------------------------------------------------------------


def compensation_report(session: Session, *, user: User, as_of: date) -> s.CompensationReport:
    plans, ids, source = user_plans(session, user=user)
    if c.plan_on(plans, as_of) is None:
        spans = ", ".join(
            f"{p.name} ({p.effective_from} to {p.effective_to or 'open-ended'})" for p in plans
        )
        raise NotFound(
            f"No pay plan covers {as_of}"
            + (f"; your plans cover: {spans}." if spans else "; add one at /api/v1/me/pay-plans.")
        )
    year_start, year_end = c.plan_year_bounds(as_of, user.fiscal_year_start_month)
    series = logged_wrvu(session, user_id=user.id, start=year_start, end=year_end)
    to_date = c.plan_year(plans, series, year_start=year_start, through=as_of)
    projected = c.project(plans, series, year_start=year_start, as_of=as_of)
    step = c.next_band(plans, series, year_start=year_start, as_of=as_of)
    uncovered = [
        s.UncoveredOut(start=a, end=min(b, as_of), credited_wrvu=c.money(series.actual(a, b)))
        for a, b in to_date.uncovered
        if a <= as_of
    ]
    pace = projected.pace_per_day
    return s.CompensationReport(
        as_of=as_of,
        plan_year=to_date.label,
        plan_year_start=year_start,
        plan_year_end=year_end,
        source=source,
        plans=[
            s.PlanSpan(
                plan=seg.plan.name, plan_id=ids.get(seg.plan.name), start=seg.start, end=seg.end
            )
            for seg in projected.year.segments
        ],
        periods=[_period_out(p) for p in to_date.periods],
        plan_year_to_date=s.PayTotals(
            **_totals(to_date, f"Plan year {to_date.label} from {year_start} to {as_of}.")
        ),
        projection=s.ProjectionOut(
            **_totals(
                projected.year,
                "The rest of the plan year at the pace so far: "
                f"{c.money(series.actual(year_start, as_of))} wRVU "
                f"/ {projected.days_elapsed} days elapsed = {c.money(pace)} wRVU a day, "
                f"over all {projected.days_in_year} days.",
            ),
            pace_wrvu_per_day=c.money(pace),
            days_elapsed=projected.days_elapsed,
            days_in_plan_year=projected.days_in_year,
        ),
        next_band=(
            s.NextBandOut(
                plan=step.plan_name,
                period_start=step.period_start,
                period_end=step.period_end,
                wrvu_in_period=c.money(step.wrvu_in_period),
                edge_wrvu=c.money(step.edge_wrvu),
                wrvu_needed=c.money(step.wrvu_needed),
                dollars_per_wrvu_from_edge=step.rate_from_edge,
                incentive_added=c.money(step.incentive_added),
                method=step.method,
            )
            if step
            else None
        ),
        uncovered=uncovered,
        year=yearview.pace_out(yearview.for_user(session, user=user, today=as_of)),
        notes=_notes(to_date)
        + (
            [
                "Read from the profile's compensation_plan (one open-ended plan, plan-year period, "
                "marginal bands); add pay plans to replace it."
            ]
            if source == "compensation_plan"
            else []
        ),
    )


def compare(session: Session, *, user: User, data: s.CompareIn, today: date) -> s.CompareReport:
    fy = user.fiscal_year_start_month
    if data.year is not None:
        # The plan year named `year` ends in that calendar year.
        year_start = date(data.year if fy == 1 else data.year - 1, fy, 1)
        year_end = c.add_months(year_start, 12) - timedelta(days=1)
        series = logged_wrvu(session, user_id=user.id, start=year_start, end=year_end)
        basis = "logged"
    else:
        assert data.wrvu_by_month is not None
        year_start, year_end = c.plan_year_bounds(today, fy)
        series = c.WrvuSeries(
            [(c.add_months(year_start, i), v) for i, v in enumerate(data.wrvu_by_month)]
        )
        basis = "what_if"
    results = []
    for terms in data.plans:
        plan = to_compute(terms, start=year_start)
        year = c.plan_year([plan], series, year_start=year_start)
        results.append(
            s.CompareResult(
                plan=terms.name,
                periods=[_period_out(p) for p in year.periods],
                totals=s.PayTotals(
                    **_totals(
                        year,
                        f"{terms.name!r} applied to the whole plan year {year.label} "
                        f"({year_start} to {year_end}) on "
                        + ("your logged wRVU." if basis == "logged" else "the what-if months."),
                    )
                ),
                notes=_notes(year),
            )
        )
    return s.CompareReport(
        plan_year=c.plan_year_label(year_start),
        plan_year_start=year_start,
        plan_year_end=year_end,
        basis=basis,
        results=results,
    )
