"""Signing keys: each token names its key, a rotation keeps the previous key's tokens working
for a grace period and ends them after, and servers with different keys are refused at start."""

from collections.abc import Iterator

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from rvuedge import security
from rvuedge.cli import app as cli
from rvuedge.config import get_settings
from rvuedge.db import get_engine
from rvuedge.main import create_app
from rvuedge.users.keys import key_problem
from rvuedge.users.models import AuthSession, KeyCheck
from tests.factories import make_user, sign_in

K1 = "first-key-Qm3v8XzT2pLw9RbN4cYh7JdK"
K2 = "second-key-Hs5nB1gFq8WkZ3xV6tRm2LpD"
K3 = "third-key-Ya7cE4uJw1NqT9zP5mXb8KfG"


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    def use(current: str, previous: str | None = None) -> None:
        monkeypatch.setenv("RVUEDGE_SECRET_KEY", current)
        if previous is None:
            monkeypatch.delenv("RVUEDGE_SECRET_KEY_PREVIOUS", raising=False)
        else:
            monkeypatch.setenv("RVUEDGE_SECRET_KEY_PREVIOUS", previous)
        get_settings.cache_clear()

    yield use
    get_settings.cache_clear()


def _me(client: TestClient, access_token: str) -> int:
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {access_token}"}).status_code


def _refresh(client: TestClient, refresh_token: str) -> dict:
    r = client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})
    return {"status": r.status_code, **(r.json() if r.status_code == 200 else {})}


def test_tokens_name_their_key_and_a_rotation_has_a_grace_period(client: TestClient, keys) -> None:  # noqa: ANN001
    keys(K1)
    phone = make_user(client)
    assert jwt.get_unverified_header(phone.access_token)["kid"] == security.key_id(K1)
    laptop = sign_in(client, phone.email)
    tablet = sign_in(client, phone.email)

    keys(K2, previous=K1)  # the rotation: the old key's tokens still work
    assert _me(client, phone.access_token) == 200
    renewed = _refresh(client, phone.refresh_token)
    assert renewed["status"] == 200
    assert jwt.get_unverified_header(renewed["access_token"])["kid"] == security.key_id(K2)

    keys(K2)  # the grace period is over
    assert _me(client, laptop.access_token) == 401  # signed with K1
    assert _me(client, renewed["access_token"]) == 200
    assert _refresh(client, laptop.refresh_token)["status"] == 401  # issued under K1
    assert _refresh(client, renewed["refresh_token"])["status"] == 200

    keys(K3, previous=K2)  # a key neither current nor previous ends what it issued
    assert _refresh(client, tablet.refresh_token)["status"] == 401
    forged = jwt.encode({"sub": "x", "sid": "y", "exp": 2**40, "typ": "access"}, K1, "HS256",
                        headers={"kid": security.key_id(K1)})  # fmt: skip
    assert _me(client, forged) == 401


def test_a_server_with_another_key_is_refused_at_start(engine: Engine, keys) -> None:  # noqa: ANN001
    keys(K1)
    assert key_problem(engine) is None  # recorded
    with Session(engine) as session:
        assert session.exec(select(KeyCheck.key_id)).one() == security.key_id(K1)
    assert key_problem(engine) is None  # the same key again

    keys(K2)
    problem = key_problem(engine)
    assert problem is not None and "another signing key" in problem
    assert security.key_id(K1) in problem and security.key_id(K2) in problem
    assert K1 not in problem and K2 not in problem

    keys(K2, previous=K1)  # a rotation moves the record
    assert key_problem(engine) is None
    keys(K2)
    assert key_problem(engine) is None
    keys(K1)  # a server left on the old key is now the odd one out
    assert key_problem(engine) is not None


def test_the_app_and_serve_refuse_to_start_with_another_key(
    database_url: str,
    engine: Engine,
    keys,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    monkeypatch.setenv("RVUEDGE_DATABASE_URL", database_url)
    get_engine.cache_clear()
    keys(K1)
    assert key_problem(engine) is None
    keys(K2)
    try:
        with pytest.raises(Exception, match="another signing key"), TestClient(create_app()):
            pass
        served = CliRunner().invoke(cli, ["serve", "--port", "1"])
    finally:
        get_engine().dispose()
        get_engine.cache_clear()
    assert served.exit_code == 1
    assert "error: this database was last served with another signing key" in served.output


def test_sign_out_all_ends_every_session_and_adopts_the_key(
    client: TestClient,
    engine: Engine,
    database_url: str,
    keys,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    keys(K1)
    assert key_problem(engine) is None
    first, second = make_user(client, "a@example.org"), make_user(client, "b@example.org")
    monkeypatch.setenv("RVUEDGE_DATABASE_URL", database_url)
    get_engine.cache_clear()
    keys(K2)  # a key change without a grace period
    try:
        refused = CliRunner().invoke(cli, ["users", "sign-out-all"], input="n\n")
        assert refused.exit_code == 1
        done = CliRunner().invoke(cli, ["users", "sign-out-all", "--yes"])
    finally:
        get_engine().dispose()
        get_engine.cache_clear()
    assert done.exit_code == 0 and "2 session(s) ended" in done.output
    assert key_problem(engine) is None  # the new key is the database's now
    with Session(engine) as session:
        assert all(s.revoked_at is not None for s in session.exec(select(AuthSession)))
    for user in (first, second):
        assert _refresh(client, user.refresh_token)["status"] == 401
