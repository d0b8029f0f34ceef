"""The signed-in user, from a bearer access token: most requests read nothing (see
users/revocations.py)."""

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo

import jwt
from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

from rvuedge.deps import Now, SessionDep
from rvuedge.failures import Unauthorized
from rvuedge.security import decode_access_token
from rvuedge.users import revocations, service
from rvuedge.users.models import User

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


@dataclass(frozen=True)
class Auth:
    user: User
    session_id: uuid.UUID


def get_auth(session: SessionDep, token: Annotated[str | None, Depends(oauth2_scheme)]) -> Auth:
    if not token:
        raise Unauthorized("Sign in: this endpoint needs a bearer access token.")
    try:
        claims = decode_access_token(token)
        user_id = uuid.UUID(claims["sub"])
        session_id = uuid.UUID(claims["sid"])
    except (jwt.InvalidTokenError, ValueError, KeyError):
        raise Unauthorized("The access token is invalid or expired.") from None
    # The session row is read once per process and session, the user's row once per process
    # and change to any account; revocations and the users stamp are re-read every few seconds
    # (revocations.MAX_DELAY_SECONDS), at once after this process's own changes.
    view = revocations.view_for(session)
    live = view.is_live(
        session,
        session_id=session_id,
        user_id=user_id,
        read=lambda: service.session_is_live(session, session_id=session_id, user_id=user_id),
    )
    if not live:
        raise Unauthorized("This sign-in session has ended; sign in again.")
    user = view.user(session, user_id)
    if user is None or not user.is_active:
        raise Unauthorized("The account is disabled or no longer exists.")
    return Auth(user=user, session_id=session_id)


async def get_current_user(auth: Annotated[Auth, Depends(get_auth)]) -> User:
    # async: no I/O, so no trip to the thread pool (get_auth, which reads, runs there).
    return auth.user


CurrentAuth = Annotated[Auth, Depends(get_auth)]
CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_user_today(user: CurrentUser, now: Now) -> date:
    """Today's calendar date where the signed-in physician is (their profile's time zone)."""
    return now.astimezone(ZoneInfo(user.time_zone)).date()


UserToday = Annotated[date, Depends(get_user_today)]
