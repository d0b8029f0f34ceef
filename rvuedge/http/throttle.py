"""A sliding-window limit per client address on an action (e.g. registrations), counted in the
database: every server process sees the same attempts, and a restart forgets none.

Sign-in failures have their own table and lockouts (users/lockout.py).
"""

from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from rvuedge.failures import TooManyRequests
from rvuedge.timeutil import as_utc
from rvuedge.users.models import ThrottleHit


class Throttle:
    def __init__(self, *, limit: int, window: timedelta, what: str) -> None:
        self.limit, self.window, self.what = limit, window, what

    def hit(self, session: Session, client: str, now: datetime) -> None:
        """Count one attempt, or raise TooManyRequests (with Retry-After) when over the limit.
        The caller commits (an attempt counts even when what follows fails)."""
        since = now - self.window
        session.execute(
            delete(ThrottleHit).where(
                col(ThrottleHit.action) == self.what, col(ThrottleHit.at) <= since
            )
        )
        recent = session.exec(
            select(func.count(), func.min(ThrottleHit.at)).where(
                ThrottleHit.action == self.what, ThrottleHit.client == client
            )
        ).one()
        count, oldest = recent
        if count >= self.limit:
            wait = max(1, int((as_utc(oldest) + self.window - now).total_seconds()) + 1)
            raise TooManyRequests(
                f"Too many {self.what} from your address; try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            )
        session.add(ThrottleHit(action=self.what, client=client[:64], at=now))
        session.flush()
