"""Access tokens are checked without reading their session row on most requests; a revocation
takes effect at once in the process that made it and within MAX_DELAY_SECONDS in
every other (revocations.py)."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from rvuedge.db import make_engine
from rvuedge.timeutil import utc_now
from rvuedge.users import revocations, service
from rvuedge.users.models import User
from tests.conftest import app_on
from tests.factories import make_user, sign_in


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The refresh interval's clock, moved by hand."""
    now = [1000.0]
    monkeypatch.setattr(revocations, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def second(database_url: str) -> Iterator[tuple[Engine, TestClient]]:
    """Another server process on the same database: its own engine, pool and session view."""
    other = make_engine(database_url)
    with TestClient(app_on(other)) as c:
        yield other, c
    other.dispose()


def _statements(engine: Engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def test_a_known_session_and_its_user_are_not_read_again(
    client: TestClient, second: tuple[Engine, TestClient], clock: list[float]
) -> None:
    other, other_client = second
    user = make_user(client)
    assert other_client.get("/api/v1/me", headers=user.headers).status_code == 200
    seen = _statements(other)
    for _ in range(3):
        assert other_client.get("/api/v1/me", headers=user.headers).status_code == 200
    assert not [s for s in seen if "auth_session" in s or "user_account" in s], seen


def test_sign_out_is_immediate_in_the_same_process(client: TestClient, clock: list[float]) -> None:
    user = make_user(client)
    assert client.get("/api/v1/me", headers=user.headers).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=user.headers).status_code == 204
    assert client.get("/api/v1/me", headers=user.headers).status_code == 401


def test_another_process_sees_a_revocation_within_the_delay(
    client: TestClient, second: tuple[Engine, TestClient], clock: list[float]
) -> None:
    other, other_client = second
    user = make_user(client)
    assert other_client.get("/api/v1/me", headers=user.headers).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=user.headers).status_code == 204
    assert client.get("/api/v1/me", headers=user.headers).status_code == 401
    # The second process has not re-read yet; once the longest delay has passed, it refuses.
    clock[0] += revocations.MAX_DELAY_SECONDS
    r = other_client.get("/api/v1/me", headers=user.headers)
    assert r.status_code == 401 and "ended" in r.json()["detail"]


def test_the_cli_disabling_an_account_reaches_every_server_within_the_delay(
    client: TestClient, second: tuple[Engine, TestClient], engine: Engine, clock: list[float]
) -> None:
    other, other_client = second
    user = make_user(client, "a@example.org")
    keeper = make_user(client, "b@example.org")
    for c in (client, other_client):
        assert c.get("/api/v1/me", headers=user.headers).status_code == 200
    with Session(make_engine(str(engine.url.render_as_string(hide_password=False)))) as s:
        account = service.get_by_email(s, user.email)
        assert account is not None
        account.is_active = False
        s.add(account)
        service.revoke_all(s, user_id=account.id, now=utc_now(), reason="disabled")
        s.commit()
    clock[0] += revocations.MAX_DELAY_SECONDS
    for c in (client, other_client):
        assert c.get("/api/v1/me", headers=user.headers).status_code == 401
        assert c.get("/api/v1/me", headers=keeper.headers).status_code == 200


def test_a_password_change_ends_the_other_devices_everywhere(
    client: TestClient, second: tuple[Engine, TestClient], clock: list[float]
) -> None:
    _, other_client = second
    phone = make_user(client)
    laptop = sign_in(client, phone.email)
    assert other_client.get("/api/v1/me", headers=laptop.headers).status_code == 200
    from tests.factories import PASSWORD

    r = client.post(
        "/api/v1/auth/password",
        headers=phone.headers,
        json={"current_password": PASSWORD, "new_password": "a different long passphrase 42"},
    )
    assert r.status_code == 204, r.text
    assert client.get("/api/v1/me", headers=laptop.headers).status_code == 401
    assert client.get("/api/v1/me", headers=phone.headers).status_code == 200
    clock[0] += revocations.MAX_DELAY_SECONDS
    assert other_client.get("/api/v1/me", headers=laptop.headers).status_code == 401
    assert other_client.get("/api/v1/me", headers=phone.headers).status_code == 200


def test_a_deleted_account_is_refused_within_the_delay_everywhere(
    client: TestClient, second: tuple[Engine, TestClient], engine: Engine, clock: list[float]
) -> None:
    _, other_client = second
    user = make_user(client)
    for c in (client, other_client):
        assert c.get("/api/v1/me", headers=user.headers).status_code == 200
    with Session(engine) as s:  # this process (the first client's pool)
        account = service.get_by_email(s, user.email)
        assert isinstance(account, User)
        service.erase_account(s, user=account)
        s.commit()
    assert client.get("/api/v1/me", headers=user.headers).status_code == 401
    # Its sessions went with it, so they never show as revoked: the other process refuses once
    # it has seen the users stamp move, within the same longest delay.
    clock[0] += revocations.MAX_DELAY_SECONDS
    r = other_client.get("/api/v1/me", headers=user.headers)
    assert r.status_code == 401 and "no longer exists" in r.json()["detail"]


def test_a_revocation_is_honoured_when_the_whole_transaction_commits(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLAlchemy calls after_commit for a released SAVEPOINT too: the view re-read there would
    # find the revocation not yet committed, and a savepoint rolled back used to drop the mark.
    expired: list[bool] = []
    monkeypatch.setattr(
        revocations.SessionView, "expire", lambda self, users=False: expired.append(users)
    )
    with Session(engine) as session:
        revocations.view_for(session)
        session.execute(select(1))
        revocations.mark(session)
        with session.begin_nested():
            session.execute(select(1))
        savepoint = session.begin_nested()
        savepoint.rollback()
        assert expired == []
        session.commit()
    assert expired == [False]

    with Session(engine) as session:  # a transaction rolled back forgets its mark
        session.execute(select(1))
        revocations.mark(session)
        session.rollback()
        session.execute(select(1))
        session.commit()
    assert expired == [False]
