"""The reconciliation as a PDF dispute list: read back with pypdf, it names every finding and
carries the reconciliation's own totals; long sections run over pages with their header row."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from rvuedge.exports.pdf_report import WIDTH
from rvuedge.reconciliation.dispute_pdf import SECTIONS, _table_of
from rvuedge.reconciliation.export import DISPUTE_HEADER
from tests.factories import SignedIn, make_user
from tests.reconciliation.test_reconciliations_api import (
    PLAN,
    import_log,
    reconcile,
    reconcile_samples,
)

PROFILE = {
    "display_name": "Dr. Dana Example",
    "specialty": "General Surgery",
    "time_zone": "America/Chicago",
    "compensation_plan": PLAN,
}


@pytest.fixture
def user(client: TestClient) -> SignedIn:
    return make_user(client, profile=PROFILE)


def export_pdf(client: TestClient, user: SignedIn, reconciliation: dict) -> list[str]:
    """Each page's words, after checking what the answer says it is."""
    r = client.get(
        f"/api/v1/reconciliations/{reconciliation['id']}/export",
        params={"format": "pdf"},
        headers=user.headers,
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    name = f"reconciliation-{reconciliation['start']}-{reconciliation['end']}.pdf"
    assert r.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert r.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(r.content))
    assert reader.pages[0].mediabox.width == 612 and reader.pages[0].mediabox.height == 792
    # A cell is a line of text, a wrapped cell several: one line of words per page.
    return [" ".join(line.strip() for line in p.extract_text().splitlines()) for p in reader.pages]


def between(text: str, first: str, last: str) -> str:
    return text[text.index(first) : text.index(last)]


def test_the_readme_walkthrough_as_a_dispute_list(client: TestClient, user: SignedIn) -> None:
    body = reconcile_samples(client, user)
    pages = export_pdf(client, user, body)
    text = " ".join(pages)
    assert text.startswith("wRVU reconciliation: dispute list Dr. Dana Example · General Surgery")
    assert "Period: March 1, 2026 to March 31, 2026 (dates of service)." in text
    assert "Employer's report: report.csv. Date tolerance: 3 days" in text
    assert "produced 2026-11-27T09:00-06:00 (America/Chicago)" in text  # NOW is 15:00 UTC
    assert f"page 1 of {len(pages)}" in pages[0]

    t, n = body["totals"], body["counts"]
    summary = between(text, "Totals wRVU Lines Count", "Missing from the employer's report (")
    for line in [
        f"Logged wRVU {t['logged_wrvu']:,.2f} Matched {n['matched']}",
        f"Employer wRVU {t['employer_wrvu']:,.2f} Credit differs {n['credit_differs']}",
        f"Difference (employer - log) {t['difference']:+,.2f} Missing from the employer's report "
        f"{n['missing_from_employer']}",
        f"Missing wRVU {t['missing_wrvu']:,.2f} Not in the log {n['not_in_log']}",
        f"Missing, estimated value ${t['missing_value']:,.2f}",
        f"Credit differences (wRVU) {t['credit_differs_wrvu']:+,.2f}",
    ]:
        assert line in summary
    assert f"How the value is estimated: {body['value_method']}" in summary

    missing = between(text, "Missing from the employer's report (1)", "Credit differs (4)")
    (m,) = body["missing_from_employer"]
    assert f"{m['date_of_service']} {m['code']}" in missing
    assert f"{m['credited_wrvu']:,.2f} ${m['estimated_value']:,.2f} {m['encounter_ref']}" in missing
    differs = between(text, "Credit differs (4)", "Not in the log (2)")
    for p in body["credit_differs"]:
        logged = p["logged"]
        assert (
            f"{logged['date_of_service']} {logged['code']} {' '.join(logged['modifiers'])}".strip()
            in differs
        )
        assert f"{p['difference']:+,.2f}" in differs
    assert "the employer credited the assistant line in full" in differs
    not_in_log = between(text, "Not in the log (2)", "Totals by month")
    for e in body["not_in_log"]:
        assert f"{e['date_of_service']} {e['code']}" in not_in_log
        assert f"{e['wrvu']:,.2f} {' '.join(map(str, e['rows']))}" in not_in_log
    months = text[text.index("Totals by month") :]
    (month,) = body["months"]
    assert (
        f"{month['month']} {month['logged_wrvu']:,.2f} {month['employer_wrvu']:,.2f} "
        f"{month['difference']:+,.2f}" in months
    )
    assert f"Total {t['logged_wrvu']:,.2f} {t['employer_wrvu']:,.2f} {t['difference']:+,.2f}" in (
        months
    )


MISSING_HEADER = "Date of service Code Modifiers Units Log wRVU Estimated value Encounter"


