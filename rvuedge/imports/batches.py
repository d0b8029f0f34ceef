"""Committing an import, and undoing one, in short batches. Services flush; the caller commits
after each step (as revalue does), so other users' writes get the lock in between.

A commit of 10,000 rows in one transaction held SQLite's write lock for 44 s: other users' writes
waited 15 s and got 503s. Now the cases are written in batches, each in two steps: the batch is
valued in a read transaction (pricing every case, on SQLite a plain BEGIN beside the writer:
no lock), then written in a short write transaction (two executemany statements and the
progress). The cases are written *staged* (cases/staging.py): stored with `deleted_at` set to
STAGED_AT and their place in the import as a negative change number, so no list, report, export,
sync feed or duplicate check sees them and no daily total counts them. The last step makes them
all visible in one short transaction of a few statements whatever the import's size (their change
numbers, their days' sums added to the rollup, one UPDATE): the physician sees the whole import or
none of it, and reports agree with the lines at every commit. A commit that fails part way leaves
its staged cases invisible; committing again resumes (a staged case is found by its
deterministic id and not written twice); deleting the import removes them.

Undo tombstones a batch of the import's cases per short transaction (one executemany and their
days recomputed), then drops any staged leftovers and the import.

Progress is on the import: status `committing` (or `deleting`) and `done_cases`, which
GET /imports/{id} shows while the batches run.
"""

import json
import time
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, String, cast, type_coerce, update
from sqlalchemy.orm import defer
from sqlmodel import Session, col

from rvuedge.cases import staging
from rvuedge.db import is_sqlite, read_next
from rvuedge.failures import Conflict, InvalidInput, NotFound
from rvuedge.imports.models import CaseImport
from rvuedge.imports.plan import PlannedCase
from rvuedge.ownership import owned_select
from rvuedge.users.models import User

