"""Revalue works in short batches: each batch atomic, other writers get in between, resumable."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from rvuedge.cases import revalue, service
from rvuedge.cases.models import Case
from rvuedge.db import make_engine
from rvuedge.users.models import User
from tests.conftest import NOW, app_on
from tests.factories import make_user

CASES = 25


@pytest.fixture
def logged(client: TestClient, session: Session) -> User:
    """A surgeon with 25 two-procedure cases, who then turns the multiple-procedure rule off."""
    surgeon = make_user(client)
    for i in range(CASES):
        body = {
            "date_of_service": f"2026-{1 + i % 9:02d}-{1 + i:02d}",
            "lines": [{"code": "47562"}, {"code": "49505"}],
        }
        assert client.post("/api/v1/cases", headers=surgeon.headers, json=body).status_code == 201
    settings = {"credit_settings": {"overrides": {"apply_mppr": False}}}
    assert client.patch("/api/v1/me", headers=surgeon.headers, json=settings).status_code == 200
    user = session.exec(select(User).where(User.email == surgeon.email)).one()
    session.commit()  # end the read: the tests need the lock free
    return user


def _revalued(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Case).where(col(Case.version) > 1)).one()


def test_other_writers_get_the_lock_between_batches(
    logged: User, session: Session, database_url: str
) -> None:
    impatient = make_engine(database_url, busy_timeout_ms=1)  # would fail on any held lock
    with TestClient(app_on(impatient)) as other_client:
        colleague = make_user(other_client, "colleague@example.org")
        batches = []
        for result in service.revalue_batches(
            session,
            start=NOW.date().replace(month=1, day=1),
            end=NOW.date(),
            now=NOW,
            user=logged,
            batch_cases=10,
            batch_seconds=60,
            pause_seconds=0,
        ):
            session.commit()
            batches.append(result.examined)
            code = ("47562", "49505", "44970", "44204")[len(batches) - 1]  # one favorite per code
            favorite = {"code": code, "label": f"after batch {len(batches)}"}
            answer = other_client.post(
                "/api/v1/me/favorites", headers=colleague.headers, json=favorite
            )
            assert answer.status_code == 201, answer.text
    impatient.dispose()
    assert batches == [10, 20, 25]
    assert len(result.changed) == CASES and result.through is not None
    assert _revalued(session) == CASES


def test_a_failed_batch_leaves_earlier_batches_saved_and_the_run_resumes(
    logged: User, session: Session, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_store, calls = revalue.store_credit, []

    def power_cut_on_the_fifteenth(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 15:
            raise RuntimeError("power cut")
        real_store(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(revalue, "store_credit", power_cut_on_the_fifteenth)
    span = {"start": NOW.date().replace(month=1, day=1), "end": NOW.date(), "now": NOW}
    progress = []
    with pytest.raises(RuntimeError):
        for result in service.revalue_batches(
            session, **span, user=logged, batch_cases=10, batch_seconds=60, pause_seconds=0
        ):
            session.commit()
            progress.append(result.through)
    session.rollback()
    with Session(engine) as fresh:
        assert _revalued(fresh) == 10  # the first batch; none of the broken second one
    monkeypatch.undo()
    resumed = service.revalue(session, **{**span, "start": progress[-1]}, user=logged)
    session.commit()
    assert len(resumed.changed) == CASES - 10
    with Session(engine) as fresh:
        assert _revalued(fresh) == CASES
