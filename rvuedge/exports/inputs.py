"""What every document is made from: the report services' answers for one user and range, plus
the few facts they do not carry (releases used, code names). Reads only."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session, col, select

from rvuedge.calc.bases import DEFAULT_BASIS
from rvuedge.calc.periods import Period, check_range
from rvuedge.calc.year_view import YearInView
from rvuedge.cases import queries
from rvuedge.catalog.models import CodeGuide, FeeScheduleRelease, FeeScheduleRow
from rvuedge.exports import figures
from rvuedge.failures import InvalidInput, NotFound
from rvuedge.impact import forecast as forecast_service
from rvuedge.impact import schemas as impact_schemas
from rvuedge.impact import service as impact_service
from rvuedge.reports import schemas as rs
from rvuedge.reports import service as reports
from rvuedge.users.models import User
from rvuedge.yearview import service as yearview

__all__ = ["DEFAULT_BASIS", "ReportInputs", "gather", "resolve_range"]


def resolve_range(
    user: User, *, today: date, start: date | None, end: date | None
) -> tuple[date, date]:
    """The requested range; by default the physician's year (the fiscal year when it does not
    start in January) to date, as every report. 422 when it makes no sense."""
    start, end = reports.default_range(user, today=today, start=start, end=end)
    if problem := check_range(start, end):
        raise InvalidInput(
            f"Invalid range: {problem}.", errors=[{"loc": ["query", "end"], "msg": problem}]
        )
    return start, end


@dataclass(frozen=True)
class ReportInputs:
    user: User
    start: date
    end: date
    today: date
    produced_at: datetime
    totals: rs.TotalsReport  # by month
    breakdown: rs.BreakdownReport
    benchmark: rs.BenchmarkReport | None
    benchmark_note: str | None  # why there is no benchmark
    releases: list[str]
    provisional_lines: int
    code_names: dict[str, str]
    monthly_goal: Decimal | None
    months: list[figures.MonthFigure]
    year: YearInView  # the physician's year holding the period's end (at most today)
    # The "next year" page: the range under another release, and the year-end forecast.
    release_impact: impact_schemas.ReleaseImpact | None = None
    forecast: impact_schemas.ForecastReport | None = None

    @property
    def year_to_date(self) -> bool:
        """The period is the year in view to date: its cumulative line is the year's, so the
        pace can be drawn on from it."""
        return self.start == self.year.year.start and self.end >= self.year.as_of

    @property
    def year_in_progress(self) -> bool:
        return self.year.in_progress

    @property
    def monthly_goal_text(self) -> str:
        return figures.monthly_goal_text(self.user.monthly_wrvu_goal, self.user.annual_wrvu_goal)

    @property
    def annual_goal(self) -> Decimal | None:
        goal = self.user.annual_wrvu_goal
        return Decimal(goal) if goal is not None else None

    @property
    def cases(self) -> int:
        return sum(b.cases for b in self.totals.buckets)

    @property
    def has_cases(self) -> bool:
        return self.cases > 0

    @property
    def credited(self) -> Decimal:
        return Decimal(self.totals.total_credited_wrvu)

    @property
    def work_only(self) -> Decimal:
        return sum((Decimal(b.work_only_value) for b in self.totals.buckets), Decimal(0))

    @property
    def payment(self) -> Decimal:
        return sum((Decimal(b.estimated_payment) for b in self.totals.buckets), Decimal(0))


def gather(
    session: Session,
    *,
    user: User,
    start: date,
    end: date,
    today: date,
    produced_at: datetime,
    basis: str = DEFAULT_BASIS,
) -> ReportInputs:
    totals = reports.totals(session, user=user, period=Period.MONTH, start=start, end=end)
    breakdown = reports.breakdown(session, user=user, start=start, end=end)
    benchmark, note = None, None
    if not user.specialty:
        note = "No specialty in your profile: set one to be placed on a benchmark table."
    else:
        try:
            benchmark = reports.benchmark_report(
                session, user=user, today=today, specialty=None, source=None, year=None,
                basis=basis,
            )  # fmt: skip
        except NotFound as exc:  # no table for the specialty (a bad basis stays a 422)
            note = exc.detail
    goal = figures.monthly_goal_of(user.monthly_wrvu_goal, user.annual_wrvu_goal)
    used = releases_used(session, user=user, start=start, end=end)
    compare = impact_service.default_compare(session, logged=used)
    return ReportInputs(
        user=user,
        start=start,
        end=end,
        today=today,
        produced_at=produced_at,
        totals=totals,
        breakdown=breakdown,
        benchmark=benchmark,
        benchmark_note=note,
        releases=used,
        provisional_lines=provisional_lines(session, user=user, start=start, end=end),
        code_names=code_names(session, [row.key for row in breakdown.by_code]),
        monthly_goal=goal,
        months=figures.month_figures(
            totals.buckets,
            goal,
            figures.accrual_goal_of(user.monthly_wrvu_goal, user.annual_wrvu_goal),
        ),
        year=yearview.for_user(session, user=user, today=min(end, today)),
        release_impact=impact_service.release_impact(
            session, user=user, compare=compare, start=start, end=end, today=today
        )
        if compare
        else None,
        forecast=forecast_service.forecast(session, user=user, today=today),
    )


def releases_used(session: Session, *, user: User, start: date, end: date) -> list[str]:
    return queries.releases_used(session, user_id=user.id, start=start, end=end)


def provisional_lines(session: Session, *, user: User, start: date, end: date) -> int:
    return queries.provisional_line_count(session, user_id=user.id, start=start, end=end)


def code_names(session: Session, codes: list[str]) -> dict[str, str]:
    """The seed's name of each code, else the descriptor of the newest imported release."""
    if not codes:
        return {}
    guides = select(CodeGuide.hcpcs, CodeGuide.name).where(col(CodeGuide.hcpcs).in_(codes))
    names = {hcpcs: name for hcpcs, name in session.exec(guides)}
    missing = [c for c in codes if c not in names]
    if missing:
        rows = session.exec(
            select(FeeScheduleRow.hcpcs, FeeScheduleRow.description)
            .join(FeeScheduleRelease, col(FeeScheduleRow.release_id) == col(FeeScheduleRelease.id))
            .where(
                col(FeeScheduleRow.hcpcs).in_(missing),
                col(FeeScheduleRow.modifier) == "",
                col(FeeScheduleRow.description).is_not(None),
            )
            .order_by(col(FeeScheduleRelease.effective_date))
        )
        for hcpcs, description in rows:
            if description is not None:  # (the query leaves those out)
                names[hcpcs] = description  # the newest release wins
    return names
