"""The server asks glibc for two malloc arenas, unless the operator set MALLOC_ARENA_MAX, trims
its heap every few seconds, and its SQLite connections share one page-cache budget."""

import gc
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from rvuedge.engine import SQLITE_SOFT_HEAP_LIMIT, make_engine
from rvuedge.http import memory
from rvuedge.http.memory import freeze_startup_objects, limit_malloc_arenas, trim_heap


def test_the_operators_malloc_arena_max_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert limit_malloc_arenas() is False


def test_glibc_accepts_the_arena_limit(  # the server and CI run on glibc
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_malloc_arenas() is True


def test_a_started_server_has_frozen_its_start_up_objects(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    with TestClient(app):  # runs the lifespan, as uvicorn does
        frozen = gc.get_freeze_count()
    assert frozen > 10_000  # modules, models and routes: out of the full collections
    monkeypatch.setattr(gc, "freeze", lambda: pytest.fail("froze a second time"))
    freeze_startup_objects()  # once per process: a second start freezes nothing more


def test_the_server_does_not_load_what_it_rarely_needs_at_start() -> None:
    """openpyxl (workbooks), reportlab (PDFs, with PIL) and zxcvbn's word lists (password
    checks: loaded on the first, then let go once the common passwords are kept) stay out of a
    started server."""
    code = (
        "import sys, rvuedge.main\n"
        "rare = ('openpyxl', 'zxcvbn', 'reportlab', 'PIL')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in rare)\n"
        "from rvuedge.users.passwords import password_problem\n"
        "assert password_problem('password1234') is not None\n"
        "after = sorted(m for m in sys.modules if m.split('.')[0] == 'zxcvbn')\n"
        "print(loaded, after)\n"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    assert done.stdout.strip() == "[] []", done.stdout + done.stderr


def test_the_heap_is_trimmed_on_glibc() -> None:  # the server and CI run on glibc
    assert trim_heap() is True


def test_a_started_server_trims_its_heap_every_few_seconds(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    trimmed = threading.Event()

    def trim() -> bool:
        trimmed.set()
        return True

    monkeypatch.setattr(memory, "trim_heap", trim)
    monkeypatch.setattr(memory, "TRIM_EVERY_SECONDS", 0.01)
    with TestClient(app):  # the lifespan starts the trimming and stops it at shutdown
        assert trimmed.wait(timeout=10)


def test_sqlite_page_caches_share_one_soft_limit(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'limit.db'}")
    with engine.connect() as connection:
        limit = connection.exec_driver_sql("PRAGMA soft_heap_limit").scalar_one()
    engine.dispose()
    assert limit == SQLITE_SOFT_HEAP_LIMIT
