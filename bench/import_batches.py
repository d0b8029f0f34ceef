"""How long an import commit of 10,000 rows makes another user's writes wait (target: 1 s).

Usage: python bench/import_batches.py [rows] [batched|one|undo ...]
Builds a temporary SQLite database (migrations + seed), one surgeon whose past log of N rows
(N cases, one line each, dates across 2025-2026) is previewed, and a colleague. Then each mode
runs on a copy of that database: `one` commits in one transaction (as before issue 22), `batched`
in batches (as the API does), `undo` commits in batches unobserved and then times the undo in
batches (as DELETE /imports/{id} does). Meanwhile a second process logs a case for the colleague
every 10 ms, each in its own short transaction, and records how long each took, lock wait
included. The import's transactions are timed from BEGIN to COMMIT: write transactions (on
SQLite BEGIN IMMEDIATE, which takes the lock) apart from reads (a plain BEGIN, no lock).
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


def _timed(engine) -> tuple[list[tuple[str, float]], list]:  # noqa: ANN001
    """(kind, seconds) of each transaction on the engine, BEGIN to COMMIT; kind is `write` or
    `read` (a plain BEGIN on SQLite: db.read_next)."""
    held: list[tuple[str, float]] = []
    began: list[tuple[str, float]] = []

    def begin(conn) -> None:  # noqa: ANN001
        read = conn.get_execution_options().get("rvuedge_sqlite_begin") == "BEGIN"
        began.append(("read" if read else "write", time.perf_counter()))

    def commit(_conn) -> None:  # noqa: ANN001
        kind, at = began[-1]
        held.append((kind, time.perf_counter() - at))

    event.listen(engine, "begin", begin)
    event.listen(engine, "commit", commit)
    return held, began


def run(url: str, surgeon_id, colleague_id, import_id, *, mode: str) -> dict:  # noqa: ANN001
    engine = make_engine(url)
    args = {"user": None, "import_id": import_id, "now": NOW}
    if mode == "undo":  # committed first, unobserved
        with Session(engine) as session:
            args["user"] = session.get(User, surgeon_id)
            for _ in batches.commit_batches(session, **args, today=TODAY, pause_seconds=0):
                session.commit()
    stop, results = multiprocessing.Event(), multiprocessing.Queue()
    failures = multiprocessing.Value("i", 0)
    writer = multiprocessing.Process(
        target=colleague_logs, args=(url, colleague_id, stop, results, failures)
    )
    writer.start()
    time.sleep(1.0)  # the writer is up and writing
    held, _ = _timed(engine)
    started = time.perf_counter()
    try:
        with Session(engine) as session:
            args["user"] = session.get(User, surgeon_id)
            session.commit()
            held.clear()
            if mode == "batched":
                for record in batches.commit_batches(session, **args, today=TODAY):  # noqa: B007
                    session.commit()
            elif mode == "undo":
                for record in batches.delete_batches(session, **args):  # noqa: B007
                    session.commit()
            else:
                record = imports.commit_import(session, **args, today=TODAY)
                session.commit()
            read_next(session)  # as the API answers: the import read again, without the lock
            done = record.done_cases
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
    writes = [seconds for kind, seconds in held if kind == "write"]
    reads = sorted(seconds for kind, seconds in held if kind == "read") or [0.0]
    # The first one turns the import committing (or deleting), the last one publishes (drops).
    first, last, batch_held = writes[0], writes[-1], sorted(writes[1:-1]) or [0.0]
    slowest = sorted(range(len(writes)), key=lambda n: -writes[n])[:5]
    return {
        "mode": mode,
        "cases": done,
        "elapsed s": round(elapsed, 1),
        "write transactions": len(writes),
        "first held s": round(first, 3),
        "longest batch held s": round(batch_held[-1], 3),
        "batch held p50 s": round(statistics.median(batch_held), 3),
        "batch held p99 s": round(batch_held[max(int(len(batch_held) * 0.99) - 1, 0)], 3),
        "last (publish / drop) held s": round(last, 3),
        "slowest (n: s)": ", ".join(f"{n}: {writes[n]:.2f}" for n in slowest),
        "read transactions": len(held) - len(writes),
        "longest read s": round(reads[-1], 2),
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
            figures = run(f"sqlite:///{copy}", surgeon, colleague, import_id, mode=mode)
            print("  ".join(f"{k}: {v}" for k, v in figures.items()), flush=True)


if __name__ == "__main__":
    main()
