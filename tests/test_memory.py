"""The server asks glibc for two malloc arenas, unless the operator set MALLOC_ARENA_MAX."""

import gc

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
