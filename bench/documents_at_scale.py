"""Documents at scale (target: under 10 s each): the dispute-list PDF of a 50,000-line
reconciliation, and the preview of a 50,000-row import, with where the preview's time goes.

Usage: python bench/documents_at_scale.py [lines] [pdf|preview ...]
The PDF is made from a reconciliation answer built in memory (20,000 lines missing from the
employer's report, 15,000 credited differently, 15,000 not in the log, for 50,000); the CSV
export of the same answer is timed beside it. The preview runs on a temporary SQLite database
(migrations + seed) for one surgeon, timed by phase: reading the file, planning the cases,
valuing them, storing the preview. Each figure is wall-clock time and, beside it, the CPU time of
this process (which a busy machine does not inflate).
"""

import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlmodel import Session

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"  # noqa: S105 (a throwaway bench account)
CODES = ("47562", "49505", "44970", "99213", "27447", "19301")


def reconciliation(lines: int):  # noqa: ANN201
    from rvuedge.reconciliation import schemas as s

    day = date(2026, 1, 2)
    missing_n, differs_n = lines * 2 // 5, lines * 3 // 10
    not_in_log_n = lines - missing_n - differs_n

    def logged(i: int) -> dict:
        return {
            "case_id": uuid.uuid4(),
            "positions": [1],
            "date_of_service": day + timedelta(days=i % 360),
            "code": CODES[i % len(CODES)],
            "modifiers": ["51"] if i % 3 else [],
            "units": 1,
            "credited_wrvu": Decimal("10.47"),
            "encounter_ref": f"E{i:06d}",
            "release": "RVU26A",
        }

    def employer(i: int) -> dict:
        return {
            "rows": [i + 2],
            "date_of_service": day + timedelta(days=i % 360),
            "post_date": None,
            "code": CODES[i % len(CODES)],
            "modifiers": [],
            "units": 1,
            "wrvu": Decimal("9.50"),
            "encounter_ref": f"E{i:06d}",
        }

    totals = {
        "logged_wrvu": Decimal(1),
        "employer_wrvu": Decimal(1),
        "difference": Decimal(0),
        "missing_wrvu": Decimal(1),
        "missing_value": Decimal(1),
        "credit_differs_wrvu": Decimal(0),
    }
    return s.ReconciliationOut(
        id=uuid.uuid4(),
        created_at=NOW,
        filename="employer-report.csv",
        start=day,
        end=day + timedelta(days=360),
        tolerance_days=1,
        columns=[],
        employer_has_wrvu=True,
        counts={
            "employer_rows": lines,
            "employer_lines": lines,
            "logged_lines": lines,
            "matched": 0,
            "credit_differs": differs_n,
            "missing_from_employer": missing_n,
            "not_in_log": not_in_log_n,
            "outside_period": 0,
        },
        totals=totals,
        months=[
            {"month": f"2026-{m:02d}", "logged_wrvu": 1, "employer_wrvu": 1, "difference": 0}
            for m in range(1, 13)
        ],
        value_method="the pay plan's marginal rate",
        matched=[],
        credit_differs=[
            {
                "employer": employer(i),
                "logged": logged(i),
                "paired_by": "encounter_ref",
                "days_apart": 0,
                "difference": Decimal("-0.97"),
                "reason_code": None,
                "reason": "the employer credited less",
            }
            for i in range(differs_n)
        ],
        missing_from_employer=[
            {**logged(i), "estimated_value": Decimal("575.85"), "value_note": "marginal rate"}
            for i in range(missing_n)
        ],
        not_in_log=[employer(i) for i in range(not_in_log_n)],
        outside_period=[],
        skipped_rows=[],
    )


def bench_pdf(lines: int) -> None:
    from rvuedge.reconciliation import dispute_pdf, export
    from rvuedge.users.models import User

    out = reconciliation(lines)
    user = User(
        email="bench@example.org",
        password_hash="x",  # noqa: S106 (never signs in)
        display_name="Dr. Bench",
        time_zone="America/Chicago",
    )
    started, cpu = time.perf_counter(), time.process_time()
    pdf = dispute_pdf.to_pdf(out, user=user, produced_at=NOW)
    pdf_s, pdf_cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    csv = export.to_csv(out)
    csv_s = time.perf_counter() - started
    print(
        f"dispute list of {lines:,} lines: PDF {pdf_s:.1f} s ({pdf_cpu:.1f} s of CPU; "
        f"{len(pdf) / 1e6:.1f} MB, capped at "
        f"{dispute_pdf.MAX_SECTION_LINES:,} lines a section); CSV {csv_s:.1f} s "
        f"({len(csv) / 1e6:.1f} MB, every line)",
        flush=True,
    )


def bench_preview(rows: int) -> None:
    from rvuedge.catalog.seed import load_seed
    from rvuedge.config import get_settings
    from rvuedge.db import make_engine
    from rvuedge.imports import service
    from rvuedge.imports.columns import LOG_FIELDS
    from rvuedge.imports.plan import plan_cases
    from rvuedge.imports.reader import read_upload
    from rvuedge.migrations import upgrade
    from rvuedge.users import service as users
    from rvuedge.users.schemas import RegisterIn

    lines = ["Date,CPT,Case"]
    for i in range(rows):
        day = date(2025, 1, 2) + timedelta(days=i % 690)
        lines.append(f"{day.isoformat()},{CODES[i % len(CODES)]},R{i}")
    content = ("\n".join(lines) + "\n").encode()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        with Session(engine) as session:
            load_seed(session, get_settings().SEED_DIR)
            user = users.register(
                session,
                data=RegisterIn(email="s@example.org", password=PASSWORD, display_name="Dr. S"),
            )
            session.commit()
            started = time.perf_counter()
            read = read_upload(content, "log.csv", mapping=None, allowed=LOG_FIELDS)
            read_s = time.perf_counter() - started
            plan = plan_cases(read.table, read.columns, today=NOW.date())
            plan_s = time.perf_counter() - started - read_s
            planned = len(plan.cases)
            del read, plan  # not kept alive (and walked by the collector) during the preview
            started, cpu = time.perf_counter(), time.process_time()
            record = service.preview_import(
                session,
                user=user,
                content=content,
                filename="log.csv",
                mapping=None,
                skip_invalid_rows=False,
                today=NOW.date(),
            )
            session.commit()
            total_s, total_cpu = time.perf_counter() - started, time.process_time() - cpu
            print(
                f"preview of {rows:,} rows ({len(content) / 1e6:.1f} MB): {total_s:.1f} s in all "
                f"({total_cpu:.1f} s of CPU); "
                f"reading {read_s:.1f} s, planning {plan_s:.1f} s, valuing and storing the rest; "
                f"{planned:,} cases, {record.rows_read:,} rows",
                flush=True,
            )
        engine.dispose()


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    for what in sys.argv[2:] or ["pdf", "preview"]:
        {"pdf": bench_pdf, "preview": bench_preview}[what](lines)


if __name__ == "__main__":
    main()
