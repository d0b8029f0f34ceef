import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Response

from rvuedge.api.auth import CurrentUser
from rvuedge.deps import Now, SessionDep
from rvuedge.errors import SIGNED_IN_RESPONSES, Problem
from rvuedge.sites import service
from rvuedge.sites.schemas import SiteIn, SiteOut, SiteUpdate

router = APIRouter(prefix="/me/sites", tags=["sites"])
ERRORS = SIGNED_IN_RESPONSES
# Saving a name already used by another of your sites.
NAME_TAKEN = {
    **ERRORS,
    409: {"model": Problem, "description": "You already have a site of that name."},
}
SiteId = Annotated[uuid.UUID, Path(description="The site's id.")]


@router.get("", response_model=list[SiteOut], responses=ERRORS)
def list_sites(session: SessionDep, user: CurrentUser) -> list[SiteOut]:
    """Your saved sites, by name."""
    return [SiteOut.model_validate(s) for s in service.list_sites(session, user=user)]


@router.post("", response_model=SiteOut, status_code=201, responses=NAME_TAKEN)
def create_site(session: SessionDep, user: CurrentUser, data: SiteIn) -> SiteOut:
    """Save a place you work. A case whose `site` names it (any case) is priced at its setting
    and locality unless the case states them. A name you already use is a 409."""
    site = service.create_site(session, user=user, data=data)
    session.commit()
    return SiteOut.model_validate(site)


@router.get("/{site_id}", response_model=SiteOut, responses=ERRORS)
def get_site(session: SessionDep, user: CurrentUser, site_id: SiteId) -> SiteOut:
    """One of your saved sites; another user's is a 404."""
    return SiteOut.model_validate(service.get_site(session, user=user, site_id=site_id))


@router.patch("/{site_id}", response_model=SiteOut, responses=NAME_TAKEN)
def update_site(
    session: SessionDep, user: CurrentUser, now: Now, site_id: SiteId, data: SiteUpdate
) -> SiteOut:
    """Change a site; cases already logged keep the credit they were given."""
    site = service.update_site(session, user=user, site_id=site_id, data=data, now=now)
    session.commit()
    return SiteOut.model_validate(site)


@router.delete("/{site_id}", status_code=204, responses=ERRORS)
def delete_site(session: SessionDep, user: CurrentUser, site_id: SiteId) -> Response:
    """Forget a site; cases logged there keep its name and their credit."""
    service.delete_site(session, user=user, site_id=site_id)
    session.commit()
    return Response(status_code=204)
