"""Keeping the daily rollup exact. Services take the session first and never commit.

Every write to a case (create, update, delete, revalue) calls refresh_days() for the dates it
touched, inside the same transaction: the days are recomputed from their lines, so the rollup can
never drift from the log, and a day holds a handful of cases, so the recompute is cheap.
"""

import uuid
from collections.abc import Iterable
from datetime import date

from sqlalchemy import BigInteger, Select, cast, delete, func, insert, select
from sqlmodel import Session, col

from rvuedge.cases.models import Case, CaseLine, DailyTotal
from rvuedge.cases.queries.cases import live
from rvuedge.cases.queries.sums import line_work_cents, micro
from rvuedge.users.models import User


def day_sums_select(
    user_id: uuid.UUID, days: list[date] | None = None
) -> Select[uuid.UUID, date, int, int, int, int, int, int]:
    """Per date of service: cases, lines and the exact integer sums of the user's live lines."""
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
        .where(col(Case.user_id) == user_id, live())
        .group_by(col(Case.user_id), col(Case.date_of_service))
    )
    if days is not None:
        statement = statement.where(col(Case.date_of_service).in_(days))
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
