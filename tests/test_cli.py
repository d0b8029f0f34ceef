from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select
from typer.testing import CliRunner

from rvuedge.catalog.models import FeeScheduleRelease, FeeScheduleRow
from rvuedge.cli import app
from rvuedge.config import get_settings
from rvuedge.db import get_engine, make_engine
from rvuedge.storage.integrity import sqlite_file
from tests.conftest import CMS_DIR, RVU_2026

runner = CliRunner()


@pytest.fixture
def database(empty_cli_database: str) -> str:
    """An empty database (on SQLite an empty file: commands refuse to create one unseen)."""
    if path := sqlite_file(empty_cli_database):
        path.touch()
    return empty_cli_database


def _count(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as s:
        count = s.exec(select(func.count()).select_from(FeeScheduleRow)).one()
    engine.dispose()
    return count


def test_upgrade_seed_import_and_list(database: str) -> None:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["seed", "load"]).exit_code == 0
    seeded = _count(database)
    result = runner.invoke(app, ["import-rvu", str(RVU_2026)])
    assert result.exit_code == 0, result.output
    assert "2026C: descriptors added (19356 rows)" in result.output
    again = runner.invoke(app, ["import-rvu", str(RVU_2026)])
    assert "2026C: unchanged" in again.output
    assert _count(database) == seeded  # the seed already held every row
    gpci = runner.invoke(
        app, ["import-gpci", str(CMS_DIR / "GPCI2026_RVU26A_medigy_processed.csv")]
    )
    assert gpci.exit_code == 0 and "GPCI 2026: unchanged (109 localities)" in gpci.output
    listing = runner.invoke(app, ["releases"])
    assert "yes" in listing.output and "no (seed)" in listing.output  # 2025D: seed only


