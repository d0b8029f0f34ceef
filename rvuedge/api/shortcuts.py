import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from rvuedge.api.auth import CurrentUser
from rvuedge.cases import shortcuts as service
from rvuedge.cases.schemas import (
    FavoriteIn,
    FavoriteOrderIn,
    FavoriteOut,
    FavoriteUpdate,
    RecentOut,
    TemplateIn,
    TemplateOut,
    TemplateUpdate,
)
from rvuedge.deps import Now, SessionDep
from rvuedge.errors import SIGNED_IN_RESPONSES, Problem

router = APIRouter(prefix="/me", tags=["favorites and templates"])
ERRORS = SIGNED_IN_RESPONSES
FavoriteId = Annotated[uuid.UUID, Path(description="The favorite's id.")]
TemplateId = Annotated[uuid.UUID, Path(description="The template's id.")]


@router.get("/favorites", response_model=list[FavoriteOut], responses=ERRORS)
def list_favorites(session: SessionDep, user: CurrentUser) -> list[FavoriteOut]:
    """Your favorite codes, in your order (position 1 first)."""
    return [FavoriteOut.model_validate(f) for f in service.list_favorites(session, user=user)]


@router.post(
    "/favorites",
    response_model=FavoriteOut,
    status_code=201,
    responses={**ERRORS, 200: {"model": FavoriteOut, "description": "Already a favorite"}},
)
def add_favorite(
    session: SessionDep, user: CurrentUser, data: FavoriteIn, response: Response
) -> FavoriteOut:
    """Add a code with its usual modifiers. A favorite is unique per code and modifiers (in any
    order): adding the same one again answers 200 with the existing favorite."""
    favorite, created = service.add_favorite(session, user=user, data=data)
    session.commit()
    if not created:
        response.status_code = 200
    return FavoriteOut.model_validate(favorite)


@router.put("/favorites/order", response_model=list[FavoriteOut], responses=ERRORS)
def reorder_favorites(
    session: SessionDep, user: CurrentUser, data: FavoriteOrderIn
) -> list[FavoriteOut]:
    """Set the order: list every favorite id once, first to last."""
    favorites = service.reorder_favorites(session, user=user, ids=data.ids)
    session.commit()
    return [FavoriteOut.model_validate(f) for f in favorites]


@router.patch(
    "/favorites/{favorite_id}",
    response_model=FavoriteOut,
    responses={**ERRORS, 409: {"model": Problem}},  # another favorite holds the same code+modifiers
)
def update_favorite(
    session: SessionDep, user: CurrentUser, favorite_id: FavoriteId, data: FavoriteUpdate
) -> FavoriteOut:
    """Change a favorite's modifiers or label; its place in the list stays."""
    favorite = service.update_favorite(session, user=user, favorite_id=favorite_id, data=data)
    session.commit()
    return FavoriteOut.model_validate(favorite)


@router.delete("/favorites/{favorite_id}", status_code=204, responses=ERRORS)
def delete_favorite(session: SessionDep, user: CurrentUser, favorite_id: FavoriteId) -> Response:
    """Remove a favorite; the cases logged with its code are not touched."""
    service.delete_favorite(session, user=user, favorite_id=favorite_id)
    session.commit()
    return Response(status_code=204)


@router.get("/templates", response_model=list[TemplateOut], responses=ERRORS)
def list_templates(session: SessionDep, user: CurrentUser) -> list[TemplateOut]:
    """Your case templates (named sets of lines), by name."""
    return [TemplateOut.model_validate(t) for t in service.list_templates(session, user=user)]


@router.post("/templates", response_model=TemplateOut, status_code=201, responses=ERRORS)
def create_template(session: SessionDep, user: CurrentUser, data: TemplateIn) -> TemplateOut:
    """Save a named set of lines to fill a new case with; every code must be a known one."""
    template = service.create_template(session, user=user, data=data)
    session.commit()
    return TemplateOut.model_validate(template)


@router.get("/templates/{template_id}", response_model=TemplateOut, responses=ERRORS)
def get_template(session: SessionDep, user: CurrentUser, template_id: TemplateId) -> TemplateOut:
    """One of your templates; another user's is a 404."""
    return TemplateOut.model_validate(
        service.get_template(session, user=user, template_id=template_id)
    )


@router.patch("/templates/{template_id}", response_model=TemplateOut, responses=ERRORS)
def update_template(
    session: SessionDep, user: CurrentUser, now: Now, template_id: TemplateId, data: TemplateUpdate
) -> TemplateOut:
    """Rename a template or replace its lines; cases already logged from it do not change."""
    template = service.update_template(
        session, user=user, template_id=template_id, data=data, now=now
    )
    session.commit()
    return TemplateOut.model_validate(template)


@router.delete("/templates/{template_id}", status_code=204, responses=ERRORS)
def delete_template(session: SessionDep, user: CurrentUser, template_id: TemplateId) -> Response:
    """Delete a template; cases logged from it do not change."""
    service.delete_template(session, user=user, template_id=template_id)
    session.commit()
    return Response(status_code=204)


@router.get("/recents", response_model=list[RecentOut], responses=ERRORS)
def list_recents(
    session: SessionDep,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=100, description="How many codes (1-100).")] = 20,
) -> list[RecentOut]:
    """Codes from your log, most recently used first."""
    return service.recents(session, user=user, limit=limit)
