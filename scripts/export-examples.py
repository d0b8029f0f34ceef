"""Regenerate the export examples shown in the README (docs/*.png).

Usage: .venv/bin/python scripts/export-examples.py [OUT_DIR]   (default: docs/)
Needs pdftoppm (Debian: poppler-utils) and, for the workbook picture, LibreOffice
(libreoffice-calc-nogui); without LibreOffice only the PDF pages are made.

Builds a temporary database (migrations + seed), logs 47 weeks of a general surgeon's cases
through the API (the README's benchmark example) with the clock pinned to 2026-11-27, and writes
the PDF report and the workbook, then renders them to PNG. Page 1 of the reconciliation dispute
list of the README's walkthrough (docs/samples) goes to screenshots/dispute-list.png.
"""

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fastapi import Request
from fastapi.testclient import TestClient
from sqlmodel import Session

from rvuedge.catalog.seed import load_seed
from rvuedge.config import get_settings
from rvuedge.db import make_engine, session_for
from rvuedge.deps import READ_METHODS, get_now, get_session
from rvuedge.main import create_app
from rvuedge.migrations import upgrade

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
SAMPLES = Path(__file__).resolve().parents[1] / "docs" / "samples"
WEEK = [
    (["47562"], "Main OR"),
    (["47562"], "ASC"),
    (["47563", "49505-51"], "Main OR"),
    (["47562"], "Main OR"),
    (["44204"], "Main OR"),
    (["44207"], "Main OR"),
    (["49650"], "ASC"),
    (["44970"], "Main OR"),
    (["99213"], "Clinic"),
    (["99213"], "Clinic"),
    (["99213"], "Clinic"),
    (["99214"], "Clinic"),
    (["99214"], "Clinic"),
    (["99214"], "Clinic"),
    (["99232"], "Main OR"),
    (["99232"], "Main OR"),
    (["99233"], "Main OR"),
]


def _line(text: str) -> dict:
    code, *modifiers = text.split("-")
    return {"code": code, "modifiers": modifiers}


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "docs"
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/examples.db")
        upgrade(engine)
        with Session(engine) as session:
            load_seed(session, get_settings().SEED_DIR)
            session.commit()
        app = create_app()

        def _session(request: Request) -> Iterator[Session]:
            with session_for(engine, writes=request.method not in READ_METHODS) as s:
                yield s

        app.dependency_overrides[get_session] = _session
        app.dependency_overrides[get_now] = lambda: NOW
        with TestClient(app) as client:
            headers = _sign_up(
                client,
                "dr.rivera@example.org",
                {
                    "display_name": "Dr. Rivera",
                    "specialty": "General Surgery",
                    "clinical_fte": 1.0,
                    "fiscal_year_start_month": 7,
                    "time_zone": "America/Chicago",
                    "monthly_wrvu_goal": 600,
                    "annual_wrvu_goal": 7200,
                    "benchmark_source": (
                        "rvuedge_site_2026 (approximate public figures, not MGMA data)"
                    ),
                },
            )
            for week in range(47):
                day = date(2026, 1, 5) + timedelta(weeks=week)
                for i, (codes, site) in enumerate(WEEK):
                    client.post(
                        "/api/v1/cases",
                        headers=headers,
                        json={
                            "date_of_service": str(day + timedelta(days=i % 5)),
                            "site": site,
                            "lines": [_line(c) for c in codes],
                        },
                    ).raise_for_status()
            pdf = client.get("/api/v1/reports/productivity.pdf", headers=headers)
            xlsx = client.get("/api/v1/exports/cases", headers=headers, params={"format": "xlsx"})
            disputes = _dispute_list(client)
        (Path(tmp) / "report.pdf").write_bytes(pdf.content)
        (Path(tmp) / "cases.xlsx").write_bytes(xlsx.content)
        out.mkdir(parents=True, exist_ok=True)
        for page in (1, 2, 3):
            _pdf_page_png(Path(tmp) / "report.pdf", page, out / f"productivity-report-page{page}")
        shutil.copy(Path(tmp) / "report.pdf", out / "productivity-report-example.pdf")
        (Path(tmp) / "disputes.pdf").write_bytes(disputes)
        (out / "screenshots").mkdir(exist_ok=True)
        _pdf_page_png(Path(tmp) / "disputes.pdf", 1, out / "screenshots" / "dispute-list")
        if shutil.which("soffice"):
            _workbook_picture(Path(tmp), out)
        else:
            print("soffice (LibreOffice) not found: no picture of the Monthly sheet")
        print(f"examples written to {out}")


def _sign_up(client: TestClient, email: str, profile: dict) -> dict[str, str]:
    """A new account with this profile; the headers that sign its requests."""
    password = "correct horse battery staple"  # noqa: S105 - a throwaway example account
    client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": password, "display_name": profile["display_name"]},
    ).raise_for_status()
    signed_in = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    token = signed_in.raise_for_status().json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    client.patch("/api/v1/me", headers=headers, json=profile).raise_for_status()
    return headers


def _dispute_list(client: TestClient) -> bytes:
    """The README's reconciliation walkthrough (docs/samples) as the PDF dispute list."""
    plan = {"base_salary": 300000, "wrvu_threshold": 1000, "dollars_per_wrvu": 55}
    headers = _sign_up(
        client,
        "dr.example@example.org",
        {
            "display_name": "Dr. Dana Example",
            "specialty": "General Surgery",
            "time_zone": "America/Chicago",
            "compensation_plan": plan,
        },
    )
    log = SAMPLES / "past-log-2026q1.csv"
    preview = client.post(
        "/api/v1/imports", headers=headers, files={"file": (log.name, log.read_bytes())}
    )
    preview_id = preview.raise_for_status().json()["id"]
    client.post(f"/api/v1/imports/{preview_id}/commit", headers=headers).raise_for_status()
    report = SAMPLES / "employer-report-2026-03.csv"
    made = client.post(
        "/api/v1/reconciliations",
        headers=headers,
        files={"file": (report.name, report.read_bytes())},
        data={"start": "2026-03-01", "end": "2026-03-31"},
    )
    path = f"/api/v1/reconciliations/{made.raise_for_status().json()['id']}/export"
    pdf = client.get(path, headers=headers, params={"format": "pdf"})
    return pdf.raise_for_status().content


def _workbook_picture(tmp: Path, out: Path) -> None:
    """LibreOffice prints the workbook to PDF, a page per sheet; the Monthly sheet's is drawn."""
    from pypdf import PdfReader

    one_page_per_sheet = (
        'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}'
    )
    _run("soffice", "--headless", "--convert-to", one_page_per_sheet, "--outdir", str(tmp),
         str(tmp / "cases.xlsx"))  # fmt: skip
    pages = PdfReader(tmp / "cases.pdf").pages
    number = next(
        n for n, page in enumerate(pages, start=1) if page.extract_text().startswith("Month")
    )
    _pdf_page_png(tmp / "cases.pdf", number, out / "workbook-monthly-sheet")


def _pdf_page_png(pdf: Path, page: int, stem: Path) -> None:
    _run("pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(page), "-l", str(page),
         str(pdf), str(stem))  # fmt: skip


def _run(program: str, *args: str) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise SystemExit(f"{program} is not installed")
    subprocess.run([executable, *args], check=True, capture_output=True)  # noqa: S603


if __name__ == "__main__":
    main()
