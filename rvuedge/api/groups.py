"""Groups and sharing over HTTP: thin routes over the services; each commits once."""

import uuid
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from sqlmodel import Session

from rvuedge.api.auth import CurrentUser, UserToday
from rvuedge.calc.bases import DEFAULT_BASIS
from rvuedge.calc.periods import Period
from rvuedge.db import writing
from rvuedge.deps import Now, SessionDep
from rvuedge.errors import SIGNED_IN_RESPONSES, Problem
from rvuedge.exports.service import MEDIA_TYPES
from rvuedge.groups import access, dashboard_file, service, views
from rvuedge.groups.models import SharingScope
from rvuedge.groups.schemas import (
    AccessLog,
    Dashboard,
    GroupIn,
    GroupOut,
    InvitationIn,
    InvitationOut,
    JoinIn,
    SharedCases,
    SharingIn,
)
from rvuedge.reports import schemas as reports
from rvuedge.residency.schemas import ProgressOut
from rvuedge.schemas import DateIn

router = APIRouter(tags=["groups"])
ERRORS = SIGNED_IN_RESPONSES
CONFLICT = {**ERRORS, 409: {"model": Problem, "description": "The change conflicts (see detail)."}}
GroupId = Annotated[uuid.UUID, Path(description="The group's id.")]
MemberId = Annotated[uuid.UUID, Path(description="The member's user id (GET /groups/{id}).")]
Start = Annotated[
    DateIn | None, Query(description="First date of service (default: January 1 of this year).")
]
End = Annotated[
    DateIn | None, Query(description="Last date of service, inclusive (default: today).")
]


def get_recording_session(session: SessionDep) -> Iterator[Session]:
    """A read of someone else's data writes its access record in the same unit of work: on
    SQLite it takes the write lock up front, as any write does, though the request is a GET."""
    with Session(writing(session.get_bind())) as recording:  # type: ignore[arg-type]
        yield recording


RecordingSession = Annotated[Session, Depends(get_recording_session)]


@router.post("/groups", response_model=GroupOut, status_code=201, responses=ERRORS)
def create_group(session: SessionDep, user: CurrentUser, data: GroupIn) -> GroupOut:
    """Start a group (a practice, a partner group, a residency program); you are its admin.
    Nobody's numbers are shared until each physician chooses to."""
    out = service.create_group(session, user=user, name=data.name)
    session.commit()
    return out


@router.get("/groups", response_model=list[GroupOut], responses=ERRORS)
def list_groups(session: SessionDep, user: CurrentUser) -> list[GroupOut]:
    """The groups you are in, by name, with their members. Admins and viewers also see what each
    member shares; members see only names."""
    return service.list_groups(session, user=user)


@router.post("/groups/join", response_model=GroupOut, responses=CONFLICT)
def join_group(session: SessionDep, user: CurrentUser, now: Now, data: JoinIn) -> GroupOut:
    """Join with a one-time code from an admin. A used, expired or unknown code is a 404; a group
    you are already in is a 409. You share nothing until you choose a scope."""
    out = service.join(session, user=user, code=data.code, now=now)
    session.commit()
    return out


@router.get("/groups/{group_id}", response_model=GroupOut, responses=ERRORS)
def get_group(session: SessionDep, user: CurrentUser, group_id: GroupId) -> GroupOut:
    """One of your groups; a group you are not in is a 404, whether it exists or not."""
    return service.get_group(session, user=user, group_id=group_id)


@router.post(
    "/groups/{group_id}/invitations",
    response_model=InvitationOut,
    status_code=201,
    responses=ERRORS,
)
def invite_to_group(
    session: SessionDep, user: CurrentUser, now: Now, group_id: GroupId, data: InvitationIn
) -> InvitationOut:
    """Make a one-time code (valid 7 days) that joins the group with a role. Admins only; the
    code is shown once and only its hash is kept."""
    out = service.invite(session, user=user, group_id=group_id, role=data.role, now=now)
    session.commit()
    return out


@router.put("/groups/{group_id}/sharing", response_model=GroupOut, responses=ERRORS)
def set_group_sharing(
    session: SessionDep, user: CurrentUser, now: Now, group_id: GroupId, data: SharingIn
) -> GroupOut:
    """Choose what this group's admins and viewers may read of yours: none, totals or cases (and
    your case-log progress). A change or a revoke applies to the very next read."""
    out = service.set_sharing(session, user=user, group_id=group_id, data=data, now=now)
    session.commit()
    return out


@router.delete("/groups/{group_id}/members/me", status_code=204, responses=CONFLICT)
def leave_group(session: SessionDep, user: CurrentUser, group_id: GroupId) -> Response:
    """Leave the group: what you shared is no longer readable at once. The only admin cannot
    leave others behind (409); the last person out deletes the group."""
    service.leave(session, user=user, group_id=group_id)
    session.commit()
    return Response(status_code=204)


@router.delete("/groups/{group_id}/members/{user_id}", status_code=204, responses=CONFLICT)
def remove_group_member(
    session: SessionDep, user: CurrentUser, group_id: GroupId, user_id: MemberId
) -> Response:
    """Remove someone from the group (admins only; your own id leaves)."""
    service.remove(session, user=user, group_id=group_id, member_id=user_id)
    session.commit()
    return Response(status_code=204)


