"""Search answers in one database query per request (after the per-process catalog cache is
warm), whatever kind of text is typed, when the answer is not already in memory (a repeated
anonymous search runs none: test_search_answers.py)."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from rvuedge.catalog import answers


@pytest.fixture(autouse=True)
def no_answers_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test databases are copies of one template, catalog version included: answers kept
    by an earlier test would match."""
    monkeypatch.setattr(answers, "answers", answers.Answers())


QUERIES = [
    "47562",
    "4756",
    "992",
    "G0121",
    "lap chole",
    "TKA",
    "colonoscopy biopsy",
    "colonscopy",
    "arthroplsty knee",
    "lap chol",
    "",
    "zzzzqqq",
    "'; drop table x",
]


@pytest.mark.parametrize("query", QUERIES)
def test_one_query_per_search(client: TestClient, engine: Engine, query: str) -> None:
    client.get("/api/v1/codes", params={"q": "warm up"})
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001, ANN002
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SET")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        r = client.get("/api/v1/codes", params={"q": query})
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert r.status_code == 200, r.text
    assert len(statements) == 1, statements
