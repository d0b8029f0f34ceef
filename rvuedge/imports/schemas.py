"""Answers of the import endpoints."""

import uuid
from datetime import date

from pydantic import BaseModel, Field

from rvuedge.schemas import Instant, Num


class ColumnOut(BaseModel):
    field: str = Field(description="What the column holds, e.g. date_of_service")
    column: str = Field(description="The column's header in the file")
    index: int = Field(description="1-based column number")
    how: str = Field(description="Recognised from the header, or set by the mapping")


class RowError(BaseModel):
    row: int | None = Field(description="1-based row number in the file")
    column: str | None = Field(description="The column's header")
    msg: str


class PlannedLineOut(BaseModel):
    row: int
    code: str
    modifiers: list[str]
    units: int
    credited_wrvu: Num


class PlannedCaseOut(BaseModel):
    rows: list[int]
    date_of_service: date
    encounter_ref: str | None
    setting: str
    site: str | None
    role: str
    note: str | None
    lines: list[PlannedLineOut]
    total_wrvu: Num
    already_logged: uuid.UUID | None = Field(
        description="The logged case this one looks like; commit leaves it out"
    )
    case_id: uuid.UUID | None = Field(default=None, description="The case commit created from it")


class ImportOut(BaseModel):
    id: uuid.UUID
    status: str = Field(description="preview, committed or deleted")
    filename: str
    file_kind: str
    rows_read: int
    columns: list[ColumnOut]
    unused_columns: list[str]
    cases_to_create: int
    already_logged: int
    wrvu_to_add: Num = Field(description="Credit of the cases commit creates (or created)")
    skipped_rows: list[RowError] = Field(
        description="Rows left out (with skip_invalid_rows), each with its problem"
    )
    cases: list[PlannedCaseOut]
    created_cases: int
    created_at: Instant
    committed_at: Instant | None


class ImportSummary(BaseModel):
    id: uuid.UUID
    status: str
    filename: str
    rows_read: int
    cases_to_create: int
    created_cases: int
    wrvu_to_add: Num
    created_at: Instant
    committed_at: Instant | None
