"""Cases written staged (by an import's batches): stored but invisible until published together.

A staged case has `deleted_at` set to STAGED_AT, so no list, report, export or duplicate check
sees it, and it counts in no daily total. Its change number holds its place in the import
instead, negated (-1 for the first case to create, -2 for the next, ...): below every real change
number, so no sync feed returns it, and the order in which publishing numbers the cases.

Staging is split so that the write lock is held only for writing: value() prices a case and
builds its rows (reads only: run it in a read transaction), write() stores a batch of them in
two statements. Publishing is three statements whatever the size of the import: the owner's
change numbers reserved, the staged cases' sums added to their days' rollup rows, and one
UPDATE that makes them live, each numbered by its place. Undo tombstones a batch of the
import's cases by key and recomputes their days. Services take the session first, flush, and
never commit.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, delete, update
from sqlmodel import Session, col, select

from rvuedge.cases import valuation as v
from rvuedge.cases.changes import reserve_changes
from rvuedge.cases.create import new_case, request_hash
from rvuedge.cases.models import Case, CaseLine
from rvuedge.cases.pricing import credit_case, price_new
from rvuedge.cases.queries import live
from rvuedge.cases.rollup import add_sums, day_sums_select, refresh_days
from rvuedge.cases.schemas import CaseCreate
from rvuedge.users.models import User

# A staged case's deleted_at: a moment no real deletion has (cases are logged from 2000 on).
STAGED_AT = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class StagedCase:
    """A case valued for an import, not stored yet: its row and its lines' rows."""

    case: dict[str, Any]
    lines: list[dict[str, Any]]
    total_wrvu: Decimal


def value(
    session: Session,
    *,
    user: User,
    data: CaseCreate,
    today: date,
    import_id: uuid.UUID,
    place: int,
    key: uuid.UUID,
) -> StagedCase:
    """Value a case as the case log would log it (cases/create.py: the same checks, pricing and
    request hash) and build its rows, staged: the place-th case (from 0) the import creates. Only
    reads. data.id is its API id (the import's own, deterministic); `key` its key: the same
    unless another case holds that as its key (taken_keys)."""
    assert data.id is not None
    v.check_date(data.date_of_service, today=today)
    priced_at, valuation = price_new(session, user=user, data=data)
    case = new_case(
        data,
        user_id=user.id,
        key=key,
        client_id=data.id,
        place=priced_at,
        digest=request_hash(data),
        import_id=import_id,
        deleted_at=STAGED_AT,
        change_seq=-(place + 1),
    )
    lines = credit_case(session, case, valuation, locality=priced_at.locality)
    return StagedCase(case.values(), [line.values() for line in lines], case.total_wrvu)


def taken_keys(session: Session, keys: list[uuid.UUID]) -> set[uuid.UUID]:
    """Those of these keys that a case (any owner's) holds: ids are per owner, so an import's
    case whose id another user's case has as its key gets a fresh key (cases/create.py)."""
    return set(session.exec(select(col(Case.id)).where(col(Case.id).in_(keys))))


def write(session: Session, cases: list[StagedCase]) -> None:
    """Store valued cases, staged: two executemany statements, Core inserts (no rollup row
    changes)."""
    if cases:
        case_table = Case.__table__  # type: ignore[attr-defined]
        line_table = CaseLine.__table__  # type: ignore[attr-defined]
        session.execute(case_table.insert(), [c.case for c in cases])
        session.execute(line_table.insert(), [line for c in cases for line in c.lines])


def _staged(user_id: uuid.UUID, import_id: uuid.UUID) -> Any:
    return (
        (col(Case.user_id) == user_id)
        & (col(Case.import_id) == import_id)
        & (col(Case.deleted_at) == STAGED_AT)
    )


