"""The likely-duplicate check of a new case (the first statement of the write path) reads the
lines of that day's cases through their case, never every line of a code in the database.

SQLite has no statistics here, and on `l.code = ?` it chose the index on code: the check then
scanned every stored line of each code, once per case of the day (217 ms against 1 ms on a log
of 2,900 cases of 47562). This checks the plan SQLite makes for the statement as written, on a
schema built from the models (the same on both CI runs: it needs no server).
"""

import sqlite3

from sqlalchemy import create_engine
from sqlmodel import SQLModel

import rvuedge.models  # noqa: F401  (every table, for create_all)
from rvuedge.cases.create import _open_statement


def _plan(distinct_codes: int, *, with_id: bool) -> list[str]:
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    raw = engine.raw_connection()
    try:
        params: dict[str, object] = {
            "user_id": "0" * 32,
            "day": "2026-11-02",
            "catalog_key": "catalog",
            "settings_key": "settings",
            "line_count": distinct_codes,
            "client_id": "1" * 32,
        }
        for n in range(distinct_codes):
            params[f"code_{n}"], params[f"times_{n}"] = f"4756{n}", 1
        sql = str(_open_statement(distinct_codes, with_id=with_id).element)
        cursor = raw.cursor()
        assert isinstance(cursor, sqlite3.Cursor)
        rows = cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        return [row[-1] for row in rows]
    finally:
        raw.close()
        engine.dispose()


def test_the_duplicate_check_reads_lines_by_their_case() -> None:
    for distinct, with_id in ((1, False), (3, False), (3, True)):
        plan = _plan(distinct, with_id=with_id)
        searches = [step for step in plan if "SEARCH l " in step]
        # One count of the case's lines, then one per distinct code: all by case.
        assert len(searches) == distinct + 1, plan
        assert all("ix_case_line_case_id" in step for step in searches), plan
        assert not any("ix_case_line_code" in step for step in plan), plan
