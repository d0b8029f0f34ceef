"""Shared dependencies, declared once as Annotated aliases."""

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, FastAPI, Request
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from rvuedge.config import get_settings
from rvuedge.db import get_engine, session_for
from rvuedge.timeutil import utc_now

# Dependencies that do no blocking I/O are `async def`: FastAPI runs them on the event loop
# instead of sending each to the thread pool and back (one hop per dependency per request).


async def get_now() -> datetime:
    """The current instant (UTC); a dependency so tests can pin it."""
    return utc_now()


async def get_today(now: Annotated[datetime, Depends(get_now)]) -> date:
    """Today's calendar date in the deployment's default time zone."""
    return now.astimezone(ZoneInfo(get_settings().DEFAULT_TIMEZONE)).date()


Now = Annotated[datetime, Depends(get_now)]
Today = Annotated[date, Depends(get_today)]


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})  # requests whose session only reads


def engine_of(app: FastAPI) -> Engine | None:
    """The application's database: `app.state.engine` when set (tests bind an app to theirs),
    else the configured one; None when a test replaced the sessions altogether."""
    bound = getattr(app.state, "engine", None)
    if bound is None and get_session in app.dependency_overrides:
        return None
    return bound or get_engine()


def engine_for(request: Request) -> Engine:
    """The database of the request's application (see engine_of)."""
    return getattr(request.app.state, "engine", None) or get_engine()


@contextmanager
def request_session(request: Request) -> Iterator[Session]:
    """A request's session, opened by an endpoint that needs one only sometimes (an `async`
    endpoint answering from memory, in the thread pool otherwise)."""
    with session_for(engine_for(request), writes=request.method not in READ_METHODS) as session:
        yield session


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request; GET requests only read, so on SQLite they never take the write
    lock. Everything else begins IMMEDIATE (a POST that happens not to write only waits).

    `async`: making a session does no I/O (it connects at its first statement, in the endpoint's
    thread), so the request saves the two thread-pool hops of a sync generator. Closing runs in
    the pool only when a transaction is still open (its rollback is I/O, and on SQLite it may
    hand back the write lock); after a commit it is bookkeeping."""
    session = session_for(engine_for(request), writes=request.method not in READ_METHODS)
    try:
        yield session
    finally:
        if session.in_transaction():
            await run_in_threadpool(session.close)
        else:
            session.close()


SessionDep = Annotated[Session, Depends(get_session)]