def staged_cases(
    session: Session, *, user_id: uuid.UUID, import_id: uuid.UUID
) -> dict[uuid.UUID, tuple[int, Decimal]]:
    """The import's staged cases: API id -> (change number, credit). The import's published
    cases are not among them."""
    rows = session.execute(
        select(col(Case.client_id), col(Case.change_seq), col(Case.total_wrvu)).where(
            _staged(user_id, import_id)
        )
    )
    return {row.client_id: (row.change_seq, row.total_wrvu) for row in rows}


def import_case_ids(
    session: Session, *, user_id: uuid.UUID, import_id: uuid.UUID
) -> set[uuid.UUID]:
    """The API ids of every case an import wrote, staged or not."""
    statement = select(col(Case.client_id)).where(
        col(Case.user_id) == user_id, col(Case.import_id) == import_id
    )
    return set(session.exec(statement))


def set_places(session: Session, *, user_id: uuid.UUID, places: dict[uuid.UUID, int]) -> None:
    """Give staged cases their place (cases staged before places existed had change number 0)."""
    if places:
        table = Case.__table__  # type: ignore[attr-defined]  # Core: one executemany
        session.execute(
            update(table)
            .where(
                table.c.user_id == user_id,
                table.c.client_id == bindparam("key"),
                table.c.deleted_at == STAGED_AT,
            )
            .values(change_seq=bindparam("seq")),
            [{"key": key, "seq": -(n + 1)} for key, n in places.items()],
        )


def publish(
    session: Session, *, user_id: uuid.UUID, import_id: uuid.UUID, places: int, now: datetime
) -> None:
    """Make the import's staged cases live together, `places` of them at most: each takes the
    change number of its place among the owner's next `places` (the sync feed pages by them),
    and their sums are added to their days' rollup rows, in the same transaction. Three
    statements, whatever the import's size; a second publisher finds nothing staged and
    changes nothing but the counter."""
    session.flush()
    before_first = reserve_changes(session, user_id, places) - places  # also the owner's lock
    add_sums(session, day_sums_select(user_id, cases=_staged(user_id, import_id)))
    table = Case.__table__  # type: ignore[attr-defined]
    session.execute(
        update(table)
        .where(
            table.c.user_id == user_id,
            table.c.import_id == import_id,
            table.c.deleted_at == STAGED_AT,
        )
        .values(deleted_at=None, updated_at=now, change_seq=before_first - table.c.change_seq)
    )
    session.expire_all()  # any case this session holds is stale now


def tombstone(
    session: Session, *, user_id: uuid.UUID, import_id: uuid.UUID, limit: int, now: datetime
) -> int:
    """Delete up to `limit` of the import's live cases as the case log deletes one (a tombstone
    with the next change number and version, its day recomputed), in one executemany and one
    recompute. Returns how many."""
    rows = session.execute(
        select(col(Case.id), col(Case.date_of_service))
        .where(col(Case.user_id) == user_id, col(Case.import_id) == import_id, live())
        .limit(limit)
    ).all()
    if not rows:
        return 0
    first = reserve_changes(session, user_id, len(rows)) - len(rows) + 1
    table = Case.__table__  # type: ignore[attr-defined]
    session.execute(
        update(table)
        .where(table.c.id == bindparam("key"))
        .values(
            deleted_at=now, updated_at=now, version=table.c.version + 1, change_seq=bindparam("seq")
        ),
        [{"key": row.id, "seq": first + n} for n, row in enumerate(rows)],
    )
    session.expire_all()
    refresh_days(session, user_id, {row.date_of_service for row in rows})
    return len(rows)


def drop_staged(session: Session, *, user_id: uuid.UUID, import_id: uuid.UUID) -> None:
    """Remove the import's staged cases outright (never seen, so no tombstones)."""
    staged = select(col(Case.id)).where(_staged(user_id, import_id))
    session.execute(delete(CaseLine).where(col(CaseLine.case_id).in_(staged)))
    session.execute(
        delete(Case)
        .where(col(Case.id).in_(staged.scalar_subquery()))
        .execution_options(synchronize_session=False)
    )
