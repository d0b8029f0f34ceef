"""The server asks glibc for two malloc arenas, unless the operator set MALLOC_ARENA_MAX."""

import pytest

from rvuedge.http.memory import limit_malloc_arenas


def test_the_operators_malloc_arena_max_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert limit_malloc_arenas() is False


def test_glibc_accepts_the_arena_limit(  # the server and CI run on glibc
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_malloc_arenas() is True
