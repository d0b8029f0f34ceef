"""Publishing an import is a few statements whatever its size, all or nothing, and the daily
rollup agrees with the lines at every commit of a batched commit and undo (issue 22: other
users' writes never wait long behind an import). Timings: bench/import_batches.py."""

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from rvuedge.cases import staging
from rvuedge.cases.models import Case, DailyTotal
from rvuedge.cases.rollup import day_sums_select
from rvuedge.db import reading
from rvuedge.imports import batches
from rvuedge.users.models import User
from tests.conftest import NOW, TODAY
from tests.factories import SignedIn, log_case, make_user
from tests.imports.test_import_batches import ROWS, _log, _total

SIZES = {"batch_cases": 10, "pause_seconds": 0}


@pytest.fixture
def previewed(client: TestClient, session: Session) -> tuple[SignedIn, User, uuid.UUID, uuid.UUID]:
    surgeon = make_user(client)
    # A case of the surgeon's own on a day the file also logs: its rollup row gains the import.
    log_case(client, surgeon, "2026-01-01", "44970")
    r = client.post("/api/v1/imports", headers=surgeon.headers, files={"file": ("log.csv", _log())})
    assert r.status_code == 201 and r.json()["cases_to_create"] == ROWS, r.text
    user = session.exec(select(User).where(User.email == surgeon.email)).one()
    user_id = user.id  # read now: after the commit, reading it would begin a write transaction
    session.commit()
    return surgeon, user, user_id, uuid.UUID(r.json()["id"])


def _commit_steps(session: Session, user: User, import_id: uuid.UUID, steps_done: int):  # noqa: ANN202
    """A batched commit, its first steps run and each committed; the rest left to the test."""
    steps = batches.commit_batches(
        session, user=user, import_id=import_id, today=TODAY, now=NOW, **SIZES
    )
    for _ in range(steps_done):
        next(steps)
        session.commit()
    return steps


def _rollup_agrees(engine: Engine, user_id: uuid.UUID) -> dict:
    with Session(reading(engine)) as fresh:  # beside the test's session, which may hold the lock
        table = DailyTotal.__table__  # type: ignore[attr-defined]
        stored = {
            row.day: tuple(int(x) for x in row[2:])
            for row in fresh.execute(select(table).where(table.c.user_id == user_id))
        }
        recomputed = {
            row[1]: tuple(int(x) for x in row[2:])
            for row in fresh.execute(day_sums_select(user_id))
        }
    assert stored == recomputed
    return stored


def test_the_rollup_agrees_with_the_lines_at_every_commit_of_a_commit_and_an_undo(
    previewed, client: TestClient, session: Session, engine: Engine
) -> None:  # noqa: ANN001
    surgeon, user, user_id, import_id = previewed
    before = _rollup_agrees(engine, user_id)
    assert sum(day[0] for day in before.values()) == 1
    cases_counted = []
    for _ in batches.commit_batches(
        session, user=user, import_id=import_id, today=TODAY, now=NOW, **SIZES
    ):
        session.commit()
        rollup = _rollup_agrees(engine, user_id)
        cases_counted.append(sum(day[0] for day in rollup.values()))
    # Nothing of the import counts until it is published, then all of it.
    assert cases_counted == [1] * 8 + [1 + ROWS]
    assert _total(client, surgeon) == 1 + ROWS
    cases_counted = []
    for _ in batches.delete_batches(session, user=user, import_id=import_id, now=NOW, **SIZES):
        session.commit()
        rollup = _rollup_agrees(engine, user_id)
        cases_counted.append(sum(day[0] for day in rollup.values()))
    assert cases_counted == [1 + ROWS, 1 + ROWS - 10, 1 + ROWS - 20, 1, 1]
    assert _rollup_agrees(engine, user_id) == before


def test_publishing_is_a_few_statements_whatever_the_size(
    previewed, session: Session, engine: Engine
) -> None:  # noqa: ANN001
    """Publishing 10,000 cases by key (one UPDATE each, then every day they touch recomputed)
    held the lock 2.5-3.7 s. Now: the change numbers, the rollup, the cases, the import."""
    _, user, user_id, import_id = previewed
    # The import read, turned committing, 3 batches valued and written.
    steps = _commit_steps(session, user, import_id, 8)
    statements: list[tuple[str, int]] = []

    def count(_conn, _cursor, statement: str, parameters, _context, executemany: bool) -> None:  # noqa: ANN001
        statements.append((statement, len(parameters) if executemany else 1))

    event.listen(engine, "before_cursor_execute", count)
    try:
        next(steps)  # publishing
        session.commit()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    writes = [(s, n) for s, n in statements if not s.lstrip().upper().startswith("SELECT")]
    assert len(writes) <= 6, writes
    assert all(n == 1 for _, n in writes), writes  # no executemany, no statement per case
    case_updates = [s for s, _ in writes if s.lstrip().upper().startswith("UPDATE LOGGED_CASE")]
    assert len(case_updates) == 1
    with Session(reading(engine)) as fresh:
        assert not staging.staged_cases(fresh, user_id=user_id, import_id=import_id)


