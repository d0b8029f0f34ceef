"""Keeping the daily rollup exact. Services take the session first and never commit.

A new case adds its own sums to its day in one statement (add_case: INSERT ... SELECT its lines
... ON CONFLICT DO UPDATE adding them), computed by the same SQL as a recompute, so the integer
sums stay equal to a recompute of the day. Every other write to a case (update, delete, revalue,
an import's staging and publishing) calls refresh_days() for the dates it touched, inside the
same transaction: the days are recomputed from their lines under the owner's row lock.

On PostgreSQL the two never interleave for one user: a new case holds its owner's row lock from
its change number (cases/create.py) to its commit, and refresh_days takes the same lock before
reading; different users never wait for each other.
"""

import uuid
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    Uuid,
    bindparam,
    cast,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.dml import Insert
from sqlalchemy.sql.elements import BindParameter
from sqlmodel import Session, col

from rvuedge.cases.models import Case, CaseLine, DailyTotal
from rvuedge.cases.queries.cases import live
from rvuedge.cases.queries.sums import line_work_cents, micro
from rvuedge.db import is_sqlite
from rvuedge.users.models import User


def day_sums_select(
    user_id: uuid.UUID | BindParameter[uuid.UUID],
    days: list[date] | None = None,
    *,
    case_id: uuid.UUID | BindParameter[uuid.UUID] | None = None,
    cases: ColumnElement[bool] | None = None,
) -> Select[uuid.UUID, date, int, int, int, int, int, int]:
    """Per date of service: cases, lines and the exact integer sums of the user's live lines
    (or of the user's cases that `cases` selects instead, e.g. an import's staged ones)."""
    credited = micro(col(CaseLine.credited_wrvu))
    cf_ten_thousandths = cast(func.round(col(CaseLine.conversion_factor) * 10_000), BigInteger)
    statement = (
        select(
            col(Case.user_id),
            col(Case.date_of_service),
            func.count(func.distinct(col(Case.id))),
            func.count(),
            func.sum(credited),
            func.sum(micro(col(CaseLine.base_wrvu))),
            func.sum(line_work_cents(credited, cf_ten_thousandths)),
            func.sum(cast(func.round(col(CaseLine.estimated_payment) * 100), BigInteger)),
        )
        .join(CaseLine, col(CaseLine.case_id) == col(Case.id))
        .where(col(Case.user_id) == user_id, live() if cases is None else cases)
        .group_by(col(Case.user_id), col(Case.date_of_service))
    )
    if days is not None:
        statement = statement.where(col(Case.date_of_service).in_(days))
    if case_id is not None:
        statement = statement.where(col(Case.id) == case_id)
    return statement


COLUMNS = [
    "user_id",
    "day",
    "cases",
    "lines",
    "credited_micro",
    "base_micro",
    "work_value_cents",
    "payment_cents",
]


def refresh_days(session: Session, user_id: uuid.UUID, days: Iterable[date]) -> None:
    """Recompute the user's rollup rows for these dates from their lines (call after a flush)."""
    wanted = sorted(set(days))
    if not wanted:
        return
    _serialize(session, user_id)
    session.execute(
        delete(DailyTotal).where(
            col(DailyTotal.user_id) == user_id, col(DailyTotal.day).in_(wanted)
        )
    )
    session.execute(insert(DailyTotal).from_select(COLUMNS, day_sums_select(user_id, wanted)))


def add_case(session: Session, user_id: uuid.UUID, case_id: uuid.UUID) -> None:
    """Add a just-written new case's sums to its day's row (inserted if the day had none)."""
    statement = _add_case_statement("sqlite" if is_sqlite(session) else "postgresql")
    session.execute(statement, {"rollup_user": user_id, "rollup_case": case_id})


@lru_cache(maxsize=2)
def _add_case_statement(dialect: str) -> Insert:
    """Built once per dialect, with bound parameters: building the upsert per case (its select,
    its sums, `excluded`) cost more CPU than running it."""
    user, case = bindparam("rollup_user", type_=Uuid()), bindparam("rollup_case", type_=Uuid())
    return _adding(dialect, day_sums_select(user, case_id=case))


def add_sums(session: Session, sums: Select[uuid.UUID, date, int, int, int, int, int, int]) -> None:
    """Add per-day sums (a day_sums_select of cases that count in no row yet, about to become
    live in this transaction) to their days' rows, inserting the days that had none: one
    statement, whose integer sums equal a recompute of those days once the cases are live."""
    session.execute(_adding("sqlite" if is_sqlite(session) else "postgresql", sums))


def _adding(dialect: str, sums: Select[uuid.UUID, date, int, int, int, int, int, int]) -> Insert:
    """INSERT these per-day sums, adding them to a day's row where it exists (Core: the ORM's
    bulk path is slower)."""
    insert_of = sqlite_insert if dialect == "sqlite" else postgresql_insert
    table = DailyTotal.__table__  # type: ignore[attr-defined]
    statement = insert_of(table).from_select(COLUMNS, sums)
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=["user_id", "day"],
        set_={name: table.c[name] + excluded[name] for name in COLUMNS[2:]},
    )


def rebuild_user(session: Session, user_id: uuid.UUID) -> None:
    """Recompute every day of one user (repairs; the migration backfills the same way)."""
    _serialize(session, user_id)
    session.execute(delete(DailyTotal).where(col(DailyTotal.user_id) == user_id))
    session.execute(insert(DailyTotal).from_select(COLUMNS, day_sums_select(user_id)))


def _serialize(session: Session, user_id: uuid.UUID) -> None:
    """One refresh per user at a time. On PostgreSQL two transactions logging cases for the same
    day would otherwise both delete and re-insert its row (a duplicate key), or one would write
    sums computed before the other's case was visible. FOR NO KEY UPDATE does not conflict with
    the key-share lock that inserting a case takes on the user row, so it cannot deadlock with
    it. SQLite already runs one writer at a time (the clause is left out there)."""
    session.execute(
        select(col(User.id)).where(col(User.id) == user_id).with_for_update(key_share=True)
    )
