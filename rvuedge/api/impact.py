"""Next year before it arrives: the log under another release, and the seasonal forecast."""

from typing import Annotated

from fastapi import APIRouter, Query

from rvuedge.api.auth import CurrentUser, UserToday
from rvuedge.deps import SessionDep
from rvuedge.errors import SIGNED_IN_RESPONSES
from rvuedge.impact import forecast as forecast_service
from rvuedge.impact import schemas as s
from rvuedge.impact import service
from rvuedge.schemas import DateIn
from rvuedge.yearview.service import user_year

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/release-impact", response_model=s.ReleaseImpact, responses=SIGNED_IN_RESPONSES)
def release_impact(
    session: SessionDep,
    user: CurrentUser,
    today: UserToday,
    compare: Annotated[
        str | None,
        Query(
            max_length=20,
            description="The release to credit your cases under, e.g. 2025D or a proposed one. "
            "Default: with a contract year in the period (a crediting setting's "
            "credit_with_release), the current file (the release in force today); otherwise "
            "the newest proposed release, else the release before the newest one logged.",
        ),
    ] = None,
    start: Annotated[
        DateIn | None,
        Query(
            description="First date of service (default: the first day of your year holding the "
            "end: the fiscal year when yours does not start in January)."
        ),
    ] = None,
    end: Annotated[
        DateIn | None, Query(description="Last date of service, inclusive (default: today).")
    ] = None,
) -> s.ReleaseImpact:
    """Your cases of the period credited under another release with the same crediting
    settings, modifiers and ranking, beside the credit as logged: totals, work-only value and
    estimated payment both ways (each at its own release's conversion factor), one row per code
    with why it moved, and the effect on the plan year's pay. A contract year (cases credited
    with one release by a crediting setting) is compared with the current file by default. An
    unknown release is a 422 that lists the loaded ones."""
    return service.release_impact(
        session,
        user=user,
        compare=compare,
        start=start or user_year(user, end or today).start,
        end=end or today,
        today=today,
    )


@router.get("/next-year", response_model=s.NextYearOut, responses=SIGNED_IN_RESPONSES)
def next_year(session: SessionDep, user: CurrentUser, today: UserToday) -> s.NextYearOut:
    """What the newest proposed release would do to your last 12 months, in one line (null when
    no proposed release is loaded)."""
    return service.next_year(session, user=user, today=today)


@router.get("/forecast", response_model=s.ForecastReport, responses=SIGNED_IN_RESPONSES)
def forecast(session: SessionDep, user: CurrentUser, today: UserToday) -> s.ForecastReport:
    """The (fiscal) year-end projection two ways: the straight line (today's pace) and seasonal
    (your own monthly shares from the complete years logged, once there are 12 months), each
    with its method in words, a range from past variation and a backtest (what it would have
    said at this point last year against what happened)."""
    return forecast_service.forecast(session, user=user, today=today)
