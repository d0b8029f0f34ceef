"""Reports: the database adds up (cases/queries), the pure calc modules do the rest."""

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session

from rvuedge.benchmarks import service as benchmark_service
from rvuedge.benchmarks.models import Metric
from rvuedge.calc import benchmark as bench
from rvuedge.calc.bases import DEFAULT_BASIS, Basis, resolve_basis
from rvuedge.calc.conversion import CfChoice, dollars_note
from rvuedge.calc.periods import Period, buckets, check_range, period_start
from rvuedge.calc.rounding import apportion
from rvuedge.calc.year_view import fmt
from rvuedge.calc.years import YearSpan, months_left_words, trailing_year_start, year_containing
from rvuedge.cases import queries
from rvuedge.failures import InvalidInput, NotFound
from rvuedge.reports import schemas as s
from rvuedge.reports.pay_estimate import compensation_estimate, table_ref
from rvuedge.users.models import User
from rvuedge.yearview import service as yearview

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
                work_only_value=queries.from_cents(work_value),
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
        conversion_factor_choice=CfChoice(user.conversion_factor_choice),
        dollars_note=dollars_note(user.conversion_factor_choice),
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
        """Every group, highest credit first; rounded so that the rows add up to the total."""
        ordered = sorted(groups, key=lambda g: (-g.credited, g.key))
        credited = apportion([g.credited for g in ordered])
        base = apportion([g.base for g in ordered])
        return [
            s.BreakdownRow(key=g.key, cases=g.cases, lines=g.lines, credited_wrvu=c, base_wrvu=b)
            for g, c, b in zip(ordered, credited, base, strict=True)
        ]

    by_code = queries.grouped(session, by="code", **span)
    codes = [g.key for g in by_code]
    changes: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])  # [lines, change]
    for same in queries.adjusted_lines(session, **span):
        for rule, change in rule_effects(same.base, same.credited, same.adjustments):
            totals_of_rule = changes[rule]
            totals_of_rule[0] += same.count if change else 0
            totals_of_rule[1] += change * same.count
    code_rows = rows(by_code)
    [(cases, _credited)] = queries.windows(session, user_id=user.id, spans=[(start, end)])
    return s.BreakdownReport(
        start=start,
        end=end,
        total=s.BreakdownTotal(
            cases=cases,
            lines=sum(r.lines for r in code_rows),
            credited_wrvu=_wrvu(sum((g.credited for g in by_code), ZERO)),
            base_wrvu=_wrvu(sum((g.base for g in by_code), ZERO)),
        ),
        by_code=code_rows,
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


def default_range(
    user: User, *, today: date, start: date | None, end: date | None
) -> tuple[date, date]:
    """A range asked without dates: the physician's year (the fiscal year when it does not start
    in January) to date; without a start, from the first day of the year holding the end."""
    end = end or today
    return start or yearview.user_year(user, end).start, end


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

    def year_figures(year: YearSpan) -> tuple[s.GoalProgress | None, s.PaceOut]:
        view = yearview.for_user(
            session, user=user, today=today, year=year, to_date=exact_since.get(year.start)
        )
        return (
            progress(view.annual_goal, _wrvu(view.to_date), year.label),
            yearview.pace_out(view),
        )

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


def benchmark_report(
    session: Session,
    *,
    user: User,
    today: date,
    specialty: str | None,
    source: str | None,
    year: int | None,
    basis: str = DEFAULT_BASIS,
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
    mine = yearview.for_user(session, user=user, today=today)  # the physician's year in view
    fte = Decimal(user.clinical_fte)
    if period.year is not None:  # annualized: the pace of that year, as every report shows it
        view = (
            mine
            if period.year == mine.year
            else yearview.for_user(session, user=user, today=today, year=period.year)
        )
        in_period, annual_value = view.to_date, view.projected_year_end
        how = (
            f"{period.what} annualized: {fmt(in_period)} wRVU / {view.days_elapsed} days elapsed "
            f"x {view.days_in_year} days = {fmt(annual_value)} (the year's pace)."
        )
    else:
        in_period = queries.credited_between(
            session, user_id=user.id, start=period.start, end=period.end
        )
        annual_value = in_period
        how = f"{period.what}: {fmt(in_period)} wRVU, not annualized."
    per_fte = annual_value / fte
    months = period.remaining_months
    points = table.points()
    ranked = bench.rank(_wrvu(per_fte), points)
    to_reach = []
    for t in bench.targets(_wrvu(per_fte), points, remaining_months=max(months, 1)):
        target = t.value * fte
        still = max(target - in_period, ZERO)
        to_reach.append(
            s.TargetOut(
                percentile=t.percentile,
                wrvu_per_fte=t.value,
                target_wrvu=_wrvu(target),
                still_needed=_wrvu(still),
                per_remaining_month=_wrvu(still / months) if months else None,
            )
        )
    reach_how = (
        f" To reach a point: its wRVU per 1.0 FTE x {fte} FTE - the {fmt(in_period)} wRVU "
        + ("logged so far" if months else "of the period")
        + (
            f", spread over the {months_left_words(months)} (the current one included)."
            if months
            else "; no month is left."
        )
    )
    return s.BenchmarkReport(
        specialty=table.specialty,
        basis=period.name,
        period_start=period.start,
        period_end=period.end,
        wrvu_in_period=_wrvu(in_period),
        annual_wrvu=_wrvu(annual_value),
        clinical_fte=fte,
        wrvu_per_fte=_wrvu(per_fte),
        table=table_ref(table),
        percentile=ranked.percentile,
        position=ranked.position,
        rank_text=ranked.text,
        method=(
            f"{how} Divided by the clinical FTE ({fte}): {fmt(per_fte)} wRVU per 1.0 FTE, then "
            "placed on the table by straight-line interpolation between its two nearest "
            f"percentile points. Table: {table.source}, {table.survey_year}, {table.specialty} "
            f"({table.setting}).{reach_how}"
        ),
        remaining_months=months,
        to_reach=to_reach,
        year=yearview.pace_out(mine),
        compensation=compensation_estimate(session, user=user, table=table, as_of=period.end),
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
