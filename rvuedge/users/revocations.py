"""Which sign-in sessions are live and the signed-in users' rows, known per process, so that
most requests check an access token and get its user without a database read.

A token is checked by its signature (security.decode_access_token) and then against what this
process keeps per database:

- the sessions known live (session id -> user id, read from the database the first time a
  process sees a session; bounded, the least recently used forgotten first);
- the sessions revoked lately: re-read every REFRESH_SECONDS (the ids revoked in the last
  access-token lifetime plus a margin; a session revoked earlier has no token left that has not
  expired, since a revoked session cannot refresh);
- the signed-in users' rows (users/snapshots.py; bounded, least recently used forgotten first),
  kept under the users stamp (rvuedge/stamps.py), which any change to an account replaces
  (profile, password, disabling, deletion). The stamp is read in the same statement as the
  revoked sessions: one statement every REFRESH_SECONDS; when it moved, every kept row is
  dropped and read again on its next request. A row read on a miss comes with the stamp (one
  statement) and is kept only under the stamp the view holds, so a row read before a change is
  never kept after the view has seen it.

Everything that ends sessions goes through revoke_session / revoke_all (sign-out, sign-out
everywhere, password change, password reset, disabling an account) or keys.sign_out_all (all
sessions, key changes): each marks its database session, and its commit makes this process's
view re-read at once (`after_commit` below). A commit that replaced the users stamp does the same
and drops the kept rows at once. A key rotated out needs nothing here: tokens it signed fail
their signature check. A deleted account's sessions go with it (their rows, so they never show
as revoked): its row is dropped with the stamp, and reading it again finds none.

MAX_DELAY_SECONDS is the longest a change made by another process (another server worker, the
CLI) can take to be honoured: a revocation, a disabled or deleted account, a changed profile.
One refresh interval, plus the time of the refresh statement itself. Changes made by this
process are honoured by the next request.
"""

import threading
import time
import uuid
import weakref
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import DateTime, String, Uuid, bindparam, text
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.pool import Pool

from rvuedge import commits, stamps
from rvuedge.config import get_settings
from rvuedge.timeutil import utc_now
from rvuedge.users import snapshots
from rvuedge.users.models import User

REFRESH_SECONDS = 5.0
MAX_DELAY_SECONDS = REFRESH_SECONDS  # + one refresh statement (milliseconds)
MAX_KNOWN = 10_000  # live sessions remembered per process and database
MAX_USERS = 10_000  # users' rows kept per process and database
MARGIN = timedelta(minutes=5)  # clock skew between servers, slow commits
_MARK = "rvuedge_sessions_revoked"
_UNREAD: Any = object()  # no users stamp read since the view was made or expired

# The revoked sessions, and a row (id NULL) with the users stamp when the key exists (an absent
# key is a stamp too: None).
_REFRESH = (
    text(
        "SELECT id, NULL AS stamp FROM auth_session"
        " WHERE revoked_at IS NOT NULL AND revoked_at >= :since"
        " UNION ALL SELECT NULL, value FROM app_meta WHERE key = :users_key"
    )
    .bindparams(bindparam("since", type_=DateTime(timezone=True)))
    .columns(id=Uuid(), stamp=String())
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
        self._stamp: Any = _UNREAD  # the users stamp the kept rows are read under
        self._users: OrderedDict[uuid.UUID, snapshots.Snapshot] = OrderedDict()

    def expire(self, *, users: bool = False) -> None:
        """Re-read the revoked sessions (and with `users`, drop the kept rows and re-read the
        users stamp) before answering the next question."""
        with self._lock:
            self._generation += 1
            self._read_at = None
            if users:
                self._stamp, self._users = _UNREAD, OrderedDict()

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
        params = {"since": utc_now() - window, "users_key": stamps.USERS}
        rows = session.execute(_REFRESH, params).all()
        revoked = frozenset(row.id for row in rows if row.id is not None)
        stamp = next((row.stamp for row in rows if row.id is None), None)
        with self._lock:
            if self._read_at is not None and self._read_at > started:
                return  # a read begun after this one already answered
            self._revoked = revoked
            for session_id in revoked:
                self._live.pop(session_id, None)
            if generation == self._generation:
                self._read_at = started
                if stamp != self._stamp:
                    self._stamp, self._users = stamp, OrderedDict()

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

    def user(self, session: OrmSession, user_id: uuid.UUID) -> User | None:
        """The user as a new instance in `session` (which must not hold the user yet: a
        request's new session): from the kept row when there is one (call is_live first: it
        refreshes the stamp), else read and kept."""
        with self._lock:
            kept = self._users.get(user_id)
            if kept is not None:
                self._users.move_to_end(user_id)
        if kept is not None:
            return snapshots.build(session, kept)
        user, stamp = snapshots.read(session, user_id)
        if user is None:
            return None
        with self._lock:
            # Kept only under the stamp the view holds: a row read under an older one (before
            # a change this view has seen) would otherwise outlive the change.
            if stamp == self._stamp:
                self._users[user_id] = snapshots.snapshot(user)
                while len(self._users) > MAX_USERS:
                    self._users.popitem(last=False)
        return user


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
    commits.mark(session, _MARK)


@commits.after_outer_commit
def _after_commit(session: OrmSession) -> None:
    revoked = commits.marked(session, _MARK)
    users = stamps.USERS in stamps.bumped(session)
    if revoked or users:
        pool = _pool(session)
        view = _views.get(pool) if pool is not None else None
        if view is not None:
            view.expire(users=users)
