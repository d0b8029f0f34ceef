"""The PDF report: its text (read back with pypdf) carries the same totals as the reports."""

import io
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.factories import SignedIn, make_user

RANGE = {"start": "2026-07-01", "end": "2026-11-27"}


def _pdf(client: TestClient, user: SignedIn, **params) -> list[list[str]]:  # noqa: ANN003
    r = client.get("/api/v1/reports/productivity.pdf", headers=user.headers, params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(r.content))
    assert reader.pages[0].mediabox.width == 612 and reader.pages[0].mediabox.height == 792
    return [[line.strip() for line in p.extract_text().splitlines()] for p in reader.pages]


def _after(lines: list[str], first: str, count: int) -> list[str]:
    """The `count` text lines that follow the line `first`."""
    at = lines.index(first)
    return lines[at + 1 : at + 1 + count]


def _report(client: TestClient, user: SignedIn, name: str, **params) -> dict:  # noqa: ANN003
    r = client.get(f"/api/v1/reports/{name}", headers=user.headers, params=params)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture
def pages(client: TestClient, surgeon: SignedIn) -> list[list[str]]:
    return _pdf(client, surgeon, **RANGE)


def test_header_and_tiles(pages: list[list[str]], client: TestClient, surgeon: SignedIn) -> None:
    first = pages[0]
    assert first[0] == "wRVU productivity report"
    assert first[1] == "Dr. Ana Núñez · General Surgery · 0.90 clinical FTE"
    assert "Period: July 1, 2026 to November 27, 2026" in first[2]
    # October and November were valued with 2026C: 2026D is not imported.
    assert "releases used: 2026C. 3 line(s) provisional (see Method)." in " ".join(first[2:4])
    totals = _report(client, surgeon, "totals", period="year", **RANGE)
    (year,) = totals["buckets"]
    labels = first.index("credited wRVU")  # the tiles: five values, then their five labels
    assert first[labels : labels + 5] == [
        "credited wRVU",
        "cases",
        "work-only value",
        "estimated payment",
        "benchmark percentile",
    ]
    assert first[labels - 5 : labels] == [
        f"{totals['total_credited_wrvu']:.2f}",
        str(year["cases"]),
        f"${year['work_only_value']:,.2f}",
        f"${year['estimated_payment']:,.2f}",
        "below 50th",  # the sample table's lowest point is its 50th percentile
    ]
    # The report's pages: summary, months, codes and (since #27) the next-year page.
    n = len(pages)
    assert n == 4, n
    assert f"page 1 of {n}" in first and f"page {n} of {n}" in pages[-1]
    assert any(line.startswith("rvuedge productivity report · Dr. Ana Núñez · produced "
                               "2026-11-27T09:00-06:00") for line in first)  # fmt: skip


def test_month_table_equals_monthly_totals(
    pages: list[list[str]], client: TestClient, surgeon: SignedIn
) -> None:
    text = pages[1]
    totals = _report(client, surgeon, "totals", period="month", **RANGE)
    for bucket in totals["buckets"]:
        label = next(line for line in text if line.startswith(bucket["label"]))
        assert _after(text, label, 5) == [
            str(bucket["cases"]),
            str(bucket["lines"]),
            f"{bucket['credited_wrvu']:.2f}",
            f"${bucket['work_only_value']:,.2f}",
            f"${bucket['estimated_payment']:,.2f}",
        ]
    assert _after(text, "Total", 3) == ["5", "7", f"{totals['total_credited_wrvu']:.2f}"]
    assert "2026-11 (1-27)" in text  # the month the range cuts short says so


def test_case_mix_and_top_codes_equal_breakdown(
    pages: list[list[str]], client: TestClient, surgeon: SignedIn
) -> None:
    text = pages[1]
    breakdown = _report(client, surgeon, "breakdown", **RANGE)
    for row in breakdown["by_category"]:
        assert _after(text, row["key"], 1)[0].startswith(f"{row['credited_wrvu']:,.2f} (")
    for row in breakdown["by_code"]:
        assert _after(text, row["key"], 5)[1:4] == [
            str(row["cases"]),
            str(row["lines"]),
            f"{row['credited_wrvu']:.2f}",
        ]
    assert "Laparoscopic appendectomy" in text


def test_benchmark_page(pages: list[list[str]], client: TestClient, surgeon: SignedIn) -> None:
    text = " ".join(pages[2])
    report = _report(client, surgeon, "benchmark", basis="fiscal_ytd_annualized")
    assert f"Your annual wRVU per 1.0 FTE: {report['wrvu_per_fte']:.2f}" in text
    assert report["rank_text"] in text
    mine = report["wrvu_per_fte"]  # over 100 here: the marker's label rounds to whole wRVU
    assert mine > 100 and f"you: {mine:,.0f} (below the table)" in text
    for target in report["to_reach"]:
        assert f"{target['still_needed']:,.2f}" in text
    assert "Sample data: This table is a sample of approximate public figures" in text
    assert "Method" in pages[2]


def test_no_cases_and_no_specialty(client: TestClient) -> None:
    nobody = make_user(client, "new@example.org")
    pages = _pdf(client, nobody, **RANGE)
    text = [line for page in pages for line in page]
    assert "No cases in this period." in text
    assert "no cases in this period" in text  # in the charts
    assert "n/a" in text  # no benchmark percentile tile
    assert any("Set a specialty in your profile" in line for line in text)


