"""`rvuedge export cases|report` writes the same documents as the API."""

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from rvuedge.cli import app
from tests.factories import SignedIn

runner = CliRunner()
RANGE = ["--start", "2026-07-01", "--end", "2026-11-27"]


def test_export_cases_csv_equals_the_api(
    cli_database: str, client: TestClient, surgeon: SignedIn, tmp_path: Path
) -> None:
    out = tmp_path / "log.csv"
    result = runner.invoke(
        app, ["export", "cases", "--user", surgeon.email, *RANGE, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    api = client.get(
        "/api/v1/exports/cases",
        headers=surgeon.headers,
        params={"start": "2026-07-01", "end": "2026-11-27"},
    )
    assert out.read_bytes() == api.content
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 7
    assert not list(tmp_path.glob("*.partial"))


def test_export_cases_xlsx_and_report_pdf(
    cli_database: str, client: TestClient, surgeon: SignedIn, tmp_path: Path
) -> None:
    book = tmp_path / "log.xlsx"
    result = runner.invoke(
        app,
        ["export", "cases", "--user", surgeon.email, *RANGE, "--format", "xlsx", "-o", str(book)],
    )
    assert result.exit_code == 0, result.output
    assert load_workbook(book).sheetnames == ["Lines", "Monthly", "By code", "Benchmark"]
    pdf = tmp_path / "report.pdf"
    result = runner.invoke(
        app, ["export", "report", "--user", surgeon.email, *RANGE, "-o", str(pdf)]
    )
    assert result.exit_code == 0, result.output
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Dr. Ana Núñez" in text and "51.58" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cases", "--user", "nobody@example.org"], "no account with email nobody@example.org"),
        (["cases", "--format", "pdf"], "unknown format 'pdf': use csv or xlsx"),
        (["report", "--format", "xlsx"], "unknown format 'xlsx': the report is a pdf"),
        (["cases", "--start", "2026-13-01"], "dates must be YYYY-MM-DD"),
        (["cases", "--start", "2026-05-01", "--end", "2026-04-01"], "is before start"),
    ],
)
def test_export_errors_are_one_line(
    cli_database: str,
    client: TestClient,
    surgeon: SignedIn,
    tmp_path: Path,
    args: list[str],
    message: str,
) -> None:
    if "--user" not in args:
        args = [*args, "--user", surgeon.email]
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", *args, "-o", str(out)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert not out.exists()
