import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Response, UploadFile, status
from sqlalchemy.exc import IntegrityError

from rvuedge.api.auth import CurrentUser, UserToday
from rvuedge.db import read_next
from rvuedge.deps import Now, SessionDep
from rvuedge.errors import SIGNED_IN_RESPONSES, Conflict, Problem
from rvuedge.imports import batches, service
from rvuedge.imports.schemas import ImportOut, ImportSummary
from rvuedge.imports.values import DATE_FORMAT_HELP
from rvuedge.schemas import TextBool
from rvuedge.uploads import parse_mapping, read_limited

router = APIRouter(prefix="/imports", tags=["imports"])
ERRORS: dict[int | str, dict[str, Any]] = {**SIGNED_IN_RESPONSES, 413: {"model": Problem}}

MAPPING_HELP = (
    "JSON object overriding the recognised columns: field -> column header (or 1-based column "
    'number; null ignores a column), e.g. {"date_of_service": "Svc Date", "modifier_1": 7}. '
    "Fields: date_of_service, code, modifiers, modifier_1..modifier_4, units, site, setting, "
    "role, encounter_ref, note. " + DATE_FORMAT_HELP
)

ImportId = Annotated[uuid.UUID, Path(description="The import's id (from POST /imports).")]

# The multipart body, as a client sends it: the file part holds the file's own bytes.
UPLOAD_EXAMPLE = {
    "file": "Svc Date,CPT,Mod\n2026-03-02,47562,\n2026-03-02,49505,\n2026-03-09,44970,\n",
    "mapping": '{"date_of_service": "Svc Date", "code": "CPT", "modifier_1": "Mod"}',
    "skip_invalid_rows": False,
}


@router.post(
    "",
    response_model=ImportOut,
    status_code=status.HTTP_201_CREATED,
    responses=ERRORS,
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "examples": {
                        "csv_with_mapping": {
                            "summary": "A CSV log whose columns have other names, mapped",
                            "value": UPLOAD_EXAMPLE,
                        }
                    }
                }
            }
        }
    },
)
def preview_import(
    session: SessionDep,
    user: CurrentUser,
    today: UserToday,
    file: Annotated[UploadFile, File(description="The past log, CSV (UTF-8) or XLSX")],
    mapping: Annotated[str | None, Form(description=MAPPING_HELP)] = None,
    skip_invalid_rows: Annotated[
        TextBool, Form(description="Leave out rows with problems (listed) instead of refusing")
    ] = False,
) -> ImportOut:
    """A dry run: the columns recognised, the cases commit would create with their credit, the
    rows that look already logged, and each row's problems. Nothing is logged until
    `POST /imports/{id}/commit`."""
    content = read_limited(file)
    record = service.preview_import(
        session,
        user=user,
        content=content,
        filename=file.filename or "upload",
        mapping=parse_mapping(mapping),
        skip_invalid_rows=skip_invalid_rows,
        today=today,
    )
    session.commit()
    return service.import_out(record)


@router.get("", response_model=list[ImportSummary], responses=ERRORS)
def list_imports(session: SessionDep, user: CurrentUser) -> list[ImportSummary]:
    """Your imports, newest first."""
    return [service.import_summary(r) for r in service.list_imports(session, user=user)]


@router.get("/{import_id}", response_model=ImportOut, responses=ERRORS)
def get_import(session: SessionDep, user: CurrentUser, import_id: ImportId) -> ImportOut:
    """One of your imports as previewed (and, once committed, the cases it created); another
    user's id or a deleted import is a 404."""
    return service.import_out(service.get_import(session, user=user, import_id=import_id))


@router.post(
    "/{import_id}/commit", response_model=ImportOut, responses={**ERRORS, 409: {"model": Problem}}
)
def commit_import(
    session: SessionDep, user: CurrentUser, today: UserToday, now: Now, import_id: ImportId
) -> ImportOut:
    """Create the previewed cases, all or nothing. They are written in short batches, each
    saved as it finishes (so other users' writes never wait long; `GET /imports/{id}` shows
    `committing` and `done_cases` meanwhile), and become visible together at the end. Cases that
    look logged already are left out, so the same file imported twice creates its cases once;
    if the request is cut off, sending it again finishes the job."""
    session.commit()  # (signing in read the user): the import is valued without the lock
    try:
        for record in batches.commit_batches(  # noqa: B007
            session, user=user, import_id=import_id, today=today, now=now
        ):
            session.commit()
    except IntegrityError:
        session.rollback()  # the same import committed at the same moment by another request
        raise Conflict("This import is being committed by another request; reload it.") from None
    read_next(session)  # the answer loads the import again: without the write lock
    return service.import_out(record)


@router.delete(
    "/{import_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**ERRORS, 409: {"model": Problem}},
)
def delete_import(
    session: SessionDep, user: CurrentUser, now: Now, import_id: ImportId
) -> Response:
    """Remove the cases this import created (they leave tombstones for sync) and the import,
    in short batches like the commit (`deleting` and `done_cases` show the progress)."""
    for _ in batches.delete_batches(session, user=user, import_id=import_id, now=now):
        session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