BATCH_CASES = 200
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
    pause_seconds: float = PAUSE_SECONDS,
) -> Iterator[CaseImport]:
    """Create the previewed cases, staged, batch by batch, then make them visible together.
    Yields the import after each step (a batch valued, a batch written, the import published);
    the caller commits there. Inside a transaction already open (the CLI's single one) the steps
    run in it."""
    from rvuedge.imports import service

    _read(session)  # the import and its proposal are read and parsed without the lock
    record = service.get_import(session, user=user, import_id=import_id)
    if record.status == "committed":
        yield record
        return
    if record.status == "deleting":
        raise Conflict("This import is being deleted; it cannot be committed.")
    planned = [service.planned_from(p) for p in record.proposal]
    proposal = [dict(p) for p in record.proposal]
    # Plain values from here on: the caller's commit after each step expires the import, and
    # reading any attribute of it again would load (and parse) its whole proposal inside the
    # next batch's write transaction.
    record_id, user_id, status = record.id, user.id, record.status
    if status == "preview":
        # Cases logged since the preview (or by another import of the same file) are left out.
        already = service.already_logged(session, user=user, cases=planned)
        for i, entry in enumerate(proposal):
            entry["already_logged"] = str(already[i]) if i in already else None
        yield record  # the caller ends the read
        started = session.execute(
            update(CaseImport)
            .where(col(CaseImport.id) == record_id, col(CaseImport.status) == "preview")
            .values(proposal=_encoded(session, proposal), status="committing", done_cases=0)
            .execution_options(synchronize_session=False)
        )
        if not started.rowcount:  # type: ignore[attr-defined]
            raise Conflict("This import is being committed by another request; reload it.")
        yield record
    # The cases to create, in the file's order: their place there numbers them when published.
    to_create = [i for i, entry in enumerate(proposal) if not entry["already_logged"]]
    _read(session)
    staged = staging.staged_cases(session, user_id=user_id, import_id=record_id)
    written = staging.import_case_ids(session, user_id=user_id, import_id=record_id)
    totals = {key: total for key, (_, total) in staged.items()}
    unplaced = {  # staged before places were kept (change number 0)
        case_key(record_id, i): n
        for n, i in enumerate(to_create)
        if staged.get(case_key(record_id, i), (None,))[0] == 0
    }
    todo = [(n, i) for n, i in enumerate(to_create) if case_key(record_id, i) not in written]
    done = len(written)
    if not todo:
        yield record  # the caller ends the read: publishing writes
    while todo:
        batch, todo = todo[:batch_cases], todo[batch_cases:]
        _read(session)
        keys = [case_key(record_id, i) for _, i in batch]
        taken = staging.taken_keys(session, keys)
        valued = [
            _value(session, user, planned[i], record_id, i, n, today, fresh=key in taken)
            for (n, i), key in zip(batch, keys, strict=True)
        ]
        yield record  # the caller ends the read
        staging.set_places(session, user_id=user_id, places=unplaced)
        unplaced = {}
        staging.write(session, valued)  # invisible until published
        for (_, i), case in zip(batch, valued, strict=True):
            totals[case_key(record_id, i)] = case.total_wrvu
        done += len(valued)
        _progress(session, record_id, done)
        yield record
        time.sleep(pause_seconds)
    if unplaced:  # nothing left to write, but cases staged without a place
        staging.set_places(session, user_id=user_id, places=unplaced)
    created = 0
    for i in to_create:
        key = case_key(record_id, i)
        if key in totals:  # (written by this commit or an earlier attempt)
            proposal[i]["case_id"] = str(key)
            proposal[i]["total_wrvu"] = str(totals[key])
            created += 1
    encoded = _encoded(session, proposal)  # before the lock
    staging.publish(session, user_id=user_id, import_id=record_id, places=len(to_create), now=now)
    session.execute(
        update(CaseImport)
        .where(col(CaseImport.id) == record_id, col(CaseImport.status) == "committing")
        .values(
            proposal=encoded,
            preview_wrvu=service.new_wrvu(proposal),
            created_cases=created,
            done_cases=created,
            status="committed",
            committed_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    session.expire(record)  # read again by whoever looks (after the commit, as a read)
    yield record


def _encoded(session: Session, proposal: list[dict[str, Any]]) -> Any:
    """The proposal as the JSON column stores it, encoded now: encoding 10,000 cases at the
    UPDATE took a third of a second inside the write lock."""
    text = json.dumps(proposal)  # as the JSON type encodes it (no json_serializer is set)
    if is_sqlite(session):
        return type_coerce(text, String)
    return cast(type_coerce(text, String), JSON)


def _read(session: Session) -> None:
    """Begin the next transaction as a read (SQLite: without the write lock), unless one is open
    (the CLI's single transaction)."""
    if not session.in_transaction():
        read_next(session)


def _value(
    session: Session,
    user: User,
    case: PlannedCase,
    record_id: uuid.UUID,
    index: int,
    place: int,
    today: date,
    *,
    fresh: bool,
) -> staging.StagedCase:
    """The index-th planned case valued and staged as the place-th to create, or a 422 naming
    its rows (nothing of the import visible)."""
    from rvuedge.imports import service

    key = case_key(record_id, index)
    data = service.case_create(case, case_id=key)
    try:
        return staging.value(
            session,
            user=user,
            data=data,
            today=today,
            import_id=record_id,
            place=place,
            key=uuid.uuid4() if fresh else key,  # (fresh: another user's case holds it)
        )
    except InvalidInput as exc:
        raise InvalidInput(
            f"Rows {', '.join(map(str, case.rows))}: {exc.detail} Nothing of the import "
            "is visible; fix the file and preview it again, or delete this import.",
            errors=[{"row": case.rows[0], "column": None, "msg": exc.detail}],
        ) from None


def _progress(session: Session, record_id: uuid.UUID, done: int) -> None:
    """The running commit's or undo's progress (done_cases), written without loading the import:
    GET /imports/{id} shows it once the batch is committed."""
    session.execute(
        update(CaseImport)
        .where(col(CaseImport.id) == record_id)
        .values(done_cases=done)
        .execution_options(synchronize_session=False)
    )


def delete_batches(
    session: Session,
    *,
    user: User,
    import_id: uuid.UUID,
    now: datetime,
    batch_cases: int = BATCH_CASES,
    pause_seconds: float = PAUSE_SECONDS,
) -> Iterator[CaseImport]:
    """Remove the import's cases batch by batch (tombstones, as any deleted case), its staged
    ones (never seen) outright, then the import. Yields after each batch; the caller commits."""
    record = _import_without_proposal(session, user=user, import_id=import_id)
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
        removed = staging.tombstone(
            session, user_id=user_id, import_id=record_id, limit=batch_cases, now=now
        )
        if not removed:
            break
        done += removed
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


def _import_without_proposal(session: Session, *, user: User, import_id: uuid.UUID) -> CaseImport:
    """The user's import (a 404 as service.get_import) without its proposal and skipped rows:
    an undo needs neither, and parsing a 10,000-case proposal held the lock half a second."""
    statement = (
        owned_select(CaseImport, user.id)
        .where(col(CaseImport.id) == import_id, col(CaseImport.deleted_at).is_(None))
        .options(defer(CaseImport.proposal), defer(CaseImport.skipped_rows))  # type: ignore[arg-type]
    )
    record = session.exec(statement).first()
    if record is None:
        raise NotFound(f"No import with id {import_id}.")
    return record
