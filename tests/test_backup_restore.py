"""Backups under load, restores, and a server that refuses a damaged database.

Runs on the engine under test (RVUEDGE_TEST_DATABASE_URL): SQLite (online backup API) or
PostgreSQL (pg_dump / pg_restore).
"""

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url, text
from typer.testing import CliRunner

from rvuedge.cli import app
from rvuedge.config import get_settings
from rvuedge.db import get_engine, make_engine
from tests.factories import PASSWORD, free_port

runner = CliRunner()
USERS = 3


class Server:
    """One uvicorn process serving the app on `url`."""

    def __init__(self, url: str, cwd: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/api/v1"
        self.env = {
            **os.environ,
            "RVUEDGE_DATABASE_URL": url,
            "RVUEDGE_ENV": "test",
            "RVUEDGE_SECRET_KEY": "q8Vw1-3nZr_LkT0yXc5HbPj2sGfD7aMe9uRi4oNl-backup",
        }
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "uvicorn", "rvuedge.main:app", "--port", str(self.port)],
            env=self.env,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.process.stderr.read()  # type: ignore[union-attr]
            with contextlib.suppress(httpx.HTTPError):  # not listening yet: poll again
                if httpx.get(f"{self.base}/health", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise AssertionError("server did not start")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)  # as a crash would: nothing flushed
        self.process.wait(timeout=30)


