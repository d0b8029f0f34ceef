"""The schema comes only from migrations; they must agree with the models and reverse cleanly."""

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import rvuedge.models  # noqa: F401
from rvuedge.db import make_engine
from rvuedge.migrations import at_head, downgrade, head_in_files, head_revision, upgrade

UNMODELLED = {
    "code_search_fts",
    "code_search_fts_data",
    "code_search_fts_idx",
    "code_search_fts_docsize",
    "code_search_fts_config",
    "alembic_version",
}


def _include(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    if type_ == "table" and name in UNMODELLED:
        return False
    return not (type_ == "index" and name in ("ix_code_search_doc_fts", "ix_code_search_doc_trgm"))


def test_models_and_migrations_agree(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": _include}
        )
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_to_base_and_back(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    upgrade(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"fee_schedule_row", "logged_case", "benchmark_table"} <= tables
    engine.dispose()


def test_engine_settings(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url, busy_timeout_ms=1234)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1234
        else:
            assert int(connection.exec_driver_sql("SHOW server_version_num").scalar()) >= 150000
            upgrade(engine)
            extensions = {
                r[0] for r in connection.exec_driver_sql("SELECT extname FROM pg_extension")
            }
            assert "pg_trgm" in extensions
    engine.dispose()


def test_the_head_read_from_the_files_is_alembics() -> None:
    assert head_in_files() == head_revision() is not None


def test_a_database_at_head_is_told_without_alembic(empty_database_url: str) -> None:
    """Every CLI command and each server start check the schema: at head, one read of
    alembic_version decides, and Alembic (about 10 MB and 0.2 s to import) is not loaded."""
    engine = make_engine(empty_database_url)
    assert not at_head(engine)  # no schema yet
    upgrade(engine)
    assert at_head(engine)
    downgrade(engine, "-1")
    assert not at_head(engine)  # one migration behind: Alembic runs it
    upgrade(engine)
    assert at_head(engine)
    engine.dispose()
    code = (
        "import sys\n"
        "from rvuedge.db import make_engine\n"
        "from rvuedge.migrations import upgrade\n"
        "from rvuedge.storage.integrity import startup_problem\n"
        "engine = make_engine(sys.argv[1])\n"
        "upgrade(engine)\n"
        "assert startup_problem(engine) is None\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))\n"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, empty_database_url], check=True, capture_output=True, text=True
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
