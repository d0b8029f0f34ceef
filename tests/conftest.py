"""Test fixtures. The engine comes from one variable: RVUEDGE_TEST_DATABASE_URL (default SQLite).

Every test database is built by the real migrations, never by create_all.
"""

import os
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url
from sqlalchemy.engine import Engine
from sqlmodel import Session

from rvuedge.catalog.seed import load_seed
from rvuedge.config import get_settings
from rvuedge.db import make_engine, session_for
from rvuedge.deps import READ_METHODS, get_now, get_session, get_today
from rvuedge.http.throttle import Throttle
from rvuedge.main import create_app
from rvuedge.migrations import upgrade
from tests.factories import SignedIn, free_port, make_user
from tests.factories import cli_database as point_cli_at

SHARED = Path(__file__).resolve().parents[2] / "shared"
CMS_DIR = Path(os.environ.get("RVUEDGE_CMS_DIR", SHARED / "data" / "cms"))
BENCHMARK_DIR = SHARED / "data" / "benchmarks"
RVU_2025 = CMS_DIR / "PPRRVU2025_Oct.csv"
RVU_2026 = CMS_DIR / "PPRRVU2026_Jul_nonQPP.csv"
TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
TEST_DATABASE_URL = os.environ.get("RVUEDGE_TEST_DATABASE_URL", "")


def pytest_report_header() -> str:
    return f"rvuedge test database: {TEST_DATABASE_URL or 'sqlite (temporary files)'}"


class Postgres:
    """Per-test PostgreSQL databases cloned from a migrated, seeded template (fast and isolated)."""

    def __init__(self, url: str):
        self.url = make_url(url)
        self.admin = create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT")

    @staticmethod
    def _own(name: str) -> str:
        """The database name for this test process: pytest-xdist workers each have their own."""
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        return f"{name}_{worker}" if worker else name

    def create(self, name: str, *, template: str | None = None) -> str:
        name, template = self._own(name), template and self._own(template)
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            clause = f' TEMPLATE "{template}"' if template else ""
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"{clause}')
        return self.url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres() -> Postgres | None:
    return Postgres(TEST_DATABASE_URL) if TEST_DATABASE_URL else None


def _migrate_and_seed(url: str) -> None:
    eng = make_engine(url)
    upgrade(eng)
    with Session(eng) as session:
        load_seed(session, get_settings().SEED_DIR)
        session.commit()
    eng.dispose()


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory, postgres: Postgres | None) -> str:
    """A migrated and seeded database that each test gets a copy of."""
    if postgres is not None:
        url = postgres.create("rvuedge_template")
        _migrate_and_seed(url)
        return "rvuedge_template"
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    _migrate_and_seed(f"sqlite:///{path}")
    return str(path)


def _copy_of_template(name: str, template: str, tmp_path: Path, postgres: Postgres | None) -> str:
    if postgres is not None:
        return postgres.create(name, template=template)
    path = tmp_path / f"{name}.db"
    shutil.copy(template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def database_url(seeded_template: str, tmp_path: Path, postgres: Postgres | None) -> str:
    return _copy_of_template("rvuedge_test", seeded_template, tmp_path, postgres)


@pytest.fixture
def empty_database_url(tmp_path: Path, postgres: Postgres | None) -> str:
    """A database with nothing in it (not even migrations), on the engine under test."""
    if postgres is not None:
        return postgres.create("rvuedge_empty")
    return f"sqlite:///{tmp_path / 'empty.db'}"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A fresh seeded database for one test."""
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as s:
        yield s


def app_on(engine: Engine) -> FastAPI:
    """The application with its session bound to engine and the clock pinned to NOW."""
    application = create_app()

    def _session(request: Request) -> Iterator[Session]:
        with session_for(engine, writes=request.method not in READ_METHODS) as s:
            yield s

    application.dependency_overrides[get_session] = _session
    application.state.engine = engine  # the endpoints that open a session themselves
    application.dependency_overrides[get_today] = lambda: TODAY
    application.dependency_overrides[get_now] = lambda: NOW
    return application


@pytest.fixture
def app(engine: Engine) -> Iterator[FastAPI]:
    application = app_on(engine)
    yield application
    application.dependency_overrides.clear()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def user(client: TestClient) -> SignedIn:
    """A signed-in user of the test client."""
    return make_user(client)


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The seeded test database, as the operator's commands see it."""
    with point_cli_at(database_url, monkeypatch) as url:
        yield url


@pytest.fixture
def empty_cli_database(empty_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty database (not even migrated), as the operator's commands see it."""
    with point_cli_at(empty_database_url, monkeypatch) as url:
        yield url


@pytest.fixture(scope="session")
def imported_engine(
    seeded_template: str, tmp_path_factory: pytest.TempPathFactory, postgres: Postgres | None
) -> Iterator[Engine]:
    """A database holding both real CMS files and the 2025/2026 GPCIs. Read-only for tests."""
    from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
    from rvuedge.catalog.gpci_file import parse_gpci_file
    from rvuedge.catalog.gpci_import import import_gpci_file
    from rvuedge.catalog.importer import import_rvu_file

    url = _copy_of_template(
        "rvuedge_full", seeded_template, tmp_path_factory.mktemp("full"), postgres
    )
    eng = make_engine(url)
    with Session(eng) as session:
        for rvu in (RVU_2025, RVU_2026):
            name, data = read_rvu_source(rvu)
            import_rvu_file(session, parse_rvu_bytes(data, name))
        for gpci in ("GPCI2025.csv", "GPCI2026_RVU26A_medigy_processed.csv"):
            import_gpci_file(session, parse_gpci_file(CMS_DIR / gpci))
        session.commit()
    yield eng
    eng.dispose()


@pytest.fixture
def imported_client(imported_engine: Engine) -> Iterator[TestClient]:
    application = app_on(imported_engine)
    with TestClient(application) as c:
        yield c
    application.dependency_overrides.clear()


@pytest.fixture(scope="module")
def live_server(
    seeded_template: str, tmp_path_factory: pytest.TempPathFactory, postgres: object
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("web")
    url = _copy_of_template("rvuedge_web", seeded_template, folder, postgres)
    engine: Engine = make_engine(url)
    application = app_on(engine)
    # Every browser test signs up from 127.0.0.1: lift the per-address sign-up limit.
    application.state.registrations = Throttle(limit=10**6, window=timedelta(hours=1), what="")
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()
