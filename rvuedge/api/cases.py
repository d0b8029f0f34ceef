import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from sqlalchemy.exc import IntegrityError

from rvuedge.api.auth import CurrentUser, UserToday
from rvuedge.cases import service
from rvuedge.cases.schemas import (
    CaseCreate,
    CaseOut,
    CasePage,
    CaseUpdate,
    CreditOut,
    GlobalPeriodOut,
    ParseIn,
    ParseOut,
    PreviewIn,
    RevalueIn,
    RevalueOut,
    Role,
)
from rvuedge.deps import Now, SessionDep
from rvuedge.errors import SIGNED_IN_RESPONSES, Problem
from rvuedge.schemas import MAX_OFFSET, DateIn

router = APIRouter(prefix="/cases", tags=["cases"])
ERRORS = SIGNED_IN_RESPONSES
CaseId = Annotated[uuid.UUID, Path(description="The case's id.")]


@router.post("/preview", response_model=CreditOut, responses=ERRORS)
def preview_case(
    session: SessionDep,
    user: CurrentUser,
    today: UserToday,
    data: PreviewIn,
    case_id: Annotated[
        uuid.UUID | None,
        Query(description="The case being edited: not counted as a duplicate of itself."),
    ] = None,
) -> CreditOut:
    """The credit a saved case would get, line by line, without saving anything. A warning
    says when another case on the same day has the same codes (a likely duplicate)."""
    return service.preview(session, user=user, data=data, today=today, editing=case_id)


@router.post("/parse", response_model=ParseOut, responses=ERRORS)
def parse_case(session: SessionDep, user: CurrentUser, today: UserToday, data: ParseIn) -> ParseOut:
    """Read typed text ("47562 49505-50", "9921352", "4756249505") into lines, and preview them."""
    return service.parse_text(session, user=user, data=data, today=today)


@router.post(
    "",
    response_model=CaseOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        **ERRORS,
        200: {"model": CaseOut, "description": "A retry: the stored case"},
        409: {"model": Problem},
    },
)
def create_case(
    session: SessionDep, user: CurrentUser, today: UserToday, data: CaseCreate
) -> Response:
    """Log a case. Send your own `id` (a UUID) to make retries safe: the same id with the same
    body returns the stored case (200); with another body it is a 409.

    Any date from 2000 to tomorrow is accepted. When the CMS release in force on that date is not
    loaded yet (a new year or quarter), the case is valued with the closest loaded release and
    comes back `provisional: true` with a `release_note` naming both releases; it is revalued by
    itself when the missing release is imported. A new case with the same codes as another on the
    same day is saved with a "Likely duplicate" warning."""
    try:
        logged = service.log_case(session, user=user, data=data, today=today)
        case, created = logged.case, logged.created
        # The answer is built before the commit, from what was just written: read after it, the
        # expired case would be loaded again in a second transaction (a second wait for the lock).
        body = service.case_out(session, case, user=user)
        if logged.duplicate and created:  # another case that day has the same codes
            body.warnings = [*body.warnings, logged.duplicate]
        session.commit()
    except IntegrityError:
        # A create with the same id committed first: this user's own retry (now answered with
        # the stored case), or another user's case taking the key this one chose (this one then
        # gets a fresh key). Either way the second try settles it.
        session.rollback()
        if data.id is None:
            raise
        case, created = service.create_case(session, user=user, data=data, today=today)
        body = service.case_out(session, case, user=user)
        session.commit()
    return Response(  # pydantic's own encoder: not model_dump then json.dumps
        body.model_dump_json(),
        status_code=201 if created else 200,
        headers={"Location": f"/api/v1/cases/{body.id}"},
        media_type="application/json",
    )


@router.get("", response_model=CasePage, responses=ERRORS)
def list_cases(
    session: SessionDep,
    user: CurrentUser,
    start: Annotated[
        DateIn | None,
        Query(description="Only cases on or after this date of service (YYYY-MM-DD)."),
    ] = None,
    end: Annotated[
        DateIn | None,
        Query(description="Only cases on or before this date of service (YYYY-MM-DD)."),
    ] = None,
    code: Annotated[
        str | None,
        Query(
            pattern=r"^[A-Za-z0-9]{5}$",
            description="Only cases with a line of this CPT/HCPCS code, e.g. 47562.",
        ),
    ] = None,
    site: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Only cases at this site, in any case and spacing (as saved sites match).",
        ),
    ] = None,
    role: Annotated[Role | None, Query(description="Only cases where your role was this.")] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Only cases whose code, code name, site or note contains this text.",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Cases per page (1-200).")] = 50,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="How many matching cases to skip.")
    ] = 0,
) -> CasePage:
    """Your cases, newest date of service first."""
    cases, total = service.list_cases(
        session,
        user=user,
        start=start,
        end=end,
        code=code,
        site=site,
        role=role,
        q=q,
        limit=limit,
        offset=offset,
    )
    return CasePage(
        items=service.case_outs(session, cases, user=user),
        total=total,
        limit=limit,
        offset=offset,
    )


@router.get("/global-periods", response_model=list[GlobalPeriodOut], responses=ERRORS)
def global_periods(
    session: SessionDep,
    user: CurrentUser,
    today: UserToday,
    on: Annotated[
        DateIn | None,
        Query(description="The day to look at (YYYY-MM-DD); default today in your time zone."),
    ] = None,
) -> list[GlobalPeriodOut]:
    """Your procedures whose global period covers `on` (default today), with the days left."""
    return service.global_periods(session, user=user, on=on or today)


@router.post("/revalue", response_model=RevalueOut, responses=ERRORS)
def revalue_cases(session: SessionDep, user: CurrentUser, now: Now, data: RevalueIn) -> RevalueOut:
    """Recompute your stored credit for a date range (after a new release or new settings).

    Works through the cases in date order in batches, each saved as it finishes, so other writes
    never wait long; if the request is cut off, sending it again finishes the job."""
    result = RevalueOut(examined=0, changed=[], skipped=[])
    for result in service.revalue_batches(  # noqa: B007
        session, user=user, start=data.start, end=data.end, now=now
    ):
        session.commit()
    return result


@router.get("/{case_id}", response_model=CaseOut, responses=ERRORS)
def get_case(session: SessionDep, user: CurrentUser, case_id: CaseId) -> CaseOut:
    """One of your cases with its stored credit, line by line. Another user's case is a 404."""
    return service.case_out(
        session, service.get_case(session, user=user, case_id=case_id), user=user
    )


@router.patch("/{case_id}", response_model=CaseOut, responses={**ERRORS, 409: {"model": Problem}})
def update_case(
    session: SessionDep,
    user: CurrentUser,
    today: UserToday,
    now: Now,
    case_id: CaseId,
    data: CaseUpdate,
) -> CaseOut:
    """Change a case. Send the `version` you last saw; a stale version is a 409."""
    case = service.update_case(session, user=user, case_id=case_id, data=data, today=today, now=now)
    session.flush()  # the change number and version are given at flush
    body = service.case_out(session, case, user=user)  # before the commit: see create_case
    session.commit()
    return body


@router.delete("/{case_id}", status_code=status.HTTP_204_NO_CONTENT, responses=ERRORS)
def delete_case(session: SessionDep, user: CurrentUser, now: Now, case_id: CaseId) -> Response:
    """Delete a case (it stays as a tombstone for sync)."""
    service.delete_case(session, user=user, case_id=case_id, now=now)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
