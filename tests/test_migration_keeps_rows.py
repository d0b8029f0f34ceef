"""Upgrading a SQLite database that holds data keeps its rows (batch migrations rebuild tables;
with foreign keys on, dropping a parent table would cascade-delete its children)."""

import sqlite3
from pathlib import Path

from rvuedge.db import make_engine
from rvuedge.migrations import upgrade
from tests.factories import insert_row as _insert


def test_upgrade_keeps_the_rows_of_child_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0006_pay_plans")
    db = sqlite3.connect(path)
    _insert(
        db,
        "fee_schedule_release",
        id=1,
        name="2026C",
        year=2026,
        quarter="C",
        effective_date="2026-07-01",
        imported_at="2026-07-01 00:00:00",
    )
    _insert(db, "fee_schedule_row", id=1, release_id=1, hcpcs="47562", modifier="")
    db.commit()
    db.close()
    upgrade(engine)
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM fee_schedule_row").fetchone() == (1,)
    assert db.execute("PRAGMA foreign_keys").fetchone() == (0,)  # a fresh connection's default
    db.close()
    with engine.connect() as connection:  # pooled connections keep their foreign keys on
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
