"""The benchmark report's pay estimate: the plan year at the pace so far under the user's pay
plans (the compensation report's projection), ranked on a total-compensation table."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session

from rvuedge.benchmarks import service as benchmark_service
from rvuedge.benchmarks.models import BenchmarkTable, Metric
from rvuedge.calc import benchmark as bench
from rvuedge.calc import pay
from rvuedge.calc.year_view import fmt
from rvuedge.payplans import service as payplan_service
from rvuedge.reports import schemas as s
from rvuedge.users.models import User

CENT = Decimal("0.01")


def table_ref(table: BenchmarkTable) -> s.TableRef:
    return s.TableRef(
        id=table.id or 0,
        source=table.source,
        survey_year=table.survey_year,
        specialty=table.specialty,
        setting=table.setting,
        metric=table.metric,
        points={f"p{p}": v for p, v in table.points().items()},
        is_sample=table.is_sample,
    )


def compensation_estimate(
    session: Session, *, user: User, table: BenchmarkTable, as_of: date
) -> s.CompensationOut | None:
    """What the user's pay plans (or the profile's older compensation_plan) pay for the plan year
    holding `as_of` at the same pace as every other figure: the log to as_of, then the average per
    day so far (the compensation report's projection), ranked on a total-compensation table."""
    plans, _ids, source = payplan_service.user_plans(session, user=user)
    if not plans:
        return None
    year_start, year_end = pay.plan_year_bounds(as_of, user.fiscal_year_start_month)
    series = payplan_service.logged_wrvu(session, user_id=user.id, start=year_start, end=as_of)
    projected = pay.project(plans, series, year_start=year_start, as_of=as_of)
    year = projected.year
    estimate = year.total_pay
    plan_names = ", ".join(sorted({seg.plan.name for seg in year.segments})) or "none"
    uncovered = (
        " No plan covers "
        + ", ".join(f"{a} to {b}" for a, b in year.uncovered)
        + ": those days add no pay."
        if year.uncovered
        else ""
    )
    comp_table = benchmark_service.choose_table(
        session,
        specialty=table.specialty,
        metric=Metric.TOTAL_COMPENSATION,
        source=None,
        year=None,
        preferred_source=user.benchmark_source,
    )
    ranked = bench.rank(estimate.quantize(CENT), comp_table.points()) if comp_table else None
    logged = series.actual(year_start, as_of)
    return s.CompensationOut(
        estimated_annual_pay=estimate.quantize(CENT, ROUND_HALF_UP),
        method=(
            f"Plan year {year.label} ({year_start} to {year_end}) at the pace so far: "
            f"{fmt(logged)} wRVU logged to {min(as_of, year_end)} / {projected.days_elapsed} days "
            f"elapsed = {fmt(projected.pace_per_day)} wRVU a day over all "
            f"{projected.days_in_year} days = {fmt(year.wrvu)} wRVU, paid under "
            f"{'your pay plans' if source == 'pay_plans' else 'the profile compensation_plan'} "
            f"({plan_names}): base salary, bands, draws, true-ups and guarantee as the "
            f"compensation report's projection computes them.{uncovered} "
            "Compared only with a total-compensation table; "
            "percentiles of different tables are never combined."
        ),
        compensation_table=table_ref(comp_table) if comp_table else None,
        compensation_percentile=ranked.percentile if ranked else None,
        compensation_position=ranked.position if ranked else None,
        compensation_text=ranked.text if ranked else None,
    )