def test_broken_import_writes_nothing(database: str, tmp_path: Path) -> None:
    runner.invoke(app, ["db", "upgrade"])
    runner.invoke(app, ["seed", "load"])
    before = _count(database)
    lines = RVU_2026.read_text(encoding="latin-1").splitlines(keepends=True)
    broken = tmp_path / "PPRRVU2026_Jul_nonQPP.csv"
    broken.write_text(
        "".join(lines[: len(lines) // 2]) + lines[len(lines) // 2][:20], encoding="latin-1"
    )
    result = runner.invoke(app, ["import-rvu", str(broken)])
    assert result.exit_code == 1
    assert "fields, expected 32" in result.output and "nothing was written" in result.output
    assert _count(database) == before
    engine = make_engine(database)
    with Session(engine) as s:
        assert not s.exec(
            select(FeeScheduleRelease.has_descriptors).where(FeeScheduleRelease.name == "2026C")
        ).one()


def test_missing_file(database: str) -> None:
    runner.invoke(app, ["db", "upgrade"])
    result = runner.invoke(app, ["import-rvu", "/no/such/RVU26C.zip"])
    assert result.exit_code == 1 and "no such file" in result.output


def test_users_create_list_disable(database: str) -> None:
    runner.invoke(app, ["db", "upgrade"])
    env = {"RVUEDGE_NEW_PASSWORD": "a long enough passphrase"}
    made = runner.invoke(
        app, ["users", "create", "--email", "op@example.org", "--display-name", "Op"], env=env
    )
    assert made.exit_code == 0, made.output
    dup = runner.invoke(
        app, ["users", "create", "--email", "op@example.org", "--display-name", "Op"], env=env
    )
    assert dup.exit_code == 1 and "already exists" in dup.output
    weak = runner.invoke(
        app,
        ["users", "create", "--email", "w@example.org", "--display-name", "W"],
        env={"RVUEDGE_NEW_PASSWORD": "password123"},
    )
    assert weak.exit_code == 1 and "common passwords" in weak.output
    assert "op@example.org" in runner.invoke(app, ["users", "list"]).output
    disabled = runner.invoke(app, ["users", "disable", "op@example.org"])
    assert disabled.exit_code == 0 and "disabled op@example.org" in disabled.output
    assert runner.invoke(app, ["users", "disable", "nobody@example.org"]).exit_code == 1


def test_serve_refuses_production_without_secret(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RVUEDGE_ENV", "production")
    monkeypatch.delenv("RVUEDGE_SECRET_KEY", raising=False)
    get_settings.cache_clear()
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 1 and "RVUEDGE_SECRET_KEY is required" in result.output


def test_revalue_command(database: str) -> None:
    runner.invoke(app, ["db", "upgrade"])
    runner.invoke(app, ["seed", "load"])
    assert (
        runner.invoke(app, ["revalue", "--start", "2026-01-01", "--end", "2026-12-31"]).exit_code
        == 0
    )
    result = runner.invoke(app, ["revalue", "--start", "2026-12-31", "--end", "2026-01-01"])
    assert result.exit_code == 1 and "before start" in result.output
    assert runner.invoke(app, ["revalue", "--start", "bad", "--end", "2026-01-01"]).exit_code == 1


def _one_line_error(result: object) -> str:
    """The CLI's failure contract: exit status 1 and one line on stderr, no traceback (after
    the line naming the database)."""
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    lines = [
        line
        for line in result.output.splitlines()  # type: ignore[attr-defined]
        if line.strip() and not line.startswith("database: ")
    ]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    return lines[0]


def test_import_rvu_is_a_fine_first_command(database: str) -> None:
    result = runner.invoke(app, ["import-rvu", str(RVU_2026)])
    assert result.exit_code == 0, result.output
    assert "release 2026C" in result.output
    assert _count(database) == 19356


@pytest.mark.parametrize(
    "command",
    [
        ["releases"],
        ["users", "list"],
        ["seed", "load"],
        ["revalue", "--start", "2026-01-01", "--end", "2026-01-31"],
        ["import-gpci", str(CMS_DIR / "GPCI2026_RVU26A_medigy_processed.csv")],
    ],
)
def test_every_database_command_migrates_first(database: str, command: list[str]) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output


def test_errors_are_one_line(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "nothing was written" in _one_line_error(
        runner.invoke(app, ["import-rvu", "/no/such/RVU26C.zip"])
    )
    _one_line_error(runner.invoke(app, ["db", "downgrade", "no-such-revision"]))
    _one_line_error(runner.invoke(app, ["revalue", "--start", "bad", "--end", "2026-01-01"]))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr("rvuedge.users.service.list_users", broken)
    assert _one_line_error(runner.invoke(app, ["users", "list"])) == (
        "error: RuntimeError: disk on fire second line"
    )


def test_unreachable_database_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RVUEDGE_DATABASE_URL", f"sqlite:///{tmp_path}/missing/dir/x.db")
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        line = _one_line_error(runner.invoke(app, ["--create", "releases"]))
    finally:
        get_settings.cache_clear()
        get_engine.cache_clear()
    assert "unable to open database file" in line


def test_credit_presets_add_list_assign(database: str) -> None:
    from rvuedge.crediting.models import CreditSetting

    env = {"RVUEDGE_NEW_PASSWORD": "a long enough passphrase"}
    for email in ("a@mercy.example.org", "b@mercy.example.org", "c@elsewhere.example.org"):
        runner.invoke(app, ["users", "create", "--email", email, "--display-name", "X"], env=env)
    switches = '{"mppr_schedule": [1, 0.5, 0.25], "bilateral_rule": "200_percent"}'
    added = runner.invoke(app, ["credit-presets", "add", "mercy_2026", "--switches", switches])
    assert added.exit_code == 0, added.output
    bad = runner.invoke(app, ["credit-presets", "add", "x", "--switches", '{"mppr_schedule": []}'])
    assert bad.exit_code == 1 and "mppr_schedule" in bad.output
    listed = runner.invoke(app, ["credit-presets", "list"], env={"COLUMNS": "200"})
    assert "mercy_2026" in listed.output and "200_percent" in listed.output
    assigned = runner.invoke(
        app,
        ["credit-presets", "assign", "mercy_2026", "--from", "2026-07-01"]
        + ["--email-domain", "mercy.example.org"],
    )
    assert assigned.exit_code == 0 and "2 user(s)" in assigned.output, assigned.output
    engine = make_engine(database)
    with Session(engine) as s:
        rows = s.exec(select(CreditSetting)).all()
    engine.dispose()
    assert [(r.preset, str(r.effective_from)) for r in rows] == [("mercy_2026", "2026-07-01")] * 2
