"""Shortcuts for quick entry: favorites (ordered), templates (named sets of lines), recents."""

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from rvuedge.cases import queries
from rvuedge.cases.models import CaseTemplate, Favorite
from rvuedge.cases.schemas import FavoriteIn, FavoriteUpdate, RecentOut, TemplateIn, TemplateUpdate
from rvuedge.catalog.models import FeeScheduleRow
from rvuedge.failures import Conflict, InvalidInput
from rvuedge.ownership import get_owned, owned_select
from rvuedge.users.models import User


def list_favorites(session: Session, *, user: User) -> list[Favorite]:
    return list(
        session.exec(
            owned_select(Favorite, user.id).order_by(
                col(Favorite.position), col(Favorite.created_at)
            )
        )
    )


def _same_favorite(
    session: Session, user: User, code: str, modifiers: list[str], *, except_id: uuid.UUID | None
) -> Favorite | None:
    """The user's favorite for this code with the same modifiers (in any order), if any."""
    wanted = sorted({m.upper() for m in modifiers})
    for favorite in session.exec(owned_select(Favorite, user.id).where(Favorite.code == code)):
        if favorite.id != except_id and sorted(set(favorite.modifiers)) == wanted:
            return favorite
    return None


def add_favorite(session: Session, *, user: User, data: FavoriteIn) -> tuple[Favorite, bool]:
    """A favorite is one code with its modifiers: adding one again returns the existing one.
    Returns (favorite, created)."""
    _known_codes(session, [data.code], field="code")
    existing = _same_favorite(session, user, data.code.upper(), data.modifiers, except_id=None)
    if existing is not None:
        return existing, False
    last = session.exec(
        select(func.max(Favorite.position)).where(Favorite.user_id == user.id)
    ).one()
    favorite = Favorite(
        user_id=user.id,
        code=data.code.upper(),
        modifiers=[m.upper() for m in data.modifiers],
        label=data.label,
        position=(last or 0) + 1,
    )
    session.add(favorite)
    session.flush()
    return favorite, True


def update_favorite(
    session: Session, *, user: User, favorite_id: uuid.UUID, data: FavoriteUpdate
) -> Favorite:
    favorite = get_owned(session, Favorite, user_id=user.id, row_id=favorite_id, what="favorite")
    changes = data.model_dump(exclude_unset=True)
    if "modifiers" in changes:
        modifiers = [m.upper() for m in changes["modifiers"] or []]
        twin = _same_favorite(session, user, favorite.code, modifiers, except_id=favorite.id)
        if twin is not None:
            raise Conflict(
                f"Favorite {twin.id} already holds {favorite.code} with these modifiers."
            )
        favorite.modifiers = modifiers
    if "label" in changes:
        favorite.label = changes["label"]
    session.add(favorite)
    session.flush()
    return favorite


def delete_favorite(session: Session, *, user: User, favorite_id: uuid.UUID) -> None:
    session.delete(
        get_owned(session, Favorite, user_id=user.id, row_id=favorite_id, what="favorite")
    )
    session.flush()


def reorder_favorites(session: Session, *, user: User, ids: list[uuid.UUID]) -> list[Favorite]:
    favorites = {f.id: f for f in list_favorites(session, user=user)}
    if len(set(ids)) != len(ids) or set(ids) != set(favorites):
        raise InvalidInput(
            "ids must list each of your favorites exactly once.",
            errors=[{"loc": ["body", "ids"], "msg": "not a permutation of your favorites"}],
        )
    for position, favorite_id in enumerate(ids, start=1):
        favorites[favorite_id].position = position
        session.add(favorites[favorite_id])
    session.flush()
    return list_favorites(session, user=user)


def _known_codes(session: Session, codes: list[str], *, field: str) -> None:
    known = set(
        session.exec(
            select(FeeScheduleRow.hcpcs).where(
                col(FeeScheduleRow.hcpcs).in_([c.upper() for c in codes])
            )
        )
    )
    errors: list[dict[str, Any]] = [
        {
            "loc": ["body", field] if field == "code" else ["body", "lines", i, "code"],
            "msg": f"unknown code {c.upper()}",
        }
        for i, c in enumerate(codes)
        if c.upper() not in known
    ]
    if errors:
        raise InvalidInput("; ".join(e["msg"] for e in errors), errors=errors)


def list_templates(session: Session, *, user: User) -> list[CaseTemplate]:
    return list(session.exec(owned_select(CaseTemplate, user.id).order_by(col(CaseTemplate.name))))


def create_template(session: Session, *, user: User, data: TemplateIn) -> CaseTemplate:
    _known_codes(session, [line.code for line in data.lines], field="lines")
    template = CaseTemplate(
        user_id=user.id, name=data.name, lines=[line.model_dump() for line in data.lines]
    )
    session.add(template)
    session.flush()
    return template


def get_template(session: Session, *, user: User, template_id: uuid.UUID) -> CaseTemplate:
    return get_owned(session, CaseTemplate, user_id=user.id, row_id=template_id, what="template")


def update_template(
    session: Session, *, user: User, template_id: uuid.UUID, data: TemplateUpdate, now: datetime
) -> CaseTemplate:
    template = get_template(session, user=user, template_id=template_id)
    if data.name is not None:
        template.name = data.name
    if data.lines is not None:
        _known_codes(session, [line.code for line in data.lines], field="lines")
        template.lines = [line.model_dump() for line in data.lines]
    template.updated_at = now
    session.add(template)
    session.flush()
    return template


def delete_template(session: Session, *, user: User, template_id: uuid.UUID) -> None:
    session.delete(get_template(session, user=user, template_id=template_id))
    session.flush()


def recents(session: Session, *, user: User, limit: int = 20) -> list[RecentOut]:
    """Codes (with their modifiers) from the log, most recently used first."""
    rows = queries.recent_lines(session, user_id=user.id, limit=500)
    seen: dict[tuple[str, tuple[str, ...]], RecentOut] = {}
    for code, modifiers, used in rows:
        key = (code, tuple(modifiers))
        if key in seen:
            seen[key].times += 1
        else:
            seen[key] = RecentOut(code=code, modifiers=modifiers, last_used=used, times=1)
    return list(seen.values())[:limit]
