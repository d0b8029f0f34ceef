"""The case log: cases (one encounter each), their credited lines, the daily rollup of those
lines, favorites and templates.

Other features' tables are named by their table name in foreign keys (user_account,
case_import): this module imports no other feature's models."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel

from rvuedge.timeutil import utc_now

EXACT = Numeric(16, 6)


def _now_column() -> Any:
    return Field(default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False))


class Case(SQLModel, table=True):
    """One encounter: one patient, one session. Identifies no patient."""

    __tablename__ = "logged_case"
    __table_args__ = (
        Index("ix_logged_case_user_date", "user_id", "date_of_service"),
        Index("ix_logged_case_user_change", "user_id", "change_seq"),
        UniqueConstraint("user_id", "client_id"),
    )

    # The server's key (foreign keys point here); never shown by the API.
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE")
    # The case's id in the API, unique per owner: the one the phone chose, else the key. The two
    # differ only when another user's case already holds the chosen id (migration 0015).
    client_id: uuid.UUID
    date_of_service: date
    setting: str = Field(max_length=20)
    site: str | None = Field(default=None, max_length=100)
    # The locality the case stated (None: its saved site's, else the profile's, at valuation).
    locality: str | None = Field(default=None, max_length=8)
    # Where `setting` came from: case, site or profile (None: logged before sites existed).
    setting_source: str | None = Field(default=None, max_length=10)
    role: str = Field(default="surgeon", max_length=20)
    related_case_id: uuid.UUID | None = Field(
        default=None, foreign_key="logged_case.id", ondelete="SET NULL"
    )
    note: str | None = Field(default=None, max_length=280)
    # The charge, FIN or encounter number the physician sees; matched against employer reports.
    encounter_ref: str | None = Field(default=None, max_length=40)
    # The import that created the case, if any (deleting the import removes its cases).
    import_id: uuid.UUID | None = Field(
        default=None, foreign_key="case_import.id", ondelete="SET NULL", index=True
    )
    release: str = Field(max_length=5)
    release_note: str | None = Field(default=None, max_length=300)
    # Valued with a stand-in because the release in force on the date is not imported yet;
    # importing that release revalues the case (cases/provisional.py).
    provisional: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    total_wrvu: Decimal = Field(sa_column=Column(EXACT, nullable=False))  # its lines' credits
    base_wrvu: Decimal = Field(sa_column=Column(EXACT, nullable=False))
    credit_profile: str = Field(max_length=40)
    # The Medicare locality whose GPCIs priced estimated_payment (None: national).
    payment_locality: str | None = Field(default=None, max_length=8)
    notes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    request_hash: str = Field(max_length=64)
    version: int = 1
    # The owner's change counter at this case's latest change (cases/changes.py): the sync cursor.
    change_seq: int = Field(
        default=0, sa_column=Column(BigInteger, nullable=False, server_default="0")
    )
    created_at: datetime = _now_column()
    updated_at: datetime = _now_column()
    deleted_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class CaseLine(SQLModel, table=True):
    """One credited line, with the CMS numbers it was valued from (never rewritten by imports)."""

    __tablename__ = "case_line"
    __table_args__ = (UniqueConstraint("case_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="logged_case.id", ondelete="CASCADE", index=True)
    position: int
    code: str = Field(max_length=5, index=True)
    modifiers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    units: int = 1
    release: str | None = Field(default=None, max_length=5)
    provisional: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    row_modifier: str = Field(default="", max_length=2)
    work_rvu: Decimal = Field(sa_column=Column(EXACT, nullable=False))
    total_rvu: Decimal = Field(sa_column=Column(EXACT, nullable=False))
    conversion_factor: Decimal = Field(sa_column=Column(Numeric(9, 4), nullable=False))
    base_wrvu: Decimal = Field(sa_column=Column(EXACT, nullable=False))
    # The credit in hundredths of a wRVU (every total adds these), and the engine's exact value
    # it was rounded half up from (the explanation, and the share that prices the line).
    credited_wrvu: Decimal = Field(sa_column=Column(EXACT, nullable=False))
    credited_wrvu_exact: Decimal = Field(sa_column=Column(EXACT, nullable=False))
    estimated_payment: Decimal = Field(sa_column=Column(Numeric(12, 2), nullable=False))
    adjustments: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    rank: int | None = None
    global_days: str | None = Field(default=None, max_length=3)
    global_start: date | None = None
    global_end: date | None = None


class Favorite(SQLModel, table=True):
    """A code the user logs often, with its usual modifiers, in the user's order."""

    __tablename__ = "favorite"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    code: str = Field(max_length=5)
    modifiers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    label: str | None = Field(default=None, max_length=100)
    position: int = 0
    created_at: datetime = _now_column()


class CaseTemplate(SQLModel, table=True):
    """A named set of lines, e.g. "lap chole + IOC"."""

    __tablename__ = "case_template"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=100)
    lines: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    created_at: datetime = _now_column()
    updated_at: datetime = _now_column()


class DailyTotal(SQLModel, table=True):
    """The daily rollup: one row per user and date of service that has credited lines, kept
    exact inside every transaction that changes a case (cases/rollup.py).

    Sums are integers in fixed units, so adding them up is exact on every engine (SQLite stores
    NUMERIC columns as floating point): wRVU in millionths, work value (wRVU x conversion factor)
    in 1e-10 dollars, estimated payment in cents."""

    __tablename__ = "daily_total"

    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE", primary_key=True)
    day: date = Field(primary_key=True)
    cases: int
    lines: int
    credited_micro: int = Field(sa_column=Column(BigInteger, nullable=False))
    base_micro: int = Field(sa_column=Column(BigInteger, nullable=False))
    work_value_cents: int = Field(sa_column=Column(BigInteger, nullable=False))
    payment_cents: int = Field(sa_column=Column(BigInteger, nullable=False))