@router.get(
    "/groups/{group_id}/members/{user_id}/totals",
    response_model=reports.TotalsReport,
    responses=ERRORS,
)
def member_totals(
    session: RecordingSession,
    user: CurrentUser,
    today: UserToday,
    now: Now,
    group_id: GroupId,
    user_id: MemberId,
    period: Annotated[Period, Query(description="The size of each bucket.")] = Period.MONTH,
    start: Start = None,
    end: End = None,
) -> reports.TotalsReport:
    """A member's totals per period, exactly as their own GET /reports/totals shows them, when
    they share totals or cases with this group; otherwise a 404. The read is recorded."""
    seen = views.look(
        session, viewer=user, group_id=group_id, member_id=user_id, need=SharingScope.totals
    )
    out = views.totals(
        session,
        seen,
        period=period,
        start=start or date(today.year, 1, 1),
        end=end or today,
        now=now,
    )
    session.commit()
    return out


@router.get(
    "/groups/{group_id}/members/{user_id}/summary",
    response_model=reports.SummaryReport,
    responses=ERRORS,
)
def member_summary(
    session: RecordingSession, user: CurrentUser, now: Now, group_id: GroupId, user_id: MemberId
) -> reports.SummaryReport:
    """A member's dashboard figures (windows, goals, year-end pace) as their own
    GET /reports/summary shows them, when they share totals or cases. The read is recorded."""
    seen = views.look(
        session, viewer=user, group_id=group_id, member_id=user_id, need=SharingScope.totals
    )
    out = views.summary(session, seen, now=now)
    session.commit()
    return out


@router.get(
    "/groups/{group_id}/members/{user_id}/benchmark",
    response_model=reports.BenchmarkReport,
    responses=ERRORS,
)
def member_benchmark(
    session: RecordingSession,
    user: CurrentUser,
    now: Now,
    group_id: GroupId,
    user_id: MemberId,
    basis: Annotated[
        str,
        Query(
            max_length=30,
            description=f"As in /reports/benchmark (default {DEFAULT_BASIS}: the member's year).",
        ),
    ] = DEFAULT_BASIS,
) -> reports.BenchmarkReport:
    """A member's benchmark position on their own table, as their GET /reports/benchmark shows it
    (their pay plan left out: compensation is null), when they share totals or cases."""
    seen = views.look(
        session, viewer=user, group_id=group_id, member_id=user_id, need=SharingScope.totals
    )
    out = views.benchmark(session, seen, basis=basis, now=now)
    session.commit()
    return out


@router.get(
    "/groups/{group_id}/members/{user_id}/cases", response_model=SharedCases, responses=ERRORS
)
def member_cases(
    session: RecordingSession,
    user: CurrentUser,
    today: UserToday,
    now: Now,
    group_id: GroupId,
    user_id: MemberId,
    start: Start = None,
    end: End = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="At most this many lines.")] = 1000,
) -> SharedCases:
    """A member's case list line by line (never notes), when they share cases; totals alone or
    nothing is a 404. The read is recorded."""
    seen = views.look(
        session, viewer=user, group_id=group_id, member_id=user_id, need=SharingScope.cases
    )
    first, last = start or date(today.year, 1, 1), end or today
    out = views.cases(session, seen, start=first, end=last, limit=limit, now=now)
    session.commit()
    return out


@router.get(
    "/groups/{group_id}/members/{user_id}/case-log-progress",
    response_model=ProgressOut,
    responses=ERRORS,
)
def member_case_log_progress(
    session: RecordingSession, user: CurrentUser, now: Now, group_id: GroupId, user_id: MemberId
) -> ProgressOut:
    """A resident's case-log progress toward the ACGME minimums, read-only, when they share it
    (case_log) with this group: for the program director. The read is recorded."""
    seen = views.look(session, viewer=user, group_id=group_id, member_id=user_id, need="case_log")
    out = views.case_log(session, seen, now=now)
    session.commit()
    return out


class DashboardFormat(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


@router.get(
    "/groups/{group_id}/dashboard",
    response_model=Dashboard,
    responses={
        **ERRORS,
        200: {
            "description": "The dashboard as JSON, CSV or an XLSX workbook.",
            "content": {
                MEDIA_TYPES["csv"]: {"schema": {"type": "string"}},
                MEDIA_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
            },
        },
    },
)
def group_dashboard(
    session: RecordingSession,
    user: CurrentUser,
    today: UserToday,
    now: Now,
    group_id: GroupId,
    start: Start = None,
    end: End = None,
    format: Annotated[
        DashboardFormat, Query(description="json, csv or xlsx.")
    ] = DashboardFormat.json,
) -> Dashboard | Response:
    """For admins and viewers: per member who shares totals or cases, the monthly totals, year to
    date against goal, pace and benchmark position, each the member's own figure. Members who
    share nothing are not listed. Each member's figures read are recorded."""
    first, last = start or date(today.year, 1, 1), end or today
    board = views.dashboard(session, viewer=user, group_id=group_id, start=first, end=last, now=now)
    session.commit()
    if format == DashboardFormat.json:
        return board
    body = (
        dashboard_file.as_csv(board)
        if format == DashboardFormat.csv
        else dashboard_file.as_xlsx(board)
    )
    name = f"rvuedge-group-{first}-to-{last}.{format.value}"
    return Response(
        body,
        media_type=MEDIA_TYPES[format.value],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/me/access-log", response_model=AccessLog, responses=ERRORS)
def my_access_log(
    session: SessionDep,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many records.")] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Records to skip.")] = 0,
) -> AccessLog:
    """Who looked at your data: every read by someone else through a group, with who, which
    group, what and when, newest first."""
    return access.access_log(session, user=user, limit=limit, offset=offset)
