"""Migration 0026 (issue 21): each stored line's credit becomes its exact value rounded half up to
hundredths, the exact value is kept beside it, each case's total is the sum of its lines, and the
daily rollup is recomputed from them; the downgrade puts the exact values back."""

import sqlite3
from pathlib import Path

from rvuedge.db import make_engine
from rvuedge.migrations import downgrade, upgrade
from tests.factories import insert_row

USER = "a" * 32
CASE = "b" * 32


def _old_database(path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0025_contract_release")
    engine.dispose()
    db = sqlite3.connect(path)
    insert_row(db, "user_account", id=USER, email="old@example.org")
    insert_row(
        db, "logged_case", id=CASE, user_id=USER, date_of_service="2026-03-02",
        total_wrvu=3.01, base_wrvu=4.02, deleted_at=None,
    )  # fmt: skip
    # Exact credits as the engine gave them before: 2.00, and two half hundredths.
    for position, credited in ((1, 2.0), (2, 0.505), (3, 0.505)):
        insert_row(
            db, "case_line", id=position, case_id=CASE, position=position, code=f"1000{position}",
            credited_wrvu=credited, base_wrvu=1.01, conversion_factor=33.4009,
            estimated_payment=0,
        )  # fmt: skip
    db.commit()
    db.close()


def test_lines_are_credited_in_hundredths_and_the_case_adds_them(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_database(path)
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    db = sqlite3.connect(path)
    lines = db.execute(
        "SELECT credited_wrvu, credited_wrvu_exact FROM case_line ORDER BY position"
    ).fetchall()
    assert lines == [(2.0, 2.0), (0.51, 0.505), (0.51, 0.505)]
    assert db.execute("SELECT total_wrvu FROM logged_case").fetchone() == (3.02,)
    # The rollup adds the lines as credited: 3.02 wRVU; work value 0.51 x 33.4009 = 17.03 each.
    assert db.execute(
        "SELECT cases, lines, credited_micro, work_value_cents FROM daily_total"
    ).fetchone() == (1, 3, 3_020_000, 6680 + 1703 + 1703)
    db.close()

    downgrade(engine, "0025_contract_release")
    db = sqlite3.connect(path)
    assert db.execute("SELECT credited_wrvu FROM case_line ORDER BY position").fetchall() == [
        (2.0,),
        (0.505,),
        (0.505,),
    ]
    rolled_up = db.execute("SELECT total_wrvu, credited_micro FROM logged_case, daily_total")
    assert rolled_up.fetchone() == (3.01, 3_010_000)
    db.close()
    engine.dispose()
