from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from rvuedge.api.auth import CurrentAuth, CurrentUser
from rvuedge.cases import revalue
from rvuedge.deps import SessionDep
from rvuedge.errors import Problem
from rvuedge.timeutil import utc_now
from rvuedge.users import service
from rvuedge.users.schemas import (
    DeleteAccountIn,
    PasswordChangeIn,
    PasswordResetIn,
    ProfilePublic,
    ProfileUpdate,
    RefreshIn,
    RegisterIn,
    TokenPair,
)

auth_router = APIRouter(prefix="/auth", tags=["auth"])
me_router = APIRouter(prefix="/me", tags=["profile"])
AUTH_ERRORS: dict[int | str, dict[str, object]] = {401: {"model": Problem}}
# Tokens must not be kept by any cache between the server and the phone.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class SignInForm(OAuth2PasswordRequestForm):
    """OAuth2PasswordRequestForm with each form field described; it behaves the same."""

    def __init__(
        self,
        *,
        grant_type: Annotated[
            str | None,
            Form(pattern="^password$", description="The OAuth2 grant: `password`, or leave out."),
        ] = None,
        username: Annotated[str, Form(description="Your account's email address (any case).")],
        password: Annotated[
            str,
            Form(json_schema_extra={"format": "password"}, description="Your password."),
        ],
        scope: Annotated[str, Form(description="OAuth2 scopes; not used by rvuedge.")] = "",
        client_id: Annotated[
            str | None, Form(description="OAuth2 client id; not used by rvuedge.")
        ] = None,
        client_secret: Annotated[
            str | None,
            Form(
                json_schema_extra={"format": "password"},
                description="OAuth2 client secret; not used by rvuedge.",
            ),
        ] = None,
    ) -> None:
        super().__init__(
            grant_type=grant_type,
            username=username,
            password=password,
            scope=scope,
            client_id=client_id,
            client_secret=client_secret,
        )


SIGN_IN_EXAMPLE = {
    "requestBody": {
        "content": {
            "application/x-www-form-urlencoded": {
                "example": {
                    "grant_type": "password",
                    "username": "dr.example@example.org",
                    "password": "long-and-unguessable-42",
                }
            }
        }
    }
}


def _client(request: Request) -> str:
    """The client's address (the forwarded one only behind a trusted proxy)."""
    return request.client.host if request.client else "unknown"


@auth_router.post(
    "/register",
    response_model=ProfilePublic,
    status_code=status.HTTP_201_CREATED,
    responses={
        403: {"model": Problem, "description": "Registration is closed, or needs an invitation."},
        409: {"model": Problem},
        422: {"model": Problem},
        429: {"model": Problem},
    },
)
def register(session: SessionDep, request: Request, data: RegisterIn) -> ProfilePublic:
    """Create an account. Passwords need 10+ characters and must not be a common password.
    The server's RVUEDGE_REGISTRATION says who may: anyone (`open`), the holder of an
    invitation for this email (`invite`: send its token as `invitation`), or nobody (`closed`).
    Each client address may try a few registrations an hour (RVUEDGE_REGISTRATIONS_PER_HOUR),
    counted across every server process."""
    now = utc_now()
    request.app.state.registrations.hit(session, _client(request), now)
    session.commit()  # the attempt counts whatever follows
    user = service.register_through_api(session, data=data, now=now)
    session.commit()
    return ProfilePublic.model_validate(user)


@auth_router.post(
    "/token",
    response_model=TokenPair,
    responses={401: {"model": Problem}, 429: {"model": Problem}},
    openapi_extra=SIGN_IN_EXAMPLE,
)
def sign_in(
    session: SessionDep,
    request: Request,
    response: Response,
    form: Annotated[SignInForm, Depends()],
) -> TokenPair:
    """Sign in with the OAuth2 password flow: form fields `username` (the email) and `password`.
    Answers an access token and a refresh token for this device. Repeated failures for one
    email or one client address are refused for a while (429 with Retry-After)."""
    now = utc_now()
    response.headers.update(NO_STORE)
    try:
        user = service.authenticate(
            session, email=form.username, password=form.password, client=_client(request), now=now
        )
    except Exception:
        session.commit()  # keep the recorded failure
        raise
    pair = service.start_session(session, user=user, now=now)
    session.commit()
    return pair