def _other_sessions(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        count = connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    engine.dispose()
    return count


def test_backup_under_load_restores_every_acknowledged_case(
    cli_database: str, tmp_path: Path
) -> None:
    url = cli_database
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    server = Server(url, tmp_path)
    try:
        server.wait_healthy()
        headers = []
        with httpx.Client(base_url=server.base, timeout=60) as http:
            for i in range(USERS):
                email = f"doc{i}@example.org"
                body = {"email": email, "password": PASSWORD, "display_name": f"Doc {i}"}
                assert http.post("/auth/register", json=body).status_code == 201
                token = http.post("/auth/token", data={"username": email, "password": PASSWORD})
                headers.append({"Authorization": f"Bearer {token.json()['access_token']}"})

        acknowledged: list[tuple[float, int, str]] = []  # (when, user, case id)
        stop = threading.Event()

        def log_cases(user: int) -> None:
            with httpx.Client(base_url=server.base, timeout=60) as http:
                n = 0
                while not stop.is_set():
                    case_id = str(uuid.uuid4())
                    body = {
                        "id": case_id,
                        "date_of_service": f"2026-10-{1 + n % 28:02d}",
                        "lines": [{"code": "47562"}, {"code": "49505", "modifiers": ["51"]}],
                    }
                    answer = http.post("/cases", headers=headers[user], json=body)
                    if answer.status_code == 201:
                        acknowledged.append((time.monotonic(), user, case_id))
                    n += 1

        writers = [threading.Thread(target=log_cases, args=(u,)) for u in range(USERS)]
        for writer in writers:
            writer.start()
        while len(acknowledged) < 30:
            time.sleep(0.05)
        backup_file = tmp_path / "rvuedge-backup.db"
        started = time.monotonic()
        made = runner.invoke(app, ["backup", str(backup_file)])
        before_backup = {(u, c) for t, u, c in acknowledged if t < started}
        finished_at = len(acknowledged)
        while len(acknowledged) < finished_at + 10:  # the writers carried on past the backup
            time.sleep(0.05)
        stop.set()
        for writer in writers:
            writer.join()
        assert made.exit_code == 0, made.output
        if is_sqlite:
            assert "integrity ok" in made.output and "cases" in made.output

        refused = runner.invoke(app, ["restore", str(backup_file)])
        assert refused.exit_code == 1 and "stop" in refused.output, refused.output
        assert "nothing was changed" in refused.output
    finally:
        server.kill()

    if not is_sqlite:  # the killed server's sessions end once PostgreSQL notices
        deadline = time.monotonic() + 20
        while _other_sessions(url) and time.monotonic() < deadline:
            time.sleep(0.2)
    else:
        assert Path(make_url(url).database + "-wal").exists()  # the crash left a -wal behind
    restored = runner.invoke(app, ["restore", str(backup_file), "--yes"])
    assert restored.exit_code == 0, restored.output
    get_engine().dispose()

    replacement = Server(url, tmp_path)
    try:
        replacement.wait_healthy()
        found = set()
        with httpx.Client(base_url=replacement.base, timeout=60) as http:
            for user in range(USERS):
                page = http.get("/cases", headers=headers[user], params={"limit": 200}).json()
                assert page["total"] <= 200
                assert all(c["total_wrvu"] == 14.09 for c in page["items"])  # none half-written
                found |= {(user, c["id"]) for c in page["items"]}
    finally:
        replacement.kill()
    assert before_backup <= found  # every case acknowledged before the backup began
    assert found <= {(u, c) for _, u, c in acknowledged}  # and nothing that was never acknowledged
    assert len(before_backup) >= 30


def _fresh_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A migrated SQLite database of its own (whatever engine the suite runs on)."""
    path = tmp_path / "own.db"
    monkeypatch.setenv("RVUEDGE_DATABASE_URL", f"sqlite:///{path}")
    get_settings.cache_clear()
    get_engine.cache_clear()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    get_engine().dispose()
    get_engine.cache_clear()
    return path


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 5 * page] = b"\xff" * (2 * page)  # two pages of a table overwritten
    path.write_bytes(bytes(data))


def test_a_damaged_database_is_refused_at_start_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _fresh_sqlite(tmp_path, monkeypatch)
    _damage(path)
    served = runner.invoke(app, ["serve", "--port", str(free_port())])
    assert served.exit_code == 1
    [line] = [x for x in served.output.strip().splitlines() if not x.startswith("database: ")]
    assert "is damaged" in line and "rvuedge restore BACKUP_FILE" in line

    server = Server(f"sqlite:///{path}", tmp_path)
    assert server.process.wait(timeout=60) == 3  # uvicorn's "startup failed"
    errors = [x for x in server.process.stderr.read().splitlines() if x.startswith("ERROR")]  # type: ignore[union-attr]
    assert len(errors) == 2 and "is damaged" in errors[0] and "rvuedge restore" in errors[0]
    assert errors[1].endswith("Application startup failed. Exiting.")
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_a_database_of_an_unknown_schema_is_refused_at_start(
    cli_database: str, tmp_path: Path
) -> None:
    engine = make_engine(cli_database)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    server = Server(cli_database, tmp_path)
    assert server.process.wait(timeout=60) == 3
    stderr = server.process.stderr.read()  # type: ignore[union-attr]
    assert "9999_from_the_future is unknown to this rvuedge" in stderr
    assert "Traceback" not in stderr


def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _fresh_sqlite(tmp_path, monkeypatch)
    made = runner.invoke(app, ["backup", str(tmp_path / "copy.db")])
    assert made.exit_code == 0, made.output
    _damage(tmp_path / "copy.db")
    before = path.read_bytes()
    refused = runner.invoke(app, ["restore", str(tmp_path / "copy.db")])
    assert refused.exit_code == 1 and "fails its integrity check" in refused.output
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.before-restore-*")) and not list(tmp_path.glob("*.restoring"))
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def _edit_copy(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys=OFF")
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


@pytest.mark.parametrize(
    ("statements", "said"),
    [
        (["DROP TABLE favorite"], "table(s) missing: favorite"),
        (["ALTER TABLE case_template DROP COLUMN updated_at"], "case_template lacks column(s)"),
        (["CREATE TABLE stray (x INTEGER)"], "table(s) not of this schema: stray"),
        (
            [
                "INSERT INTO site (id, user_id, name, name_key, setting, created_at, updated_at) "
                "VALUES ('s1', 'nobody', 'OR', 'or', 'facility', '2026-01-01', '2026-01-01')"
            ],
            "point at rows that do not exist",
        ),
    ],
    ids=["missing-table", "missing-column", "extra-table", "dangling-foreign-key"],
)
def test_restore_refuses_a_backup_not_of_its_schema_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, statements: list[str], said: str
) -> None:
    """A backup with a table missing passed the integrity and version checks, and the server
    then refused to start on it (issue 22): every table, column and foreign key is checked."""
    path = _fresh_sqlite(tmp_path, monkeypatch)
    made = runner.invoke(app, ["backup", str(tmp_path / "copy.db")])
    assert made.exit_code == 0, made.output
    _edit_copy(tmp_path / "copy.db", *statements)
    before = path.read_bytes()
    refused = runner.invoke(app, ["restore", str(tmp_path / "copy.db")])
    assert refused.exit_code == 1, refused.output
    assert said in " ".join(refused.output.split()), refused.output
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.before-restore-*")) and not list(tmp_path.glob("*.restoring"))
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_a_backup_missing_a_table_is_refused_on_either_engine_and_changes_nothing(
    cli_database: str, tmp_path: Path
) -> None:
    """The same refusal on PostgreSQL: the dump's tables and columns are read with pg_restore
    and checked against the version it claims before anything is touched (no safety dump)."""
    from rvuedge.storage.backup import database_counts, pg_environment, pg_tool

    good = tmp_path / ("good.dump" if "postgresql" in cli_database else "good.db")
    made = runner.invoke(app, ["backup", str(good)])
    assert made.exit_code == 0, made.output
    bad = tmp_path / ("bad.dump" if "postgresql" in cli_database else "bad.db")
    if "postgresql" in cli_database:
        args, env = pg_environment(cli_database)
        dumped = subprocess.run(  # noqa: S603
            [
                pg_tool("pg_dump") or "pg_dump",
                "--format=custom",
                "--exclude-table=public.favorite",
                "--file",
                str(bad),
                *args,
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        assert dumped.returncode == 0, dumped.stderr
    else:
        bad.write_bytes(good.read_bytes())
        _edit_copy(bad, "DROP TABLE favorite")
    before = database_counts(get_engine())
    safety = get_settings().DATA_DIR / "backups"
    dumps_before = set(safety.glob("before-restore-*"))
    refused = runner.invoke(app, ["restore", str(bad), "--yes"])
    assert refused.exit_code == 1, refused.output
    assert "table(s) missing: favorite" in " ".join(refused.output.split()), refused.output
    assert database_counts(get_engine()) == before
    assert set(safety.glob("before-restore-*")) == dumps_before


def test_a_dump_schema_is_read_table_by_table() -> None:
    """pg_restore --schema-only's SQL as pg_dump writes it: columns one per line, quoted names."""
    from rvuedge.storage.schema_check import dump_tables

    sql = (
        "SET statement_timeout = 0;\n"
        "CREATE TABLE public.daily_total (\n"
        "    user_id uuid NOT NULL,\n"
        '    "day" date NOT NULL,\n'
        "    CONSTRAINT positive CHECK ((cases >= 0))\n"
        ");\n\n"
        "CREATE TABLE public.alembic_version (\n"
        "    version_num character varying(32) NOT NULL\n"
        ");\n"
        "ALTER TABLE ONLY public.daily_total ADD CONSTRAINT pk PRIMARY KEY (user_id, day);\n"
    )
    assert dump_tables(sql) == {
        "daily_total": frozenset({"user_id", "day"}),
        "alembic_version": frozenset({"version_num"}),
    }
