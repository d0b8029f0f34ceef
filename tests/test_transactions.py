"""SQLite transactions: requests that only read never wait for the write lock.

Always on a SQLite file of its own (the begin mode is SQLite's; PostgreSQL never locks reads).
"""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from rvuedge.catalog.models import FeeScheduleRelease
from rvuedge.db import make_engine, session_for
from rvuedge.migrations import upgrade
from tests.conftest import app_on
from tests.factories import make_user


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[tuple[Path, Engine]]:
    path = tmp_path / "locks.db"
    engine = make_engine(f"sqlite:///{path}", busy_timeout_ms=150)
    upgrade(engine)
    yield path, engine
    engine.dispose()


@pytest.fixture
def writer_holding_lock(sqlite_file: tuple[Path, Engine]) -> Iterator[None]:
    """Another connection that has begun writing and not committed yet."""
    path, _ = sqlite_file
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield
    other.rollback()
    other.close()


def test_a_read_session_begins_deferred_and_a_write_session_immediate(
    sqlite_file: tuple[Path, Engine], writer_holding_lock: None
) -> None:
    _, engine = sqlite_file
    with session_for(engine, writes=False) as session:
        assert list(session.exec(select(FeeScheduleRelease))) == []
    with (
        session_for(engine, writes=True) as session,
        pytest.raises(OperationalError, match="locked"),
    ):
        session.exec(select(FeeScheduleRelease)).all()


def test_get_requests_answer_while_another_connection_writes(
    sqlite_file: tuple[Path, Engine],
) -> None:
    path, engine = sqlite_file
    with TestClient(app_on(engine)) as client:
        user = make_user(client)
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            for url in ("/api/v1/health", "/api/v1/me", "/api/v1/reports/summary", "/api/v1/cases"):
                assert client.get(url, headers=user.headers).status_code == 200, url
        finally:
            other.rollback()
            other.close()
        assert client.get("/api/v1/reports/summary", headers=user.headers).status_code == 200
