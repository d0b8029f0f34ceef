"""Accounts, sign-in sessions and the profile. Services flush; the caller commits."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from rvuedge import security
from rvuedge.benchmarks import service as benchmark_service
from rvuedge.config import Registration, get_settings
from rvuedge.db import reading
from rvuedge.failures import Conflict, Forbidden, InvalidInput, Unauthorized
from rvuedge.timeutil import as_utc
from rvuedge.users import links, lockout, revocations
from rvuedge.users.models import AuthSession, RefreshToken, SignInFailure, User
from rvuedge.users.passwords import password_problem
from rvuedge.users.schemas import ProfileUpdate, RegisterIn, TokenPair

BAD_CREDENTIALS = "Incorrect email or password."


def normalize_email(email: str) -> str:
    return email.strip().lower()


def get_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalize_email(email))).first()


def register_through_api(session: Session, *, data: RegisterIn, now: datetime) -> User:
    """A sign-up as RVUEDGE_REGISTRATION allows: anyone (open), with an invitation for this
    address (invite), or nobody (closed: the operator creates accounts)."""
    mode = get_settings().registration
    if mode == Registration.CLOSED:
        raise Forbidden("Registration is closed on this server; ask its operator for an account.")
    if data.invitation is None and mode == Registration.INVITE:
        raise Forbidden(
            "Registration on this server needs an invitation; ask its operator for one "
            "(`rvuedge users invite`) and open the link it gives."
        )
    email = normalize_email(data.email)
    _check_password(data.password, email=email, field="password")
    if data.invitation is not None:
        invitation = links.claim(
            session, purpose=links.INVITATION, token=data.invitation, field="invitation", now=now
        )
        if invitation.email != email:
            problem = f"This invitation is for another address than {email}."
            raise InvalidInput(problem, errors=[{"loc": ["body", "email"], "msg": problem}])
    return register(session, data=data)


def _check_password(password: str, *, email: str, field: str) -> None:
    if problem := password_problem(password, email=email):
        raise InvalidInput(problem, errors=[{"loc": ["body", field], "msg": problem}])


def register(session: Session, *, data: RegisterIn) -> User:
    email = normalize_email(data.email)
    _check_password(data.password, email=email, field="password")
    password_hash = security.hash_password(data.password)  # before the lock: it takes a while
    if get_by_email(session, email) is not None:
        raise Conflict(f"An account with email {email} already exists.")
    user = User(
        email=email,
        password_hash=password_hash,
        display_name=data.display_name.strip(),
        time_zone=get_settings().DEFAULT_TIMEZONE,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(
    session: Session, *, email: str, password: str, client: str, now: datetime
) -> User:
    """The user for these credentials; unknown emails cost as much as wrong passwords."""
    email = normalize_email(email)
    # The throttle and the stored hash are read in a short read-only transaction, and the slow
    # Argon2 check runs after it: on SQLite no write lock is held while the hash is verified,
    # so one sign-in never makes every other writer wait ~0.1 s per attempt.
    with Session(reading(session.get_bind())) as reader:  # type: ignore[arg-type]
        lockout.check(reader, email=email, client=client, now=now)
        found = get_by_email(reader, email)
        user_id, stored_hash = (found.id, found.password_hash) if found else (None, None)
    valid = security.verify_password(password, stored_hash or security.DUMMY_HASH)
    user = session.get(User, user_id) if user_id is not None and valid else None
    if user is None or not valid or not user.is_active:
        lockout.record_failure(session, email=email, client=client, now=now)
        raise Unauthorized(BAD_CREDENTIALS)
    lockout.clear_account(session, email)
    user.last_sign_in_at = now
    session.add(user)
    return user


def _issue(
    session: Session, *, user_id: uuid.UUID, session_id: uuid.UUID, now: datetime
) -> TokenPair:
    settings = get_settings()
    token, token_hash = security.new_refresh_token()
    session.add(
        RefreshToken(
            session_id=session_id,
            token_hash=token_hash,
            expires_at=now + timedelta(days=settings.REFRESH_TOKEN_EXPIRE_DAYS),
            key_id=security.key_id(security.secret_key()),
        )
    )
    session.flush()
    return TokenPair(
        access_token=security.create_access_token(
            user_id=user_id,
            session_id=session_id,
            now=now,
            minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES,
        ),
        expires_in=settings.ACCESS_TOKEN_EXPIRE_MINUTES * 60,
        refresh_token=token,
    )


def start_session(session: Session, *, user: User, now: datetime) -> TokenPair:
    device = AuthSession(user_id=user.id, created_at=now)
    session.add(device)
    session.flush()
    return _issue(session, user_id=user.id, session_id=device.id, now=now)


def refresh(session: Session, *, token: str, now: datetime) -> TokenPair:
    """Rotate a refresh token. Presenting a used one revokes its whole family (theft signal)."""
    stored = session.exec(
        select(RefreshToken).where(RefreshToken.token_hash == security.hash_refresh_token(token))
    ).first()
    if stored is None:
        raise Unauthorized("Unknown refresh token.")
    device = session.get(AuthSession, stored.session_id)
    assert device is not None
    if device.revoked_at is not None:
        raise Unauthorized("This sign-in session has been revoked.")
    if stored.used_at is not None:
        revoke_session(session, session_id=device.id, now=now, reason="refresh_token_reuse")
        raise Unauthorized("Refresh token already used; this sign-in session has been revoked.")
    if as_utc(stored.expires_at) <= now:
        raise Unauthorized("Refresh token expired; sign in again.")
    if stored.key_id is not None and stored.key_id not in security.accepted_key_ids():
        # Issued under a signing key that was rotated out: the session ends with it.
        revoke_session(session, session_id=device.id, now=now, reason="key_rotated")
        raise Unauthorized("This sign-in was made under a retired server key; sign in again.")
    user = session.get(User, device.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("Account disabled.")
    stored.used_at = now
    session.add(stored)
    return _issue(session, user_id=device.user_id, session_id=device.id, now=now)


def revoke_session(session: Session, *, session_id: uuid.UUID, now: datetime, reason: str) -> None:
    revocations.mark(session)
    session.execute(
        update(AuthSession)
        .where(col(AuthSession.id) == session_id, col(AuthSession.revoked_at).is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )


def revoke_all(
    session: Session,
    *,
    user_id: uuid.UUID,
    now: datetime,
    reason: str,
    keep: uuid.UUID | None = None,
) -> int:
    statement = update(AuthSession).where(
        col(AuthSession.user_id) == user_id, col(AuthSession.revoked_at).is_(None)
    )
    if keep is not None:
        statement = statement.where(col(AuthSession.id) != keep)
    revocations.mark(session)
    result = session.execute(statement.values(revoked_at=now, revoked_reason=reason))
    return result.rowcount  # type: ignore[attr-defined]


def session_is_live(session: Session, *, session_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    device = session.get(AuthSession, session_id)
    return device is not None and device.user_id == user_id and device.revoked_at is None


def change_password(
    session: Session, *, user: User, current: str, new: str, keep: uuid.UUID, now: datetime
) -> None:
    if not security.verify_password(current, user.password_hash):
        raise InvalidInput(
            "The current password is not correct.",
            errors=[{"loc": ["body", "current_password"], "msg": "incorrect password"}],
        )
    _check_password(new, email=user.email, field="new_password")
    user.password_hash = security.hash_password(new)
    user.updated_at = now
    session.add(user)
    revoke_all(session, user_id=user.id, now=now, reason="password_changed", keep=keep)


def set_password(session: Session, *, user: User, new: str, now: datetime, reason: str) -> int:
    """A new password without the old one (a reset link, an operator): every device is signed
    out and the account's lockout lifted. Returns the number of sessions ended."""
    _check_password(new, email=user.email, field="new_password")
    user.password_hash = security.hash_password(new)
    user.updated_at = now
    session.add(user)
    lockout.clear_account(session, user.email)
    return revoke_all(session, user_id=user.id, now=now, reason=reason)