def test_a_failed_publish_shows_nothing_and_a_retry_publishes_in_file_order(
    previewed, client: TestClient, session: Session, engine: Engine, monkeypatch
) -> None:  # noqa: ANN001
    surgeon, user, user_id, import_id = previewed
    before = _rollup_agrees(engine, user_id)
    real = staging.publish

    def publish_then_fail(*args, **kwargs) -> None:  # noqa: ANN002, ANN003
        real(*args, **kwargs)  # every statement ran, the transaction is not committed
        raise RuntimeError("power cut")

    monkeypatch.setattr(staging, "publish", publish_then_fail)
    with pytest.raises(RuntimeError):
        for _ in batches.commit_batches(
            session, user=user, import_id=import_id, today=TODAY, now=NOW, **SIZES
        ):
            session.commit()
    session.rollback()
    monkeypatch.undo()
    assert _total(client, surgeon) == 1
    assert _rollup_agrees(engine, user_id) == before
    progress = client.get(f"/api/v1/imports/{import_id}", headers=surgeon.headers).json()
    assert (progress["status"], progress["done_cases"]) == ("committing", ROWS)
    r = client.post(f"/api/v1/imports/{import_id}/commit", headers=surgeon.headers)
    assert r.status_code == 200 and r.json()["created_cases"] == ROWS, r.text
    _rollup_agrees(engine, user_id)
    # The sync feed: the surgeon's own case, then the import's in the file's order, numbered
    # one after another.
    feed = client.get("/api/v1/cases/sync", headers=surgeon.headers, params={"limit": 500})
    changes = feed.json()["changes"]
    file_order = [c["case_id"] for c in r.json()["cases"]]
    assert [c["id"] for c in changes[1:]] == file_order
    with Session(reading(engine)) as fresh:
        numbers = fresh.exec(
            select(col(Case.change_seq))
            .where(col(Case.import_id) == import_id)
            .order_by(col(Case.change_seq))
        ).all()
    assert numbers == list(range(numbers[0], numbers[0] + ROWS))


def test_staged_cases_are_in_no_sync_feed_while_the_import_runs(
    previewed, client: TestClient, session: Session
) -> None:  # noqa: ANN001
    surgeon, user, user_id, import_id = previewed
    # The import read, turned committing, a batch valued and written.
    _running = _commit_steps(session, user, import_id, 4)  # held: the commit stays under way
    for params in ({}, {"since": "2020-01-01T00:00:00Z"}):
        feed = client.get("/api/v1/cases/sync", headers=surgeon.headers, params=params).json()
        assert [c["change"] for c in feed["changes"]] == ["created"], params  # the own case


def test_cases_staged_before_places_were_kept_are_numbered_when_published(
    previewed, client: TestClient, session: Session, engine: Engine
) -> None:  # noqa: ANN001
    """A commit cut off before this version staged its cases with change number 0: resumed, they
    get their places, so publishing gives every case its own number."""
    surgeon, user, user_id, import_id = previewed
    # The import read, turned committing, 2 batches valued and written.
    steps = _commit_steps(session, user, import_id, 6)
    steps.close()
    with Session(engine) as fresh:
        fresh.execute(update(Case).where(col(Case.import_id) == import_id).values(change_seq=0))
        fresh.commit()
    r = client.post(f"/api/v1/imports/{import_id}/commit", headers=surgeon.headers)
    assert r.status_code == 200 and r.json()["created_cases"] == ROWS, r.text
    feed = client.get("/api/v1/cases/sync", headers=surgeon.headers, params={"limit": 500})
    assert [c["id"] for c in feed.json()["changes"][1:]] == [
        c["case_id"] for c in r.json()["cases"]
    ]
    _rollup_agrees(engine, user_id)


def test_an_undo_numbers_each_tombstone(previewed, client: TestClient, session: Session) -> None:  # noqa: ANN001
    surgeon, user, user_id, import_id = previewed
    r = client.post(f"/api/v1/imports/{import_id}/commit", headers=surgeon.headers)
    assert r.status_code == 200, r.text
    first = client.get("/api/v1/cases/sync", headers=surgeon.headers, params={"limit": 500})
    cursor = first.json()["next_cursor"]
    for _ in batches.delete_batches(session, user=user, import_id=import_id, now=NOW, **SIZES):
        session.commit()
    feed = client.get(
        "/api/v1/cases/sync", headers=surgeon.headers, params={"cursor": cursor, "limit": 7}
    ).json()
    seen = []
    while True:
        seen += [(c["id"], c["change"], c["version"]) for c in feed["changes"]]
        if not feed["has_more"]:
            break
        feed = client.get(
            "/api/v1/cases/sync",
            headers=surgeon.headers,
            params={"cursor": feed["next_cursor"], "limit": 7},
        ).json()
    # Pages of 7 lose none: each tombstone has its own number.
    assert sorted(seen) == sorted((c["case_id"], "deleted", 2) for c in r.json()["cases"])
