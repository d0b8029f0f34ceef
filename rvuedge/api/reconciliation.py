import uuid
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, Response, UploadFile, status

from rvuedge.api.auth import CurrentUser, UserToday
from rvuedge.deps import Now, SessionDep
from rvuedge.errors import SIGNED_IN_RESPONSES, Problem
from rvuedge.imports.values import DATE_FORMAT_HELP
from rvuedge.reconciliation import export, service
from rvuedge.reconciliation.schemas import ReconciliationOut, ReconciliationSummary
from rvuedge.schemas import DateIn
from rvuedge.uploads import parse_mapping, read_limited

router = APIRouter(prefix="/reconciliations", tags=["reconciliations"])
ERRORS: dict[int | str, dict[str, Any]] = {**SIGNED_IN_RESPONSES, 413: {"model": Problem}}

MAPPING_HELP = (
    "JSON object overriding the recognised columns: field -> column header (or 1-based column "
    "number; null ignores a column). Fields: date_of_service, post_date, void_date, code, "
    "modifiers, modifier_1..modifier_4, units, wrvu, encounter_ref, site, provider. "
    + DATE_FORMAT_HELP
)


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"


MEDIA = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.PDF: "application/pdf",
}

ReconciliationId = Annotated[
    uuid.UUID, Path(description="The reconciliation's id (from POST /reconciliations).")
]

# The multipart body, as a client sends it: the file part holds the report's own bytes.
UPLOAD_EXAMPLE = {
    "file": "Service Date,CPT,Modifier,Units,wRVU\n"
    "2026-03-02,47562,,1,10.21\n2026-03-02,49505,51,1,3.88\n2026-03-09,44970,,1,9.21\n",
    "start": "2026-03-01",
    "end": "2026-03-31",
    "tolerance_days": 3,
    "mapping": '{"date_of_service": "Service Date", "code": "CPT"}',
}


@router.post(
    "",
    response_model=ReconciliationOut,
    status_code=status.HTTP_201_CREATED,
    responses=ERRORS,
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "examples": {
                        "csv_for_march": {
                            "summary": "An employer's CSV report for March 2026",
                            "value": UPLOAD_EXAMPLE,
                        }
                    }
                }
            }
        }
    },
)
def create_reconciliation(
    session: SessionDep,
    user: CurrentUser,
    today: UserToday,
    file: Annotated[UploadFile, File(description="The employer's report, CSV (UTF-8) or XLSX")],
    start: Annotated[DateIn, Form(description="First date of service of the period")],
    end: Annotated[DateIn, Form(description="Last date of service of the period")],
    tolerance_days: Annotated[
        int,
        Form(description="How many days (0 to 31) a service date may be shifted and still pair"),
    ] = 3,
    mapping: Annotated[str | None, Form(description=MAPPING_HELP)] = None,
) -> ReconciliationOut:
    """Compare the employer's productivity report with your log for a period: matched lines,
    credit differences with their likely reason, logged lines missing from the report (with
    their value under your compensation plan), report lines not in your log, totals by month.
    The findings are stored; the file is not."""
    content = read_limited(file)
    record = service.create_reconciliation(
        session,
        user=user,
        content=content,
        filename=file.filename or "upload",
        mapping=parse_mapping(mapping),
        start=start,
        end=end,
        tolerance_days=tolerance_days,
        today=today,
    )
    session.commit()
    return service.reconciliation_out(record)


@router.get("", response_model=list[ReconciliationSummary], responses=ERRORS)
def list_reconciliations(session: SessionDep, user: CurrentUser) -> list[ReconciliationSummary]:
    """Your reconciliations, newest first."""
    return [
        service.reconciliation_summary(r) for r in service.list_reconciliations(session, user=user)
    ]


@router.get("/{reconciliation_id}", response_model=ReconciliationOut, responses=ERRORS)
def get_reconciliation(
    session: SessionDep, user: CurrentUser, reconciliation_id: ReconciliationId
) -> ReconciliationOut:
    """One of your reconciliations with all its findings, as stored when it was made (another
    user's id is a 404)."""
    record = service.get_reconciliation(session, user=user, reconciliation_id=reconciliation_id)
    return service.reconciliation_out(record)


@router.get(
    "/{reconciliation_id}/export",
    responses={
        **ERRORS,
        200: {"content": {MEDIA[f]: {} for f in ExportFormat}, "description": "The file"},
    },
    response_class=Response,
)
def export_reconciliation(
    session: SessionDep,
    user: CurrentUser,
    reconciliation_id: ReconciliationId,
    now: Now,
    format: Annotated[
        ExportFormat,
        Query(
            description="csv, xlsx (adds a summary, the matched lines and the totals by month) "
            "or pdf (a Letter-size dispute list to print: summary, the three findings as tables, "
            "the totals by month)"
        ),
    ] = ExportFormat.CSV,
) -> Response:
    """The dispute list to hand to the billing office, named reconciliation-START-END.csv|xlsx|pdf
    (XLSX adds a summary, the matched lines and the totals by month; the PDF is the printed
    dispute list, times in your time zone)."""
    record = service.get_reconciliation(session, user=user, reconciliation_id=reconciliation_id)
    out = service.reconciliation_out(record)
    if format == ExportFormat.PDF:
        from rvuedge.reconciliation import dispute_pdf  # imported here: only this export needs it

        body = dispute_pdf.to_pdf(out, user=user, produced_at=now)
    elif format == ExportFormat.XLSX:
        body = export.to_xlsx(out)
    else:
        body = export.to_csv(out)
    name = f"reconciliation-{out.start}-{out.end}.{format.value}"
    return Response(
        body,
        media_type=MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.delete("/{reconciliation_id}", status_code=status.HTTP_204_NO_CONTENT, responses=ERRORS)
def delete_reconciliation(
    session: SessionDep, user: CurrentUser, reconciliation_id: ReconciliationId
) -> Response:
    """Remove one of your reconciliations and its findings (your log is not touched)."""
    service.delete_reconciliation(session, user=user, reconciliation_id=reconciliation_id)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
