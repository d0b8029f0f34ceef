"""Logging a case: valued, priced and stored; a retry with the client's id answers the stored
case. Services take the session first, flush, and never commit.

The hot path is four statements (issue 26), with no ORM object (cases/rows.py):
1. the owner's next change number (UPDATE ... RETURNING), which also returns the stamps of the
   caches the valuation reads from (rvuedge/stamps.py), whether a case on the same day has the
   same codes (the likely-duplicate warning) and, for a client id, whether a case holds it;
2. the case (INSERT); 3. its lines (one executemany); 4. its day's rollup (one upsert adding its
sums). Releases, fee-schedule rows, GPCIs, crediting settings and saved sites come from the
per-process caches while their stamps hold.
"""

import hashlib
import json
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    String,
    Uuid,
    bindparam,
    text,
    update,
)
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.selectable import TextualSelect
from sqlmodel import Session

from rvuedge import stamps
from rvuedge.cases import valuation as v
from rvuedge.cases.crud import related_case
from rvuedge.cases.models import Case
from rvuedge.cases.pricing import Place, credit_case, price_new, write_lines
from rvuedge.cases.rollup import add_case
from rvuedge.cases.rows import CaseRow
from rvuedge.cases.schemas import CaseCreate
from rvuedge.failures import Conflict
from rvuedge.timeutil import utc_now
from rvuedge.users.models import User


@dataclass(frozen=True)
class Logged:
    case: Case | CaseRow  # the stored case of a retry, else the new case's row
    created: bool
    duplicate: str | None  # the likely-duplicate warning of a new case, if any


def request_hash(data: CaseCreate) -> str:
    body = data.model_dump(mode="json", exclude={"id"})
    if body.get("encounter_ref") is None:
        body.pop("encounter_ref", None)  # bodies from before the field existed hash as they did
    if body.get("locality") is None:  # hashes stored before cases could state a locality
        body.pop("locality", None)
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def create_case(
    session: Session, *, user: User, data: CaseCreate, today: date
) -> tuple[Case | CaseRow, bool]:
    """Store a case; with a client id a retry returns the stored case. Returns (case, created)."""
    logged = log_case(session, user=user, data=data, today=today)
    return logged.case, logged.created


def log_case(session: Session, *, user: User, data: CaseCreate, today: date) -> Logged:
    """Store a case (see the module's note); a retry with a stored client id returns that case."""
    digest = request_hash(data)
    opened = _open(session, user, data)
    if opened.existing is not None:
        _give_back_number(session, user.id)  # nothing changes: no number is used
        existing = session.get(Case, opened.existing)
        assert existing is not None
        if existing.request_hash != digest or existing.deleted_at:
            raise Conflict(f"Case id {data.id} is already used with a different body.")
        return Logged(existing, False, None)
    v.check_date(data.date_of_service, today=today)
    related = related_case(session, user, data.related_case_id)
    place, valuation = price_new(session, user=user, data=data)
    key = _free_key(data.id, taken=opened.key_taken)
    case = new_case(
        data,
        user_id=user.id,
        key=key,
        client_id=data.id or key,
        place=place,
        digest=digest,
        related_case_id=related.id if related else None,
        change_seq=opened.change_seq,
    )
    lines = credit_case(session, case, valuation, locality=place.locality)
    session.execute(Case.__table__.insert(), [case.values()])  # type: ignore[attr-defined]
    write_lines(session, case, lines)
    add_case(session, user.id, case.id)
    # The answer is built from these rows (present.case_out reads attributes); a later change
    # in the same transaction loads the stored case like any other.
    return Logged(case, True, opened.duplicate)


def new_case(
    data: CaseCreate,
    *,
    user_id: uuid.UUID,
    key: uuid.UUID,
    client_id: uuid.UUID,
    place: Place,
    digest: str,
    **fields: Any,
) -> CaseRow:
    """A new case's row as the request states it, priced at `place`, before credit_case values
    it; `fields` adds what the caller sets (its change number, an import's staging)."""
    now = utc_now()
    return CaseRow(
        id=key,
        client_id=client_id,
        user_id=user_id,
        date_of_service=data.date_of_service,
        setting=place.setting,
        setting_source=place.source,
        site=data.site,
        locality=data.locality,
        role=data.role,
        note=data.note,
        encounter_ref=data.encounter_ref,
        request_hash=digest,
        release="",
        total_wrvu=Decimal(0),
        base_wrvu=Decimal(0),
        credit_profile="",
        notes=[],
        created_at=now,
        updated_at=now,
        **fields,
    )


