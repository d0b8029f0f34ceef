"""Saved sites. Services take the session first, flush, and never commit."""

import uuid
from datetime import datetime

from sqlmodel import Session, col, select

from rvuedge.catalog.models import GpciLocality
from rvuedge.failures import Conflict, InvalidInput
from rvuedge.ownership import get_owned, owned_select
from rvuedge.sites.models import Site, name_key
from rvuedge.sites.schemas import SiteIn, SiteUpdate
from rvuedge.users.models import User


def list_sites(session: Session, *, user: User) -> list[Site]:
    return list(session.exec(owned_select(Site, user.id).order_by(Site.name_key)))


def get_site(session: Session, *, user: User, site_id: uuid.UUID) -> Site:
    return get_owned(session, Site, user_id=user.id, row_id=site_id, what="site")


def find_by_name(session: Session, *, user: User, name: str | None) -> Site | None:
    """The saved site a case's free-text site names, if any (matched without regard to case)."""
    if not name or not name.strip():
        return None
    return session.exec(owned_select(Site, user.id).where(Site.name_key == name_key(name))).first()


def check_locality(session: Session, key: str | None, *, loc: list[str | int]) -> None:
    if key is None:
        return
    mac, _, number = key.partition("-")
    found = session.exec(
        select(GpciLocality.id).where(
            GpciLocality.mac == mac, GpciLocality.locality_number == number
        )
    ).first()
    if found is None:
        raise InvalidInput(
            f"Unknown Medicare locality {key!r}; see GET /api/v1/localities.",
            errors=[{"loc": loc, "msg": "unknown locality"}],
        )


def _check_name_free(
    session: Session, user: User, name: str, *, except_id: uuid.UUID | None
) -> None:
    statement = owned_select(Site, user.id).where(Site.name_key == name_key(name))
    if except_id is not None:
        statement = statement.where(col(Site.id) != except_id)
    if session.exec(statement).first() is not None:
        raise Conflict(f"You already have a site named {name!r}.")


def create_site(session: Session, *, user: User, data: SiteIn) -> Site:
    check_locality(session, data.locality, loc=["body", "locality"])
    _check_name_free(session, user, data.name, except_id=None)
    site = Site(
        user_id=user.id,
        name=data.name,
        name_key=name_key(data.name),
        setting=data.setting,
        locality=data.locality,
    )
    session.add(site)
    session.flush()
    return site


def update_site(
    session: Session, *, user: User, site_id: uuid.UUID, data: SiteUpdate, now: datetime
) -> Site:
    site = get_site(session, user=user, site_id=site_id)
    changes = data.model_dump(exclude_unset=True)
    for key in ("name", "setting"):
        if key in changes and changes[key] is None:
            raise InvalidInput(
                f"{key} cannot be null.", errors=[{"loc": ["body", key], "msg": "null"}]
            )
    if "locality" in changes:
        check_locality(session, changes["locality"], loc=["body", "locality"])
        site.locality = changes["locality"]
    if "name" in changes:
        _check_name_free(session, user, changes["name"], except_id=site.id)
        site.name, site.name_key = changes["name"], name_key(changes["name"])
    if "setting" in changes:
        site.setting = changes["setting"]
    site.updated_at = now
    session.add(site)
    session.flush()
    return site


def delete_site(session: Session, *, user: User, site_id: uuid.UUID) -> None:
    """Cases keep their site's name and the credit they were given; only the shortcut goes."""
    session.delete(get_site(session, user=user, site_id=site_id))
    session.flush()
