"""WAL checkpoints run from the server's own thread, not inside a request's COMMIT
(rvuedge/storage/checkpoints.py)."""

import asyncio
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from rvuedge.engine import AUTOCHECKPOINT_PAGES, make_engine
from rvuedge.storage import checkpoints
from rvuedge.storage.checkpoints import Checkpointer, checkpoint_periodically, checkpointer_for
from tests.aio import run_coroutine


def _file_engine(path: Path):  # noqa: ANN202
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE item (id INTEGER PRIMARY KEY, note TEXT)"))
    return engine


def test_request_connections_leave_checkpoints_to_the_server(tmp_path: Path) -> None:
    engine = _file_engine(tmp_path / "a.db")
    with engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
    assert pages == AUTOCHECKPOINT_PAGES > 1000  # SQLite's default would checkpoint in COMMITs


def test_a_checkpoint_copies_the_whole_log(tmp_path: Path) -> None:
    engine = _file_engine(tmp_path / "a.db")
    with engine.begin() as connection:
        for n in range(200):
            connection.execute(
                text("INSERT INTO item (note) VALUES (:n)"), {"n": "x" * 500 + str(n)}
            )
    checkpointer = checkpointer_for(engine)
    assert checkpointer is not None
    try:
        busy, frames, copied = checkpointer.checkpoint()
        assert busy == 0 and frames > 0 and copied == frames
    finally:
        checkpointer.close()
    engine.dispose()


def test_no_checkpointer_without_a_file() -> None:
    assert checkpointer_for(make_engine("sqlite://")) is None


def test_the_loop_keeps_going_past_a_missing_file_and_creates_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file is not there (a restore swapping it, say): each tick fails, none creates it.
    missing = tmp_path / "gone.db"
    monkeypatch.setattr(checkpoints, "CHECKPOINT_EVERY_SECONDS", 0.01)
    ticks: list[Path] = []
    real = Checkpointer.checkpoint

    def counted(self: Checkpointer) -> tuple[int, int, int]:
        ticks.append(self.path)
        return real(self)

    monkeypatch.setattr(Checkpointer, "checkpoint", counted)

    async def run() -> None:
        task = asyncio.create_task(checkpoint_periodically(make_engine(f"sqlite:///{missing}")))
        await asyncio.sleep(0.2)
        assert not task.done()
        task.cancel()

    run_coroutine(run())
    assert len(ticks) >= 3 and not missing.exists()


def test_a_server_stopping_mid_checkpoint_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A checkpoint still running when the lifespan ended had its connection freed under it by
    # another thread: the process crashed (segmentation fault). Stop many servers mid-tick.
    from fastapi.testclient import TestClient

    from tests.conftest import app_on

    engine = _file_engine(tmp_path / "a.db")
    monkeypatch.setattr(checkpoints, "CHECKPOINT_EVERY_SECONDS", 0)
    real = Checkpointer._checkpoint
    ran: list[int] = []

    def slow(self: Checkpointer) -> tuple[int, int, int]:
        ran.append(1)
        result = real(self)
        time.sleep(0.005)  # still inside the checkpoint when the server stops
        return result

    monkeypatch.setattr(Checkpointer, "_checkpoint", slow)
    app = app_on(engine)
    for _ in range(20):
        with TestClient(app):
            time.sleep(0.01)  # the server's loop runs on: its checkpoints start
    assert ran  # the checkpoints ran, and every stop waited for its own