@auth_router.post("/refresh", response_model=TokenPair, responses=AUTH_ERRORS)
def refresh(session: SessionDep, response: Response, data: RefreshIn) -> TokenPair:
    """Exchange a refresh token for a new pair. Each refresh token works once."""
    response.headers.update(NO_STORE)
    try:
        pair = service.refresh(session, token=data.refresh_token, now=utc_now())
    except Exception:
        session.commit()  # a reuse revokes the session even though the call fails
        raise
    session.commit()
    return pair


@auth_router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=AUTH_ERRORS)
def logout(session: SessionDep, auth: CurrentAuth) -> Response:
    """Sign out this device."""
    service.revoke_session(session, session_id=auth.session_id, now=utc_now(), reason="logout")
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@auth_router.post("/logout-all", status_code=status.HTTP_204_NO_CONTENT, responses=AUTH_ERRORS)
def logout_all(session: SessionDep, auth: CurrentAuth) -> Response:
    """Sign out every device, this one included."""
    service.revoke_all(session, user_id=auth.user.id, now=utc_now(), reason="logout_all")
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@auth_router.post(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**AUTH_ERRORS, 422: {"model": Problem}},
)
def change_password(session: SessionDep, auth: CurrentAuth, data: PasswordChangeIn) -> Response:
    """Change the password; every other device is signed out."""
    service.change_password(
        session,
        user=auth.user,
        current=data.current_password,
        new=data.new_password,
        keep=auth.session_id,
        now=utc_now(),
    )
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@auth_router.post(
    "/reset-password",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={422: {"model": Problem}},
)
def reset_password(session: SessionDep, response: Response, data: PasswordResetIn) -> Response:
    """Set a new password with the token of a reset link (`rvuedge users reset-password`).
    The link works once and expires; every device of the account is signed out."""
    service.reset_password(session, token=data.token, new=data.new_password, now=utc_now())
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT, headers=NO_STORE)


@me_router.get("", response_model=ProfilePublic, responses=AUTH_ERRORS)
def get_profile(user: CurrentUser) -> ProfilePublic:
    """Your account and profile: settings, goals, crediting rules and pay plan."""
    return ProfilePublic.model_validate(user)


@me_router.patch(
    "", response_model=ProfilePublic, responses={**AUTH_ERRORS, 422: {"model": Problem}}
)
def update_profile(session: SessionDep, user: CurrentUser, data: ProfileUpdate) -> ProfilePublic:
    """Change profile fields; only the fields sent change. `specialty` must name a benchmark
    specialty when benchmark tables are loaded; `locality` a Medicare locality when GPCIs are.
    Changing `conversion_factor_choice` values your cases from 2026 on again at once (as POST
    /api/v1/cases/revalue does), so every dollar figure uses the factor chosen."""
    choice_before = user.conversion_factor_choice
    now = utc_now()
    updated = service.update_profile(session, user=user, data=data, now=now)
    session.commit()
    if updated.conversion_factor_choice != choice_before:
        for _result in revalue.reprice_batches(session, user=updated, now=now):
            session.commit()  # each batch lands by itself, as POST /cases/revalue's do
    return ProfilePublic.model_validate(updated)


@me_router.delete(
    "", status_code=status.HTTP_204_NO_CONTENT, responses={**AUTH_ERRORS, 422: {"model": Problem}}
)
def delete_account(session: SessionDep, user: CurrentUser, data: DeleteAccountIn) -> Response:
    """Erase the account and every row it owns. Needs the password."""
    service.delete_account(session, user=user, password=data.password)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
