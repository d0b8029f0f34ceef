"""Cases and their lines as other features read them: live cases only (a deleted case is a
tombstone that only the sync feed returns), owned by one user unless said otherwise."""

import uuid
from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, SQLModel, col, select
from sqlmodel.sql.expression import SelectOfScalar

from rvuedge.cases.models import Case, CaseLine


def live() -> ColumnElement[bool]:
    """The live-rows filter: the one place that says a deleted case is not there."""
    return col(Case.deleted_at).is_(None)


def is_provisional() -> ColumnElement[bool]:
    """A line valued with another release than the one in force on its date (not imported yet).
    Not the release_note: a contract year ("credited with 2025D") writes one too, and its cases
    are final, not provisional."""
    return col(Case.provisional).is_(True)


def live_cases(user_id: uuid.UUID | None = None) -> SelectOfScalar[Case]:
    """A select of live cases (of one user when given), for callers that add filters."""
    statement = select(Case).where(live())
    if user_id is not None:
        statement = statement.where(col(Case.user_id) == user_id)
    return statement


def _dated(user_id: uuid.UUID, start: date, end: date) -> list[ColumnElement[bool]]:
    return [
        col(Case.user_id) == user_id,
        live(),
        col(Case.date_of_service) >= start,
        col(Case.date_of_service) <= end,
    ]


def live_case(session: Session, *, user_id: uuid.UUID, key: uuid.UUID) -> Case | None:
    """The user's live case with this key (the server's id, not the API's), or None."""
    return session.exec(live_cases(user_id).where(col(Case.id) == key)).first()


def lines_of(session: Session, case_id: uuid.UUID) -> list[CaseLine]:
    """A case's lines in their order."""
    return list(
        session.exec(
            select(CaseLine).where(CaseLine.case_id == case_id).order_by(col(CaseLine.position))
        )
    )


CHUNK = 500  # case keys per IN (...) list


def lines_by_case(session: Session, case_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[CaseLine]]:
    """The lines of several cases (a query per 500 cases), each case's in their order."""
    by_case: dict[uuid.UUID, list[CaseLine]] = {key: [] for key in case_ids}
    keys = list(by_case)
    for i in range(0, len(keys), CHUNK):
        statement = (
            select(CaseLine)
            .where(col(CaseLine.case_id).in_(keys[i : i + CHUNK]))
            .order_by(col(CaseLine.case_id), col(CaseLine.position))
        )
        for line in session.exec(statement):
            by_case[line.case_id].append(line)
    return by_case


def cases_with_lines(
    session: Session, *, user_id: uuid.UUID, start: date, end: date
) -> list[tuple[Case, list[CaseLine]]]:
    """The user's cases dated start..end, by date then key, each with its lines in order."""
    cases = list(
        session.exec(
            live_cases(user_id)
            .where(col(Case.date_of_service) >= start, col(Case.date_of_service) <= end)
            .order_by(col(Case.date_of_service), col(Case.id))
        )
    )
    lines = lines_by_case(session, [c.id for c in cases])
    return [(c, lines[c.id]) for c in cases]


def first_case_date(session: Session, *, user_id: uuid.UUID) -> date | None:
    """The date of service of the user's earliest case (None: no case)."""
    statement = (
        select(col(Case.date_of_service))
        .where(col(Case.user_id) == user_id, live())
        .order_by(col(Case.date_of_service))
        .limit(1)
    )
    return session.exec(statement).first()


def live_case_count(session: Session, *, user_id: uuid.UUID) -> int:
    """How many live cases the user has."""
    statement = select(func.count()).select_from(Case).where(col(Case.user_id) == user_id, live())
    return session.exec(statement).one()


T = TypeVar("T", bound=SQLModel)


