"""The SQL statements one logged case costs, counted, so the hot path cannot grow unnoticed.

Logging a three-line case through the API, after a first case of the same codes has warmed the
process (its caches of releases, fee-schedule rows and crediting settings, rvuedge/stamps.py):

    BEGIN IMMEDIATE                  SQLite only: the write lock (psycopg's BEGIN is not a
                                     statement the listener sees on PostgreSQL)
    (nothing for authentication: the session and the user's row are known to the process,
    and the revoked sessions with the users stamp are re-read once every 5 s; issue 26, item 2)
    UPDATE user_account ... RETURNING the change number, the cache stamps, the duplicate check
    INSERT INTO logged_case
    INSERT INTO case_line            one executemany for the three lines
    INSERT INTO daily_total ... ON CONFLICT DO UPDATE   the day's rollup, adding the case

The case write path is the last four (issue 26 asks for at most four per case, BEGIN aside).
When one is removed, lower the bound here.
"""

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tests.factories import log_case, make_user

AUTH = (  # a session's first request; the refresh of revoked sessions and users stamp (5 s)
    "SELECT auth_session",
    "SELECT id, NULL AS stamp FROM auth_session",
)
WRITE_PATH = 4  # statements of the case write itself, BEGIN aside


@pytest.fixture
def statements(engine: Engine):  # noqa: ANN201
    seen: list[str] = []

    def record(conn, cursor, statement, params, context, executemany) -> None:  # noqa: ANN001, PLR0913
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_one_logged_case_takes_a_bounded_number_of_statements(client, engine, statements) -> None:  # noqa: ANN001
    user = make_user(client)
    log_case(client, user, "2026-11-02", "47562", "49505-RT", "44970")
    statements.clear()
    case = log_case(client, user, "2026-11-03", "47562", "49505-RT", "44970")
    assert len(case["lines"]) == 3
    listing = "\n".join(statements)
    write = [s for s in statements if not s.startswith(("BEGIN", *AUTH))]
    assert len(write) <= WRITE_PATH, listing
    assert sum(1 for s in statements if s.startswith("BEGIN")) <= 1, listing
    assert len(statements) <= WRITE_PATH + len(AUTH) + 1, listing
    # The signed-in user comes from the process's memory (users/revocations.py), not a SELECT.
    assert not [s for s in statements if s.startswith("SELECT") and "user_account" in s], listing
    assert write[0].startswith("UPDATE user_account SET change_seq"), listing
    # The lines go in as one executemany, never one INSERT per line.
    assert sum(1 for s in write if s.startswith("INSERT INTO case_line")) == 1, listing
    # The rollup is one upsert: no lock, no delete and re-insert.
    assert sum(1 for s in write if s.startswith("INSERT INTO daily_total")) == 1, listing
    assert not any(s.startswith(("DELETE", "SELECT")) for s in write), listing


def test_a_likely_duplicate_is_still_said_and_costs_nothing_more(client, statements) -> None:  # noqa: ANN001
    user = make_user(client)
    log_case(client, user, "2026-11-02", "47562", "44970")
    statements.clear()
    r = client.post(
        "/api/v1/cases",
        headers=user.headers,
        json={"date_of_service": "2026-11-02", "lines": [{"code": "44970"}, {"code": "47562"}]},
    )
    assert r.status_code == 201, r.text
    assert any(w.startswith("Likely duplicate") for w in r.json()["warnings"]), r.json()
    write = [s for s in statements if not s.startswith(("BEGIN", *AUTH))]
    assert len(write) <= WRITE_PATH, "\n".join(statements)
