"""Sign-in checks the password (Argon2, the slow part) without holding the database's write lock:
on SQLite, another writer can take the lock while a password is being verified."""

import sqlite3

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from rvuedge import security
from tests.factories import PASSWORD, register


@pytest.mark.parametrize("password", [PASSWORD, "not the right password"])
def test_the_password_is_verified_with_no_write_lock_held(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch, password: str
) -> None:
    register(client, "lock@example.org")
    real_verify, writers = security.verify_password, []

    def verify_while_another_writes(plain: str, hashed: str) -> bool:
        if engine.dialect.name == "sqlite":
            # A second connection that will not wait: "database is locked" if the lock is held.
            other = sqlite3.connect(str(engine.url.database), timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
            finally:
                other.close()
        else:
            with engine.begin() as other:  # PostgreSQL locks rows, not the database
                other.exec_driver_sql("SELECT 1")
        writers.append("got the lock")
        return real_verify(plain, hashed)

    monkeypatch.setattr(security, "verify_password", verify_while_another_writes)
    r = client.post(
        "/api/v1/auth/token", data={"username": "lock@example.org", "password": password}
    )
    assert r.status_code == (200 if password == PASSWORD else 401), r.text
    assert writers == ["got the lock"]
