"""The daily rollup equals a fresh recomputation from the lines after any sequence of writes.

A new case adds its own sums to its day (one upsert, cases/rollup.py add_case); updates,
deletes, moves, revalues and an import's staging recompute their days. Random sequences of
creates, edits, moves, deletes and revalues, through the case service as the API calls it, must
leave every row of daily_total equal to the same sums recomputed from the live lines, with no
row for a day without live lines. Runs on the engine under test (SQLite by default, PostgreSQL
with scripts/test-postgres.sh).
"""

import uuid
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import select
from sqlmodel import Session, col

from rvuedge.cases.models import DailyTotal
from rvuedge.cases.rollup import day_sums_select
from rvuedge.users.models import User
from tests.factories import log_case, make_user
from tests.reports.test_reports_property import _apply, operations


def _stored(session: Session, user_id: uuid.UUID) -> dict:
    rows = session.execute(
        select(DailyTotal.__table__).where(col(DailyTotal.user_id) == user_id)  # type: ignore[attr-defined]
    ).all()
    return {row.day: tuple(int(x) for x in row[2:]) for row in rows}


def _recomputed(session: Session, user_id: uuid.UUID) -> dict:
    return {
        row[1]: tuple(int(x) for x in row[2:])
        for row in session.execute(day_sums_select(user_id)).all()
    }


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_the_rollup_equals_a_recomputation_after_random_writes(session: Session, ops) -> None:  # noqa: ANN001
    user = User(
        email=f"{uuid.uuid4().hex}@example.org",
        password_hash="not-a-hash",
        display_name="Dr. Rollup",
        time_zone="America/Chicago",
    )
    session.add(user)
    session.flush()
    try:
        _apply(session, user, ops)
        session.flush()
        assert _stored(session, user.id) == _recomputed(session, user.id)
    finally:
        session.rollback()


def test_the_api_keeps_the_rollup_equal_to_the_lines(client, engine) -> None:  # noqa: ANN001
    user = make_user(client)
    first = log_case(client, user, "2026-10-05", "47562")
    second = log_case(client, user, "2026-10-05", "44970", "49505-RT")
    log_case(client, user, "2026-10-06", "47562", "44970")
    with Session(engine) as session:
        owner = session.exec(select(User).where(col(User.email) == user.email)).one()[0]
        day = _stored(session, owner.id)
        assert day == _recomputed(session, owner.id)
        assert day[date(2026, 10, 5)][:2] == (2, 3)  # two cases, three lines
    moved = client.patch(
        f"/api/v1/cases/{second['id']}",
        headers=user.headers,
        json={"version": second["version"], "date_of_service": "2026-10-06"},
    )
    assert moved.status_code == 200, moved.text
    assert client.delete(f"/api/v1/cases/{first['id']}", headers=user.headers).status_code == 204
    with Session(engine) as session:
        after = _stored(session, owner.id)
        assert after == _recomputed(session, owner.id)
        assert date(2026, 10, 5) not in after  # its last case left: no row
        assert after[date(2026, 10, 6)][:2] == (2, 4)
