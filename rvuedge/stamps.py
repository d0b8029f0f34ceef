"""Version stamps of reference data that processes cache in memory.

A stamp is a random value in `app_meta` replaced whenever the data it covers changes: the
catalog (releases, fee-schedule rows, GPCIs; key `catalog_version`) and the users' pricing
settings (dated crediting settings, operator presets, saved sites; key `settings_version`); the
accounts (key `users_version`, read along the revoked sessions by users/revocations.py, not by
current(): the signed-in users' rows are kept per process, api/auth.py).
A process keeps what it read under the stamp it read first, and a transaction that finds
another stamp reads again: a stale process notices through the stamp, however many processes
share the database. Stamps are random, so a database restored from a backup never answers a
stamp with data that differs from what was read under it.

Changes through the ORM bump the stamp of the classes registered with watch() (at flush, in the
same transaction); bulk statements call bump() themselves. Within one transaction the stamps
are read once (session.info), and forgotten when it ends.
"""

import threading
import uuid
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Column, MetaData, String, Table, event, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, SessionTransaction, UOWTransaction

CATALOG = "catalog_version"
SETTINGS = "settings_version"
USERS = "users_version"  # not in KEYS: read by users/revocations.py's refresh statement
KEYS = (CATALOG, SETTINGS)
_INFO = "rvuedge_stamps"
_BUMPED = "rvuedge_stamps_bumped"

# app_meta as Core sees it (the model lives in catalog.models, above this module).
app_meta = Table(
    "app_meta", MetaData(), Column("key", String(50), primary_key=True), Column("value", String)
)
_watched: dict[type, str] = {}
T = TypeVar("T")


def stamp_column(key: str) -> Any:
    """A scalar subquery for one stamp, to ride along another statement (RETURNING)."""
    return select(app_meta.c.value).where(app_meta.c.key == key).scalar_subquery()


def remember(session: Session, values: dict[str, Any]) -> None:
    """The stamps this transaction read along another statement."""
    session.info[_INFO] = {key: values.get(key) for key in KEYS}


def current(session: Session) -> dict[str, Any]:
    """This transaction's stamps: read once (one statement for both), then from memory."""
    found = session.info.get(_INFO)
    if found is None:
        rows = session.execute(
            select(app_meta.c.key, app_meta.c.value).where(app_meta.c.key.in_(KEYS))
        ).all()
        found = {key: None for key in KEYS} | {key: value for key, value in rows}
        session.info[_INFO] = found
    return found


def bump(session: Session, key: str) -> None:
    """Replace a stamp (every process reads its cache again). At every flush that changes the
    data, not once per transaction: this process may have cached, under the first new stamp,
    what the transaction had written by then."""
    value = uuid.uuid4().hex
    changed = session.execute(
        update(app_meta).where(app_meta.c.key == key).values(value=value)
    ).rowcount  # type: ignore[attr-defined]
    if not changed:
        # Absent (a database older than the stamp): added. Two transactions may add it at once
        # (two first sign-ins on PostgreSQL): the later one waits and replaces, not fails.
        dialect = session.get_bind().dialect.name
        adding = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(app_meta)
        adding = adding.values(key=key, value=value)
        session.execute(
            adding.on_conflict_do_update(
                index_elements=[app_meta.c.key], set_={"value": adding.excluded.value}
            )
        )
    if _INFO in session.info and key in KEYS:
        session.info[_INFO][key] = value
    session.info.setdefault(_BUMPED, set()).add(key)


def bumped(session: Session) -> set[str]:
    """The stamps this transaction replaced (read by after_commit listeners)."""
    return session.info.get(_BUMPED) or set()


def watch(model: type, key: str) -> None:
    """Bump `key` whenever a flush adds, changes or deletes a `model` row."""
    _watched[model] = key


@event.listens_for(Session, "before_flush")
def _bump_watched(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    if not _watched:
        return
    keys = {
        _watched[type(obj)]
        for obj in (*session.new, *session.dirty, *session.deleted)
        if type(obj) in _watched
    }
    for key in sorted(keys):
        bump(session, key)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_INFO, None)
        session.info.pop(_BUMPED, None)


class StampedCache:
    """Per process: values read under one stamp, all dropped when a transaction sees another.

    `get(session, name, read)` answers from memory when this transaction's stamp is the one the
    values were read under, else reads (and keeps the value under the stamp). Only immutable
    values or copies that belong to no session may be kept: they are shared between threads."""

    def __init__(self, key: str, *, most: int = 50_000) -> None:
        self.key = key
        self._most = most
        self._lock = threading.Lock()
        self._stamp: Any = object()  # no stamp yet (None is a stamp: the key is absent)
        self._values: dict[Hashable, Any] = {}

    def values(self, session: Session) -> dict[Hashable, Any]:
        """The values kept under this transaction's stamp (emptied when it changed)."""
        stamp = current(session)[self.key]
        with self._lock:
            if stamp != self._stamp or len(self._values) > self._most:
                self._stamp, self._values = stamp, {}
            return self._values

    def get(self, session: Session, name: Hashable, read: Callable[[], T]) -> T:
        values = self.values(session)
        if name in values:
            return values[name]  # type: ignore[no-any-return, unused-ignore]
        value = read()
        values[name] = value
        return value


catalog_cache = StampedCache(CATALOG)
settings_cache = StampedCache(SETTINGS)
