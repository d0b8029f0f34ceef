"""/me/pay-plans (the user's contracts) and the compensation reports."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from rvuedge.api.auth import CurrentUser, UserToday
from rvuedge.deps import SessionDep
from rvuedge.errors import SIGNED_IN_RESPONSES
from rvuedge.payplans import report, service
from rvuedge.payplans import schemas as s
from rvuedge.schemas import DateIn
from rvuedge.timeutil import utc_now

plans_router = APIRouter(prefix="/me/pay-plans", tags=["pay plans"])
reports_router = APIRouter(prefix="/reports/compensation", tags=["reports"])
ERRORS = SIGNED_IN_RESPONSES
PlanId = Annotated[uuid.UUID, Path(description="The pay plan's id (from GET /me/pay-plans).")]


@plans_router.get("", response_model=list[s.PayPlanPublic], responses=ERRORS)
def list_pay_plans(session: SessionDep, user: CurrentUser) -> list[s.PayPlanPublic]:
    """Your pay plans, oldest first."""
    return [service.public(p) for p in service.list_plans(session, user_id=user.id)]


@plans_router.post(
    "", response_model=s.PayPlanPublic, status_code=status.HTTP_201_CREATED, responses=ERRORS
)
def create_pay_plan(
    session: SessionDep, user: CurrentUser, data: s.PayPlanCreate, response: Response
) -> s.PayPlanPublic:
    """Add a contract. Its dates may not overlap another plan's (422 naming effective_from)."""
    plan = service.create_plan(session, user=user, data=data)
    session.commit()
    response.headers["Location"] = f"/api/v1/me/pay-plans/{plan.id}"
    return service.public(plan)


@plans_router.get("/{plan_id}", response_model=s.PayPlanPublic, responses=ERRORS)
def get_pay_plan(session: SessionDep, user: CurrentUser, plan_id: PlanId) -> s.PayPlanPublic:
    """One of your pay plans (another user's id is a 404)."""
    return service.public(service.get_plan(session, user_id=user.id, plan_id=plan_id))


@plans_router.patch("/{plan_id}", response_model=s.PayPlanPublic, responses=ERRORS)
def update_pay_plan(
    session: SessionDep, user: CurrentUser, plan_id: PlanId, data: s.PayPlanUpdate
) -> s.PayPlanPublic:
    """Change some fields; the plan that results is checked as a whole (bands, dates, draw)."""
    plan = service.update_plan(session, user=user, plan_id=plan_id, data=data, now=utc_now())
    session.commit()
    return service.public(plan)


@plans_router.delete("/{plan_id}", status_code=status.HTTP_204_NO_CONTENT, responses=ERRORS)
def delete_pay_plan(session: SessionDep, user: CurrentUser, plan_id: PlanId) -> Response:
    """Remove one of your pay plans; reports then use your other plans (another user's id is a
    404)."""
    service.delete_plan(session, user=user, plan_id=plan_id)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@reports_router.get("", response_model=s.CompensationReport, responses=ERRORS)
def compensation(
    session: SessionDep,
    user: CurrentUser,
    today: UserToday,
    as_of: Annotated[
        DateIn | None,
        Query(description="The date to report on (default: today in your time zone)."),
    ] = None,
) -> s.CompensationReport:
    """Your pay under your plans for the plan year (the fiscal year) containing as_of: per
    measurement period the credited wRVU, incentive, draws, true-up and balance; the plan year to
    date; the projection to its end at the current pace; the next band and what it would add;
    the effective $/wRVU. A date no plan covers is a 404 that says so."""
    return report.compensation_report(session, user=user, as_of=as_of or today)


@reports_router.post("/compare", response_model=s.CompareReport, responses=ERRORS)
def compare(
    session: SessionDep, user: CurrentUser, today: UserToday, data: s.CompareIn
) -> s.CompareReport:
    """Pay under one or more hypothetical plans (not saved), side by side, on your log of a plan
    year (`year`) or on twelve what-if months (`wrvu_by_month`, month 1 = the plan year's first;
    the plan year in progress today)."""
    return report.compare(session, user=user, data=data, today=today)
