"""An import of a past log: its preview (what commit would create) and, once committed, cases."""

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Numeric
from sqlmodel import Field, SQLModel

from rvuedge.timeutil import utc_now


class CaseImport(SQLModel, table=True):
    __tablename__ = "case_import"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    filename: str = Field(max_length=200)
    file_sha256: str = Field(max_length=64)
    file_kind: str = Field(max_length=10)
    # preview, committing (batches being written, not yet visible), committed, deleting, deleted
    status: str = Field(default="preview", max_length=20)
    # The columns used: [{field, index, header, how}] and the header as read.
    columns: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    header: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    rows_read: int = 0
    # What the file held below its header (blank rows included), the blank rows left out, and
    # the rows refused (listed, up to 200, in skipped_rows).
    data_lines: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    blank_rows: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    invalid_rows: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Cases created (committing) or removed (deleting) so far by the batches of a running commit
    # or undo: its progress, shown by GET /imports/{id}.
    done_cases: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # The cases commit would create, as previewed: see imports.service for the shape.
    proposal: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    skipped_rows: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    preview_wrvu: Decimal = Field(
        default=Decimal(0), sa_column=Column(Numeric(16, 6), nullable=False)
    )
    created_cases: int = 0
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    committed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    deleted_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
