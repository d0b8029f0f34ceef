from typing import Annotated

from fastapi import APIRouter, Query

from rvuedge.api.auth import CurrentUser, UserToday
from rvuedge.calc.bases import BASES, DEFAULT_BASIS
from rvuedge.calc.periods import Period
from rvuedge.deps import SessionDep
from rvuedge.errors import SIGNED_IN_RESPONSES
from rvuedge.reports import schemas as s
from rvuedge.reports import service
from rvuedge.schemas import DateIn

router = APIRouter(prefix="/reports", tags=["reports"])
ERRORS = SIGNED_IN_RESPONSES


@router.get("/totals", response_model=s.TotalsReport, responses=ERRORS)
def totals(
    session: SessionDep,
    user: CurrentUser,
    today: UserToday,
    period: Annotated[
        Period,
        Query(description="The size of each bucket (fiscal_year: from your profile's month)."),
    ] = Period.MONTH,
    start: Annotated[
        DateIn | None,
        Query(
            description="First date of service (default: the first day of your year, the fiscal "
            "year when yours does not start in January)."
        ),
    ] = None,
    end: Annotated[
        DateIn | None, Query(description="Last date of service, inclusive (default: today).")
    ] = None,
) -> s.TotalsReport:
    """Totals per day, ISO week, month, quarter, year or fiscal year (from the profile's month),
    empty periods included, the first and last clipped to the range. Default range: January 1
    of your year (the fiscal year when yours does not start in January) to today, in your time
    zone. At most 20 years."""
    first, last = service.default_range(user, today=today, start=start, end=end)
    return service.totals(session, user=user, period=period, start=first, end=last)


@router.get("/breakdown", response_model=s.BreakdownReport, responses=ERRORS)
def breakdown(
    session: SessionDep,
    user: CurrentUser,
    today: UserToday,
    start: Annotated[
        DateIn | None,
        Query(
            description="First date of service (default: the first day of your year, the fiscal "
            "year when yours does not start in January)."
        ),
    ] = None,
    end: Annotated[
        DateIn | None, Query(description="Last date of service, inclusive (default: today).")
    ] = None,
) -> s.BreakdownReport:
    """wRVU by code, category, site and role, and what each crediting rule took away or added.
    Default range: your year to date (the fiscal year when yours does not start in January)."""
    first, last = service.default_range(user, today=today, start=start, end=end)
    return service.breakdown(session, user=user, start=first, end=last)


@router.get("/summary", response_model=s.SummaryReport, responses=ERRORS)
def summary(session: SessionDep, user: CurrentUser, today: UserToday) -> s.SummaryReport:
    """The dashboard: today, this week, month/quarter/year/fiscal year to date, trailing 12 months,
    all time; progress against goals; the year-end pace. When the profile's fiscal year does not
    start in January, the annual goal and the pace follow the fiscal year and the calendar-year
    figures come beside them (calendar_annual_goal, calendar_pace)."""
    return service.summary(session, user=user, today=today)


@router.get("/benchmark", response_model=s.BenchmarkReport, responses=ERRORS)
def benchmark(
    session: SessionDep,
    user: CurrentUser,
    today: UserToday,
    specialty: Annotated[
        str | None,
        Query(max_length=100, description="The table's specialty (default: your profile's)."),
    ] = None,
    source: Annotated[
        str | None,
        Query(
            max_length=100,
            description="The table's source as /benchmarks lists it (default: your profile's "
            "benchmark_source is preferred).",
        ),
    ] = None,
    year: Annotated[
        int | None,
        Query(ge=1990, le=2100, description="The table's survey year (default: the newest)."),
    ] = None,
    basis: Annotated[
        str,
        Query(
            max_length=30,
            description=f"{BASES}. fiscal_year:FYYYYY is the fiscal year ending in YYYY, from "
            "the profile's fiscal_year_start_month.",
        ),
    ] = DEFAULT_BASIS,
) -> s.BenchmarkReport:
    """Where your wRVU per 1.0 FTE stands in one benchmark table, and what it takes to move up.
    By default on your year (the fiscal year when yours does not start in January) to date,
    annualized with the same pace as /reports/summary; the calendar year with
    basis=ytd_annualized. The table: your profile's benchmark_source first, then the newest
    survey year."""
    return service.benchmark_report(
        session, user=user, today=today, specialty=specialty, source=source, year=year, basis=basis
    )
