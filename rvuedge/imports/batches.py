"""Committing an import, and undoing one, in short batches. Services flush; the caller commits
after each batch (as revalue does), so other users' writes get the lock in between.

A commit of 10,000 rows in one transaction held SQLite's write lock for 44 s: other users' writes
waited 15 s and got 503s. Now each batch writes the cases of a few hundred rows (or half a second
of work) and commits. The cases are written *staged* (cases/staging.py): stored with
`deleted_at` set to STAGED_AT and no change number, so no list, report, export, sync feed or
duplicate check sees them. The
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
from datetime import date, datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col

from rvuedge.cases import service as case_service
from rvuedge.cases import staging
from rvuedge.failures import Conflict, InvalidInput
from rvuedge.imports.models import CaseImport
from rvuedge.users.models import User

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
    # Plain values from here on: the caller's commit after each batch expires the import, and
    # reading any attribute of it again would load (and parse) its whole proposal inside the
    # next batch's write transaction.
    record_id, user_id = record.id, user.id
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
    staged = staging.import_case_ids(session, user_id=user_id, import_id=record_id)
    todo = [
        (i, case)
        for i, (entry, case) in enumerate(zip(proposal, planned, strict=True))
        if not entry["already_logged"] and case_key(record_id, i) not in staged
    ]
    done = len(staged)
    while todo:
        deadline = time.monotonic() + batch_seconds
        batch, todo = todo[:batch_cases], todo[batch_cases:]
        days: set[date] = set()
        for n, (i, case) in enumerate(batch):
            data = service.case_create(case, case_id=case_key(record_id, i))
            try:
                stored, _ = case_service.create_case(session, user=user, data=data, today=today)
            except InvalidInput as exc:
                raise InvalidInput(
                    f"Rows {', '.join(map(str, case.rows))}: {exc.detail} Nothing of the import "
                    "is visible; fix the file and preview it again, or delete this import.",
                    errors=[{"row": case.rows[0], "column": None, "msg": exc.detail}],
                ) from None
            staging.stage(session, stored, import_id=record_id)  # invisible until the last batch
            days.add(stored.date_of_service)
            done += 1
            if time.monotonic() > deadline and n + 1 < len(batch):
                todo = batch[n + 1 :] + todo
                break
        session.flush()
        staging.settle_days(session, user_id, days)  # the staged cases count in no total
        _progress(session, record_id, done)
        yield record
        time.sleep(pause_seconds)
    yield _publish(
        session, user_id=user_id, record=record, record_id=record_id, proposal=proposal, now=now
    )


def _progress(session: Session, record_id: uuid.UUID, done: int) -> None:
    """The running commit's or undo's progress (done_cases), written without loading the import:
    GET /imports/{id} shows it once the batch is committed."""
    session.execute(
        update(CaseImport)
        .where(col(CaseImport.id) == record_id)
        .values(done_cases=done)
        .execution_options(synchronize_session=False)
    )


def _publish(
    session: Session,
    *,
    user_id: uuid.UUID,
    record: CaseImport,
    record_id: uuid.UUID,
    proposal: list[dict[str, Any]],
    now: datetime,
) -> CaseImport:
    """Make the staged cases visible together: each gets its change number (the sync feed
    pages by them) in the order of the file, and the days they fall on are recomputed. The
    import is written by one statement, not loaded (its proposal would be parsed under the lock
    only for the unit of work to compare it)."""
    from rvuedge.imports import service

    order = staging.publish(
        session,
        user_id=user_id,
        import_id=record_id,
        order=[case_key(record_id, i) for i in range(len(proposal))],
        now=now,
    )
    for i, case in order:
        proposal[i]["case_id"] = str(case.client_id)
        proposal[i]["total_wrvu"] = str(case.total_wrvu)
    session.execute(
        update(CaseImport)
        .where(col(CaseImport.id) == record_id)
        .values(
            proposal=proposal,
            preview_wrvu=service.new_wrvu(proposal),
            created_cases=len(order),
            done_cases=len(order),
            status="committed",
            committed_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    session.expire(record)  # read again by whoever looks (after the commit, as a read)
    return record


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
    # Plain values, read before the first commit expires the import (as in commit_batches).
    record_id, user_id = record.id, user.id
    done = record.done_cases if record.status == "deleting" else 0  # a resumed undo counts on
    if record.status != "deleting":
        record.status = "deleting"
        record.done_cases = 0
        session.add(record)
        session.flush()
        yield record
    while True:
        deadline = time.monotonic() + batch_seconds
        cases = staging.live_import_cases(
            session, user_id=user_id, import_id=record_id, limit=batch_cases
        )
        if not cases:
            break
        for case in cases:
            case_service.delete_case(session, user=user, case_id=case.client_id, now=now)
            done += 1
            if time.monotonic() > deadline:
                break
        _progress(session, record_id, done)
        yield record
        time.sleep(pause_seconds)
    staging.drop_staged(session, user_id=user_id, import_id=record_id)
    session.execute(
        update(CaseImport)
        .where(col(CaseImport.id) == record_id)
        .values(done_cases=done, status="deleted", deleted_at=now)
        .execution_options(synchronize_session=False)
    )
    session.expire(record)  # read again by whoever looks
    yield record