def cases_with(
    session: Session,
    *,
    user_id: uuid.UUID,
    model: type[T],
    key: Any,
    where: Sequence[ColumnElement[bool]] = (),
    client_ids: Collection[uuid.UUID] | None = None,
) -> list[tuple[Case, T]]:
    """The user's cases that have a row in another feature's per-case table (`key`: its column
    holding the case's key), each with that row; by date of service, creation and API id.
    `where` narrows on the other table; `client_ids` to these cases (their API ids)."""
    statement = (
        select(Case, model)
        .join(model, key == col(Case.id))
        .where(col(Case.user_id) == user_id, live(), *where)
        .order_by(col(Case.date_of_service), col(Case.created_at), col(Case.client_id))
    )
    if client_ids is not None:
        statement = statement.where(col(Case.client_id).in_(list(client_ids)))
    return [(case, row) for case, row in session.exec(statement)]


def lines_in_range(
    session: Session, *, user_id: uuid.UUID, start: date, end: date
) -> list[tuple[Case, CaseLine]]:
    """Each line of the user's cases dated start..end with its case, by date, case, position."""
    statement = (
        select(Case, CaseLine)
        .join(CaseLine, col(CaseLine.case_id) == col(Case.id))
        .where(*_dated(user_id, start, end))
        .order_by(col(Case.date_of_service), col(Case.id), col(CaseLine.position))
    )
    return [(case, line) for case, line in session.exec(statement)]


def case_totals(
    session: Session, *, user_id: uuid.UUID, start: date, end: date
) -> list[tuple[date, Decimal]]:
    """Each live case dated start..end as (date of service, its total credited wRVU)."""
    rows = session.exec(
        select(col(Case.date_of_service), col(Case.total_wrvu)).where(*_dated(user_id, start, end))
    )
    return [(day, Decimal(str(total))) for day, total in rows]


def releases_used(session: Session, *, user_id: uuid.UUID, start: date, end: date) -> list[str]:
    """The CMS releases that valued the user's lines dated start..end, sorted."""
    statement = (
        select(CaseLine.release)
        .join(Case, col(CaseLine.case_id) == col(Case.id))
        .where(*_dated(user_id, start, end), col(CaseLine.release).is_not(None))
        .distinct()
    )
    return sorted(r for r in session.exec(statement) if r)


def provisional_line_count(session: Session, *, user_id: uuid.UUID, start: date, end: date) -> int:
    """How many of the user's lines dated start..end were valued with a stand-in release."""
    statement = (
        select(func.count())
        .select_from(CaseLine)
        .join(Case, col(CaseLine.case_id) == col(Case.id))
        .where(*_dated(user_id, start, end), is_provisional())
    )
    return session.exec(statement).one()


def cases_of_import(session: Session, *, user_id: uuid.UUID, import_id: uuid.UUID) -> list[Case]:
    """The user's live cases that an import created."""
    return list(session.exec(live_cases(user_id).where(col(Case.import_id) == import_id)))


def provisional_cases(session: Session) -> list[Case]:
    """Every live case valued with a stand-in release (any user), oldest date first."""
    statement = live_cases().where(col(Case.provisional)).order_by(col(Case.date_of_service))
    return list(session.exec(statement))


def lines_in_global_period(
    session: Session, *, user_id: uuid.UUID, on: date
) -> list[tuple[CaseLine, Case]]:
    """The user's credited lines whose global period window covers the day, ending first."""
    statement = (
        select(CaseLine, Case)
        .join(Case, col(Case.id) == col(CaseLine.case_id))
        .where(
            col(Case.user_id) == user_id,
            live(),
            col(CaseLine.global_start) <= on,
            col(CaseLine.global_end) >= on,
            col(CaseLine.credited_wrvu) > 0,
        )
        .order_by(col(CaseLine.global_end), col(CaseLine.position))
    )
    return [(line, case) for line, case in session.exec(statement)]


def recent_lines(
    session: Session, *, user_id: uuid.UUID, limit: int
) -> list[tuple[str, list[str], date]]:
    """(code, modifiers, date of service) of the user's most recently logged lines."""
    statement = (
        select(col(CaseLine.code), col(CaseLine.modifiers), col(Case.date_of_service))
        .join(Case, col(Case.id) == col(CaseLine.case_id))
        .where(col(Case.user_id) == user_id, live())
        .order_by(col(Case.date_of_service).desc(), col(Case.created_at).desc())
        .limit(limit)
    )
    return [(code, modifiers, day) for code, modifiers, day in session.exec(statement)]
