"""A proposed release is compared against and labelled, and never values a logged case."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner

from rvuedge.cases.models import Case
from rvuedge.cases.provisional import settle_provisional
from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
from rvuedge.catalog.importer import import_rvu_file
from rvuedge.catalog.models import FeeScheduleRelease
from rvuedge.cli import app as cli
from rvuedge.failures import ImportFailed
from tests.conftest import NOW, RVU_2026
from tests.factories import log_case, make_user

runner = CliRunner()


def october_file(tmp_path: Path, *, work_47562: str) -> Path:
    """The real July 2026 file relabelled as the October release (2026D), 47562 revalued."""
    out = []
    for line in RVU_2026.read_text(encoding="latin-1").splitlines(keepends=True):
        line = line.replace("July Release", "October Release")
        if line.startswith("47562,,"):
            cells = line.split(",")
            cells[5] = work_47562
            line = ",".join(cells)
        out.append(line)
    path = tmp_path / f"PPRRVU2026_Oct_{work_47562}.csv"
    path.write_text("".join(out), encoding="latin-1")
    return path


def load(session: Session, path: Path, *, proposed: bool) -> None:
    name, data = read_rvu_source(path)
    import_rvu_file(session, parse_rvu_bytes(data, name), proposed=proposed)
    settle_provisional(session, now=NOW)
    session.commit()


def test_a_proposed_release_never_values_a_case(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    user = make_user(client)
    before = log_case(client, user, "2026-10-20", "47562")  # 2026D not loaded: 2026C stands in
    assert before["release"] == "2026C" and before["provisional"] is True
    # A proposed 2026D would be the release in force on every October date if it counted.
    load(session, october_file(tmp_path, work_47562="9.00"), proposed=True)

    # Crediting: a new case and a preview still use 2026C, provisionally.
    new = log_case(client, user, "2026-10-21", "47562")
    assert new["release"] == "2026C" and new["total_wrvu"] == 10.21 and new["provisional"]
    preview = client.post(
        "/api/v1/cases/preview",
        headers=user.headers,
        json={"date_of_service": "2026-10-22", "lines": [{"code": "47562"}]},
    ).json()
    assert preview["release"] == "2026C"
    # Settling provisional cases (the import's own path) left them alone.
    session.expire_all()
    stored = session.exec(select(Case.release, Case.total_wrvu)).all()
    assert {r for r, _ in stored} == {"2026C"}
    session.rollback()  # end the read: SQLite lets one writer in at a time
    # Revalue on purpose: still 2026C.
    result = client.post(
        "/api/v1/cases/revalue",
        headers=user.headers,
        json={"start": "2026-01-01", "end": "2026-12-31"},
    )
    assert result.status_code == 200, result.text
    assert result.json()["changed"] == []
    again = client.get(f"/api/v1/cases/{before['id']}", headers=user.headers).json()
    assert again["release"] == "2026C" and again["total_wrvu"] == 10.21
    # The code card's release in force is not the proposed one; asked by name, it is shown.
    card = client.get("/api/v1/codes/47562").json()
    assert card["release"]["name"] == "2026C"
    named = client.get("/api/v1/codes/47562", params={"release": "2026D"})
    assert named.status_code == 200 and named.json()["rvus"]["work_rvu"] == 9.0
    assert named.json()["release"]["proposed"] is True
    assert [p["proposed"] for p in named.json()["history"]] == [False, False, True]
    # Search hits carry the release in force, never the proposed one.
    hits = client.get("/api/v1/codes", params={"q": "47562"}).json()
    assert hits["release"] == "2026C"

    # Labelled wherever it appears.
    releases = client.get("/api/v1/releases").json()
    proposed = [r for r in releases if r["proposed"]]
    assert [(r["name"], r["label"]) for r in proposed] == [("2026D", "2026D (proposed)")]
    assert {r["label"] for r in releases if not r["proposed"]} == {"2025D", "2026C"}
    impact = client.get(
        "/api/v1/reports/release-impact",
        params={"compare": "2026D", "start": "2026-10-01", "end": "2026-10-31"},
        headers=user.headers,
    ).json()
    assert impact["compare"]["label"] == "2026D (proposed)" and impact["compare"]["proposed"]
    assert impact["totals"]["as_logged"]["credited_wrvu"] == 20.42
    assert impact["totals"]["under_release"]["credited_wrvu"] == 18.0
    assert "proposed" in impact["summary"] and any("proposed" in n for n in impact["notes"])
    line = client.get("/api/v1/reports/next-year", headers=user.headers).json()["proposed"]
    assert line["release"]["label"] == "2026D (proposed)"
    assert line["wrvu_percent"] == round((18.0 - 20.42) / 20.42 * 100, 2)
    # Only the work RVU was changed in the file, not the total RVUs: the payment is the same.
    assert line["line"] == "Next year, proposed (2026D): −11.9% wRVU, +$0"


def test_the_final_file_replaces_the_proposed_one_and_settles_the_cases(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    user = make_user(client)
    load(session, october_file(tmp_path, work_47562="9.00"), proposed=True)
    case = log_case(client, user, "2026-10-20", "47562")
    assert case["release"] == "2026C"
    load(session, october_file(tmp_path, work_47562="10.50"), proposed=False)
    release = session.exec(
        select(FeeScheduleRelease).where(FeeScheduleRelease.name == "2026D")
    ).one()
    assert release.proposed is False
    settled = client.get(f"/api/v1/cases/{case['id']}", headers=user.headers).json()
    assert settled["release"] == "2026D" and settled["total_wrvu"] == 10.5
    assert settled["provisional"] is False
    assert client.get("/api/v1/reports/next-year", headers=user.headers).json() == {
        "proposed": None
    }
    # A proposed file never replaces a final release.
    name, data = read_rvu_source(october_file(tmp_path, work_47562="9.00"))
    with pytest.raises(ImportFailed, match="already loaded as a final release"):
        import_rvu_file(session, parse_rvu_bytes(data, name), proposed=True)


def test_the_cli_imports_a_proposed_release(
    cli_database: str,
    tmp_path: Path,
) -> None:
    result = runner.invoke(
        cli, ["import-rvu", str(october_file(tmp_path, work_47562="9.00")), "--proposed"]
    )
    assert result.exit_code == 0, result.output
    assert "release 2026D (proposed): created" in result.output
    listed = runner.invoke(cli, ["releases"])
    assert "2026D" in listed.output and "(proposed)" in listed.output  # a narrow table wraps
