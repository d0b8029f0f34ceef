"""/me/credit-settings (dated crediting rules) and /credit-presets (the presets to pick from)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from rvuedge.api.auth import CurrentUser
from rvuedge.crediting import schemas as s
from rvuedge.crediting import service
from rvuedge.deps import SessionDep
from rvuedge.errors import SIGNED_IN_RESPONSES

settings_router = APIRouter(prefix="/me/credit-settings", tags=["crediting"])
presets_router = APIRouter(prefix="/credit-presets", tags=["crediting"])
ERRORS = SIGNED_IN_RESPONSES
SettingId = Annotated[uuid.UUID, Path(description="The dated crediting entry's id.")]


@presets_router.get("", response_model=list[s.CreditPresetPublic], responses=ERRORS)
def list_credit_presets(session: SessionDep, user: CurrentUser) -> list[s.CreditPresetPublic]:
    """The crediting presets: the two built-in profiles and the employer presets an operator has
    added, each with every switch's value and the switches it changes."""
    return service.list_presets(session)


@settings_router.get("", response_model=list[s.CreditSettingPublic], responses=ERRORS)
def list_credit_settings(session: SessionDep, user: CurrentUser) -> list[s.CreditSettingPublic]:
    """Your dated crediting settings, oldest first. Before the first, the profile's
    credit_settings apply."""
    return service.public_settings(service.list_settings(session, user_id=user.id))


@settings_router.post(
    "",
    response_model=list[s.CreditSettingPublic],
    status_code=status.HTTP_201_CREATED,
    responses=ERRORS,
)
def add_credit_setting(
    session: SessionDep, user: CurrentUser, data: s.CreditSettingCreate
) -> list[s.CreditSettingPublic]:
    """Credit cases dated from effective_from under a preset (and overrides), and optionally with
    one release (credit_with_release: the contract's year, e.g. 2025D) instead of the release in
    force on each date of service. Answers the whole dated list. Logged cases keep their credit
    until POST /api/v1/cases/revalue; each revalued case's release_note then says which release
    valued it and why. A proposed or unknown release is a 422 listing the loaded ones."""
    service.add_setting(session, user=user, data=data)
    session.commit()
    return service.public_settings(service.list_settings(session, user_id=user.id))


@settings_router.delete("/{setting_id}", status_code=status.HTTP_204_NO_CONTENT, responses=ERRORS)
def delete_credit_setting(
    session: SessionDep, user: CurrentUser, setting_id: SettingId
) -> Response:
    """Remove one dated entry; the entry before it then runs on."""
    service.delete_setting(session, user=user, setting_id=setting_id)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
