"""How long a revalue of 5,500 cases makes another user's write wait (target: about 1 s at most).

Usage: python bench/revalue_lock.py [cases]
Builds a temporary SQLite database (migrations + seed), one surgeon with N two-line cases (one
valued by the service, the rest cloned from it on dates through 2026) and a colleague, then turns
the surgeon's multiple-procedure rule off so that revalue changes every case. While the revalue
runs, a second process writes for the colleague every 10 ms (one short transaction each) and
records how long each write took, lock wait included. It runs twice: in one transaction (as
revalue did before batching) and in batches (as the API and CLI do now), and prints both.
"""

import multiprocessing
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from rvuedge.cases import service as cases
from rvuedge.cases.models import Case, CaseLine
from rvuedge.cases.schemas import CaseCreate
from rvuedge.catalog.seed import load_seed
from rvuedge.config import get_settings
from rvuedge.db import make_engine
from rvuedge.migrations import upgrade
from rvuedge.users import service as users
from rvuedge.users.models import User
from rvuedge.users.schemas import RegisterIn

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"  # noqa: S105 (a throwaway bench account)


def build(url: str, count: int) -> tuple[uuid.UUID, uuid.UUID]:
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        load_seed(session, get_settings().SEED_DIR)
        surgeon, colleague = (
            users.register(
                session, data=RegisterIn(email=email, password=PASSWORD, display_name="Dr. B")
            )
            for email in ("surgeon@example.org", "colleague@example.org")
        )
        data = CaseCreate(
            date_of_service=date(2026, 1, 2),
            lines=[{"code": "47562"}, {"code": "49505"}],  # type: ignore[list-item]
        )
        case, _ = cases.create_case(session, user=surgeon, data=data, today=NOW.date())
        session.commit()
        case_row = dict(
            session.execute(select(Case.__table__).where(Case.id == case.id)).one()._mapping
        )
        line_rows = [
            dict(r._mapping)
            for r in session.execute(select(CaseLine.__table__).where(CaseLine.case_id == case.id))
        ]
        clones, clone_lines = [], []
        for i in range(count - 1):
            new_id = uuid.uuid4()
            clones.append(
                {
                    **case_row,
                    "id": new_id,
                    "client_id": new_id,  # the API id is unique per owner
                    "date_of_service": date(2026, 1, 2) + timedelta(days=i % 320),
                }
            )
            clone_lines += [{**line, "id": None, "case_id": new_id} for line in line_rows]
        for line in clone_lines:
            line.pop("id")
        session.execute(insert(Case.__table__), clones)
        session.execute(insert(CaseLine.__table__), clone_lines)
        user = session.get(User, surgeon.id)
        assert user is not None
        user.credit_settings = {**user.credit_settings, "overrides": {"apply_mppr": False}}
        session.add(user)
        session.commit()
        ids = surgeon.id, colleague.id
    engine.dispose()
    return ids


def colleague_writes(url: str, user_id: uuid.UUID, stop, results, failures) -> None:  # noqa: ANN001
    engine = make_engine(url)
    waits = []
    n = 0
    while not stop.is_set():
        started = time.perf_counter()
        try:
            with Session(engine) as session:
                user = session.get(User, user_id)
                assert user is not None
                user.display_name = f"Dr. B {n}"
                session.commit()
        except OperationalError:  # the busy timeout ran out: the API would answer 503
            failures.value += 1
        waits.append(time.perf_counter() - started)
        n += 1
        time.sleep(0.01)
    engine.dispose()
    results.put(waits)


def run(url: str, surgeon_id: uuid.UUID, colleague_id: uuid.UUID, *, batched: bool) -> dict:
    engine = make_engine(url)
    stop, results = multiprocessing.Event(), multiprocessing.Queue()
    failures = multiprocessing.Value("i", 0)
    writer = multiprocessing.Process(
        target=colleague_writes, args=(url, colleague_id, stop, results, failures)
    )
    writer.start()
    time.sleep(1.0)  # the writer is up and writing
    started = time.perf_counter()
    batches = 0
    longest = 0.0
    with Session(engine) as session:
        surgeon = session.get(User, surgeon_id)
        session.commit()
        span = {"start": date(2026, 1, 1), "end": date(2026, 12, 31), "now": NOW, "user": surgeon}
        if batched:
            began = time.perf_counter()
            for result in cases.revalue_batches(session, **span):  # noqa: B007
                session.commit()
                batches += 1
                longest = max(longest, time.perf_counter() - began)
                began = time.perf_counter()
        else:
            result = cases.revalue(session, **span)
            session.commit()
            batches, longest = 1, time.perf_counter() - started
    elapsed = time.perf_counter() - started
    time.sleep(0.2)
    stop.set()
    waits = results.get()
    writer.join()
    engine.dispose()
    waits.sort()
    return {
        "mode": "batched" if batched else "one transaction",
        "examined": result.examined,
        "changed": len(result.changed),
        "revalue s": round(elapsed, 2),
        "batches": batches,
        "longest batch s": round(longest, 3),
        "writes": len(waits),
        "write p50 ms": round(statistics.median(waits) * 1000, 1),
        "write p99 ms": round(waits[int(len(waits) * 0.99) - 1] * 1000, 1),
        "write max ms": round(waits[-1] * 1000, 1),
        "writes timed out": failures.value,
    }


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5500
    for batched in (False, True):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            surgeon, colleague = build(url, count)
            figures = run(url, surgeon, colleague, batched=batched)
            print("  ".join(f"{k}: {v}" for k, v in figures.items()), flush=True)


if __name__ == "__main__":
    main()
