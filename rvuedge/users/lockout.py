"""Sign-in lockouts: too many failed sign-ins for one account, or from one client address,
within RVUEDGE_LOCKOUT_MINUTES lock it out until the window passes or an operator unlocks it
(`rvuedge users unlock`). Failures are rows in the database, so every server process counts
the same ones; the moment a lockout begins is logged once, as a warning."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from rvuedge.config import get_settings
from rvuedge.failures import TooManyRequests
from rvuedge.timeutil import as_utc
from rvuedge.users.models import SignInFailure

logger = logging.getLogger("rvuedge.security")


@dataclass(frozen=True)
class Lock:
    kind: str  # account | address
    key: str  # the email or the client address
    failures: int
    until: datetime


def _window() -> timedelta:
    return timedelta(minutes=get_settings().LOCKOUT_MINUTES)


def _limits() -> tuple[tuple[str, Any, int], ...]:
    settings = get_settings()
    return (
        ("account", col(SignInFailure.email), settings.SIGN_IN_FAILURES_PER_ACCOUNT),
        ("address", col(SignInFailure.client), settings.SIGN_IN_FAILURES_PER_ADDRESS),
    )


def check(session: Session, *, email: str, client: str, now: datetime) -> None:
    """Raise TooManyRequests (with Retry-After) while the account or the address is locked."""
    since = now - _window()
    for (_kind, column, limit), key in zip(_limits(), (email, client), strict=True):
        times = sorted(
            as_utc(t)
            for t in session.exec(
                select(SignInFailure.at).where(column == key, col(SignInFailure.at) > since)
            )
        )
        if len(times) >= limit:
            free_at = times[len(times) - limit] + _window()
            wait = max(1, int((free_at - now).total_seconds()) + 1)
            raise TooManyRequests(
                f"Too many failed sign-ins; try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            )


def record_failure(session: Session, *, email: str, client: str, now: datetime) -> None:
    """Count a failed sign-in; log the lockout it starts, if it starts one."""
    session.execute(delete(SignInFailure).where(col(SignInFailure.at) < now - _window()))
    session.add(SignInFailure(email=email, client=client, at=now))
    session.flush()
    since = now - _window()
    for (kind, column, limit), key in zip(_limits(), (email, client), strict=True):
        count = session.exec(
            select(func.count()).where(column == key, col(SignInFailure.at) > since)
        ).one()
        if count == limit:
            flag = "--email" if kind == "account" else "--address"
            logger.warning(
                "sign-in locked: %s %s after %d failed sign-ins in %d minutes; "
                "unlock with: rvuedge users unlock %s %s",
                kind,
                key,
                count,
                get_settings().LOCKOUT_MINUTES,
                flag,
                key,
            )


def clear_account(session: Session, email: str) -> int:
    """Forget an account's failed sign-ins (a successful sign-in, a reset, an unlock)."""
    result = session.execute(delete(SignInFailure).where(col(SignInFailure.email) == email))
    return result.rowcount  # type: ignore[attr-defined]


def clear_address(session: Session, client: str) -> int:
    result = session.execute(delete(SignInFailure).where(col(SignInFailure.client) == client))
    return result.rowcount  # type: ignore[attr-defined]


def current_locks(session: Session, *, now: datetime) -> list[Lock]:
    """Every account and address locked out now."""
    since = now - _window()
    locks = []
    for kind, column, limit in _limits():
        rows = session.exec(
            select(column, func.count(), func.max(SignInFailure.at))
            .where(SignInFailure.at > since)
            .group_by(column)
            .having(func.count() >= limit)
            .order_by(col(column))
        )
        for key, failures, last in rows:
            locks.append(Lock(kind, key, failures, as_utc(last) + _window()))
    return locks
