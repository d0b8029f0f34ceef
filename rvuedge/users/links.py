"""One-time links an operator gives out: an invitation to register, a password reset.

The link carries a random token (`token=`); only its SHA-256 is stored. A token works once,
until it expires, and a newer link for the same address and purpose withdraws older ones.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from sqlalchemy import update
from sqlmodel import Session, col, select

from rvuedge import security
from rvuedge.config import get_settings
from rvuedge.failures import Conflict, InvalidInput, NotFound
from rvuedge.timeutil import as_utc
from rvuedge.users.models import AccountToken, User

INVITATION = "invitation"
PASSWORD_RESET = "password_reset"  # noqa: S105 (a purpose, not a password)
# Where the app opens each link (its screens read token= from the address).
SCREENS = {INVITATION: "#/signup", PASSWORD_RESET: "#/reset-password"}


@dataclass(frozen=True)
class Link:
    email: str
    url: str
    token: str
    expires_at: datetime


def _email(value: str) -> str:
    return value.strip().lower()


def _issue(
    session: Session, *, purpose: str, email: str, lifetime: timedelta, now: datetime
) -> Link:
    session.execute(  # older links of the same kind for the address stop working
        update(AccountToken)
        .where(
            col(AccountToken.email) == email,
            col(AccountToken.purpose) == purpose,
            col(AccountToken.used_at).is_(None),
        )
        .values(used_at=now)
    )
    token, token_hash = security.new_refresh_token()
    expires_at = now + lifetime
    session.add(
        AccountToken(
            purpose=purpose,
            email=email,
            token_hash=token_hash,
            created_at=now,
            expires_at=expires_at,
        )
    )
    session.flush()
    base = get_settings().PUBLIC_URL.rstrip("/")
    url = f"{base}/{SCREENS[purpose]}?token={quote(token)}&email={quote(email)}"
    return Link(email=email, url=url, token=token, expires_at=expires_at)


def invite(session: Session, *, email: str, now: datetime) -> Link:
    """A link with which `email` may register (also when registration is by invitation only)."""
    email = _email(email)
    if session.exec(select(User.id).where(User.email == email)).first() is not None:
        raise Conflict(f"An account with email {email} already exists.")
    days = get_settings().INVITATION_EXPIRE_DAYS
    return _issue(session, purpose=INVITATION, email=email, lifetime=timedelta(days=days), now=now)


def password_reset(session: Session, *, email: str, now: datetime) -> Link:
    """A link with which the owner of `email` sets a new password."""
    email = _email(email)
    if session.exec(select(User.id).where(User.email == email)).first() is None:
        raise NotFound(f"No account with email {email}.")
    minutes = get_settings().PASSWORD_RESET_EXPIRE_MINUTES
    return _issue(
        session, purpose=PASSWORD_RESET, email=email, lifetime=timedelta(minutes=minutes), now=now
    )


def claim(session: Session, *, purpose: str, token: str, field: str, now: datetime) -> AccountToken:
    """Use a link's token once: the stored link, marked used; InvalidInput naming `field` when
    the token is unknown, used, withdrawn or expired."""
    stored = session.exec(
        select(AccountToken)
        .where(
            AccountToken.token_hash == security.hash_refresh_token(token),
            AccountToken.purpose == purpose,
        )
        .with_for_update()
    ).first()
    if stored is None or stored.used_at is not None or as_utc(stored.expires_at) <= now:
        what = "invitation" if purpose == INVITATION else "password reset link"
        problem = f"This {what} is not valid: it was used, has expired or was replaced."
        raise InvalidInput(problem, errors=[{"loc": ["body", field], "msg": problem}])
    stored.used_at = now
    session.add(stored)
    session.flush()
    return stored
