"""Committing an import, and undoing one, in short batches. Services flush; the caller commits
after each batch (as revalue does), so other users' writes get the lock in between.

A commit of 10,000 rows in one transaction held SQLite's write lock for 44 s: other users' writes
waited 15 s and got 503s. Now each batch writes the cases of a few hundred rows (or half a second
of work) and commits. The cases are written *staged*: stored with `deleted_at` set to STAGED_AT
and no change number, so no list, report, export, sync feed or duplicate check sees them. The
last batch makes them all visible in one short transaction (one UPDATE per case, by key): the
physician sees the whole import or none of it. A commit that fails part way leaves its staged
cases invisible; committing again resumes (a staged case is found by its deterministic id and
not written twice); deleting the import removes them.

Progress is on the import: status `committing` (or `deleting`) and `done_cases`, which
GET /imports/{id} shows while the batches run.
"""

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from rvuedge.cases import service as case_service
from rvuedge.cases.models import Case, CaseLine
from rvuedge.cases.rollup import refresh_days
from rvuedge.failures import Conflict, InvalidInput
from rvuedge.imports.models import CaseImport
from rvuedge.users.models import User

# A staged case's deleted_at: a moment no real deletion has (cases are logged from 2000 on).
STAGED_AT = datetime(1970, 1, 1, tzinfo=UTC)
BATCH_CASES = 300
BATCH_SECONDS = 0.5
# SQLite's busy handler retries a waiting writer about every 100 ms: without a pause the next
# batch would take the lock again before that writer woke up (see cases.service revalue).
PAUSE_SECONDS = 0.11


def case_key(import_id: uuid.UUID, index: int) -> uuid.UUID:
    """The id of the case created from the import's index-th planned case: the same on every
    attempt, so a resumed commit finds the cases it already wrote."""
    from rvuedge.imports.service import CASE_ID_NAMESPACE

    return uuid.uuid5(CASE_ID_NAMESPACE, f"{import_id}:{index}")


def commit_batches(
    session: Session,
    *,
    user: User,
    import_id: uuid.UUID,
    today: date,
    now: datetime,
    batch_cases: int = BATCH_CASES,
    batch_seconds: float = BATCH_SECONDS,
    pause_seconds: float = PAUSE_SECONDS,
) -> Iterator[CaseImport]:
    """Create the previewed cases, staged, batch by batch, then make them visible together.
    Yields the import after each batch is flushed; the caller commits there."""
    from rvuedge.imports import service

    record = service.get_import(session, user=user, import_id=import_id)
    if record.status == "committed":
        yield record
        return
    if record.status == "deleting":
        raise Conflict("This import is being deleted; it cannot be committed.")
    planned = [service.planned_from(p) for p in record.proposal]
    proposal = [dict(p) for p in record.proposal]
    if record.status == "preview":
        # Cases logged since the preview (or by another import of the same file) are left out.
        already = service.already_logged(session, user=user, cases=planned)
        for i, entry in enumerate(proposal):
            entry["already_logged"] = str(already[i]) if i in already else None
        record.proposal = proposal
        record.status = "committing"
        record.done_cases = 0
        session.add(record)
        session.flush()
        yield record
    staged = {
        case.client_id
        for case in session.exec(
            select(Case).where(Case.user_id == user.id, Case.import_id == record.id)
        )
    }
    todo = [
        (i, case)
        for i, (entry, case) in enumerate(zip(proposal, planned, strict=True))
        if not entry["already_logged"] and case_key(record.id, i) not in staged
    ]
    record.done_cases = len(staged)
    while todo:
        deadline = time.monotonic() + batch_seconds
        batch, todo = todo[:batch_cases], todo[batch_cases:]
        days: set[date] = set()
        for n, (i, case) in enumerate(batch):
            data = service.case_create(case, case_id=case_key(record.id, i))
            try:
                stored, _ = case_service.create_case(session, user=user, data=data, today=today)
            except InvalidInput as exc:
                raise InvalidInput(
                    f"Rows {', '.join(map(str, case.rows))}: {exc.detail} Nothing of the import "
                    "is visible; fix the file and preview it again, or delete this import.",
                    errors=[{"row": case.rows[0], "column": None, "msg": exc.detail}],
                ) from None
            stored.import_id = record.id
            stored.deleted_at = STAGED_AT  # invisible until the last batch
            stored.change_seq = 0  # and out of the sync feed until then
            session.add(stored)
            days.add(stored.date_of_service)
            record.done_cases += 1
            if time.monotonic() > deadline and n + 1 < len(batch):
                todo = batch[n + 1 :] + todo
                break
        session.flush()
        refresh_days(session, user.id, sorted(days))  # the staged cases count in no total
        session.add(record)
        session.flush()
        yield record
        time.sleep(pause_seconds)
    yield _publish(session, user=user, record=record, proposal=proposal, now=now)


