"""How long each hostile input of issue 22 takes to be refused, and how much memory a hostile
workbook costs (target: a 4xx within a second, memory bounded).

Usage: python bench/hostile_inputs.py
Through the API (a TestClient on a temporary SQLite database, migrations + seed): each hostile
number as a pay-plan amount, as an import's units cell and as a report's wRVU cell. Then each
hostile workbook read by the upload reader, timed, with its peak memory (tracemalloc) beside it.
Each figure is wall-clock time and the CPU time of this process (which a busy machine does not
inflate).
"""

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.imports import hostile_files as hostile  # noqa: E402  (the tests' own builders)

HOSTILE = ["1e999999", "inf", "-Infinity", "sNaN", "1_000", "\u0665", " 5 "]
PASSWORD = "correct horse battery staple"  # noqa: S105 (a throwaway bench account)


def timed(call):  # noqa: ANN001, ANN201
    started, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - started, time.process_time() - cpu


def api_figures() -> None:
    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from rvuedge.catalog.seed import load_seed
    from rvuedge.config import get_settings
    from rvuedge.db import make_engine
    from rvuedge.migrations import upgrade
    from tests.conftest import app_on

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        with Session(engine) as session:
            load_seed(session, get_settings().SEED_DIR)
            session.commit()
        with TestClient(app_on(engine)) as client:
            client.post(
                "/api/v1/auth/register",
                json={"email": "b@example.org", "password": PASSWORD, "display_name": "Dr. B"},
            )
            token = client.post(
                "/api/v1/auth/token", data={"username": "b@example.org", "password": PASSWORD}
            ).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            plan = {
                "name": "P",
                "effective_from": "2026-01-01",
                "threshold_wrvu": 0,
                "bands": [{"from_wrvu": 0, "dollars_per_wrvu": 60}],
            }
            for value in HOSTILE:
                calls = {
                    "pay plan": lambda v=value: client.post(
                        "/api/v1/me/pay-plans", headers=headers, json={**plan, "base_salary": v}
                    ),
                    "import units": lambda v=value: client.post(
                        "/api/v1/imports",
                        headers=headers,
                        files={
                            "file": ("l.csv", f"Date,CPT,Units\n2026-03-02,47562,{v}\n".encode())
                        },
                    ),
                    "report wRVU": lambda v=value: client.post(
                        "/api/v1/reconciliations",
                        headers=headers,
                        files={"file": ("r.csv", f"DOS,CPT,wRVU\n2026-03-02,47562,{v}\n".encode())},
                        data={"start": "2026-03-01", "end": "2026-03-31"},
                    ),
                }
                for where, call in calls.items():
                    answer, wall, cpu = timed(call)
                    print(
                        f"{value!r:>12} as {where:<12} -> {answer.status_code} in "
                        f"{wall * 1000:6.0f} ms ({cpu * 1000:.0f} ms CPU)",
                        flush=True,
                    )
        engine.dispose()


def workbook_figures() -> None:
    from rvuedge.imports.tabular import FileProblem, read_table

    files = {
        "entity expansion": hostile.entity_expansion(),
        "external entity": hostile.external_entity(),
        "A1:XFD10000 declared": hostile.declared_dimension(10_000),
        "cell at XFD": hostile.cell_far_right(),
        "units 1e999999": hostile.units_cell("1e999999"),
        "units of 5,000 digits": hostile.units_cell("9" * 5000),
        "part of 130 MB": hostile.packed_part(130 * 1024 * 1024),
    }
    for name, content in files.items():
        tracemalloc.start()

        def read(content: bytes = content) -> str:
            try:
                return f"read, {len(read_table(content, 'x.xlsx').rows):,} rows"
            except FileProblem as exc:
                return f"refused: {exc.detail[:60]}"

        outcome, wall, cpu = timed(read)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"{name:<22} {len(content) / 1000:8.1f} KB: {outcome} in {wall:.2f} s "
            f"({cpu:.2f} s CPU, under tracemalloc), peak {peak / 1e6:.1f} MB",
            flush=True,
        )


if __name__ == "__main__":
    workbook_figures()
    api_figures()
