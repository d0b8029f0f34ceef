"""Provisional valuation: logging never stops for a missing release, and the import settles it."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner

from rvuedge.cases.models import Case, CaseLine
from rvuedge.catalog.models import FeeScheduleRelease
from rvuedge.cli import app as cli
from rvuedge.db import make_engine
from tests.conftest import RVU_2026, app_on
from tests.factories import log_case, make_user

runner = CliRunner()


def october_2026_file(tmp_path: Path, *, work_47562: str = "10.50") -> Path:
    """The real July 2026 file relabelled as the October release (2026D), 47562 revalued."""
    out = []
    for line in RVU_2026.read_text(encoding="latin-1").splitlines(keepends=True):
        line = line.replace("July Release", "October Release")
        if line.startswith("47562,,"):
            cells = line.split(",")
            cells[5] = work_47562
            line = ",".join(cells)
        out.append(line)
    path = tmp_path / "PPRRVU2026_Oct_nonQPP.csv"
    path.write_text("".join(out), encoding="latin-1")
    return path


@pytest.fixture
def api(cli_database: str) -> Iterator[TestClient]:
    engine = make_engine(cli_database)
    with TestClient(app_on(engine)) as client:
        yield client
    engine.dispose()


def test_a_case_in_a_quarter_without_its_release_is_provisional(
    client: TestClient, session: Session
) -> None:
    user = make_user(client)
    case = log_case(client, user, "2026-10-15", "47562")
    assert case["provisional"] is True and case["release"] == "2026C"
    assert case["total_wrvu"] == 10.21
    note = case["release_note"]
    assert "2026D" in note and "2026C" in note and "revalues this case by itself" in note
    assert all(line["provisional"] for line in case["lines"])
    exact = log_case(client, user, "2026-09-14", "47562")
    assert exact["provisional"] is False and exact["release_note"] is None
    stored = session.exec(
        select(Case.date_of_service, Case.provisional, CaseLine.provisional).join(CaseLine)
    ).all()
    assert sorted((str(d), c, x) for d, c, x in stored) == [
        ("2026-09-14", False, False),
        ("2026-10-15", True, True),
    ]


def test_importing_the_quarter_revalues_provisional_cases(
    api: TestClient, cli_database: str, tmp_path: Path
) -> None:
    user = make_user(api)
    waiting = log_case(api, user, "2026-10-15", "47562", "49505")
    history = log_case(api, user, "2026-09-14", "47562")  # 2026C was in force: never touched
    old_year = log_case(api, user, "2025-02-03", "47562")  # 2025A stand-in: 2026D does not cover it
    gone = log_case(api, user, "2026-11-02", "47562")
    assert api.delete(f"/api/v1/cases/{gone['id']}", headers=user.headers).status_code == 204

    result = runner.invoke(cli, ["import-rvu", str(october_2026_file(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "release 2026D: created" in result.output
    assert "1 provisional case(s) revalued, +0.29 wRVU in total" in result.output
    assert waiting["id"] in result.output

    after = api.get(f"/api/v1/cases/{waiting['id']}", headers=user.headers).json()
    assert (after["release"], after["provisional"], after["release_note"]) == ("2026D", False, None)
    assert after["total_wrvu"] == round(waiting["total_wrvu"] + 0.29, 2)  # 47562: 10.21 -> 10.50
    assert after["version"] == waiting["version"] + 1
    assert not any(line["provisional"] for line in after["lines"])
    for unchanged in (history, old_year):
        again = api.get(f"/api/v1/cases/{unchanged['id']}", headers=user.headers).json()
        assert {k: again[k] for k in ("release", "provisional", "total_wrvu", "version")} == {
            k: unchanged[k] for k in ("release", "provisional", "total_wrvu", "version")
        }
    assert old_year["provisional"] is True  # still waiting for 2025A

    again = runner.invoke(cli, ["import-rvu", str(october_2026_file(tmp_path))])
    assert "2026D: unchanged" in again.output and "revalued" not in again.output


def test_a_failure_while_revaluing_rolls_the_import_back(
    api: TestClient, cli_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user(api)
    first = log_case(api, user, "2026-10-15", "47562")
    second = log_case(api, user, "2026-10-16", "47562")
    calls = []

    from rvuedge.cases import revalue

    real = revalue.store_credit

    def fail_on_the_second(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("power cut")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(revalue, "store_credit", fail_on_the_second)
    result = runner.invoke(cli, ["import-rvu", str(october_2026_file(tmp_path))])
    assert result.exit_code == 1 and "power cut" in result.output
    assert len(calls) == 2  # the first case had been revalued inside the transaction
    engine = make_engine(cli_database)
    with Session(engine) as session:
        names = session.exec(select(FeeScheduleRelease.name)).all()
    engine.dispose()
    assert "2026D" not in names
    for case in (first, second):
        again = api.get(f"/api/v1/cases/{case['id']}", headers=user.headers).json()
        assert (again["release"], again["provisional"], again["version"]) == ("2026C", True, 1)


def test_dates_far_ahead_or_before_2000_are_still_refused(client: TestClient) -> None:
    user = make_user(client)
    for day in ("2026-11-29", "1999-12-31"):
        r = client.post(
            "/api/v1/cases",
            headers=user.headers,
            json={"date_of_service": day, "lines": [{"code": "47562"}]},
        )
        assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "date_of_service"]
