"""The previous reports: every credited line loaded into Python and added up there.

Kept as the oracle of the property test (test_reports_property.py): the SQL reports must give
the same answers to the cent and the 0.01 wRVU. Not used by the application.
"""

import uuid
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session, col, select

from rvuedge.benchmarks import service as benchmark_service
from rvuedge.benchmarks.models import BenchmarkTable, Metric
from rvuedge.calc import benchmark as bench
from rvuedge.calc.categories import category_of
from rvuedge.calc.pace import Pace, pace
from rvuedge.calc.periods import Period, buckets, check_range, period_start
from rvuedge.calc.years import (
    Basis,
    YearSpan,
    resolve_basis,
    trailing_year_start,
    year_containing,
)
from rvuedge.cases.models import Case, CaseLine
from rvuedge.errors import InvalidInput, NotFound
from rvuedge.reports import schemas as s
from rvuedge.reports import service as report_service
from rvuedge.users.models import User

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class LineFact:
    case_id: uuid.UUID
    date_of_service: date
    site: str | None
    role: str
    code: str
    credited: Decimal
    base: Decimal
    conversion_factor: Decimal
    payment: Decimal
    adjustments: list[dict]


def load_facts(
    session: Session, *, user_id: uuid.UUID, start: date | None, end: date
) -> list[LineFact]:
    statement = (
        select(
            Case.id,
            Case.date_of_service,
            Case.site,
            Case.role,
            CaseLine.code,
            CaseLine.credited_wrvu,
            CaseLine.base_wrvu,
            CaseLine.conversion_factor,
            CaseLine.estimated_payment,
            CaseLine.adjustments,
        )
        .join(CaseLine, CaseLine.case_id == Case.id)  # type: ignore[arg-type]
        .where(Case.user_id == user_id, col(Case.deleted_at).is_(None), Case.date_of_service <= end)
        .order_by(Case.date_of_service)
    )
    if start is not None:
        statement = statement.where(Case.date_of_service >= start)
    return [
        LineFact(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            Decimal(r[5]),
            Decimal(r[6]),
            Decimal(r[7]),
            Decimal(r[8]),
            r[9],
        )
        for r in session.exec(statement)
    ]


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
    facts = load_facts(session, user_id=user.id, start=start, end=end)
    dates = [f.date_of_service for f in facts]
    out = []
    for bucket in buckets(start, end, period, fiscal_start_month=user.fiscal_year_start_month):
        inside = facts[bisect_left(dates, bucket.start) : bisect_right(dates, bucket.end)]
        out.append(
            s.TotalsBucket(
                start=bucket.start,
                end=bucket.end,
                label=bucket.label,
                cases=len({f.case_id for f in inside}),
                lines=len(inside),
                credited_wrvu=_wrvu(sum((f.credited for f in inside), ZERO)),
                base_wrvu=_wrvu(sum((f.base for f in inside), ZERO)),
                work_only_value=sum(
                    (f.credited * f.conversion_factor for f in inside), ZERO
                ).quantize(CENT, ROUND_HALF_UP),
                estimated_payment=sum((f.payment for f in inside), ZERO).quantize(
                    CENT, ROUND_HALF_UP
                ),
            )
        )
    return s.TotalsReport(
        period=period,
        start=start,
        end=end,
        fiscal_year_start_month=user.fiscal_year_start_month,
        buckets=out,
        total_credited_wrvu=_wrvu(sum((f.credited for f in facts), ZERO)),
    )


def rule_effects(fact: LineFact) -> list[tuple[str, Decimal]]:
    """What each adjustment took away or added on one line, applied in order."""
    value = fact.base
    effects = []
    for adjustment in fact.adjustments:
        factor = Decimal(str(adjustment["factor"]))
        effects.append((adjustment["rule"], value * factor - value))
        value *= factor
    if abs(fact.credited - value) > Decimal("0.000001"):
        effects.append(("other", fact.credited - value))
    return effects


def breakdown(session: Session, *, user: User, start: date, end: date) -> s.BreakdownReport:
    _range(start, end)
    facts = load_facts(session, user_id=user.id, start=start, end=end)

    def group(key_of) -> list[s.BreakdownRow]:  # noqa: ANN001
        groups: dict[str, list[LineFact]] = defaultdict(list)
        for fact in facts:
            groups[key_of(fact)].append(fact)
        rows = [
            s.BreakdownRow(
                key=k,
                cases=len({f.case_id for f in v}),
                lines=len(v),
                credited_wrvu=_wrvu(sum((f.credited for f in v), ZERO)),
                base_wrvu=_wrvu(sum((f.base for f in v), ZERO)),
            )
            for k, v in groups.items()
        ]
        return sorted(rows, key=lambda r: (-r.credited_wrvu, r.key))

    effects: dict[str, list[Decimal]] = defaultdict(list)
    for fact in facts:
        for rule, change in rule_effects(fact):
            effects[rule].append(change)
    return s.BreakdownReport(
        start=start,
        end=end,
        by_code=group(lambda f: f.code),
        by_category=group(lambda f: str(category_of(f.code))),
        by_site=group(lambda f: f.site or "(no site)"),
        by_role=group(lambda f: f.role),
        by_rule=sorted(
            (
                s.RuleEffect(
                    rule=rule,
                    lines=sum(1 for c in changes if c),
                    wrvu_change=_wrvu(sum(changes, ZERO)),
                )
                for rule, changes in effects.items()
            ),
            key=lambda r: r.wrvu_change,
        ),
    )


def _window(facts: list[LineFact], name: str, start: date | None, end: date) -> s.Window:
    inside = [
        f
        for f in facts
        if (start is None or f.date_of_service >= start) and f.date_of_service <= end
    ]
    return s.Window(
        name=name,
        start=start,
        end=end,
        cases=len({f.case_id for f in inside}),
        credited_wrvu=_wrvu(sum((f.credited for f in inside), ZERO)),
    )


def summary(session: Session, *, user: User, today: date) -> s.SummaryReport:
    facts = load_facts(session, user_id=user.id, start=None, end=today)
    fy = user.fiscal_year_start_month
    windows = [
        _window(facts, "today", today, today),
        _window(facts, "this_week", period_start(today, Period.WEEK), today),
        _window(facts, "month_to_date", period_start(today, Period.MONTH), today),
        _window(facts, "quarter_to_date", period_start(today, Period.QUARTER), today),
        _window(facts, "year_to_date", period_start(today, Period.YEAR), today),
        _window(
            facts,
            "fiscal_year_to_date",
            period_start(today, Period.FISCAL_YEAR, fiscal_start_month=fy),
            today,
        ),
        _window(facts, "trailing_12_months", trailing_year_start(today), today),
        _window(facts, "all_time", None, today),
    ]
    by_name = {w.name: w for w in windows}
    fte = Decimal(user.clinical_fte)
    annual_goal = Decimal(user.annual_wrvu_goal) if user.annual_wrvu_goal is not None else None

    def year_figures(year: YearSpan) -> tuple[s.GoalProgress | None, s.PaceOut]:
        to_date = sum((f.credited for f in facts if f.date_of_service >= year.start), ZERO)
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
    in_period = sum(
        (f.credited for f in load_facts(session, user_id=user.id, start=start, end=end)), ZERO
    )
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
        # Not a sum of lines: the pay estimate is the pay-plan arithmetic, shared with the service.
        compensation=report_service._compensation(
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