def _free_key(chosen: uuid.UUID | None, *, taken: bool) -> uuid.UUID:
    """The chosen id as the case's key when no case holds it, else a fresh one: another user's
    case may hold it, and the create must answer as if it did not exist (ids are per owner)."""
    if chosen is not None and not taken:
        return chosen
    return uuid.uuid4()


@dataclass(frozen=True)
class _Opened:
    change_seq: int
    existing: uuid.UUID | None  # the owner's case with the client id, if any
    key_taken: bool  # a case (any owner's) has the client id as its key
    duplicate: str | None


def _open(session: Session, user: User, data: CaseCreate) -> _Opened:
    """Statement 1: take the owner's next change number, which locks the owner's row until
    commit (changes commit in number order: cases/changes.py), with the facts the case needs."""
    wanted = Counter(line.code.upper() for line in data.lines)
    params: dict[str, Any] = {
        "user_id": user.id,
        "day": data.date_of_service,
        "catalog_key": stamps.CATALOG,
        "settings_key": stamps.SETTINGS,
        "line_count": sum(wanted.values()),
        "client_id": data.id,
    }
    for n, (code, times) in enumerate(sorted(wanted.items())):
        params[f"code_{n}"], params[f"times_{n}"] = code, times
    statement = _open_statement(len(wanted), with_id=data.id is not None)
    row = session.execute(statement, params).one()._mapping
    stamps.remember(session, {stamps.CATALOG: row["catalog"], stamps.SETTINGS: row["settings"]})
    duplicate = None
    if row["duplicate"]:
        codes_text = ", ".join(sorted(wanted.elements()))
        duplicate = (
            f"Likely duplicate: you already logged {codes_text} on "
            f"{data.date_of_service.isoformat()}. Save only if this is another patient or session."
        )
    return _Opened(
        change_seq=int(row["change_seq"]),
        existing=row.get("existing"),
        key_taken=bool(row.get("key_taken")),
        duplicate=duplicate,
    )


@lru_cache(maxsize=64)
def _open_statement(distinct_codes: int, *, with_id: bool) -> TextualSelect:
    """Plain SQL, compiled once per shape: the number, the stamps, and whether a live case of
    the owner on the day has exactly these codes (as many lines, as many of each code; the same
    test as cases/duplicates.py), plus for a client id the owner's case with it and whether any
    case has it as its key.

    `l.code || ''` keeps the planner on the case's own lines (ix_case_line_case_id): on
    `l.code = ?` SQLite chose ix_case_line_code and scanned every line of that code in the
    database, once per case of the day (a log of 2,900 cases of 47562, 24 a day: 217 ms instead
    of 1 ms, measured with sqlite3's timer)."""
    per_code = "".join(  # built from constants and numbered parameters only
        " AND (SELECT count(*) FROM case_line l WHERE l.case_id = c.id"  # noqa: S608
        f" AND l.code || '' = :code_{n}) = :times_{n}"
        for n in range(distinct_codes)
    )
    by_id = (
        ", (SELECT c.id FROM logged_case c WHERE c.user_id = :user_id"
        " AND c.client_id = :client_id) AS existing,"
        " EXISTS (SELECT 1 FROM logged_case c WHERE c.id = :client_id) AS key_taken"
        if with_id
        else ""
    )
    sql = (  # built from constants and numbered parameters only
        "UPDATE user_account SET change_seq = change_seq + 1 WHERE id = :user_id RETURNING "  # noqa: S608
        "change_seq, "
        "(SELECT value FROM app_meta WHERE key = :catalog_key) AS catalog, "
        "(SELECT value FROM app_meta WHERE key = :settings_key) AS settings, "
        "EXISTS (SELECT 1 FROM logged_case c WHERE c.user_id = :user_id "
        "AND c.date_of_service = :day AND c.deleted_at IS NULL "
        "AND (SELECT count(*) FROM case_line l WHERE l.case_id = c.id) = :line_count"
        f"{per_code}) AS duplicate{by_id}"
    )
    binds: list[BindParameter[Any]] = [
        bindparam("user_id", type_=Uuid()),
        bindparam("day", type_=Date()),
        bindparam("client_id", type_=Uuid()),
    ]
    columns: dict[str, Any] = {
        "change_seq": BigInteger(),
        "catalog": String(),
        "settings": String(),
        "duplicate": Boolean(),
    }
    if with_id:
        columns |= {"existing": Uuid(), "key_taken": Boolean()}
    else:
        binds.pop()
    return text(sql).bindparams(*binds).columns(**columns)


def _give_back_number(session: Session, user_id: uuid.UUID) -> None:
    owner = User.__table__  # type: ignore[attr-defined]
    session.execute(
        update(owner).where(owner.c.id == user_id).values(change_seq=owner.c.change_seq - 1)
    )
