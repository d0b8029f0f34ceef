"""How long an import commit of 10,000 rows makes another user's writes wait (target: 1 s).

Usage: python bench/import_batches.py [rows]
Builds a temporary SQLite database (migrations + seed), one surgeon whose past log of N rows
(N cases, one line each, dates across 2025-2026) is previewed, and a colleague. Then the commit
runs twice on copies of that database: in one transaction (as it did before issue 22) and in
batches (as the API does now). Meanwhile a second process logs a case for the colleague every
10 ms, each in its own short transaction, and records how long each took, lock wait included.
"""

import multiprocessing
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from rvuedge.cases import service as cases
from rvuedge.cases.schemas import CaseCreate
from rvuedge.catalog.seed import load_seed
from rvuedge.config import get_settings
from rvuedge.db import make_engine, read_next
from rvuedge.imports import batches
from rvuedge.imports import service as imports
from rvuedge.migrations import upgrade
from rvuedge.users import service as users
from rvuedge.users.models import User
from rvuedge.users.schemas import RegisterIn

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
TODAY = NOW.date()
PASSWORD = "correct horse battery staple"  # noqa: S105 (a throwaway bench account)
CODES = ("47562", "49505", "44970", "99213", "27447", "19301")


def log_file(rows: int) -> bytes:
    lines = ["Date,CPT,Case"]
    start = date(2025, 1, 2)
    for i in range(rows):
        day = start + timedelta(days=i % 690)
        lines.append(f"{day.isoformat()},{CODES[i % len(CODES)]},R{i}")
    return ("\n".join(lines) + "\n").encode()


def build(url: str, rows: int) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID, float]:
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
        session.commit()
        started = time.perf_counter()
        record = imports.preview_import(
            session,
            user=surgeon,
            content=log_file(rows),
            filename="log.csv",
            mapping=None,
            skip_invalid_rows=False,
            today=TODAY,
        )
        session.commit()
        preview_s = time.perf_counter() - started
        ids = surgeon.id, colleague.id, record.id
    engine.dispose()
    return (*ids, preview_s)


def colleague_logs(url: str, user_id: uuid.UUID, stop, results, failures) -> None:  # noqa: ANN001
    engine = make_engine(url)
    waits: list[float] = []
    errors: list[str] = []
    n = 0
    try:
        while not stop.is_set():
            # A few cases a day, as a surgeon logs them: the same day over and over would make
            # each write's duplicate check read thousands of that day's cases (the bench's own
            # cost, growing with its length, not the import's).
            day = date(2026, 1, 2) + timedelta(days=n % 300)
            data = CaseCreate(date_of_service=day, lines=[{"code": CODES[n % len(CODES)]}])  # type: ignore[list-item]
            n += 1
            started = time.perf_counter()
            try:
                with Session(engine) as session:
                    user = session.get(User, user_id)
                    cases.create_case(session, user=user, data=data, today=TODAY)  # type: ignore[arg-type]
                    session.commit()
            except OperationalError:  # the busy timeout ran out: the API would answer 503
                failures.value += 1
            waits.append(time.perf_counter() - started)
            time.sleep(0.01)
    except Exception as exc:  # noqa: BLE001 (reported by the parent, which must not wait forever)
        errors.append(repr(exc))
    finally:
        engine.dispose()
        results.put((waits, errors))


def run(url: str, surgeon_id, colleague_id, import_id, *, batched: bool) -> dict:  # noqa: ANN001
    engine = make_engine(url)
    stop, results = multiprocessing.Event(), multiprocessing.Queue()
    failures = multiprocessing.Value("i", 0)
    writer = multiprocessing.Process(
        target=colleague_logs, args=(url, colleague_id, stop, results, failures)
    )
    writer.start()
    time.sleep(1.0)  # the writer is up and writing
    # How long each of the import's write transactions held the lock: BEGIN (IMMEDIATE on
    # SQLite, which takes it) to COMMIT.
    held: list[float] = []
    began: list[float] = []
    event.listen(engine, "begin", lambda _conn: began.append(time.perf_counter()))
    event.listen(engine, "commit", lambda _conn: held.append(time.perf_counter() - began[-1]))
    started = time.perf_counter()
    try:
        with Session(engine) as session:
            surgeon = session.get(User, surgeon_id)
            session.commit()
            held.clear()
            args = {"user": surgeon, "import_id": import_id, "today": TODAY, "now": NOW}
            if batched:
                for record in batches.commit_batches(session, **args):  # noqa: B007
                    session.commit()
            else:
                record = imports.commit_import(session, **args)
                session.commit()
            read_next(session)  # as the API answers: the import read again, without the lock
            created = record.created_cases
        elapsed = time.perf_counter() - started
    finally:
        time.sleep(0.2)
        stop.set()
        waits, errors = results.get(timeout=120)
        writer.join(timeout=30)
        engine.dispose()
    if errors:
        raise SystemExit(f"the colleague's writer failed: {errors}")
    waits.sort()
    publish_s, batch_held = held[-1], sorted(held[:-1]) or [0.0]  # the last one publishes
    return {
        "mode": "batched" if batched else "one transaction",
        "created": created,
        "commit s": round(elapsed, 1),
        "transactions": len(held),
        "longest batch held s": round(batch_held[-1], 2),
        "batch held p50 s": round(statistics.median(batch_held), 2),
        "publish held s": round(publish_s, 2),
        "colleague writes": len(waits),
        "write p50 ms": round(statistics.median(waits) * 1000, 1),
        "write p99 ms": round(waits[max(int(len(waits) * 0.99) - 1, 0)] * 1000, 1),
        "write max ms": round(waits[-1] * 1000, 1),
        "over 1 s": sum(1 for w in waits if w > 1.0),
        "writes timed out": failures.value,
    }


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    modes = sys.argv[2:] or ["batched", "one"]
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.db"
        surgeon, colleague, import_id, preview_s = build(f"sqlite:///{template}", rows)
        print(f"preview of {rows:,} rows: {preview_s:.1f} s", flush=True)
        for mode in modes:
            copy = Path(tmp) / f"{mode}.db"
            shutil.copy(template, copy)
            figures = run(
                f"sqlite:///{copy}", surgeon, colleague, import_id, batched=mode == "batched"
            )
            print("  ".join(f"{k}: {v}" for k, v in figures.items()), flush=True)


if __name__ == "__main__":
    main()
