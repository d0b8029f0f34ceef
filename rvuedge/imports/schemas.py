"""Answers of the import endpoints."""

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from rvuedge.calc.credit import Setting
from rvuedge.cases.schemas import Role
from rvuedge.schemas import Instant, Num

ImportStatus = Literal["preview", "committing", "committed", "deleting"]
STATUS_HELP = (
    "preview until committed; committing while a commit writes its batches (the cases become "
    "visible together at its end); deleting while an undo removes them; a deleted import is no "
    "longer served."
)


class ColumnOut(BaseModel):
    field: str = Field(description="What the column holds, e.g. date_of_service")
    column: str = Field(description="The column's header in the file")
    index: int = Field(description="1-based column number")
    how: str = Field(description="Recognised from the header, or set by the mapping")


class RowError(BaseModel):
    row: int | None = Field(description="1-based row number in the file")
    column: str | None = Field(description="The column's header")
    msg: str = Field(description="What is wrong with the row, in words.")


class PlannedLineOut(BaseModel):
    row: int = Field(description="1-based row number of the line in the file.")
    code: str = Field(description="The CPT/HCPCS code read.")
    modifiers: list[str] = Field(description='The modifiers read, e.g. ["50"].')
    units: int = Field(description="The units read (1 when the file has none).")
    credited_wrvu: Num = Field(
        description="The line's credited wRVU as the case log would credit it, two decimals."
    )


class PlannedCaseOut(BaseModel):
    rows: list[int] = Field(description="1-based numbers of the file rows grouped into the case.")
    date_of_service: date = Field(description="The case's date of service.")
    encounter_ref: str | None = Field(
        description="Your own encounter reference from the file; null when none."
    )
    setting: Setting = Field(
        description="The setting the preview credited: the file's, else your profile's default."
    )
    site: str | None = Field(description="The site name from the file; null when none.")
    role: Role = Field(description="Your role in the case (surgeon when the file has none).")
    note: str | None = Field(description="The free-text note from the file; null when none.")
    lines: list[PlannedLineOut] = Field(description="The case's procedure lines, in file order.")
    total_wrvu: Num = Field(description="The case's credited wRVU, two decimals.")
    already_logged: uuid.UUID | None = Field(
        description="The logged case this one looks like; commit leaves it out"
    )
    case_id: uuid.UUID | None = Field(default=None, description="The case commit created from it")


class ImportOut(BaseModel):
    id: uuid.UUID = Field(description="The import's id.")
    status: ImportStatus = Field(description=STATUS_HELP)
    filename: str = Field(description="The uploaded file's name.")
    file_kind: Literal["csv", "xlsx"] = Field(description="How the file was read.")
    rows_read: int = Field(description="Data rows read below the header (blank rows left out).")
    data_lines: int = Field(
        description="Rows the file holds below its header, blank ones included: always "
        "rows_in_cases + blank_rows + invalid_rows."
    )
    rows_in_cases: int = Field(description="Rows that became lines of the planned cases.")
    blank_rows: int = Field(description="Blank rows, left out.")
    invalid_rows: int = Field(
        description="Rows refused (with skip_invalid_rows), with the rows of a case one of them "
        "belongs to; skipped_rows lists the problems."
    )
    columns: list[ColumnOut] = Field(description="The columns used, and what each holds.")
    unused_columns: list[str] = Field(description="Headers of the columns nothing was read from.")
    cases_to_create: int = Field(
        description="Planned cases that do not look logged already (what commit creates)."
    )
    already_logged: int = Field(description="Planned cases that look logged already.")
    wrvu_to_add: Num = Field(description="Credit of the cases commit creates (or created)")
    skipped_rows: list[RowError] = Field(
        description="Rows left out (with skip_invalid_rows), each with its problem"
    )
    cases: list[PlannedCaseOut] = Field(description="Every planned case, in file order.")
    created_cases: int = Field(description="Cases the commit created (0 before it).")
    done_cases: int = Field(
        description="Progress of a running commit or undo: cases written (committing) or "
        "removed (deleting) so far."
    )
    created_at: Instant = Field(description="When the file was previewed, UTC.")
    committed_at: Instant | None = Field(description="When it was committed, UTC; null before.")


class ImportSummary(BaseModel):
    id: uuid.UUID = Field(description="The import's id.")
    status: ImportStatus = Field(description=STATUS_HELP)
    filename: str = Field(description="The uploaded file's name.")
    rows_read: int = Field(description="Data rows read below the header.")
    cases_to_create: int = Field(description="Planned cases that do not look logged already.")
    created_cases: int = Field(description="Cases the commit created (0 before it).")
    wrvu_to_add: Num = Field(description="Credit of the cases commit creates (or created).")
    created_at: Instant = Field(description="When the file was previewed, UTC.")
    committed_at: Instant | None = Field(description="When it was committed, UTC; null before.")
