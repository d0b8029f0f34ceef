"""Reading, listing, changing and deleting logged cases. Services take the session first,
flush, and never commit."""

import uuid
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from rvuedge.calc.credit import Setting
from rvuedge.cases import queries
from rvuedge.cases import valuation as v
from rvuedge.cases.history import text_condition
from rvuedge.cases.models import Case, CaseLine
from rvuedge.cases.pricing import place_for, store_credit, stored_place
from rvuedge.cases.rollup import refresh_days
from rvuedge.cases.schemas import CaseUpdate, LineIn, SettingSource
from rvuedge.crediting.service import settings_on
from rvuedge.failures import Conflict, InvalidInput, NotFound
from rvuedge.ownership import get_owned
from rvuedge.users.models import User


def get_case(session: Session, *, user: User, case_id: uuid.UUID) -> Case:
    """The user's live case with this API id (its client_id)."""
    return get_owned(session, Case, user_id=user.id, row_id=case_id, what="case", key="client_id")


def related_case(session: Session, user: User, related_id: uuid.UUID | None) -> Case | None:
    """The user's case a case names as related (by its API id), or a 422 naming the field."""
    if related_id is None:
        return None
    try:
        return get_case(session, user=user, case_id=related_id)
    except NotFound:
        raise InvalidInput(
            f"related_case_id {related_id} is not one of your cases.",
            errors=[{"loc": ["body", "related_case_id"], "msg": "no such case"}],
        ) from None


def list_cases(
    session: Session,
    *,
    user: User,
    start: date | None,
    end: date | None,
    code: str | None,
    site: str | None,
    role: str | None,
    limit: int,
    offset: int,
    q: str | None = None,
) -> tuple[list[Case], int]:
    statement = queries.live_cases(user.id)
    if q and q.strip():  # code, code name, site or note (cases/history.py)
        statement = statement.where(text_condition(q))
    if start:
        statement = statement.where(col(Case.date_of_service) >= start)
    if end:
        statement = statement.where(col(Case.date_of_service) <= end)
    if site:  # any case and spacing, as saved sites match (ASCII case folding in SQLite)
        statement = statement.where(func.lower(func.trim(Case.site)) == site.strip().lower())
    if role:
        statement = statement.where(col(Case.role) == role)
    if code:
        statement = statement.where(
            col(Case.id).in_(select(CaseLine.case_id).where(CaseLine.code == code.upper()))
        )
    total = session.exec(select(func.count()).select_from(statement.subquery())).one()
    page = session.exec(
        statement.order_by(
            col(Case.date_of_service).desc(), col(Case.created_at).desc(), col(Case.id)
        )
        .limit(limit)
        .offset(offset)
    ).all()
    return list(page), total


def update_case(
    session: Session,
    *,
    user: User,
    case_id: uuid.UUID,
    data: CaseUpdate,
    today: date,
    now: datetime,
) -> Case:
    case = get_case(session, user=user, case_id=case_id)
    if data.version != case.version:
        raise Conflict(
            f"Case {case_id} is at version {case.version}, not {data.version}; reload it and retry."
        )
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if "related_case_id" in changes:
        if changes["related_case_id"] == case.client_id:
            raise InvalidInput(
                "A case cannot be related to itself.",
                errors=[{"loc": ["body", "related_case_id"], "msg": "same case"}],
            )
        related = related_case(session, user, changes["related_case_id"])
        changes["related_case_id"] = related.id if related else None  # stored by key
    before = stored_place(session, user=user, case=case)
    old_date = case.date_of_service
    for key in (
        "site",
        "role",
        "related_case_id",
        "note",
        "encounter_ref",
        "date_of_service",
        "locality",
    ):
        if key in changes:
            setattr(case, key, changes[key])
    # A stated setting stays unless changed; null hands it back to the saved site or profile.
    stated = case.setting_source in (None, SettingSource.CASE)
    if "setting" in changes:
        stated = changes["setting"] is not None
        if stated:
            case.setting = changes["setting"]
    place = place_for(
        session,
        user=user,
        site=case.site,
        setting=Setting(case.setting) if stated else None,
        locality=case.locality,
    )
    case.setting, case.setting_source = place.setting, place.source
    revalue = bool({"date_of_service", "lines"} & changes.keys()) or (
        (place.setting, place.locality) != (before.setting, before.locality)
    )
    if revalue:
        v.check_date(case.date_of_service, today=today)
        lines = (
            data.lines
            if data.lines is not None
            else [
                LineIn(code=line.code, modifiers=line.modifiers, units=line.units)
                for line in queries.lines_of(session, case.id)
            ]
        )
        valuation = v.value_lines(
            session,
            lines=lines,
            date_of_service=case.date_of_service,
            setting=Setting(case.setting),
            credit_settings=settings_on(session, user=user, on=case.date_of_service),
        )
        store_credit(session, case, valuation, locality=place.locality)
    case.version += 1
    case.updated_at = now
    session.add(case)
    session.flush()
    if old_date != case.date_of_service:
        refresh_days(session, case.user_id, [old_date])
    return case


def delete_case(session: Session, *, user: User, case_id: uuid.UUID, now: datetime) -> None:
    """Soft delete: the case leaves a tombstone that a later sync returns."""
    case = get_case(session, user=user, case_id=case_id)
    case.deleted_at = now
    case.updated_at = now
    case.version += 1
    session.add(case)
    session.flush()
    refresh_days(session, case.user_id, [case.date_of_service])