def _publish(
    session: Session,
    *,
    user: User,
    record: CaseImport,
    proposal: list[dict[str, Any]],
    now: datetime,
) -> CaseImport:
    """Make the staged cases visible together: each gets its change number (the sync feed
    pages by them) in the order of the file, and the days they fall on are recomputed."""
    from rvuedge.imports import service

    session.flush()
    staged = {
        case.client_id: case
        for case in session.exec(
            select(Case).where(
                Case.user_id == user.id,
                Case.import_id == record.id,
                col(Case.deleted_at) == STAGED_AT,
            )
        )
    }
    order = [
        (i, staged[key]) for i in range(len(proposal)) if (key := case_key(record.id, i)) in staged
    ]
    last = _reserve_changes(session, user.id, len(order))
    first = last - len(order) + 1
    if order:
        session.execute(
            update(Case),  # by primary key, one row per dict (executemany)
            [
                {"id": case.id, "deleted_at": None, "change_seq": first + n, "updated_at": now}
                for n, (_, case) in enumerate(order)
            ],
        )
    for i, case in order:
        proposal[i]["case_id"] = str(case.client_id)
        proposal[i]["total_wrvu"] = str(case.total_wrvu)
    refresh_days(session, user.id, sorted({case.date_of_service for _, case in order}))
    record.proposal = proposal
    record.preview_wrvu = service.new_wrvu(proposal)
    record.created_cases = len(order)
    record.done_cases = len(order)
    record.status = "committed"
    record.committed_at = now
    session.add(record)
    session.flush()
    session.expire_all()  # the cases were changed by key, behind the identity map
    return record


def _reserve_changes(session: Session, user_id: uuid.UUID, count: int) -> int:
    """Take `count` numbers of the owner's change counter at once; the last one taken."""
    statement = (
        update(User)
        .where(col(User.id) == user_id)
        .values(change_seq=User.change_seq + count)
        .returning(User.change_seq)
        .execution_options(synchronize_session=False)
    )
    return int(session.execute(statement).scalar_one())


def delete_batches(
    session: Session,
    *,
    user: User,
    import_id: uuid.UUID,
    now: datetime,
    batch_cases: int = BATCH_CASES,
    batch_seconds: float = BATCH_SECONDS,
    pause_seconds: float = PAUSE_SECONDS,
) -> Iterator[CaseImport]:
    """Remove the import's cases batch by batch (tombstones, as any deleted case), its staged
    ones (never seen) outright, then the import. Yields after each batch; the caller commits."""
    from rvuedge.imports import service

    record = service.get_import(session, user=user, import_id=import_id)
    if record.status != "deleting":
        record.status = "deleting"
        record.done_cases = 0
        session.add(record)
        session.flush()
        yield record
    while True:
        deadline = time.monotonic() + batch_seconds
        cases = session.exec(
            select(Case)
            .where(
                Case.user_id == user.id,
                Case.import_id == record.id,
                col(Case.deleted_at).is_(None),
            )
            .limit(batch_cases)
        ).all()
        if not cases:
            break
        for case in cases:
            case_service.delete_case(session, user=user, case_id=case.client_id, now=now)
            record.done_cases += 1
            if time.monotonic() > deadline:
                break
        session.add(record)
        session.flush()
        yield record
        time.sleep(pause_seconds)
    staged = select(Case.id).where(
        Case.user_id == user.id, Case.import_id == record.id, col(Case.deleted_at) == STAGED_AT
    )
    session.execute(delete(CaseLine).where(col(CaseLine.case_id).in_(staged)))
    session.execute(
        delete(Case)
        .where(col(Case.id).in_(staged.scalar_subquery()))
        .execution_options(synchronize_session=False)
    )
    record.status = "deleted"
    record.deleted_at = now
    session.add(record)
    session.flush()
    yield record
