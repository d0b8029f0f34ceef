"""Memory of the streamed CSV case log: flat whatever the length of the log.

Usage: python bench/export_memory.py [LINES]   (default 60000)

Builds a temporary SQLite database (migrations + seed), logs one real three-line case through
the case service, clones it into LINES lines (LINES / 3 cases spread over ten years), then, each
in a fresh process so the peak resident size belongs to that run alone, consumes:
  - the CSV stream of the whole log (service.case_log_csv, the body of GET /exports/cases),
  - the CSV stream of a tenth of the log (a one-year range),
  - for contrast, the same lines read into one list (what a non-streaming export would hold).
Prints lines, bytes, seconds, the Python heap peak (tracemalloc, second pass) and the growth of
the resident set (VmHWM at the end minus VmRSS before the export) for each.
"""

import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session, select

from rvuedge.catalog.seed import load_seed
from rvuedge.config import get_settings
from rvuedge.db import make_engine
from rvuedge.migrations import upgrade

FIRST_DAY = date(2016, 12, 1)
DAYS = 3650


def _status(field: str) -> float:
    """A /proc/self/status size in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def build(path: str, lines: int) -> str:
    from rvuedge.cases import service as cases
    from rvuedge.cases.models import Case, CaseLine
    from rvuedge.cases.schemas import CaseCreate
    from rvuedge.users import service as users
    from rvuedge.users.schemas import RegisterIn

    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with Session(engine) as session:
        load_seed(session, get_settings().SEED_DIR)
        user = users.register(
            session,
            data=RegisterIn(
                email="bench@example.org",
                password="correct horse battery staple",  # noqa: S106 - a throwaway database
                display_name="Dr. Bench",
            ),
        )
        template, _ = cases.create_case(
            session,
            user=user,
            data=CaseCreate.model_validate(
                {
                    "date_of_service": "2026-03-02",
                    "site": "Main OR",
                    "lines": [{"code": "47562"}, {"code": "49505"}, {"code": "44970"}],
                }
            ),
            today=date(2026, 11, 27),
        )
        session.flush()
        template_lines = session.exec(select(CaseLine).where(CaseLine.case_id == template.id)).all()
        case_fields = template.model_dump(exclude={"id", "date_of_service"})
        line_fields = [ln.model_dump(exclude={"id", "case_id"}) for ln in template_lines]
        session.delete(template)
        count = lines // len(line_fields)
        batch_cases, batch_lines = [], []
        for i in range(count):
            case_id = uuid.uuid4()
            day = FIRST_DAY + timedelta(days=i * DAYS // count)
            batch_cases.append(
                {**case_fields, "id": case_id, "client_id": case_id, "date_of_service": day}
            )
            batch_lines += [{**f, "case_id": case_id} for f in line_fields]
            if len(batch_cases) == 2000 or i == count - 1:
                session.execute(insert(Case), batch_cases)
                session.execute(insert(CaseLine), batch_lines)
                batch_cases, batch_lines = [], []
        session.commit()
        user_id = str(user.id)
    engine.dispose()
    return user_id


def measure(path: str, user_id: str, days: int, mode: str, trace: bool) -> dict:
    from rvuedge.exports import service
    from rvuedge.exports.caselog import iter_log_lines

    engine = make_engine(f"sqlite:///{path}")
    start, end = FIRST_DAY, FIRST_DAY + timedelta(days=days - 1)
    rss_before = _status("VmRSS")
    if trace:
        tracemalloc.start()
    began = time.perf_counter()
    size = lines = 0
    if mode == "stream":
        for chunk in service.case_log_csv(
            engine, user_id=uuid.UUID(user_id), start=start, end=end, include_notes=False
        ):
            size += len(chunk)
        lines = None
    else:
        held = list(iter_log_lines(engine, user_id=uuid.UUID(user_id), start=start, end=end))
        lines = len(held)
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    return {
        "bytes": size,
        "lines": lines,
        "seconds": round(seconds, 2),
        "heap_peak_mib": round(peak, 1) if peak is not None else None,
        "rss_growth_mib": round(_status("VmHWM") - rss_before, 1),
    }


def _child(path: str, user_id: str, days: int, mode: str, trace: bool) -> dict:
    args = [sys.executable, __file__, "--measure", path, user_id, str(days), mode, str(int(trace))]
    result = subprocess.run(args, check=True, capture_output=True, text=True)  # noqa: S603
    return json.loads(result.stdout)


def main() -> None:
    if sys.argv[1:2] == ["--measure"]:
        path, user_id, days, mode, trace = sys.argv[2:7]
        print(json.dumps(measure(path, user_id, int(days), mode, trace == "1")))
        return
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 60000
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/bench.db"
        began = time.perf_counter()
        user_id = build(path, total)
        print(f"built {total:,} lines in {time.perf_counter() - began:.1f} s (SQLite, {path})")
        print(f"{'export':<34}{'lines':>8}{'MiB out':>9}{'s':>7}{'heap peak':>11}{'RSS +':>8}")
        for label, days, mode in (
            ("CSV stream, whole log", DAYS, "stream"),
            ("CSV stream, one year (1/10)", DAYS // 10, "stream"),
            ("contrast: all lines in a list", DAYS, "list"),
        ):
            plain = _child(path, user_id, days, mode, trace=False)
            traced = _child(path, user_id, days, mode, trace=True)
            lines = plain["lines"] or total * days // DAYS
            print(
                f"{label:<34}{lines:>8,}{plain['bytes'] / 2**20:>9.1f}{plain['seconds']:>7.2f}"
                f"{traced['heap_peak_mib']:>9.1f}MB{plain['rss_growth_mib']:>6.1f}MB"
            )


if __name__ == "__main__":
    main()
