"""The engine: SQLite's connection settings, BEGIN IMMEDIATE for writers and their turns in
Python, PostgreSQL's options. SQLAlchemy Core only (no ORM, no SQLModel): the commands that work
on plain statements (`rvuedge import-rvu`) start without them; rvuedge.db re-exports all of it.
"""

import sqlite3
import threading
import time
from functools import lru_cache
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import InvalidatePoolError, OperationalError

from rvuedge.config import get_settings

# The server runs sync endpoints on AnyIO's worker threads (40 by default): one connection each,
# so a burst of requests never waits on the pool rather than on the database.
POOL_SIZE = 20
POOL_OVERFLOW = 20
# SQLite's page caches, all connections of the process together (a process-wide soft limit):
# past it a connection reuses its own least recently used pages instead of adding more. Each
# pooled connection may otherwise keep 2 MB of pages; in WAL mode a connection drops its whole
# cache at its next transaction once another connection has committed, so under writes the
# pages kept between requests are rarely read again. Measured (issue 26): SQLite held 18 MB
# after the bench's HTTP suite, 7 MB with this limit.
SQLITE_SOFT_HEAP_LIMIT = 8 * 1024 * 1024
# A COMMIT checks the log in once it holds this many pages (SQLite's default is 1,000): a
# server does it from a thread of its own twice a second (storage/checkpoints.py), so a
# request's COMMIT does it only if that thread falls behind. 10,000 pages of 4 KiB: 40 MB.
AUTOCHECKPOINT_PAGES = 10_000
_BEGIN_OPTION = "rvuedge_sqlite_begin"
# A pooled PostgreSQL connection that sat idle this long is pinged (one round trip) before use:
# a server restart, or a proxy's or firewall's idle timeout, may have dropped it meanwhile. A
# connection back in use sooner is not (see _ping_when_idle).
PING_AFTER_IDLE_S = 10.0
_IDLE_SINCE = "rvuedge_idle_since"


def make_engine(
    url: str,
    *,
    busy_timeout_ms: int = 15000,
    ping_after_idle_s: float = PING_AFTER_IDLE_S,
    **kwargs: Any,
) -> Engine:
    if url.startswith("sqlite"):
        connect_args = kwargs.pop("connect_args", {})
        connect_args.setdefault("check_same_thread", False)
        in_memory = ":memory:" in url or url in ("sqlite://", "sqlite:///")
        if not in_memory:
            kwargs.setdefault("pool_size", POOL_SIZE)
            kwargs.setdefault("max_overflow", POOL_OVERFLOW)
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _configure_sqlite(engine, busy_timeout_ms=busy_timeout_ms, in_memory=in_memory)
        return engine
    kwargs.setdefault("pool_size", POOL_SIZE)
    kwargs.setdefault("max_overflow", POOL_OVERFLOW)
    if url.startswith("postgresql"):
        # JIT compiling costs more than it saves on these short queries (a 10-year report
        # spent 126 ms in JIT for a few ms of work). The lock timeout is SQLite's busy timeout:
        # a lock not granted in time is an error (answered 503 with Retry-After), not a wait
        # that lasts forever.
        connect_args = kwargs.setdefault("connect_args", {})
        connect_args.setdefault("options", f"-c jit=off -c lock_timeout={int(busy_timeout_ms)}")
    engine = create_engine(url, **kwargs)
    _ping_when_idle(engine, after_s=ping_after_idle_s)
    return engine


def _ping_when_idle(engine: Engine, *, after_s: float) -> None:
    """Ping a pooled connection on checkout only when it sat idle `after_s` or longer.

    SQLAlchemy's pool_pre_ping pinged on every checkout: a round trip per request. A connection
    dropped under a busy pool is still recovered: the statement that meets it fails (answered
    503 with Retry-After, as any lost database is), and SQLAlchemy then replaces every pooled
    connection older than the failure at its next checkout. A failed ping does the same before
    any statement, so a quiet server's first request after a restart succeeds."""
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.pop(_IDLE_SINCE, None)
        if idle_since is None or time.monotonic() - idle_since < after_s:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            if dialect.is_disconnect(exc, dbapi_connection, None):
                # The pool replaces this connection, and every older one at its next checkout.
                raise InvalidatePoolError(str(exc)) from exc
            raise


