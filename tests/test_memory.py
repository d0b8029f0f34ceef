"""The server asks glibc for two malloc arenas, unless the operator set MALLOC_ARENA_MAX."""

import gc
import subprocess
import sys

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from rvuedge.http.memory import freeze_startup_objects, limit_malloc_arenas


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
