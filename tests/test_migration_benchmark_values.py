"""A benchmark value stored as infinity before the import guards (issue 11) made every list of
benchmarks answer 500; the upgrade clears it and says so in the table's notes."""

import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient

from rvuedge.db import make_engine
from rvuedge.migrations import upgrade
from tests.conftest import app_on


def test_upgrade_clears_values_that_are_not_finite(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0015_case_client_id")
    db = sqlite3.connect(path)
    columns = "source, survey_year, specialty, setting, metric, is_sample, imported_at"
    common = (
        "'Practice survey', 2025, 'General Surgery', 'all', 'annual_wrvu_per_fte', 0, "
        "'2026-01-01 00:00:00'"
    )
    db.execute(
        f"INSERT INTO benchmark_table ({columns}, p25, p50, p75, notes) "  # noqa: S608
        f"VALUES ({common}, 5500, 9e999, 9000, 'from the 2025 survey')"
    )
    db.execute(
        f"INSERT INTO benchmark_table ({columns}, p50, mean) "  # noqa: S608
        f"VALUES ({common.replace('General Surgery', 'Urology')}, 7000, -9e999)"
    )
    db.commit()
    db.close()

    upgrade(engine)
    with TestClient(app_on(engine)) as client:
        r = client.get("/api/v1/benchmarks")
    assert r.status_code == 200, r.text
    tables = {t["specialty"]: t for t in r.json() if t["source"] == "Practice survey"}
    surgery, urology = tables["General Surgery"], tables["Urology"]
    assert (surgery["p25"], surgery["p50"], surgery["p75"]) == (5500, None, 9000)
    assert surgery["notes"] == (
        "from the 2025 survey p50 cleared: not a finite number (migration 0016)."
    )
    assert (urology["p50"], urology["mean"]) == (7000, None)
    assert urology["notes"] == "mean cleared: not a finite number (migration 0016)."
    engine.dispose()
