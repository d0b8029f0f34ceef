"""Which sign-in sessions are live, known per process, so that most requests check an access
token without reading its session row.

A token is checked by its signature (security.decode_access_token) and then against two sets
this process keeps per database:

- the sessions known live (session id -> user id, read from the database the first time a
  process sees a session; bounded, the least recently used forgotten first);
- the sessions revoked lately: re-read every REFRESH_SECONDS in one statement (the ids revoked in
  the last access-token lifetime plus a margin; a session revoked earlier has no token left
  that has not expired, since a revoked session cannot refresh).

Everything that ends sessions goes through revoke_session / revoke_all (sign-out, sign-out
everywhere, password change, password reset, disabling an account) or keys.sign_out_all (all
sessions, key changes): each marks its database session, and its commit makes this process's
view re-read at once (`after_commit` below). A key rotated out needs nothing here: tokens it
signed fail their signature check. A deleted account's sessions go with it; the user row is still
read on each request (api.auth.get_auth), so its tokens are refused at once.

MAX_REVOCATION_DELAY_SECONDS is the longest a revocation made by another process (another server
worker, the CLI) can take to be honoured: one refresh interval, plus the time of the refresh
statement itself. Revocations made by this process are honoured by the next request.
"""

import threading
import time
import uuid
import weakref
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import DateTime, Uuid, bindparam, event, text
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.pool import Pool

from rvuedge.config import get_settings
from rvuedge.timeutil import utc_now

REFRESH_SECONDS = 5.0
MAX_REVOCATION_DELAY_SECONDS = REFRESH_SECONDS  # + one refresh statement (milliseconds)
MAX_KNOWN = 10_000  # live sessions remembered per process and database
MARGIN = timedelta(minutes=5)  # clock skew between servers, slow commits
_MARK = "rvuedge_sessions_revoked"

_REVOKED = (
    text("SELECT id FROM auth_session WHERE revoked_at IS NOT NULL AND revoked_at >= :since")
    .bindparams(bindparam("since", type_=DateTime(timezone=True)))
    .columns(id=Uuid())
)


def monotonic() -> float:
    """The clock of the refresh interval (a module function, so tests can move it)."""
    return time.monotonic()


class SessionView:
    """One process's view of one database's sign-in sessions."""

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        self._clock = clock or (lambda: monotonic())
        self._lock = threading.Lock()
        self._read_at: float | None = None
        self._generation = 0  # moved on by expire(), so a read begun before it does not count
        self._revoked: frozenset[uuid.UUID] = frozenset()
        self._live: OrderedDict[uuid.UUID, uuid.UUID] = OrderedDict()

    def expire(self) -> None:
        """Re-read the revoked sessions before answering the next question."""
        self._generation += 1
        self._read_at = None

    def _refresh(self, session: OrmSession) -> None:
        read_at = self._read_at
        if read_at is not None and self._clock() - read_at < REFRESH_SECONDS:
            return
        # The statement runs outside the lock: on SQLite a write request's first statement
        # waits for the database's write lock, and a thread holding the database lock may want
        # this lock next (is_live below), so holding both at once could deadlock until the busy
        # timeout. Two threads may both re-read; the newer answer wins, either is correct.
        with self._lock:
            started, generation = self._clock(), self._generation
        window = timedelta(minutes=get_settings().ACCESS_TOKEN_EXPIRE_MINUTES) + MARGIN
        revoked = frozenset(session.execute(_REVOKED, {"since": utc_now() - window}).scalars())
        with self._lock:
            if self._read_at is not None and self._read_at > started:
                return  # a read begun after this one already answered
            self._revoked = revoked
            for session_id in revoked:
                self._live.pop(session_id, None)
            if generation == self._generation:
                self._read_at = started

    def is_live(
        self,
        session: OrmSession,
        *,
        session_id: uuid.UUID,
        user_id: uuid.UUID,
        read: Callable[[], bool],
    ) -> bool:
        """Whether the session is live: from memory when it is known, else `read()` (the
        database), remembered when live."""
        self._refresh(session)
        if session_id in self._revoked:
            return False
        with self._lock:
            known = self._live.get(session_id)
            if known is not None:
                self._live.move_to_end(session_id)
        if known is not None:
            return known == user_id
        if not read():
            return False
        with self._lock:
            self._live[session_id] = user_id
            while len(self._live) > MAX_KNOWN:
                self._live.popitem(last=False)
        return True


_views: "weakref.WeakKeyDictionary[Pool, SessionView]" = weakref.WeakKeyDictionary()
_views_lock = threading.Lock()


def _pool(session: OrmSession) -> Pool | None:
    bind: Any = session.get_bind()
    return getattr(bind, "pool", None)


def view_for(session: OrmSession) -> SessionView:
    """This process's view of the database `session` uses (one per connection pool)."""
    pool = _pool(session)
    assert pool is not None
    view = _views.get(pool)
    if view is None:
        with _views_lock:
            view = _views.setdefault(pool, SessionView())
    return view


def mark(session: OrmSession) -> None:
    """`session` ends sign-in sessions: when it commits, this process re-reads which."""
    session.info[_MARK] = True


@event.listens_for(OrmSession, "after_commit")
def _after_commit(session: OrmSession) -> None:
    if session.info.pop(_MARK, False):
        pool = _pool(session)
        view = _views.get(pool) if pool is not None else None
        if view is not None:
            view.expire()


@event.listens_for(OrmSession, "after_rollback")
def _after_rollback(session: OrmSession) -> None:
    session.info.pop(_MARK, None)
