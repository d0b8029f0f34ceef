"""Shared dependencies, declared once as Annotated aliases."""

from collections.abc import Iterator
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from sqlmodel import Session

from rvuedge.config import get_settings
from rvuedge.db import get_engine, session_for
from rvuedge.timeutil import utc_now


def get_now() -> datetime:
    """The current instant (UTC); a dependency so tests can pin it."""
    return utc_now()


def get_today(now: Annotated[datetime, Depends(get_now)]) -> date:
    """Today's calendar date in the deployment's default time zone."""
    return now.astimezone(ZoneInfo(get_settings().DEFAULT_TIMEZONE)).date()


Now = Annotated[datetime, Depends(get_now)]
Today = Annotated[date, Depends(get_today)]


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})  # requests whose session only reads


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; GET requests only read, so on SQLite they never take the write
    lock. Everything else begins IMMEDIATE (a POST that happens not to write only waits)."""
    with session_for(get_engine(), writes=request.method not in READ_METHODS) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
