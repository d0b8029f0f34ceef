"""Cases written staged (by an import's batches): stored but invisible until published together.

A staged case has `deleted_at` set to STAGED_AT and no change number, so no list, report, export,
sync feed or duplicate check sees it. Publishing makes a set of them visible in one short
transaction, each with its change number in the order given. Services take the session first,
flush, and never commit.
"""

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import bindparam, delete, update
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from rvuedge.cases.changes import reserve_changes
from rvuedge.cases.models import Case, CaseLine
from rvuedge.cases.queries import live
from rvuedge.cases.rollup import refresh_days

# A staged case's deleted_at: a moment no real deletion has (cases are logged from 2000 on).
STAGED_AT = datetime(1970, 1, 1, tzinfo=UTC)


def stage(session: Session, case: Case, *, import_id: uuid.UUID) -> None:
    """Hide a case just created for an import until the import is published."""
    case.import_id = import_id
    case.deleted_at = STAGED_AT
    case.change_seq = 0  # out of the sync feed until published
    session.add(case)


def settle_days(session: Session, user_id: uuid.UUID, days: Iterable[date]) -> None:
    """Recompute the daily totals of these days (after staging: staged cases count in none)."""
    refresh_days(session, user_id, sorted(set(days)))


def import_case_ids(
    session: Session, *, user_id: uuid.UUID, import_id: uuid.UUID
) -> set[uuid.UUID]:
    """The API ids of every case an import wrote, staged or not."""
    statement = select(col(Case.client_id)).where(
        col(Case.user_id) == user_id, col(Case.import_id) == import_id
    )
    return set(session.exec(statement))


class Published(NamedTuple):
    client_id: uuid.UUID
    total_wrvu: Decimal


def publish(
    session: Session,
    *,
    user_id: uuid.UUID,
    import_id: uuid.UUID,
    order: list[uuid.UUID],
    now: datetime,
) -> list[tuple[int, Published]]:
    """Make the import's staged cases visible together. `order` lists API ids in the file's
    order; each staged case found among them gets the next change number (the sync feed pages by
    them), and the days they fall on are recomputed. Returns (index in order, case) of those
    published.

    This transaction holds the write lock while other users wait, so it reads the few columns
    it needs rather than every staged case as an object (10,000 of them took seconds)."""
    session.flush()
    staged = {
        row.client_id: row
        for row in session.execute(
            select(
                col(Case.id), col(Case.client_id), col(Case.total_wrvu), col(Case.date_of_service)
            ).where(
                col(Case.user_id) == user_id,
                col(Case.import_id) == import_id,
                col(Case.deleted_at) == STAGED_AT,
            )
        )
    }
    published = [(i, staged[key]) for i, key in enumerate(order) if key in staged]
    last = reserve_changes(session, user_id, len(published))
    first = last - len(published) + 1
    if published:
        table = Case.__table__  # type: ignore[attr-defined]  # Core: one executemany
        session.execute(
            update(table)
            .where(table.c.id == bindparam("case_key"))
            .values(deleted_at=None, updated_at=now, change_seq=bindparam("seq")),
            [{"case_key": row.id, "seq": first + n} for n, (_, row) in enumerate(published)],
        )
        for _, row in published:  # a staged case this session holds is stale now
            held = session.identity_map.get(identity_key(Case, row.id))
            if held is not None:
                session.expire(held)
    refresh_days(session, user_id, sorted({row.date_of_service for _, row in published}))
    return [(i, Published(row.client_id, row.total_wrvu)) for i, row in published]


def live_import_cases(
    session: Session, *, user_id: uuid.UUID, import_id: uuid.UUID, limit: int
) -> list[Case]:
    """Up to `limit` of the import's published cases that are not deleted yet."""
    statement = (
        select(Case)
        .where(col(Case.user_id) == user_id, col(Case.import_id) == import_id, live())
        .limit(limit)
    )
    return list(session.exec(statement))


def drop_staged(session: Session, *, user_id: uuid.UUID, import_id: uuid.UUID) -> None:
    """Remove the import's staged cases outright (never seen, so no tombstones)."""
    staged = select(col(Case.id)).where(
        col(Case.user_id) == user_id,
        col(Case.import_id) == import_id,
        col(Case.deleted_at) == STAGED_AT,
    )
    session.execute(delete(CaseLine).where(col(CaseLine.case_id).in_(staged)))
    session.execute(
        delete(Case)
        .where(col(Case.id).in_(staged.scalar_subquery()))
        .execution_options(synchronize_session=False)
    )
