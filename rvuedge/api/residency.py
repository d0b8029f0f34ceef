import uuid
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, Response, UploadFile

from rvuedge.api.auth import CurrentUser, UserToday
from rvuedge.deps import Now, SessionDep
from rvuedge.errors import SIGNED_IN_RESPONSES
from rvuedge.residency import service, tally
from rvuedge.residency.schemas import (
    CaseLogImportOut,
    CaseLogRow,
    EnteredIn,
    EnteredOut,
    ProgressOut,
    ResidentCaseIn,
    ResidentProfileIn,
    ResidentProfileOut,
    SpecialtyOut,
)
from rvuedge.uploads import read_limited

router = APIRouter(prefix="/case-log", tags=["case log"])
ERRORS = SIGNED_IN_RESPONSES
CaseId = Annotated[uuid.UUID, Path(description="The case's id (as the cases API gives it).")]
CsvFile = Annotated[UploadFile, File(description="A CSV file (UTF-8).")]


class ResidentLogFormat(StrEnum):
    csv = "csv"
    pdf = "pdf"


MAPPING_EXAMPLE = {
    "file": "code,category\n47562,Abdominal: biliary\n47562,Laparoscopic basic\n"
    "49505,Abdominal: hernia\n",
    "academic_year": 2026,
}
MINIMUMS_EXAMPLE = {"file": "category,minimum,parent\ntotal_major,850,\nBreast,40,\n"
                    "Breast: mastectomy,5,Breast\n"}  # fmt: skip


def _upload_example(value: dict) -> dict:
    return {
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "examples": {"example": {"summary": "A CSV", "value": value}}
                }
            }
        }
    }


MEDIA = {ResidentLogFormat.csv: "text/csv; charset=utf-8", ResidentLogFormat.pdf: "application/pdf"}


@router.get("/specialties", response_model=list[SpecialtyOut], responses=ERRORS)
def list_residency_specialties(user: CurrentUser) -> list[SpecialtyOut]:
    """The residency specialties rvuedge knows: their roles and counting rules."""
    return service.list_specialties()


@router.get("/profile", response_model=ResidentProfileOut, responses=ERRORS)
def get_case_log_profile(
    session: SessionDep, user: CurrentUser, today: UserToday
) -> ResidentProfileOut:
    """Your residency (a 404 until you save one)."""
    return service.profile_out(service.get_profile(session, user=user), today=today)


@router.put("/profile", response_model=ResidentProfileOut, responses=ERRORS)
def save_case_log_profile(
    session: SessionDep, user: CurrentUser, today: UserToday, data: ResidentProfileIn
) -> ResidentProfileOut:
    """Save your residency: the programme's specialty, your start date (your post-graduate year
    is derived from it, July to June, unless you override it) and the chief-year dates. Sets your
    career stage to resident."""
    profile = service.save_profile(session, user=user, data=data, today=today)
    out = service.profile_out(profile, today=today)
    session.commit()
    return out


@router.get("/cases", response_model=list[CaseLogRow], responses=ERRORS)
def list_case_log_cases(
    session: SessionDep,
    user: CurrentUser,
    entered: Annotated[
        bool | None,
        Query(description="false: only cases not yet entered in the ACGME; true: only entered."),
    ] = None,
) -> list[CaseLogRow]:
    """Your cases with a case-log role, by date, with the primary code first."""
    return service.rows(session, user=user, entered=entered)


@router.get("/cases/{case_id}", response_model=CaseLogRow, responses=ERRORS)
def get_case_log_case(session: SessionDep, user: CurrentUser, case_id: CaseId) -> CaseLogRow:
    """One case's case-log fields (404 for a case without a role, or another user's)."""
    return service.case_row(session, user=user, case_id=case_id)


@router.put("/cases/{case_id}", response_model=CaseLogRow, responses=ERRORS)
def set_case_log_case(
    session: SessionDep, user: CurrentUser, today: UserToday, case_id: CaseId, data: ResidentCaseIn
) -> CaseLogRow:
    """Log your role on a case (for general surgery SC, SJ, TA or FA), the attending, the primary
    line and robotic. An unknown role for your specialty is a 422. The case's credit is
    unchanged."""
    service.set_case(session, user=user, case_id=case_id, data=data, today=today)
    out = service.case_row(session, user=user, case_id=case_id)
    session.commit()
    return out


