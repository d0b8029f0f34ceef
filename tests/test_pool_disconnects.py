"""Pooled PostgreSQL connections the server dropped (a restart, an idle timeout) are replaced.

A connection is pinged before use only after sitting idle (rvuedge.engine.PING_AFTER_IDLE_S),
not on every checkout: one round trip less per request. The trade-off, held here: a connection
dropped while the pool is busy fails the one request that meets it (503, Retry-After), and every
older pooled connection is replaced before its next use, so the requests after it succeed."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from rvuedge import engine as rvuedge_engine
from rvuedge.db import make_engine
from tests.conftest import TEST_DATABASE_URL, app_on

POOLED = 3


def _pooled(url: str, *, ping_after_idle_s: float) -> Engine:
    """An engine whose pool holds POOLED open connections."""
    engine = make_engine(url, ping_after_idle_s=ping_after_idle_s)
    held = [engine.connect() for _ in range(POOLED)]
    for connection in held:
        connection.exec_driver_sql("SELECT 1")
    for connection in held:
        connection.close()
    assert engine.pool.checkedin() == POOLED
    return engine


def _drop_connections(url: str) -> None:
    """The server ends every other session on the database, as a restart would."""
    admin = create_engine(url, poolclass=NullPool)
    with admin.connect() as connection:
        dropped = connection.exec_driver_sql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).scalar_one()
    admin.dispose()
    assert dropped >= POOLED


@pytest.fixture
def client_on() -> Iterator:  # noqa: ANN001
    opened: list[tuple[TestClient, Engine]] = []

    def start(engine: Engine) -> TestClient:
        client = TestClient(app_on(engine))
        client.__enter__()
        opened.append((client, engine))
        return client

    yield start
    for client, engine in opened:
        client.__exit__(None, None, None)
        engine.dispose()


def test_a_connection_is_pinged_only_after_sitting_idle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The rule itself, on any pool (PostgreSQL engines get it; SQLite's file needs no ping): the
    # checkout pings a connection back from the pool after the idle time, never one in use again
    # sooner (a ping per request was a round trip per request).
    engine = create_engine(f"sqlite:///{tmp_path / 'p.db'}")
    rvuedge_engine._ping_when_idle(engine, after_s=60)
    pings: list[int] = []
    monkeypatch.setattr(engine.dialect, "do_ping", lambda _c: pings.append(1) or True)
    clock = [1000.0]
    monkeypatch.setattr(rvuedge_engine.time, "monotonic", lambda: clock[0])
    for _ in range(3):
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        clock[0] += 59
    assert pings == []
    clock[0] += 2  # 61 s since its last use
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
    assert pings == [1]
    engine.dispose()


# The server dropping connections needs a server: these two run in CI's PostgreSQL run (they are
# defined only when PostgreSQL is the engine under test, rather than skipped on SQLite).
if TEST_DATABASE_URL:

    def test_an_idle_connection_is_pinged_and_replaced(database_url: str, client_on) -> None:  # noqa: ANN001
        engine = _pooled(database_url, ping_after_idle_s=0)
        client = client_on(engine)
        _drop_connections(database_url)
        for _ in range(POOLED + 1):
            r = client.get("/api/v1/health")
            assert r.status_code == 200 and r.json() == {"status": "ok"}, r.text

    def test_a_busy_pool_loses_one_request_then_replaces_every_connection(
        database_url: str,
        client_on,  # noqa: ANN001
    ) -> None:
        engine = _pooled(database_url, ping_after_idle_s=3600)  # never idle long enough
        client = client_on(engine)
        _drop_connections(database_url)
        first = client.get("/api/v1/health")
        assert first.status_code == 503 and first.json() == {"status": "unavailable"}
        for _ in range(POOLED + 1):
            r = client.get("/api/v1/health")
            assert r.status_code == 200 and r.json() == {"status": "ok"}, r.text