def reading(engine: Engine) -> Engine:
    """The same engine and pool, for read-only units of work: on SQLite they begin a plain
    (deferred) transaction, so reads run beside a writer instead of queueing for its lock."""
    return engine.execution_options(**{_BEGIN_OPTION: "BEGIN"})


def writing(engine: Engine) -> Engine:
    """The same engine and pool for a unit of work that writes although its request only reads
    (a GET that records who looked): on SQLite it begins IMMEDIATE, like any other write."""
    return engine.execution_options(**{_BEGIN_OPTION: "BEGIN IMMEDIATE"})


def _configure_sqlite(engine: Engine, *, busy_timeout_ms: int, in_memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's implicit BEGIN does not cover DDL or SAVEPOINT; we emit BEGIN ourselves
        # so every unit of work (imports included) is one transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute(f"PRAGMA soft_heap_limit={SQLITE_SOFT_HEAP_LIMIT}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
        cursor.close()

    turn = _WriterTurn(engine, timeout_s=busy_timeout_ms / 1000)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A unit of work that writes begins IMMEDIATE: it takes the write lock up front. A
        # deferred transaction that reads and then writes fails at once with "database is
        # locked" when another connection wrote meanwhile (the busy timeout does not apply to
        # that upgrade); waiting up front avoids it. Read-only units of work (see reading())
        # begin a plain BEGIN: in WAL mode they read a snapshot and never wait for the writer.
        statement = conn.get_execution_options().get(_BEGIN_OPTION, "BEGIN IMMEDIATE")
        if statement == "BEGIN":
            conn.exec_driver_sql(statement)
            return
        dbapi_connection = conn.connection.dbapi_connection
        turn.acquire(dbapi_connection)
        try:
            conn.exec_driver_sql(statement)
        except BaseException:
            turn.release(dbapi_connection)
            raise


class _WriterTurn:
    """One writing transaction at a time per process, queued in Python rather than in SQLite.

    Writers that find SQLite's write lock taken poll it from SQLite's busy handler, sleeping up
    to 100 ms between tries: under 16 concurrent writers most of a request's time went to those
    sleeps (p99 over 2 s for a 20 ms write). Here a writer waits on a lock that wakes it the
    moment the previous transaction ends; SQLite's busy timeout still arbitrates between
    processes. The turn ends after the COMMIT or ROLLBACK reaches the database (the dialect's
    own calls, also used by the pool when it resets or closes a connection)."""

    def __init__(self, engine: Engine, *, timeout_s: float) -> None:
        self._lock = threading.Lock()
        self._holder: Any = None
        self._timeout_s = timeout_s
        dialect = engine.dialect
        for name in ("do_commit", "do_rollback", "do_close"):
            dialect_call = getattr(dialect, name)
            setattr(dialect, name, self._ending(dialect_call))

    def acquire(self, dbapi_connection: Any) -> None:
        if not self._lock.acquire(timeout=self._timeout_s):
            # Answered 503 with Retry-After, as SQLite's own "database is locked" is.
            raise OperationalError(
                "BEGIN IMMEDIATE",
                None,
                sqlite3.OperationalError(
                    "database is locked (a write in this process held it past the busy timeout)"
                ),
            )
        self._holder = dbapi_connection

    def release(self, dbapi_connection: Any) -> None:
        if self._holder is not None and self._holder is dbapi_connection:
            self._holder = None
            self._lock.release()

    def _ending(self, dialect_call: Any) -> Any:
        def end_transaction(connection: Any) -> None:
            try:
                dialect_call(connection)
            finally:
                # The pool passes its proxy; a Connection passes the DBAPI connection.
                self.release(getattr(connection, "dbapi_connection", connection))

        return end_transaction


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    return make_engine(settings.DATABASE_URL, busy_timeout_ms=settings.SQLITE_BUSY_TIMEOUT_MS)