@router.delete("/cases/{case_id}", status_code=204, responses=ERRORS)
def clear_case_log_case(session: SessionDep, user: CurrentUser, case_id: CaseId) -> Response:
    """Take a case out of the case log (the case itself stays)."""
    service.clear_case(session, user=user, case_id=case_id)
    session.commit()
    return Response(status_code=204)


@router.post("/entered", response_model=EnteredOut, responses=ERRORS)
def mark_entered_in_acgme(
    session: SessionDep, user: CurrentUser, now: Now, data: EnteredIn
) -> EnteredOut:
    """Mark cases as entered in the ACGME system (entered false unmarks them). All or nothing:
    an id that is not one of your logged cases is a 404."""
    n = service.mark_entered(
        session, user=user, case_ids=data.case_ids, entered=data.entered, now=now
    )
    session.commit()
    return EnteredOut(updated=n)


@router.post(
    "/categories",
    response_model=CaseLogImportOut,
    status_code=201,
    responses=ERRORS,
    openapi_extra=_upload_example(MAPPING_EXAMPLE),
)
def import_case_log_categories(
    session: SessionDep,
    user: CurrentUser,
    today: UserToday,
    file: CsvFile,
    academic_year: Annotated[
        int | None,
        Form(
            ge=2000,
            le=2100,
            description="The academic year the mapping is for, by the year "
            "it starts in (2026 = July 2026 to June 2027; default: the current one).",
        ),
    ] = None,
) -> CaseLogImportOut:
    """Import your programme's CPT-to-defined-category mapping for your specialty: a CSV with the
    columns `code,category` (a code may appear on several rows, one per category). It replaces
    the mapping of the same academic year. A malformed code is a 422 naming the row."""
    out = tally.import_categories(
        session, user=user, content=read_limited(file), academic_year=academic_year, today=today
    )
    session.commit()
    return out


@router.post(
    "/minimums",
    response_model=CaseLogImportOut,
    status_code=201,
    responses=ERRORS,
    openapi_extra=_upload_example(MINIMUMS_EXAMPLE),
)
def import_case_log_minimums(
    session: SessionDep, user: CurrentUser, file: CsvFile
) -> CaseLogImportOut:
    """Import minimums for your specialty: a CSV `category,minimum[,parent]` (the categories
    total_major, chief_year and teaching_assistant set the totals). They replace the shipped
    minimums and any imported before."""
    out = tally.import_minimums(session, user=user, content=read_limited(file))
    session.commit()
    return out


@router.get("/progress", response_model=ProgressOut, responses=ERRORS)
def case_log_progress(session: SessionDep, user: CurrentUser, today: UserToday) -> ProgressOut:
    """Where you stand toward graduation: total major (general surgery: SC + SJ + the first 50
    TA, FA never), chief-year and teaching-assistant counts, each defined category by role with
    its minimum and what remains, and each post-graduate year, with the rules used."""
    return tally.progress(session, user, today=today)


@router.get(
    "/export",
    response_class=Response,
    responses={
        **ERRORS,
        200: {
            "description": "The case log as CSV (entry-form order) or the PDF report.",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            },
        },
    },
)
def export_case_log(
    session: SessionDep,
    user: CurrentUser,
    today: UserToday,
    format: Annotated[ResidentLogFormat, Query(description="csv or pdf")] = ResidentLogFormat.csv,
) -> Response:
    """csv: each case in the order of the ACGME entry form (date, case id, year, site, attending,
    role, codes with the primary first, robotic), to copy row by row. pdf: the defined-category
    and minimums report for your programme director."""
    # reportlab (about 7 MB resident) is loaded by the first export, not by every server.
    from rvuedge.residency import export

    if format is ResidentLogFormat.csv:
        service.get_profile(session, user=user)
        body = export.csv_bytes(service.rows(session, user=user))
    else:
        body = export.pdf_bytes(
            tally.progress(session, user, today=today), name=user.display_name, today=today
        )
    name = f"case-log-{today.isoformat()}.{format.value}"
    return Response(
        body,
        media_type=MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
