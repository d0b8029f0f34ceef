"""Test fixtures. The engine comes from one variable: RVUEDGE_TEST_DATABASE_URL (default SQLite).

Every test database is built by the real migrations, never by create_all.
"""

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from rvuedge.catalog.seed import load_seed
from rvuedge.config import get_settings
from rvuedge.db import get_session, make_engine
from rvuedge.deps import get_now, get_today
from rvuedge.main import create_app
from rvuedge.migrations import downgrade, upgrade

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


def _reset_postgres(engine: Engine) -> None:
    downgrade(engine, "base")


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated and seeded SQLite file, copied for each test that needs one."""
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with Session(engine) as session:
        load_seed(session, get_settings().SEED_DIR)
        session.commit()
    engine.dispose()
    return path


@pytest.fixture
def engine(seeded_template: Path, tmp_path: Path) -> Iterator[Engine]:
    """A fresh seeded database for one test."""
    if TEST_DATABASE_URL:
        eng = make_engine(TEST_DATABASE_URL)
        _reset_postgres(eng)
        upgrade(eng)
        with Session(eng) as session:
            load_seed(session, get_settings().SEED_DIR)
            session.commit()
        yield eng
        eng.dispose()
        return
    path = tmp_path / "test.db"
    shutil.copy(seeded_template, path)
    eng = make_engine(f"sqlite:///{path}")
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as s:
        yield s


@pytest.fixture
def app(engine: Engine):  # noqa: ANN201
    application = create_app()

    def _session() -> Iterator[Session]:
        with Session(engine) as s:
            yield s

    application.dependency_overrides[get_session] = _session
    application.dependency_overrides[get_today] = lambda: TODAY
    application.dependency_overrides[get_now] = lambda: NOW
    yield application
    application.dependency_overrides.clear()


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # noqa: ANN001
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def imported_engine(
    seeded_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A database holding both real CMS files and the 2025/2026 GPCIs. Read-only for tests."""
    from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
    from rvuedge.catalog.gpci_file import parse_gpci_file
    from rvuedge.catalog.importer import import_gpci_file, import_rvu_file

    if TEST_DATABASE_URL:
        eng = make_engine(TEST_DATABASE_URL.replace("/rvuedge_test", "/rvuedge_test_full"))
        _reset_postgres(eng)
        upgrade(eng)
        with Session(eng) as session:
            load_seed(session, get_settings().SEED_DIR)
            session.commit()
    else:
        path = tmp_path_factory.mktemp("imported") / "full.db"
        shutil.copy(seeded_template, path)
        eng = make_engine(f"sqlite:///{path}")
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
    application = create_app()

    def _session() -> Iterator[Session]:
        with Session(imported_engine) as s:
            yield s

    application.dependency_overrides[get_session] = _session
    application.dependency_overrides[get_today] = lambda: TODAY
    application.dependency_overrides[get_now] = lambda: NOW
    with TestClient(application) as c:
        yield c
    application.dependency_overrides.clear()
