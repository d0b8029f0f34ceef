"""Sessions and the metadata naming convention; the engine itself is in rvuedge.engine (Core
only), whose names are re-exported here."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from rvuedge.engine import (  # noqa: F401 (re-exported: the engine's names, as before)
    _BEGIN_OPTION,
    POOL_OVERFLOW,
    POOL_SIZE,
    _WriterTurn,
    get_engine,
    make_engine,
    reading,
    writing,
)

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def read_next(session: Session) -> None:
    """Begin the session's next transaction as a read (call it right after a commit): on SQLite
    a plain BEGIN, so an answer built after a batched write's last commit (which loads what the
    commit expired) does not hold the write lock while other users wait."""
    session.connection(execution_options={_BEGIN_OPTION: "BEGIN"})


def session_for(engine: Engine, *, writes: bool) -> Session:
    """A request's session: one that only reads begins a plain transaction on SQLite (see
    reading()). Objects expire at commit, so a write's answer is built before it
    (api/cases.py)."""
    return Session(engine if writes else reading(engine))


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A unit of work for the CLI: commit on success, roll back on error."""
    with Session(engine or get_engine()) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def is_sqlite(session_or_engine: Session | Engine) -> bool:
    bind = (
        session_or_engine.get_bind()
        if isinstance(session_or_engine, Session)
        else session_or_engine
    )
    return bind.dialect.name == "sqlite"