def test_a_long_section_runs_over_pages_with_its_header_row(client, user) -> None:  # noqa: ANN001
    days = [date(2026, 1, 5) + timedelta(days=k) for k in range(120)]
    log = "Date,CPT,Encounter\n" + "".join(f"{d},99213,E{k:04d}\n" for k, d in enumerate(days))
    assert import_log(client, user, log.encode())["created_cases"] == 120
    report = b"Service Date,CPT\n2026-03-02,47562\n"  # no wRVU column: credit figures are n/a
    body = reconcile(client, user, report, "2026-01-01", "2026-06-30").json()
    assert body["counts"]["missing_from_employer"] == 120
    pages = export_pdf(client, user, body)
    assert len(pages) >= 3
    with_rows = [p for p in pages if "99213" in p]
    assert len(with_rows) >= 3 and with_rows[0] == pages[0]
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in page
        if "99213" in page:
            assert MISSING_HEADER in page
    text = " ".join(pages)
    assert all(f"{d} 99213" in text for d in days)  # every line, once each
    assert text.count(" 99213 ") == 120
    assert between(text, "Credit differs (0)", "Not in the log (1)").endswith(" None. ")
    assert "Employer wRVU n/a" in text


def test_other_users_and_unknown_formats(client: TestClient, user: SignedIn) -> None:
    body = reconcile(
        client, user, b"Date,CPT,wRVU\n2026-03-02,47562,10.21\n", "2026-03-01", "2026-03-31"
    ).json()
    path = f"/api/v1/reconciliations/{body['id']}/export"
    other = make_user(client, "other@example.org")
    assert client.get(path, params={"format": "pdf"}, headers=other.headers).status_code == 404
    r = client.get(path, params={"format": "docx"}, headers=user.headers)
    assert r.status_code == 422
    assert r.json()["errors"][0]["loc"] == ["query", "format"]


def test_long_text_wraps_within_its_column() -> None:
    """Text cells are paragraphs that break at spaces, and inside a word too long for the column."""
    row: list = [None] * len(DISPUTE_HEADER)
    for name, value in {
        "Finding": "Credit differs",
        "Date of service": date(2026, 3, 2),
        "Code": "47562",
        "Modifiers": "22 51 59 80 AS XS",
        "Log wRVU": Decimal("10.21"),
        "Employer wRVU": Decimal("1234.56"),
        "Difference (employer - log)": Decimal("1224.35"),
        "Likely reason": "the employer credited the line differently " * 8,
        "Employer rows": " ".join(str(n) for n in range(100, 140)),
        "Encounter": "F" + "0123456789" * 9,  # one long word
    }.items():
        row[DISPUTE_HEADER.index(name)] = value
    for section in SECTIONS:
        table = _table_of([row], section.columns)
        assert sum(table._colWidths) <= WIDTH + 0.01
        cells = [
            (cell, width)
            for cell, width in zip(table._cellvalues[1], table._colWidths, strict=True)
            if isinstance(cell, Paragraph)
        ]
        assert len(cells) >= 3
        for cell, width in cells:  # as the table lays it out: the column less its padding
            cell.wrap(width - 12, 720)
            # reportlab may let a line run a fraction of a point into the 6-point padding
            assert all(room > -6 for room, _words in cell.blPara.lines)


def test_a_section_past_the_cap_prints_its_first_lines_and_says_where_the_rest_are(
    client,
    user,
    monkeypatch,  # noqa: ANN001
) -> None:
    """A 50,000-line list took 163 s to print; the PDF prints a capped list and names the CSV
    (bench/dispute_pdf.py measures the full size)."""
    from rvuedge.reconciliation import dispute_pdf

    monkeypatch.setattr(dispute_pdf, "MAX_SECTION_LINES", 7)
    monkeypatch.setattr(dispute_pdf, "TABLE_ROWS", 3)
    days = [date(2026, 1, 5) + timedelta(days=k) for k in range(12)]
    log = "Date,CPT\n" + "".join(f"{d},99213\n" for d in days)
    assert import_log(client, user, log.encode())["created_cases"] == 12
    report = b"Service Date,CPT\n2026-03-02,47562\n"
    body = reconcile(client, user, report, "2026-01-01", "2026-06-30").json()
    text = " ".join(export_pdf(client, user, body))
    assert "Missing from the employer's report (12)" in text
    assert "The first 7 of these 12 lines are printed below" in text
    assert "format=csv" in text
    assert text.count(" 99213 ") == 7 and all(f"{d} 99213" in text for d in days[:7])


def test_nothing_missing_is_not_said_to_lack_a_pay_plan(client: TestClient, user: SignedIn) -> None:
    # The trial of stop 33: every logged line on the employer's report, a pay plan in the
    # profile, and the dispute list said "not valued: no pay plan covers their dates".
    log = b"Date,CPT,Encounter\n2026-03-02,47562,E1\n2026-03-03,99213,E2\n"
    assert import_log(client, user, log)["created_cases"] == 2
    report = b"Service Date,CPT,wRVU\n2026-03-02,47562,10.21\n2026-03-03,99213,1.30\n"
    body = reconcile(client, user, report, "2026-03-01", "2026-03-31").json()
    assert body["counts"]["matched"] == 2 and body["counts"]["missing_from_employer"] == 0
    text = " ".join(export_pdf(client, user, body))
    assert "no pay plan" not in text
    assert "Nothing logged is missing from the employer's report" in text
    assert "Missing, estimated value $0.00" in text
