"""Pooled PostgreSQL connections the server dropped (a restart, an idle timeout) are replaced.

A connection is pinged before use only after sitting idle (rvuedge.engine.PING_AFTER_IDLE_S),
not on every checkout: one round trip less per request. The trade-off, held here: a connection
dropped while the pool is busy fails the one request that meets it (503, Retry-After), and every
older pooled connection is replaced before its next use, so the requests after it succeed."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from rvuedge.db import make_engine
from tests.conftest import TEST_DATABASE_URL, app_on

pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="PostgreSQL only (no pool ping)")

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
