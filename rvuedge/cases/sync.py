"""Sync for offline phones: a change feed paged by an opaque cursor, and a batch of offline edits.

The cursor wraps the owner's change number (cases/changes.py), never a clock. The batch applies
each operation in its own savepoint, so one refused operation leaves the others applied.
"""

import base64
import binascii
import uuid
from datetime import date, datetime

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from rvuedge.cases import service
from rvuedge.cases.models import Case
from rvuedge.cases.schemas.sync import (
    ChangeKind,
    CreateOperation,
    DeleteOperation,
    ItemError,
    ItemStatus,
    SyncChange,
    SyncFeed,
    SyncOperation,
    SyncResult,
    UpdateOperation,
)
from rvuedge.failures import AppError, Conflict, InvalidInput, NotFound
from rvuedge.ownership import owned_select
from rvuedge.users.models import User

_PREFIX = "c1:"


def encode_cursor(number: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{number}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        if text.startswith(_PREFIX) and text[len(_PREFIX) :].isdigit():
            number = int(text[len(_PREFIX) :])
            if number < 2**62:
                return number
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise InvalidInput(
        "cursor is not one this server gave out; start again without a cursor.",
        errors=[{"loc": ["query", "cursor"], "msg": "unknown cursor"}],
    )


def _start_after(session: Session, user: User, since: datetime) -> int:
    """The cursor just before the first change recorded after `since` (a UTC instant). An
    import's staged cases (change numbers 0 and below: cases/staging.py) are no change yet."""
    first = session.exec(
        select(func.min(Case.change_seq)).where(
            Case.user_id == user.id, Case.updated_at > since, Case.change_seq > 0
        )
    ).one()
    if first is not None:
        return int(first) - 1
    latest = session.exec(select(func.max(Case.change_seq)).where(Case.user_id == user.id)).one()
    return int(latest or 0)


def feed(
    session: Session,
    *,
    user: User,
    cursor: str | None,
    since: datetime | None,
    limit: int,
) -> SyncFeed:
    if cursor is not None and since is not None:
        raise InvalidInput(
            "Send either cursor or since, not both.",
            errors=[{"loc": ["query", "since"], "msg": "not with cursor"}],
        )
    after = (
        decode_cursor(cursor)
        if cursor is not None
        else _start_after(session, user, since)
        if since is not None
        else 0
    )
    rows = list(
        session.exec(
            owned_select(Case, user.id)
            .where(Case.change_seq > after)
            .order_by(col(Case.change_seq))
            .limit(limit + 1)
        )
    )
    page = rows[:limit]
    live = {
        c.id: c
        for c in service.case_outs(session, [c for c in page if not c.deleted_at], user=user)
    }
    changes = [
        SyncChange(
            id=case.client_id,
            change=ChangeKind.DELETED
            if case.deleted_at
            else ChangeKind.CREATED
            if case.version == 1
            else ChangeKind.UPDATED,
            version=case.version,
            changed_at=case.updated_at,
            case=live.get(case.client_id),
        )
        for case in page
    ]
    return SyncFeed(
        changes=changes,
        next_cursor=encode_cursor(page[-1].change_seq if page else after),
        has_more=len(rows) > limit,
    )


def _own_case(session: Session, user: User, case_id: uuid.UUID) -> Case | None:
    """The user's case with this id, tombstones included; None for any other."""
    return session.exec(owned_select(Case, user.id).where(Case.client_id == case_id)).first()


def _result(
    session: Session,
    user: User,
    index: int,
    op: SyncOperation,
    case_id: uuid.UUID,
    status: ItemStatus,
    *,
    error: AppError | None = None,
) -> SyncResult:
    case = _own_case(session, user, case_id)
    errors = error.extra.get("errors", []) if error else []
    return SyncResult(
        index=index,
        op=op.op,
        id=case_id,
        status=status,
        case=service.case_out(session, case, user=user) if case and not case.deleted_at else None,
        server_version=case.version if case else None,
        detail=error.detail if error else None,
        errors=[ItemError(loc=e.get("loc", []), msg=e.get("msg", "")) for e in errors],
    )


def _create(session: Session, user: User, op: CreateOperation, today: date) -> ItemStatus:
    try:
        with session.begin_nested():
            _, created = service.create_case(session, user=user, data=op.case, today=today)
    except IntegrityError:
        # Another device's batch stored the same case first; this one is then a retry.
        _, created = service.create_case(session, user=user, data=op.case, today=today)
    return ItemStatus.CREATED if created else ItemStatus.UNCHANGED


def _update(
    session: Session, user: User, op: UpdateOperation, today: date, now: datetime
) -> ItemStatus:
    service.update_case(session, user=user, case_id=op.id, data=op.changes, today=today, now=now)
    return ItemStatus.UPDATED


def _delete(session: Session, user: User, op: DeleteOperation, now: datetime) -> ItemStatus:
    case = _own_case(session, user, op.id)
    if case is None:
        raise NotFound(f"No case with id {op.id}.")
    if case.deleted_at is not None:
        return ItemStatus.UNCHANGED
    if case.version != op.version:
        raise Conflict(f"Case {op.id} is at version {case.version}, not {op.version}.")
    service.delete_case(session, user=user, case_id=op.id, now=now)
    return ItemStatus.DELETED


_FAILED = {NotFound: ItemStatus.NOT_FOUND, Conflict: ItemStatus.CONFLICT}


def apply_batch(
    session: Session,
    *,
    user: User,
    operations: list[SyncOperation],
    today: date,
    now: datetime,
) -> list[SyncResult]:
    """Apply each operation on its own; the caller commits the ones that succeeded."""
    results = []
    for index, op in enumerate(operations):
        case_id = op.case.id if isinstance(op, CreateOperation) else op.id
        try:
            with session.begin_nested():
                if isinstance(op, CreateOperation):
                    status = _create(session, user, op, today)
                elif isinstance(op, UpdateOperation):
                    status = _update(session, user, op, today, now)
                else:
                    status = _delete(session, user, op, now)
        except AppError as exc:
            failed = _FAILED.get(type(exc), ItemStatus.INVALID)
            results.append(_result(session, user, index, op, case_id, failed, error=exc))
            continue
        results.append(_result(session, user, index, op, case_id, status))
    return results
