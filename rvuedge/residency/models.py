"""The case log's own tables: the resident's programme, each case's ACGME fields (keyed by the
case: a foreign key to logged_case by its table name), and the categories and minimums the
resident imported."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from rvuedge.timeutil import utc_now


def _now() -> Any:
    return Field(default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False))


class ResidentProfile(SQLModel, table=True):
    """The resident's programme: specialty, start, chief year, and a PGY override."""

    __tablename__ = "resident_profile"

    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE", primary_key=True)
    program_specialty: str = Field(max_length=40)
    residency_start: date
    # The current post-graduate year when it differs from the one derived by date (a research
    # year, a repeated year); None: derived.
    pgy_override: int | None = None
    chief_year_start: date | None = None
    chief_year_end: date | None = None
    updated_at: datetime = _now()


class ResidentCase(SQLModel, table=True):
    """A case's case-log fields. One row per case; the case itself is not changed."""

    __tablename__ = "resident_case"
    __table_args__ = (Index("ix_resident_case_user_entered", "user_id", "entered_at"),)

    case_id: uuid.UUID = Field(foreign_key="logged_case.id", ondelete="CASCADE", primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE")
    role: str = Field(max_length=10)
    # A name from the programme's list; never patient data.
    attending: str | None = Field(default=None, max_length=100)
    # The case's line (1-based position) logged as the primary procedure.
    primary_line: int = 1
    robotic: bool = False
    # The resident's post-graduate year on the case's date, fixed when the role was logged.
    pgy: int | None = None
    # When the resident marked the case as entered in the ACGME system (None: not yet).
    entered_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    updated_at: datetime = _now()


class CaseLogCategory(SQLModel, table=True):
    """One row of an imported code-to-category mapping (a code may map to several)."""

    __tablename__ = "case_log_category"
    __table_args__ = (
        UniqueConstraint("user_id", "specialty", "academic_year", "code", "category"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    specialty: str = Field(max_length=40)
    academic_year: int
    code: str = Field(max_length=5)
    category: str = Field(max_length=100)


class CaseLogMinimum(SQLModel, table=True):
    """An imported minimum; when a resident has any for a specialty they replace the shipped."""

    __tablename__ = "case_log_minimum"
    __table_args__ = (UniqueConstraint("user_id", "specialty", "category"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    specialty: str = Field(max_length=40)
    position: int
    category: str = Field(max_length=100)
    minimum: int
    parent: str | None = Field(default=None, max_length=100)
