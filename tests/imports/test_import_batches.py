"""Imports commit and undo in short batches (issue 22): other users write between batches, the
progress shows on GET /imports/{id}, and the physician sees all of the import or none of it.
(How long other writers wait during a 10,000-row commit: bench/import_batches.py.)"""

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from rvuedge.cases import staging
from rvuedge.db import make_engine, read_next
from rvuedge.imports import batches, service
from rvuedge.imports.models import CaseImport
from rvuedge.users.models import User
from tests.conftest import NOW, TODAY, app_on
from tests.factories import SignedIn, make_user

ROWS = 25


def _log(rows: int = ROWS) -> bytes:
    lines = ["Date,CPT,Case"]
    lines += [f"2026-{1 + i % 9:02d}-{1 + i % 27:02d},47562,C{i}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def previewed(client: TestClient, session: Session) -> tuple[SignedIn, User, uuid.UUID]:
    surgeon = make_user(client)
    r = client.post("/api/v1/imports", headers=surgeon.headers, files={"file": ("log.csv", _log())})
    assert r.status_code == 201 and r.json()["cases_to_create"] == ROWS, r.text
    user = session.exec(select(User).where(User.email == surgeon.email)).one()
    session.commit()  # end the read: the batches need the lock
    return surgeon, user, uuid.UUID(r.json()["id"])


def _total(client: TestClient, who: SignedIn) -> int:
    return client.get("/api/v1/cases", headers=who.headers, params={"limit": 1}).json()["total"]


def test_batches_let_others_write_show_progress_and_publish_together(
    previewed, client: TestClient, session: Session, database_url: str
) -> None:  # noqa: ANN001
    surgeon, user, import_id = previewed
    impatient = make_engine(database_url, busy_timeout_ms=1)  # fails on any lock still held
    seen = []
    with TestClient(app_on(impatient)) as other:
        colleague = make_user(other, "colleague@example.org")
        for _ in batches.commit_batches(
            session,
            user=user,
            import_id=import_id,
            today=TODAY,
            now=NOW,
            batch_cases=10,
            pause_seconds=0,
        ):
            session.commit()
            # Another user logs a case between batches, without waiting for any lock.
            case = {"date_of_service": "2026-08-03", "lines": [{"code": "44970"}]}
            r = other.post("/api/v1/cases", headers=colleague.headers, json=case)
            assert r.status_code == 201, r.text
            progress = client.get(f"/api/v1/imports/{import_id}", headers=surgeon.headers).json()
            seen.append((progress["status"], progress["done_cases"], _total(client, surgeon)))
    impatient.dispose()
    # The import read (a read), then turned committing; three batches of 10, 10, 5, each valued
    # (a read) then written; then all 25 at once.
    assert seen == [
        ("preview", 0, 0),
        ("committing", 0, 0),
        ("committing", 0, 0),
        ("committing", 10, 0),
        ("committing", 10, 0),
        ("committing", 20, 0),
        ("committing", 20, 0),
        ("committing", 25, 0),
        ("committed", 25, ROWS),
    ]
    assert _total(client, colleague) == len(seen)
    feed = client.get("/api/v1/cases/sync", headers=surgeon.headers, params={"limit": 500}).json()
    assert [c["change"] for c in feed["changes"]] == ["created"] * ROWS  # no staged tombstones
    body = client.get(f"/api/v1/imports/{import_id}", headers=surgeon.headers).json()
    assert body["created_cases"] == ROWS and all(c["case_id"] for c in body["cases"])
    year = {"period": "year", "start": "2026-01-01", "end": "2026-11-27"}
    report = client.get("/api/v1/reports/totals", headers=surgeon.headers, params=year).json()
    assert sum(b["cases"] for b in report["buckets"]) == ROWS


def test_a_failed_commit_shows_nothing_and_committing_again_finishes_it(
    previewed, client: TestClient, session: Session, engine: Engine, monkeypatch
) -> None:  # noqa: ANN001
    surgeon, user, import_id = previewed
    real, calls = staging.value, []

    def power_cut_on_the_fifteenth(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        if len(calls) == 15:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    monkeypatch.setattr(staging, "value", power_cut_on_the_fifteenth)
    with pytest.raises(RuntimeError):
        for _ in batches.commit_batches(
            session,
            user=user,
            import_id=import_id,
            today=TODAY,
            now=NOW,
            batch_cases=10,
            pause_seconds=0,
        ):
            session.commit()
    session.rollback()
    monkeypatch.undo()
    assert _total(client, surgeon) == 0  # ten cases are written, staged: none is visible
    progress = client.get(f"/api/v1/imports/{import_id}", headers=surgeon.headers).json()
    assert (progress["status"], progress["done_cases"]) == ("committing", 10)
    r = client.post(f"/api/v1/imports/{import_id}/commit", headers=surgeon.headers)
    assert r.status_code == 200 and r.json()["status"] == "committed", r.text
    assert r.json()["created_cases"] == ROWS and _total(client, surgeon) == ROWS
    with Session(engine) as fresh:
        assert fresh.get(CaseImport, import_id).done_cases == ROWS  # type: ignore[union-attr]


def test_undo_in_batches_removes_every_case_and_staged_leftovers(
    previewed, client: TestClient, session: Session
) -> None:  # noqa: ANN001
    surgeon, user, import_id = previewed
    r = client.post(f"/api/v1/imports/{import_id}/commit", headers=surgeon.headers)
    assert r.status_code == 200 and _total(client, surgeon) == ROWS
    seen = []
    for record in batches.delete_batches(
        session,
        user=user,
        import_id=import_id,
        now=NOW,
        batch_cases=10,
        pause_seconds=0,
    ):
        session.commit()
        seen.append((record.status, record.done_cases, _total(client, surgeon)))
    assert seen == [
        ("deleting", 0, ROWS),
        ("deleting", 10, ROWS - 10),
        ("deleting", 20, ROWS - 20),
        ("deleting", 25, 0),
        ("deleted", 25, 0),
    ]
    assert client.get(f"/api/v1/imports/{import_id}", headers=surgeon.headers).status_code == 404


def test_a_batch_does_not_load_the_import_again(
    previewed, session: Session, engine: Engine
) -> None:  # noqa: ANN001
    """Each commit between batches expires the import; reading it again would load and parse its
    whole proposal inside the next batch's write transaction (a 10,000-row commit spent most of
    its time there, and its batches shrank to a case or two). Publishing sets its fields."""
    _, user, import_id = previewed
    reads: list[str] = []

    def count(_conn, _cursor, statement: str, *_args) -> None:  # noqa: ANN001, ANN002
        if statement.lstrip().upper().startswith("SELECT") and "FROM case_import" in statement:
            reads.append(statement)

    sizes = {"batch_cases": 10, "pause_seconds": 0}
    steps = batches.commit_batches(
        session, user=user, import_id=import_id, today=TODAY, now=NOW, **sizes
    )
    next(steps)  # the import and its proposal read (a read transaction)
    session.commit()
    next(steps)  # the preview turns committing
    session.commit()
    event.listen(engine, "before_cursor_execute", count)
    try:
        per_batch = []
        for _ in steps:  # (the import yielded is not read here: that would load it)
            session.commit()
            per_batch.append(len(reads))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert per_batch == [0] * 7, reads  # 10, 10, 5 (each valued, then written), publishing
    with Session(engine) as fresh:
        stored = fresh.get(CaseImport, import_id)
        assert stored is not None and (stored.status, stored.done_cases) == ("committed", ROWS)
    # Undo the same way.
    steps = batches.delete_batches(session, user=user, import_id=import_id, now=NOW, **sizes)
    next(steps)  # the import turns deleting
    session.commit()
    event.listen(engine, "before_cursor_execute", count)
    try:
        per_batch = []
        for _ in steps:
            session.commit()
            per_batch.append(len(reads))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert per_batch == [0, 0, 0, 0], reads  # 10, 10, 5, then the import deleted
    with Session(engine) as fresh:
        stored = fresh.get(CaseImport, import_id)
        assert stored is not None and (stored.status, stored.done_cases) == ("deleted", ROWS)


def test_the_commits_answer_is_read_without_the_write_lock(
    previewed, session: Session, database_url: str
) -> None:  # noqa: ANN001
    """After the last batch the answer loads the import again (the commit expired it): a read,
    which must not keep other users' writes waiting while the answer is built."""
    _, user, import_id = previewed
    for record in batches.commit_batches(  # noqa: B007
        session, user=user, import_id=import_id, today=TODAY, now=NOW, pause_seconds=0
    ):
        session.commit()
    read_next(session)
    out = service.import_out(record)  # loads the import: the transaction is open from here
    assert out.status == "committed" and out.created_cases == ROWS
    impatient = make_engine(database_url, busy_timeout_ms=1)  # fails on any lock still held
    with TestClient(app_on(impatient)) as other:
        colleague = make_user(other, "colleague@example.org")
        case = {"date_of_service": "2026-08-03", "lines": [{"code": "44970"}]}
        r = other.post("/api/v1/cases", headers=colleague.headers, json=case)
        assert r.status_code == 201, r.text
    impatient.dispose()
    assert session.in_transaction()
    session.rollback()
