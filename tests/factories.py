"""Plain helper functions that build test data through the public API, point the command line
at a test database and find a free port. The fixtures in tests/conftest.py use them."""

import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rvuedge.config import get_settings
from rvuedge.db import get_engine

PASSWORD = "correct horse battery staple"


@dataclass
class SignedIn:
    email: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def register(
    client: TestClient, email: str, password: str = PASSWORD, name: str = "Dr. Test"
) -> dict:
    r = client.post(
        "/api/v1/auth/register", json={"email": email, "password": password, "display_name": name}
    )
    assert r.status_code == 201, r.text
    return r.json()


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> SignedIn:
    r = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    assert r.status_code == 200, r.text
    body = r.json()
    return SignedIn(email, body["access_token"], body["refresh_token"])


def make_user(
    client: TestClient, email: str = "surgeon@example.org", profile: dict[str, Any] | None = None
) -> SignedIn:
    """A signed-in user; profile fields (PATCH /me) are set when given."""
    register(client, email)
    user = sign_in(client, email)
    if profile is not None:
        r = client.patch("/api/v1/me", headers=user.headers, json=profile)
        assert r.status_code == 200, r.text
    return user


def log_case(client: TestClient, user: SignedIn, dos: str | date, *codes: str, **body: Any) -> dict:
    """Log a case through the API and return it. Codes may carry modifiers after dashes
    ("49505-RT-51"); other fields of the body (site, setting, lines, ...) are passed as given."""
    lines = []
    for text in codes:
        code, *modifiers = text.split("-")
        lines.append({"code": code, "modifiers": modifiers} if modifiers else {"code": code})
    r = client.post(
        "/api/v1/cases",
        headers=user.headers,
        json={"date_of_service": str(dos), "lines": lines, **body},
    )
    assert r.status_code == 201, r.text
    return r.json()


@contextmanager
def cli_database(url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The command line pointed at the database at url (its settings and engine read afresh)."""
    monkeypatch.setenv("RVUEDGE_DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        yield url
    finally:
        get_engine().dispose()
        get_settings.cache_clear()
        get_engine.cache_clear()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def insert_row(db: sqlite3.Connection, table: str, **values: object) -> None:
    """A row with the given values and a zero or empty text in every other required column (for
    migration tests that fill an old schema by hand)."""
    for _, name, kind, notnull, default, _ in db.execute(f"PRAGMA table_info({table})"):
        if notnull and default is None and name not in values:
            values[name] = 0 if any(t in kind.upper() for t in ("INT", "NUM", "BOOL")) else "x"
    db.execute(
        f"INSERT INTO {table} ({', '.join(values)}) "  # noqa: S608
        f"VALUES ({', '.join('?' for _ in values)})",
        list(values.values()),
    )
