"""A command line that says what it touches: the database named (masked) by every command, no
SQLite file created unseen, confirmation before data is dropped or replaced, private backups
that say what they hold, and no password on a command line."""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlalchemy import make_url, text
from typer.testing import CliRunner

from rvuedge.cli import app
from rvuedge.config import get_settings
from rvuedge.db import get_engine, make_engine
from rvuedge.migrations import current_revision, head_revision, revisions

runner = CliRunner()
PASSWORD_ENV = {"RVUEDGE_NEW_PASSWORD": "a long enough passphrase"}


def _use(monkeypatch: pytest.MonkeyPatch, url: str, data_dir: Path) -> None:
    monkeypatch.setenv("RVUEDGE_DATABASE_URL", url)
    monkeypatch.setenv("RVUEDGE_DATA_DIR", str(data_dir))
    get_settings.cache_clear()
    get_engine.cache_clear()


@pytest.fixture
def cli_url(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The CLI pointed at a migrated, seeded database on the engine under test."""
    _use(monkeypatch, database_url, tmp_path / "data")
    yield database_url
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def _revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def test_a_command_names_its_database_and_creates_no_sqlite_file_unasked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "rvuedge.db"
    _use(monkeypatch, f"sqlite:///{path}", tmp_path / "data")
    try:
        for command in (["releases"], ["users", "list"], ["db", "current"], ["seed", "load"]):
            refused = runner.invoke(app, command)
            assert refused.exit_code == 1, refused.output
            first, error = refused.output.splitlines()
            assert first == f"database: sqlite:///{path}"
            assert f"database {path} does not exist" in error and "--create" in error
            assert not path.exists()
        created = runner.invoke(app, ["--create", "users", "list"])
        assert created.exit_code == 0, created.output
        assert path.exists() and created.output.startswith(f"database: sqlite:///{path}\n")
        get_engine().dispose()
        path.unlink()
        upgraded = runner.invoke(app, ["db", "upgrade"])  # the Quickstart's first command
        assert upgraded.exit_code == 0 and path.exists()
        assert f"database at {head_revision()}" in upgraded.output
    finally:
        get_engine().dispose()
        get_settings.cache_clear()
        get_engine.cache_clear()


def test_a_postgresql_password_is_never_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "mHdsE7hq-not-to-be-seen"
    url = f"postgresql+psycopg://rvuedge:{secret}@127.0.0.1:1/rvuedge"  # nothing listens there
    _use(monkeypatch, url, tmp_path / "data")
    try:
        for command in (["releases"], ["db", "current"], ["backup", str(tmp_path / "b")]):
            result = runner.invoke(app, command)
            assert result.exit_code == 1
            assert secret not in result.output
            assert result.output.startswith(
                "database: postgresql+psycopg://rvuedge:***@127.0.0.1:1/rvuedge\n"
            )
    finally:
        get_settings.cache_clear()
        get_engine.cache_clear()


def test_db_current_history_and_a_downgrade_that_asks(cli_url: str) -> None:
    head = head_revision()
    previous = [revision for revision, _ in revisions()][-2]  # one step below head
    current = runner.invoke(app, ["db", "current"])
    assert current.exit_code == 0 and f"{head} (head)" in current.output
    history = runner.invoke(app, ["db", "history"], env={"COLUMNS": "200"})
    assert history.exit_code == 0
    assert "0001_catalog" in history.output and f"-> │ {head}" in history.output

    for answer in ("n\n", ""):  # no, and no answer at all (a script)
        refused = runner.invoke(app, ["db", "downgrade", previous], input=answer)
        assert refused.exit_code == 1 and "not confirmed; nothing was changed" in refused.output
        assert _revision(cli_url) == head
    unknown = runner.invoke(app, ["db", "downgrade", "0099_nope", "--yes"])
    assert unknown.exit_code == 1 and "unknown revision" in unknown.output

    agreed = runner.invoke(app, ["db", "downgrade", previous], input="y\n")
    assert agreed.exit_code == 0, agreed.output
    assert "Tables and columns it removes are dropped" in agreed.output
    assert _revision(cli_url) == previous
    behind = runner.invoke(app, ["db", "current"])
    assert f"{previous}: 1 migration(s) to apply" in behind.output
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    scripted = runner.invoke(app, ["db", "downgrade", previous, "--yes"])
    assert scripted.exit_code == 0 and _revision(cli_url) == previous


def _accounts(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM user_account")).scalar_one()
    engine.dispose()
    return count


def test_backups_are_private_say_what_they_hold_and_a_restore_asks(
    cli_url: str, tmp_path: Path
) -> None:
    postgres = make_url(cli_url).get_backend_name() == "postgresql"
    create = ["users", "create", "--display-name", "Dr. A", "--email"]
    assert runner.invoke(app, [*create, "a@example.org"], env=PASSWORD_ENV).exit_code == 0
    old = os.umask(0o022)  # the usual umask, which would make a new file 0644
    try:
        made = runner.invoke(app, ["backup", str(tmp_path / "one.backup")])
    finally:
        os.umask(old)
    assert made.exit_code == 0, made.output
    assert stat.S_IMODE((tmp_path / "one.backup").stat().st_mode) == 0o600
    assert "1 accounts, 0 cases" in made.output and "fee-schedule rows" in made.output

    assert runner.invoke(app, [*create, "b@example.org"], env=PASSWORD_ENV).exit_code == 0
    get_engine().dispose()
    refused = runner.invoke(app, ["restore", str(tmp_path / "one.backup")], input="n\n")
    assert refused.exit_code == 1, refused.output
    assert "which holds 2 accounts, 0 cases" in refused.output and "not confirmed" in refused.output
    assert _accounts(cli_url) == 2

    restored = runner.invoke(app, ["restore", str(tmp_path / "one.backup")], input="y\n")
    assert restored.exit_code == 0, restored.output
    assert _accounts(cli_url) == 1
    if postgres:  # what was replaced is dumped first, privately
        [safety] = (tmp_path / "data" / "backups").glob("before-restore-*.dump")
        assert stat.S_IMODE(safety.stat().st_mode) == 0o600
        assert f"the database as it was is saved in {safety}: 2 accounts" in restored.output
        assert "restored" in restored.output and "1 accounts" in restored.output
    else:
        [kept] = Path(make_url(cli_url).database).parent.glob("*.before-restore-*")
        assert "is kept as" in restored.output and kept.stat().st_size > 0


def test_no_command_takes_a_password_as_an_argument() -> None:
    root = typer.main.get_command(app)
    seen = []

    def walk(command: object, path: str) -> None:
        for parameter in getattr(command, "params", []):
            seen.append(f"{path} {parameter.name}")
            assert not any(
                word in (parameter.name or "").lower() for word in ("password", "secret", "token")
            ), f"{path} takes {parameter.name} as an argument"
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(root, "rvuedge")
    assert "rvuedge users create email" in seen  # the walk reached the commands
    result = runner.invoke(app, ["users", "create", "--email", "x@example.org", "--password", "p"])
    assert result.exit_code == 2 and "No such option" in result.output
