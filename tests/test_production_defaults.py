"""Defaults fit for a practice's server: no /docs in production unless asked, only the named
host names answered, a warning when several processes would share one SQLite file, and the
PostgreSQL URLs hosting providers hand out accepted as they are."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from rvuedge.cli import app as cli
from rvuedge.config import Environment, Settings, get_settings
from rvuedge.db import get_engine
from rvuedge.http.hosts import host_allowed
from rvuedge.main import create_app
from rvuedge.storage import serving

KEY = "production-key-Vw3nZr8LkT0yXc5HbPj2"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    yield monkeypatch
    get_settings.cache_clear()


def _app(env: pytest.MonkeyPatch, **values: str) -> TestClient:
    for name, value in values.items():
        env.setenv(f"RVUEDGE_{name}", value)
    get_settings.cache_clear()
    return TestClient(create_app())


def test_docs_are_off_in_production_unless_enabled(env: pytest.MonkeyPatch) -> None:
    assert not Settings(ENV=Environment.PRODUCTION, SECRET_KEY=KEY).docs_enabled
    assert Settings(ENV=Environment.DEVELOPMENT).docs_enabled
    production = _app(env, ENV="production", SECRET_KEY=KEY)
    assert production.get("/docs").status_code == 404
    assert production.get("/redoc").status_code == 404
    assert production.get("/api/v1/openapi.json").status_code == 200  # clients need it
    enabled = _app(env, ENV="production", SECRET_KEY=KEY, DOCS_ENABLED="true")
    assert enabled.get("/docs").status_code == 200


def test_only_the_allowed_host_names_are_answered(env: pytest.MonkeyPatch) -> None:
    client = _app(env, ALLOWED_HOSTS="rvu.example.org, *.clinic.example.org")
    assert client.get("/", headers={"Host": "rvu.example.org"}).status_code == 200
    assert client.get("/", headers={"Host": "RVU.example.org:443"}).status_code == 200
    assert client.get("/", headers={"Host": "or.clinic.example.org"}).status_code == 200
    assert client.get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 200  # health checks
    refused = client.get("/api/v1/health", headers={"Host": "attacker.example.com"})
    assert refused.status_code == 400
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"] == "/problems/host-not-allowed"
    assert "x-request-id" in refused.headers
    anything = _app(env, ALLOWED_HOSTS="")
    assert anything.get("/", headers={"Host": "whatever.example"}).status_code == 200


def test_host_names_are_compared_without_port_or_case() -> None:
    allowed = ["rvu.example.org", "::1"]
    assert host_allowed("[::1]:8000", allowed) and host_allowed("rvu.example.org:8443", allowed)
    assert not host_allowed("rvu.example.org.attacker.example", allowed)
    assert not host_allowed("", allowed)


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:p@db/rvuedge", "postgresql+psycopg://u:p@db/rvuedge"),
        ("postgresql://u:p@db:5432/rvuedge", "postgresql+psycopg://u:p@db:5432/rvuedge"),
        ("postgresql+psycopg://u@db/rvuedge", "postgresql+psycopg://u@db/rvuedge"),
        ("sqlite:///./rvuedge.db", "sqlite:///./rvuedge.db"),
    ],
)
def test_postgres_urls_are_accepted(given: str, used: str) -> None:
    assert Settings(DATABASE_URL=given).DATABASE_URL == used


def test_serve_warns_when_processes_would_share_one_sqlite_file(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "rvuedge.db"
    env.setenv("RVUEDGE_DATABASE_URL", f"sqlite:///{path}")
    env.setenv("RVUEDGE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    get_engine.cache_clear()
    started: list[dict] = []
    env.setattr("uvicorn.run", lambda target, **options: started.append(options))
    env.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    try:
        runner = CliRunner()
        alone = runner.invoke(cli, ["serve", "--port", "8123"])
        assert alone.exit_code == 0, alone.output
        assert "warning" not in alone.output
        held = serving.hold_shared(path)  # a server already serves the file
        try:
            shared = runner.invoke(cli, ["serve", "--workers", "2"], env={"COLUMNS": "300"})
        finally:
            if held is not None:
                held.close()
    finally:
        get_engine().dispose()
        get_engine.cache_clear()
        env.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    assert shared.exit_code == 0, shared.output
    assert "2 worker processes will share one SQLite file" in shared.output
    assert "another server already serves" in shared.output
    assert started[1]["workers"] == 2 and started[1]["log_config"]["version"] == 1
    assert started[0]["proxy_headers"] is False  # no trusted proxy named
