"""Anonymous search answers are kept in memory per (catalog version, query, limit, today): a
repeated search runs no SQL statement at all; an import changes the answer (at once in the
process that imported, within VERSION_TTL_SECONDS in the others)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from rvuedge.catalog import answers
from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
from rvuedge.catalog.importer import import_rvu_file
from rvuedge.catalog.search_docs import _bump_catalog_version
from rvuedge.db import make_engine
from tests.conftest import RVU_2026
from tests.factories import make_user


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The clock of the version's freshness, moved by hand; and an empty cache (the test
    databases are copies of one template, catalog version included)."""
    now = [5000.0]
    monkeypatch.setattr(answers, "monotonic", lambda: now[0])
    monkeypatch.setattr(answers, "answers", answers.Answers())
    return now


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement run on `engine` inside the block."""
    seen: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001, ANN002
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _search(client: TestClient, q: str, **headers: str) -> bytes:
    r = client.get("/api/v1/codes", params={"q": q, "limit": 5}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    return r.content


def test_a_repeated_search_runs_no_statement(
    client: TestClient, engine: Engine, clock: list[float]
) -> None:
    first = _search(client, "lap chole")
    with counted(engine) as seen:
        again = _search(client, "lap chole")
    assert seen == [] and again == first
    with counted(engine) as seen:
        _search(client, "lap chol")  # another query: read
    assert len(seen) >= 1
    clock[0] += answers.VERSION_TTL_SECONDS  # the version is read again after a while
    with counted(engine) as seen:
        assert _search(client, "lap chole") == first
    assert len(seen) >= 1


def test_a_signed_in_search_is_not_answered_from_the_anonymous_ones(
    client: TestClient, engine: Engine, clock: list[float]
) -> None:
    user = make_user(client)
    _search(client, "47562")
    with counted(engine) as seen:
        _search(client, "47562", **user.headers)
    assert any("code_search_doc" in s for s in seen)
    r = client.get("/api/v1/codes", params={"q": "47562"}, headers={"Authorization": "Bearer x"})
    assert r.status_code == 401


def test_an_import_here_shows_at_once(
    client: TestClient, engine: Engine, clock: list[float]
) -> None:
    _search(client, "47562")
    with Session(engine) as s:
        _bump_catalog_version(s)
        s.commit()
    with counted(engine) as seen:
        _search(client, "47562")
    assert any("code_search_doc" in s for s in seen)


def test_an_import_elsewhere_changes_the_answer_within_the_ttl(
    client: TestClient, database_url: str, clock: list[float]
) -> None:
    before = client.get("/api/v1/codes", params={"q": "47562"}).json()
    cli = make_engine(database_url)  # another process: the operator's `rvuedge import-rvu`
    try:
        with Session(cli) as s:
            name, data = read_rvu_source(RVU_2026)
            import_rvu_file(s, parse_rvu_bytes(data, name))
            s.commit()
    finally:
        cli.dispose()
    assert client.get("/api/v1/codes", params={"q": "47562"}).json() == before
    clock[0] += answers.VERSION_TTL_SECONDS
    after = client.get("/api/v1/codes", params={"q": "47562"}).json()
    assert after != before
    [hit] = [h for h in after["items"] if h["code"] == "47562"]
    assert hit["description"] and hit["description"] != before["items"][0]["description"]


def test_the_cache_is_bounded() -> None:
    kept = answers.Answers(size=3)
    for i in range(5):
        kept.put(("v", str(i), 10, date(2026, 1, 1)), b"x")
    assert len(kept) == 3


def test_an_import_is_forgotten_when_the_whole_transaction_commits(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # after_commit runs for a released SAVEPOINT too: the version must be read again only once
    # the import is committed, and a savepoint rolled back must not drop the mark.
    forgotten: list[object] = []
    monkeypatch.setattr(answers.answers, "forget_version", forgotten.append)
    with Session(engine) as session:
        session.execute(select(1))
        answers.mark_catalog_changed(session)
        with session.begin_nested():
            session.execute(select(1))
        session.begin_nested().rollback()
        assert forgotten == []
        session.commit()
    assert forgotten == [engine.pool]

    with Session(engine) as session:  # a transaction rolled back forgets its mark
        session.execute(select(1))
        answers.mark_catalog_changed(session)
        session.rollback()
        session.execute(select(1))
        session.commit()
    assert forgotten == [engine.pool]
