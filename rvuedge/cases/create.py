"""Logging a case: valued, priced and stored; a retry with the client's id answers the stored
case. Services take the session first, flush, and never commit."""

import hashlib
import json
import uuid
from datetime import date
from decimal import Decimal

from sqlmodel import Session, col

from rvuedge.cases import valuation as v
from rvuedge.cases.crud import related_case
from rvuedge.cases.models import Case
from rvuedge.cases.pricing import price_new, store_credit
from rvuedge.cases.schemas import CaseCreate
from rvuedge.failures import Conflict
from rvuedge.ownership import owned_select
from rvuedge.users.models import User


def _request_hash(data: CaseCreate) -> str:
    body = data.model_dump(mode="json", exclude={"id"})
    if body.get("encounter_ref") is None:
        body.pop("encounter_ref", None)  # bodies from before the field existed hash as they did
    if body.get("locality") is None:  # hashes stored before cases could state a locality
        body.pop("locality", None)
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def create_case(
    session: Session, *, user: User, data: CaseCreate, today: date
) -> tuple[Case, bool]:
    """Store a case; with a client id a retry returns the stored case. Returns (case, created)."""
    digest = _request_hash(data)
    if data.id is not None:
        existing = session.exec(
            owned_select(Case, user.id).where(col(Case.client_id) == data.id)
        ).first()
        if existing is not None:
            if existing.request_hash != digest or existing.deleted_at:
                raise Conflict(f"Case id {data.id} is already used with a different body.")
            return existing, False
    v.check_date(data.date_of_service, today=today)
    related = related_case(session, user, data.related_case_id)
    place, valuation = price_new(session, user=user, data=data)
    key = _free_key(session, data.id)
    case = Case(
        id=key,
        client_id=data.id or key,
        user_id=user.id,
        date_of_service=data.date_of_service,
        setting=place.setting,
        setting_source=place.source,
        site=data.site,
        locality=data.locality,
        role=data.role,
        related_case_id=related.id if related else None,
        note=data.note,
        encounter_ref=data.encounter_ref,
        request_hash=digest,
        release="",
        total_wrvu=Decimal(0),
        base_wrvu=Decimal(0),
        credit_profile="",
    )
    store_credit(session, case, valuation, locality=place.locality, new=True)
    return case, True


def _free_key(session: Session, chosen: uuid.UUID | None) -> uuid.UUID:
    """The chosen id as the case's key when no case holds it, else a fresh one: another user's
    case may hold it, and the create must answer as if it did not exist (ids are per owner)."""
    if chosen is not None and session.get(Case, chosen) is None:
        return chosen
    return uuid.uuid4()
