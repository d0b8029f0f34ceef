"""rvuedge import-cases: a dry run by default, --commit creates, a second run creates nothing."""

from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from rvuedge.cases.models import Case
from rvuedge.cli import app
from rvuedge.db import make_engine
from tests.imports.test_imports_api import PAST_LOG

runner = CliRunner()


@pytest.fixture
def database(cli_database: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("RVUEDGE_NEW_PASSWORD", "correct horse battery staple")
    return cli_database


def _cases(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as s:
        count = s.exec(
            select(func.count()).select_from(Case).where(col(Case.deleted_at).is_(None))
        ).one()
    engine.dispose()
    return count


def test_import_cases_cli(database: str, tmp_path: Path) -> None:
    created = runner.invoke(
        app, ["users", "create", "--email", "dr@example.org", "--display-name", "Dr. Example"]
    )
    assert created.exit_code == 0, created.output
    log = tmp_path / "log.csv"
    log.write_text(PAST_LOG)
    dry = runner.invoke(app, ["import-cases", str(log), "--user", "dr@example.org"])
    assert dry.exit_code == 0, dry.output
    assert "would create 5 case(s)" in dry.output
    assert _cases(database) == 0
    done = runner.invoke(app, ["import-cases", str(log), "--user", "dr@example.org", "--commit"])
    assert done.exit_code == 0 and "created 5 case(s)" in done.output
    again = runner.invoke(app, ["import-cases", str(log), "--user", "dr@example.org", "--commit"])
    assert "created 0 case(s)" in again.output and "5 look(s) logged already" in again.output
    assert _cases(database) == 5
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,CPT\n1900-01-01,47562\n")
    refused = runner.invoke(app, ["import-cases", str(bad), "--user", "dr@example.org"])
    assert refused.exit_code == 1 and "row 2, Date" in refused.output
    unknown = runner.invoke(app, ["import-cases", str(log), "--user", "nobody@example.org"])
    assert unknown.exit_code == 1 and "no account" in unknown.output
