"""The year in view of one physician: credited wRVU to date from the daily rollup (through the
case log's read surface, cases/queries), the rest from calc/year_view.py. Reads only."""

from datetime import date
from decimal import Decimal

from sqlmodel import Session

from rvuedge.calc.year_view import YearInView, cents, year_in_view
from rvuedge.calc.years import YearSpan, year_containing
from rvuedge.cases import queries
from rvuedge.users.models import User
from rvuedge.yearview.schemas import PaceOut


def user_year(user: User, on: date) -> YearSpan:
    """The physician's year holding `on`: the fiscal year unless it starts in January."""
    return year_containing(on, fiscal_start_month=user.fiscal_year_start_month)


def for_user(
    session: Session,
    *,
    user: User,
    today: date,
    year: YearSpan | None = None,
    to_date: Decimal | None = None,
) -> YearInView:
    """The user's year (or `year`) as it stands on today; to_date when the caller has it."""
    year = year or user_year(user, today)
    day = min(max(today, year.start), year.end)
    if to_date is None:
        to_date = queries.credited_between(session, user_id=user.id, start=year.start, end=day)
    return view_of(user, to_date=to_date, today=today, year=year)


def view_of(user: User, *, to_date: Decimal, today: date, year: YearSpan) -> YearInView:
    return year_in_view(
        to_date=to_date,
        today=today,
        clinical_fte=Decimal(user.clinical_fte),
        annual_goal=None if user.annual_wrvu_goal is None else Decimal(user.annual_wrvu_goal),
        year=year,
    )


def pace_out(view: YearInView) -> PaceOut:
    still, per_month = view.still_to_log, view.per_remaining_month
    return PaceOut(
        basis="fiscal_year" if view.year.is_fiscal else "calendar_year",
        label=view.year.label,
        period_start=view.year.start,
        period_end=view.year.end,
        as_of=view.as_of,
        year_to_date=cents(view.to_date),
        days_elapsed=view.days_elapsed,
        days_in_year=view.days_in_year,
        projected_year_end=cents(view.projected_year_end),
        projected_per_fte=cents(view.projected_per_fte),
        clinical_fte=view.clinical_fte,
        annual_goal=view.annual_goal,
        still_to_log=None if still is None else cents(still),
        remaining_months=view.months_left,
        needed_per_remaining_month=None if per_month is None else cents(per_month),
        method=view.method(),
    )