def reset_password(session: Session, *, token: str, new: str, now: datetime) -> User:
    """Use a reset link: a new password, every session ended. The link works once."""
    stored = links.claim(session, purpose=links.PASSWORD_RESET, token=token, field="token", now=now)
    user = get_by_email(session, stored.email)
    if user is None:  # the account was deleted since the link was made
        raise InvalidInput(
            "This password reset link is not valid: its account no longer exists.",
            errors=[{"loc": ["body", "token"], "msg": "no such account"}],
        )
    set_password(session, user=user, new=new, now=now, reason="password_reset")
    return user


def delete_account(session: Session, *, user: User, password: str) -> None:
    """Erase the user and every row they own (foreign keys cascade)."""
    if not security.verify_password(password, user.password_hash):
        raise InvalidInput(
            "The password is not correct.",
            errors=[{"loc": ["body", "password"], "msg": "incorrect"}],
        )
    erase_account(session, user=user)


def erase_account(session: Session, *, user: User) -> None:
    """Erase the user and every row they own (foreign keys cascade)."""
    session.execute(delete(SignInFailure).where(col(SignInFailure.email) == user.email))
    session.delete(user)
    session.flush()


def update_profile(
    session: Session,
    *,
    user: User,
    data: ProfileUpdate,
    now: datetime,
) -> User:
    changes = data.model_dump(exclude_unset=True, mode="python")
    known_specialties = benchmark_service.specialties(session)
    if "specialty" in changes and changes["specialty"] and known_specialties:
        match = {s.lower(): s for s in known_specialties}.get(changes["specialty"].strip().lower())
        if match is None:
            known = ", ".join(sorted(known_specialties))
            raise InvalidInput(
                f"Unknown specialty {changes['specialty']!r}. Known: {known}.",
                errors=[{"loc": ["body", "specialty"], "msg": "unknown specialty"}],
            )
        changes["specialty"] = match
    if changes.get("locality") and changes["locality"] not in _locality_keys(session):
        raise InvalidInput(
            f"Unknown Medicare locality {changes['locality']!r}; see GET /api/v1/localities.",
            errors=[{"loc": ["body", "locality"], "msg": "unknown locality"}],
        )
    for key in ("credit_settings", "compensation_plan"):
        if key in changes and changes[key] is not None:
            changes[key] = getattr(data, key).model_dump(mode="json", exclude_none=True)
    if "credit_settings" in changes and changes["credit_settings"] is None:
        changes["credit_settings"] = {}
    for key, value in changes.items():
        setattr(user, key, value)
    user.updated_at = now
    session.add(user)
    session.flush()
    return user


def _locality_keys(session: Session) -> set[str]:
    from rvuedge.catalog.models import GpciLocality

    rows = session.exec(select(GpciLocality.mac, GpciLocality.locality_number))
    return {f"{mac}-{number}" for mac, number in rows}


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(col(User.created_at))))
