"""Reports: the database adds up (cases/queries), the pure calc modules do the rest."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session

from rvuedge.benchmarks import service as benchmark_service
from rvuedge.benchmarks.models import BenchmarkTable, Metric
from rvuedge.calc import benchmark as bench
from rvuedge.calc.pace import Pace, pace
from rvuedge.calc.periods import Period, buckets, check_range, period_start
from rvuedge.calc.years import (
    Basis,
    YearSpan,
    resolve_basis,
    trailing_year_start,
    year_containing,
)
from rvuedge.cases import queries
from rvuedge.failures import InvalidInput, NotFound
from rvuedge.payplans import compute as pay
from rvuedge.payplans import service as payplan_service
from rvuedge.reports import schemas as s
from rvuedge.users.models import User

ZERO = Decimal(0)
CENT = Decimal("0.01")


def _wrvu(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def _range(start: date, end: date) -> None:
    if problem := check_range(start, end):
        raise InvalidInput(
            f"Invalid range: {problem}.", errors=[{"loc": ["query", "end"], "msg": problem}]
        )


def totals(
    session: Session, *, user: User, period: Period, start: date, end: date
) -> s.TotalsReport:
    _range(start, end)
    days = queries.days(session, user_id=user.id, start=start, end=end)
    out = []
    i = 0
    for bucket in buckets(start, end, period, fiscal_start_month=user.fiscal_year_start_month):
        cases = lines = credited = base = work_value = payment = 0
        last = queries.day_key(days, bucket.end)
        while i < len(days) and days[i][0] <= last:  # type: ignore[operator]  # see day_key
            _, n_cases, n_lines, c, b, w, p = days[i]
            cases += n_cases
            lines += n_lines
            credited += c
            base += b
            work_value += w
            payment += p
            i += 1
        out.append(
            s.TotalsBucket(
                start=bucket.start,
                end=bucket.end,
                label=bucket.label,
                cases=cases,
                lines=lines,
                credited_wrvu=_wrvu(queries.from_micro(credited)),
                base_wrvu=_wrvu(queries.from_micro(base)),
                work_only_value=queries.from_e10(work_value).quantize(CENT, ROUND_HALF_UP),
                estimated_payment=queries.from_cents(payment).quantize(CENT, ROUND_HALF_UP),
            )
        )
    return s.TotalsReport(
        period=period,
        start=start,
        end=end,
        fiscal_year_start_month=user.fiscal_year_start_month,
        buckets=out,
        total_credited_wrvu=_wrvu(queries.from_micro(sum(d.credited_micro for d in days))),
    )


def rule_effects(
    base: Decimal, credited: Decimal, adjustments: list[dict]
) -> list[tuple[str, Decimal]]:
    """What each adjustment took away or added on one line, applied in order."""
    value = base
    effects = []
    for adjustment in adjustments:
        factor = Decimal(str(adjustment["factor"]))
        effects.append((adjustment["rule"], value * factor - value))
        value *= factor
    if abs(credited - value) > Decimal("0.000001"):
        effects.append(("other", credited - value))
    return effects


def breakdown(session: Session, *, user: User, start: date, end: date) -> s.BreakdownReport:
    _range(start, end)
    span = queries.Span(user_id=user.id, start=start, end=end)

    def rows(groups: list[queries.GroupSums]) -> list[s.BreakdownRow]:
        out = [
            s.BreakdownRow(
                key=g.key,
                cases=g.cases,
                lines=g.lines,
                credited_wrvu=_wrvu(g.credited),
                base_wrvu=_wrvu(g.base),
            )
            for g in groups
        ]
        return sorted(out, key=lambda r: (-r.credited_wrvu, r.key))

    by_code = queries.grouped(session, by="code", **span)
    codes = [g.key for g in by_code]
    changes: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])  # [lines, change]
    for same in queries.adjusted_lines(session, **span):
        for rule, change in rule_effects(same.base, same.credited, same.adjustments):
            totals_of_rule = changes[rule]
            totals_of_rule[0] += same.count if change else 0
            totals_of_rule[1] += change * same.count
    return s.BreakdownReport(
        start=start,
        end=end,
        by_code=rows(by_code),
        by_category=rows(queries.grouped(session, by="category", codes=codes, **span)),
        by_site=rows(queries.grouped(session, by="site", **span)),
        by_role=rows(queries.grouped(session, by="role", **span)),
        by_rule=sorted(
            (
                s.RuleEffect(rule=rule, lines=int(n), wrvu_change=_wrvu(change))
                for rule, (n, change) in changes.items()
            ),
            key=lambda r: (r.wrvu_change, r.rule),
        ),
    )


def summary(session: Session, *, user: User, today: date) -> s.SummaryReport:
    fy = user.fiscal_year_start_month
    spans: list[tuple[str, date | None]] = [
        ("today", today),
        ("this_week", period_start(today, Period.WEEK)),
        ("month_to_date", period_start(today, Period.MONTH)),
        ("quarter_to_date", period_start(today, Period.QUARTER)),
        ("year_to_date", period_start(today, Period.YEAR)),
        ("fiscal_year_to_date", period_start(today, Period.FISCAL_YEAR, fiscal_start_month=fy)),
        ("trailing_12_months", trailing_year_start(today)),
        ("all_time", None),
    ]
    figures = queries.windows(
        session, user_id=user.id, spans=[(start, today) for _, start in spans]
    )
    windows = [
        s.Window(
            name=name,
            start=start,
            end=today,
            cases=cases,
            credited_wrvu=_wrvu(queries.from_micro(credited)),
        )
        for (name, start), (cases, credited) in zip(spans, figures, strict=True)
    ]
    by_name = {w.name: w for w in windows}
    exact_since = {
        start: queries.from_micro(credited)
        for (_, start), (_, credited) in zip(spans, figures, strict=True)
    }
    fte = Decimal(user.clinical_fte)
    annual_goal = Decimal(user.annual_wrvu_goal) if user.annual_wrvu_goal is not None else None

    def year_figures(year: YearSpan) -> tuple[s.GoalProgress | None, s.PaceOut]:
        to_date = exact_since.get(year.start)
        if to_date is None:
            to_date = queries.credited_between(
                session, user_id=user.id, start=year.start, end=today
            )
        result = pace(
            year_to_date=to_date, today=today, clinical_fte=fte, annual_goal=annual_goal, year=year
        )
        return progress(annual_goal, _wrvu(to_date), year.label), _pace_out(result, fte)

    def progress(
        goal: Decimal | None, achieved: Decimal, period: str | None = None
    ) -> s.GoalProgress | None:
        if goal is None:
            return None
        goal = Decimal(goal)
        return s.GoalProgress(
            goal=goal,
            achieved=achieved,
            percent=(achieved / goal * 100).quantize(Decimal("0.1"), ROUND_HALF_UP),
            period=period,
        )

    # The goal year is the fiscal year when it does not start in January; calendar beside it.
    annual, year_pace = year_figures(year_containing(today, fiscal_start_month=fy))
    calendar_annual, calendar_pace = (None, None)
    if fy != 1:
        calendar_annual, calendar_pace = year_figures(year_containing(today))
    return s.SummaryReport(
        today=today,
        time_zone=user.time_zone,
        windows=windows,
        fiscal_year_start_month=fy,
        monthly_goal=progress(
            user.monthly_wrvu_goal, by_name["month_to_date"].credited_wrvu, f"{today:%Y-%m}"
        ),
        annual_goal=annual,
        pace=year_pace,
        calendar_annual_goal=calendar_annual,
        calendar_pace=calendar_pace,
    )


def _pace_out(result: Pace, fte: Decimal) -> s.PaceOut:
    year = result.year
    fiscal = year.label.startswith("FY")
    what = f"fiscal year {year.label}" if fiscal else "year"
    to_date = _wrvu(result.year_to_date)
    return s.PaceOut(
        basis="fiscal_year" if fiscal else "calendar_year",
        label=year.label,
        period_start=year.start,
        period_end=year.end,
        year_to_date=to_date,
        days_elapsed=result.days_elapsed,
        days_in_year=result.days_in_year,
        projected_year_end=_wrvu(result.projected_year_end),
        projected_per_fte=_wrvu(result.projected_per_fte),
        clinical_fte=fte,
        remaining_months=result.remaining_months,
        needed_per_remaining_month=(
            _wrvu(result.needed_per_remaining_month)
            if result.needed_per_remaining_month is not None
            else None
        ),
        method=(
            f"Projection for the {what} ({year.start} to {year.end}) = to date ({to_date}) / "
            f"days elapsed ({result.days_elapsed}) x days in the {what} ({result.days_in_year}); "
            f"per 1.0 FTE divides by the clinical FTE ({fte}). "
            f"Needed per remaining month = (annual goal - to date) / months left in the {what} "
            f"({result.remaining_months}), the current month included."
        ),
    )


def _table_ref(table: BenchmarkTable) -> s.TableRef:
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


def benchmark_report(
    session: Session,
    *,
    user: User,
    today: date,
    specialty: str | None,
    source: str | None,
    year: int | None,
    basis: str,
) -> s.BenchmarkReport:
    specialty = specialty or user.specialty
    if not specialty:
        raise InvalidInput(
            "Name a specialty (?specialty=) or set one in your profile.",
            errors=[{"loc": ["query", "specialty"], "msg": "missing"}],
        )
    table = benchmark_service.choose_table(
        session,
        specialty=specialty,
        metric=Metric.ANNUAL_WRVU_PER_FTE,
        source=source,
        year=year,
        preferred_source=user.benchmark_source,
    )
    if table is None:
        raise NotFound(
            f"No annual wRVU per FTE table for {specialty}"
            + (f" from {source}" if source else "")
            + (f" of {year}" if year else "")
            + "."
        )
    period = _basis(user, today, basis)
    start, end, months, how = period.start, period.end, period.remaining_months, period.description
    in_period = queries.credited_between(session, user_id=user.id, start=start, end=end)
    annual_value = period.annualize(in_period)
    fte = Decimal(user.clinical_fte)
    per_fte = annual_value / fte
    points = table.points()
    ranked = bench.rank(_wrvu(per_fte), points)
    to_reach = [
        s.TargetOut(
            percentile=t.percentile,
            wrvu_per_fte=t.value,
            still_needed=_wrvu(t.still_needed),
            per_remaining_month=_wrvu(t.still_needed / months) if months else None,
        )
        for t in bench.targets(_wrvu(per_fte), points, remaining_months=max(months, 1))
    ]
    return s.BenchmarkReport(
        specialty=table.specialty,
        basis=basis,
        period_start=start,
        period_end=end,
        wrvu_in_period=_wrvu(in_period),
        annual_wrvu=_wrvu(annual_value),
        clinical_fte=fte,
        wrvu_per_fte=_wrvu(per_fte),
        table=_table_ref(table),
        percentile=ranked.percentile,
        position=ranked.position,
        rank_text=ranked.text,
        method=(
            f"{how} Divided by the clinical FTE ({fte}) for wRVU per 1.0 FTE, then placed on the "
            f"table by straight-line interpolation between its two nearest percentile points. "
            f"Table: {table.source}, {table.survey_year}, {table.specialty} ({table.setting})."
        ),
        remaining_months=months,
        to_reach=to_reach,
        compensation=_compensation(
            session, user=user, annual=annual_value, table=table, period_end=end
        ),
        caveat=(
            "This table is a sample of approximate public figures, not MGMA data."
            if table.is_sample
            else None
        ),
    )


def _basis(user: User, today: date, basis: str) -> Basis:
    try:
        return resolve_basis(basis, today=today, fiscal_start_month=user.fiscal_year_start_month)
    except ValueError as exc:
        raise InvalidInput(
            f"{str(exc)[0].upper()}{str(exc)[1:]}.",
            errors=[{"loc": ["query", "basis"], "msg": str(exc)}],
        ) from None


def _compensation(
    session: Session, *, user: User, annual: Decimal, table: BenchmarkTable, period_end: date
) -> s.CompensationOut | None:
    """What the user's pay plans (or the profile's older compensation_plan) would pay for a plan
    year of `annual` wRVU, spread evenly over it, ranked on a total-compensation table."""
    plans, _ids, source = payplan_service.user_plans(session, user=user)
    if not plans:
        return None
    year_start, year_end = pay.plan_year_bounds(period_end, user.fiscal_year_start_month)
    days = (year_end - year_start).days + 1
    even = pay.WrvuSeries(
        [], actual_through=year_start - timedelta(days=1), pace_per_day=annual / days
    )
    year = pay.plan_year(plans, even, year_start=year_start)
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
    return s.CompensationOut(
        estimated_annual_pay=estimate.quantize(CENT, ROUND_HALF_UP),
        method=(
            f"The year's {_wrvu(annual)} wRVU spread evenly over plan year {year.label} "
            f"({year_start} to {year_end}) and paid under "
            f"{'your pay plans' if source == 'pay_plans' else 'the profile compensation_plan'} "
            f"({plan_names}): base salary, bands, draws, true-ups and guarantee as the "
            f"compensation report computes them.{uncovered} "
            "Compared only with a total-compensation table; "
            "percentiles of different tables are never combined."
        ),
        compensation_table=_table_ref(comp_table) if comp_table else None,
        compensation_percentile=ranked.percentile if ranked else None,
        compensation_position=ranked.position if ranked else None,
        compensation_text=ranked.text if ranked else None,
    )
