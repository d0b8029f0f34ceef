"""Search answers kept in memory, per process: the type-ahead asks the same few prefixes all day.

An answer is kept per (catalog version, query, limit, today's date: the release in force) in a
bounded LRU, as the JSON bytes sent. The catalog version (a random stamp written by every import
and seed load, catalog.search_docs) is unique to one database's catalog, so answers of another
catalog never match. A process learns the version from each search it runs in the database;
it answers from memory only while what it knows is younger than VERSION_TTL_SECONDS, so an
import made by another process (the CLI's `rvuedge import-rvu`, another worker) shows within
that time; an import committed by this process shows at once (`after_commit` below).

Only anonymous answers are kept: a signed-in physician's order depends on their own recent
codes, which change as they log cases.
"""

import threading
import time
import weakref
from collections import OrderedDict
from datetime import date

from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.pool import Pool

from rvuedge import commits

MAX_ANSWERS = 2_000  # about 2 kB each: a few MB at most
VERSION_TTL_SECONDS = 5.0
_MARK = "rvuedge_catalog_changed"

Key = tuple[str, str, int, date]  # (version, query, limit, today)


def monotonic() -> float:
    """The clock of VERSION_TTL_SECONDS (a module function, so tests can move it)."""
    return time.monotonic()


class Answers:
    def __init__(self, size: int = MAX_ANSWERS) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._answers: OrderedDict[Key, bytes] = OrderedDict()
        # What each database's catalog version was when last read, and when (monotonic); None
        # from the moment this process changed it (a read begun before then is not believed).
        self._versions: weakref.WeakKeyDictionary[Pool, tuple[str | None, float]] = (
            weakref.WeakKeyDictionary()
        )

    def version(self, pool: Pool) -> str | None:
        """The catalog version this process last read from `pool`'s database, while fresh."""
        known = self._versions.get(pool)
        if known is None or monotonic() - known[1] >= VERSION_TTL_SECONDS:
            return None
        return known[0]

    def saw_version(self, pool: Pool, version: str, read_at: float) -> None:
        """`version` was read by a statement begun at `read_at` (monotonic())."""
        with self._lock:
            known = self._versions.get(pool)
            if known is None or known[1] <= read_at:
                self._versions[pool] = (version, read_at)

    def forget_version(self, pool: Pool) -> None:
        with self._lock:
            self._versions[pool] = (None, monotonic())

    def get(self, key: Key) -> bytes | None:
        with self._lock:
            body = self._answers.get(key)
            if body is not None:
                self._answers.move_to_end(key)
            return body

    def put(self, key: Key, body: bytes) -> None:
        with self._lock:
            self._answers[key] = body
            self._answers.move_to_end(key)
            while len(self._answers) > self._size:
                self._answers.popitem(last=False)

    def __len__(self) -> int:
        return len(self._answers)


answers = Answers()


def mark_catalog_changed(session: OrmSession) -> None:
    """`session` changes the catalog: once it commits, this process reads the version again."""
    commits.mark(session, _MARK)


@commits.after_outer_commit
def _after_commit(session: OrmSession) -> None:
    if commits.marked(session, _MARK):
        pool = getattr(session.get_bind(), "pool", None)
        if pool is not None:
            answers.forget_version(pool)
