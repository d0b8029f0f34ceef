"""A write that cannot get the database lock in time answers 503 with Retry-After, never 500."""

import sqlite3
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import make_url, text

from rvuedge.db import make_engine
from rvuedge.storage.locks import is_lock_timeout
from tests.conftest import app_on
from tests.factories import make_user


@pytest.fixture
def impatient_client(database_url: str) -> Iterator[TestClient]:
    """The app on an engine that waits only 50 ms for a lock."""
    engine = make_engine(database_url, busy_timeout_ms=50)
    application = app_on(engine)
    with TestClient(application) as client:
        yield client
    engine.dispose()


class HeldLock:
    """Another process's long write: holds the lock rvuedge needs until released."""

    def __init__(self, url: str):
        self.url = url

    def __enter__(self) -> "HeldLock":
        if make_url(self.url).get_backend_name() == "sqlite":
            self.sqlite = sqlite3.connect(make_url(self.url).database or "", isolation_level=None)
            self.sqlite.execute("BEGIN IMMEDIATE")
        else:
            self.engine = make_engine(self.url)
            self.connection = self.engine.connect()
            self.transaction = self.connection.begin()
            self.connection.execute(text("LOCK TABLE favorite IN ACCESS EXCLUSIVE MODE"))
        return self

    def __exit__(self, *_: object) -> None:
        if hasattr(self, "sqlite"):
            self.sqlite.rollback()
            self.sqlite.close()
        else:
            self.transaction.rollback()
            self.connection.close()
            self.engine.dispose()


def test_locked_database_answers_503_with_retry_after(
    impatient_client: TestClient, database_url: str
) -> None:
    doctor = make_user(impatient_client)
    with HeldLock(database_url):
        busy = impatient_client.post(
            "/api/v1/me/favorites", headers=doctor.headers, json={"code": "47562"}
        )
    assert busy.status_code == 503, busy.text
    assert busy.headers["retry-after"] == "2"
    assert busy.headers["content-type"] == "application/problem+json"
    problem = busy.json()
    assert problem["type"] == "/problems/database-busy" and "nothing was saved" in problem["detail"]
    assert impatient_client.get("/api/v1/me/favorites", headers=doctor.headers).json() == []
    retried = impatient_client.post(
        "/api/v1/me/favorites", headers=doctor.headers, json={"code": "47562"}
    )
    assert retried.status_code == 201, retried.text


def test_lock_timeouts_are_recognised_through_their_wrappers() -> None:
    from pydantic import BaseModel, ValidationError
    from sqlalchemy.exc import OperationalError

    locked = OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))
    assert is_lock_timeout(locked)
    try:
        raise RuntimeError("while answering") from locked
    except RuntimeError as wrapped:
        assert is_lock_timeout(wrapped)

    class Profile(BaseModel):
        name: str

    try:
        Profile.model_validate({"name": 1})
    except ValidationError as unrelated:
        assert not is_lock_timeout(unrelated)
    other = OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: x"))
    assert not is_lock_timeout(other)