def test_default_range_is_the_fiscal_year_to_date(client: TestClient, surgeon: SignedIn) -> None:
    r = client.get("/api/v1/reports/productivity.pdf", headers=surgeon.headers)
    assert "rvuedge-report-2026-07-01-to-2026-11-27.pdf" in r.headers["content-disposition"]


def test_bad_ranges_and_bases(client: TestClient, surgeon: SignedIn) -> None:
    for params in (
        {"start": "2026-05-01", "end": "2026-04-01"},
        {"start": "1990-01-01"},
        {"start": "20260101"},
        {"basis": "someday"},
    ):
        r = client.get("/api/v1/reports/productivity.pdf", headers=surgeon.headers, params=params)
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("name", ["monthly", "cumulative", "case_mix", "benchmark"])
def test_svg_charts(client: TestClient, surgeon: SignedIn, name: str) -> None:
    r = client.get(f"/api/v1/reports/charts/{name}.svg", headers=surgeon.headers, params=RANGE)
    assert r.status_code == 200 and r.headers["content-type"] == "image/svg+xml"
    root = ET.fromstring(r.content)  # noqa: S314 - our own output
    svg = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{svg}svg" and root.find(f"{svg}title").text
    assert not list(root.iter(f"{svg}script"))
    texts = [t.text for t in root.iter(f"{svg}text")]
    expected = {
        "monthly": ["14.09", "10.51", "17.77", "9.21"],
        "cumulative": ["goal 360", "126"],
        "case_mix": ["Surgery", "50.28 (97%)"],
        "benchmark": ["50th: 7,800", "75th: 9,200"],
    }[name]
    assert set(expected) <= set(texts), repr(texts)


def test_svg_charts_are_the_pdfs(client: TestClient, surgeon: SignedIn, pages) -> None:  # noqa: ANN001
    r = client.get("/api/v1/reports/charts/monthly.svg", headers=surgeon.headers, params=RANGE)
    root = ET.fromstring(r.content)  # noqa: S314 - our own output
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    start = pages[0].index("Credited wRVU by month")
    end = pages[0].index("Cumulative wRVU against the goal")
    assert sorted(texts) == sorted(pages[0][start:end])


def test_unknown_chart_lists_the_names(client: TestClient, surgeon: SignedIn) -> None:
    r = client.get("/api/v1/reports/charts/pie.svg", headers=surgeon.headers)
    assert r.status_code == 422
    assert "'monthly', 'cumulative', 'case_mix' or 'benchmark'" in r.json()["detail"]


def test_by_code_lists_the_top_15_then_the_others_and_adds_up(client: TestClient) -> None:
    """Twenty codes: the top 15, one row "Other (5 codes)", then the total; the rows add up."""
    user = make_user(client, "many@example.org")
    codes = ["47562", "44970", "49505", "19303", "38525", "99213", "99214", "99215", "99232",
             "99233", "27447", "27130", "29881", "20610", "64721", "26055", "44204", "44207",
             "49650", "43239"]  # fmt: skip
    for i, code in enumerate(codes):
        r = client.post(
            "/api/v1/cases",
            headers=user.headers,
            json={
                "date_of_service": f"2026-{8 + i % 4:02d}-{1 + i:02d}",
                "lines": [{"code": code}],
            },
        )
        assert r.status_code == 201, r.text
    breakdown = _report(client, user, "breakdown", **RANGE)
    assert len(breakdown["by_code"]) == 20
    text = [line for page in _pdf(client, user, **RANGE) for line in page]
    assert "By code: the top 15 of 20, the other 5 in one row" in text
    other = next(line for line in text if line.startswith("Other (5 codes)"))
    rest = breakdown["by_code"][15:]
    other_wrvu = round(sum(r["credited_wrvu"] for r in rest), 2)
    assert f"{other_wrvu:,.2f}" in _after(text, other, 6)
    shown = [f"{r['credited_wrvu']:,.2f}" for r in breakdown["by_code"][:15]]
    for row, value in zip(breakdown["by_code"][:15], shown, strict=True):
        assert value in _after(text, row["key"], 5)
    total = breakdown["total"]["credited_wrvu"]
    assert round(sum(r["credited_wrvu"] for r in breakdown["by_code"]), 2) == total
    totals = [i for i, line in enumerate(text) if line == "Total"]
    assert f"{total:,.2f}" in text[totals[-1] : totals[-1] + 5]


def test_pdf_figures_round_half_up_as_the_screens_do() -> None:
    """135.685 wRVU to date is 135.69 on Home and in the PDF's first tile; Python's Decimal
    formatting alone rounds half-even and printed 135.68 in the year's tile of the same page."""
    from decimal import Decimal

    from rvuedge.exports.pdf_style import money, wrvu

    assert wrvu(Decimal("135.685")) == "135.69"
    assert wrvu(Decimal("6864.315")) == "6,864.32"
    assert money(Decimal("4388.945")) == "$4,388.95"
    assert wrvu(Decimal("2.765")) == "2.77"
