"""The signed-in user's row is kept per process (users/revocations.py, users/snapshots.py): most
requests read no user row; any change to an account is honoured at once by the process that made
it and within MAX_DELAY_SECONDS by every other."""

import threading
import time
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from rvuedge import stamps
from rvuedge.db import make_engine
from rvuedge.users import revocations, service, snapshots
from rvuedge.users.models import User
from tests.conftest import app_on
from tests.factories import log_case, make_user


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The refresh interval's clock, moved by hand."""
    now = [1000.0]
    monkeypatch.setattr(revocations, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def second(database_url: str) -> Iterator[tuple[Engine, TestClient]]:
    """Another server process on the same database: its own engine, pool and view."""
    other = make_engine(database_url)
    with TestClient(app_on(other)) as c:
        yield other, c
    other.dispose()


@pytest.fixture
def outside(engine: Engine) -> Iterator[Engine]:
    """Another process writing (the CLI): its own engine, so no view of the servers' hears it."""
    other = make_engine(str(engine.url.render_as_string(hide_password=False)))
    yield other
    other.dispose()


def _statements(engine: Engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: seen.append(" ".join(a[2].split())))
    return seen


def _name(client: TestClient, headers: dict[str, str]) -> str:
    r = client.get("/api/v1/me", headers=headers)
    assert r.status_code == 200, r.text
    return str(r.json()["display_name"])


def _change(engine: Engine, email: str, **values: object) -> None:
    with Session(engine) as s:
        account = service.get_by_email(s, email)
        assert account is not None
        for key, value in values.items():
            setattr(account, key, value)
        s.add(account)
        s.commit()


def test_a_profile_change_is_seen_at_once_here_and_within_the_delay_elsewhere(
    client: TestClient, second: tuple[Engine, TestClient], clock: list[float]
) -> None:
    _, other_client = second
    user = make_user(client)
    for c in (client, other_client):
        assert _name(c, user.headers) == "Dr. Test"
    r = client.patch("/api/v1/me", headers=user.headers, json={"display_name": "Dr. New"})
    assert r.status_code == 200, r.text
    assert _name(client, user.headers) == "Dr. New"
    clock[0] += revocations.MAX_DELAY_SECONDS
    assert _name(other_client, user.headers) == "Dr. New"


def test_an_account_disabled_elsewhere_is_refused_within_the_delay(
    client: TestClient, second: tuple[Engine, TestClient], outside: Engine, clock: list[float]
) -> None:
    """Disabling alone (no session revoked) reaches every server through the users stamp."""
    _, other_client = second
    user = make_user(client, "a@example.org")
    keeper = make_user(client, "b@example.org")
    for c in (client, other_client):
        assert c.get("/api/v1/me", headers=user.headers).status_code == 200
    _change(outside, user.email, is_active=False)
    clock[0] += revocations.MAX_DELAY_SECONDS
    for c in (client, other_client):
        r = c.get("/api/v1/me", headers=user.headers)
        assert r.status_code == 401 and "disabled" in r.json()["detail"]
        assert c.get("/api/v1/me", headers=keeper.headers).status_code == 200
    _change(outside, user.email, is_active=True)
    clock[0] += revocations.MAX_DELAY_SECONDS
    for c in (client, other_client):
        assert c.get("/api/v1/me", headers=user.headers).status_code == 200


def test_an_account_disabled_by_this_process_is_refused_at_once(
    client: TestClient, engine: Engine, clock: list[float]
) -> None:
    user = make_user(client)
    assert client.get("/api/v1/me", headers=user.headers).status_code == 200
    _change(engine, user.email, is_active=False)  # the server's own pool: this process
    assert client.get("/api/v1/me", headers=user.headers).status_code == 401


def test_a_kept_user_is_not_read_and_a_change_writes_only_what_changed(
    client: TestClient, engine: Engine, clock: list[float]
) -> None:
    user = make_user(client)
    log_case(client, user, "2026-11-02", "47562")
    seen = _statements(engine)
    assert _name(client, user.headers) == "Dr. Test"
    log_case(client, user, "2026-11-03", "47562")
    assert not [s for s in seen if s.startswith("SELECT") and "FROM user_account" in s], seen
    seen.clear()
    r = client.patch("/api/v1/me", headers=user.headers, json={"display_name": "Dr. New"})
    assert r.status_code == 200, r.text
    updates = [s for s in seen if s.startswith("UPDATE user_account")]
    assert len(updates) == 1, seen
    assert "display_name" in updates[0] and "change_seq" not in updates[0], updates
    # The change counter is the database's (two cases), not a kept value.
    with Session(engine) as s:
        assert s.exec(select(User.change_seq)).one() == 2


def test_the_change_counter_is_never_taken_from_a_kept_row(
    client: TestClient, engine: Engine, clock: list[float]
) -> None:
    user = make_user(client)
    assert client.get("/api/v1/me", headers=user.headers).status_code == 200  # kept
    for day in ("2026-11-02", "2026-11-03", "2026-11-04"):
        log_case(client, user, day, "47562")  # UPDATEs of the counter replace no stamp
    with Session(engine) as s:
        user_id = s.exec(select(User.id)).one()
        view = revocations.view_for(s)
        built = view.user(s, user_id)
        assert built is not None
        assert "change_seq" not in snapshots.snapshot(built)
        seen = _statements(engine)
        assert built.change_seq == 3  # not kept: read when asked
        assert any("change_seq" in x for x in seen), seen
    feed = client.get(
        "/api/v1/cases/sync", headers=user.headers, params={"since": "2000-01-01T00:00:00Z"}
    ).json()
    assert len(feed["changes"]) == 3


def test_each_request_gets_its_own_instance(
    client: TestClient, engine: Engine, clock: list[float]
) -> None:
    user = make_user(client, profile={"credit_settings": {}})
    assert client.get("/api/v1/me", headers=user.headers).status_code == 200
    with Session(engine) as a, Session(engine) as b, Session(engine) as c:
        user_id = a.exec(select(User.id)).one()
        view = revocations.view_for(a)
        one, two = view.user(a, user_id), view.user(b, user_id)
        assert one is not None and two is not None and one is not two
        assert one.credit_settings is not two.credit_settings
        one.credit_settings["changed"] = True  # in place: the kept row does not see it
        one.display_name = "Mutated"
        three = view.user(c, user_id)
        assert three is not None and three.display_name == "Dr. Test"
        assert "changed" not in three.credit_settings


def test_an_absent_users_stamp_is_a_stamp(
    client: TestClient, second: tuple[Engine, TestClient], outside: Engine, clock: list[float]
) -> None:
    other, other_client = second
    user = make_user(client)
    with Session(outside) as s:
        s.execute(delete(stamps.app_meta).where(stamps.app_meta.c.key == stamps.USERS))
        s.commit()
    clock[0] += revocations.MAX_DELAY_SECONDS
    assert _name(other_client, user.headers) == "Dr. Test"
    seen = _statements(other)
    assert _name(other_client, user.headers) == "Dr. Test"
    assert not [s for s in seen if "user_account" in s], seen  # kept under the absent stamp
    _change(outside, user.email, display_name="Dr. Later")  # adds the key
    clock[0] += revocations.MAX_DELAY_SECONDS
    assert _name(other_client, user.headers) == "Dr. Later"


def test_a_row_read_under_another_stamp_is_not_kept(
    client: TestClient, engine: Engine, clock: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row read after a change the view has not seen yet (or before one it has) is served
    but not kept: it would outlive the change."""
    user = make_user(client)
    assert client.get("/api/v1/me", headers=user.headers).status_code == 200
    reads: list[uuid.UUID] = []
    real = snapshots.read

    def read(session: Session, user_id: uuid.UUID) -> tuple[User | None, object]:
        reads.append(user_id)
        found, _stamp = real(session, user_id)
        return found, "another stamp"

    monkeypatch.setattr(snapshots, "read", read)
    with Session(engine) as s:
        user_id = s.exec(select(User.id)).one()
        revocations.view_for(s).expire(users=True)  # rows dropped, as after this process's change
    assert client.get("/api/v1/me", headers=user.headers).status_code == 200
    assert client.get("/api/v1/me", headers=user.headers).status_code == 200
    assert reads == [user_id, user_id]


def test_two_transactions_adding_the_users_stamp_at_once_both_commit(engine: Engine) -> None:
    """The first account changes after an upgrade add the stamp's row; on PostgreSQL two may
    try at once (neither sees the other's row): the later one waits and replaces it."""
    with Session(engine) as s:
        s.execute(delete(stamps.app_meta).where(stamps.app_meta.c.key == stamps.USERS))
        s.commit()
    failures: list[BaseException] = []

    def later() -> None:
        try:
            with Session(engine) as s:
                stamps.bump(s, stamps.USERS)
                s.commit()
        except BaseException as e:  # noqa: BLE001 (reported below)
            failures.append(e)

    with Session(engine) as first:
        stamps.bump(first, stamps.USERS)
        thread = threading.Thread(target=later)
        thread.start()
        time.sleep(0.3)
        first.commit()
    thread.join(timeout=30)
    assert not failures, failures
    with Session(engine) as s:
        found = s.exec(
            select(stamps.app_meta.c.value).where(stamps.app_meta.c.key == stamps.USERS)
        ).all()
        assert len(found) == 1 and found[0]
