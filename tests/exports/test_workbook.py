"""The workbook: every sheet's totals equal the reports; real dates and numbers; the chart."""

import io
import zipfile
from datetime import datetime
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from tests.factories import SignedIn, make_user

RANGE = {"start": "2026-07-01", "end": "2026-11-27"}


def _xlsx(client: TestClient, user: SignedIn, **params) -> bytes:  # noqa: ANN003
    r = client.get(
        "/api/v1/exports/cases", headers=user.headers, params={"format": "xlsx", **params}
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "rvuedge-cases-2026-07-01-to-2026-11-27.xlsx" in r.headers["content-disposition"]
    return r.content


@pytest.fixture
def data(client: TestClient, surgeon: SignedIn) -> bytes:
    return _xlsx(client, surgeon, **RANGE)


@pytest.fixture
def book(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def _rows(sheet) -> list[dict]:  # noqa: ANN001
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


def _report(client: TestClient, user: SignedIn, name: str, **params) -> dict:  # noqa: ANN003
    r = client.get(f"/api/v1/reports/{name}", headers=user.headers, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_sheets(book: Workbook) -> None:
    assert book.sheetnames == ["Lines", "Monthly", "By code", "Benchmark"]


def test_lines_sheet(book: Workbook, client: TestClient, surgeon: SignedIn) -> None:
    sheet = book["Lines"]
    assert sheet.freeze_panes == "C2"
    assert sheet.column_dimensions["H"].width == 40  # the name column
    rows = _rows(sheet)
    lines = [r for r in rows if isinstance(r["Date of service"], datetime)]
    total = rows[-1]
    totals = _report(client, surgeon, "totals", period="year", **RANGE)
    (year,) = totals["buckets"]
    assert len(lines) == year["lines"]
    assert total["Date of service"] == "Total: 5 cases, 7 lines"
    assert total["Credited wRVU"] == totals["total_credited_wrvu"] == year["credited_wrvu"]
    assert round(sum(Decimal(str(r["Credited wRVU (exact)"])) for r in lines), 2) == Decimal(
        str(year["credited_wrvu"])
    )
    assert total["Work-only value ($)"] == year["work_only_value"]
    assert total["Estimated payment ($)"] == year["estimated_payment"]
    # Real dates and numbers with formats; text stays text even when it looks like a formula.
    cell = sheet["A2"]
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"
    assert sheet["O2"].data_type == "n" and sheet["O2"].number_format == "#,##0.00"
    site = next(c for c in sheet["C"] if c.value == '=HYPERLINK("http://x")')
    assert site.data_type == "s" and site.quotePrefix


def test_no_formula_reaches_the_file(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in z.read(n) for n in sheets)


def test_monthly_sheet_equals_monthly_totals(
    book: Workbook, client: TestClient, surgeon: SignedIn
) -> None:
    rows = _rows(book["Monthly"])
    totals = _report(client, surgeon, "totals", period="month", **RANGE)
    months = rows[: len(totals["buckets"])]
    for row, bucket in zip(months, totals["buckets"], strict=True):
        assert row["Month"].strftime("%Y-%m") == bucket["label"]
        assert row["From"].date().isoformat() == bucket["start"]
        assert (row["Cases"], row["Lines"]) == (bucket["cases"], bucket["lines"])
        assert row["Credited wRVU"] == bucket["credited_wrvu"]
        assert row["Work-only value ($)"] == bucket["work_only_value"]
        assert row["Estimated payment ($)"] == bucket["estimated_payment"]
        assert row["Monthly goal (wRVU)"] == 30
    total = rows[len(totals["buckets"])]
    assert total["Month"] == "Total"
    assert total["Credited wRVU"] == totals["total_credited_wrvu"]
    assert total["Cases"] == 5
    assert total["Estimated payment ($)"] == pytest.approx(
        sum(b["estimated_payment"] for b in totals["buckets"])
    )
    november = months[-1]
    # The goal accrues by day: November to the 27th adds 27/30 of its 30.
    assert november["Cumulative wRVU"] == 51.58 and november["Cumulative goal"] == 147
    assert november["Cumulative vs goal"] == pytest.approx(51.58 - 147)
    assert book["Monthly"]["A2"].number_format == "mmm yyyy"


def test_monthly_chart_is_a_native_bar_chart_with_the_goal_line(data: bytes) -> None:
    book = load_workbook(io.BytesIO(data))
    (chart,) = book["Monthly"]._charts
    assert chart.tagname == "barChart"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/charts/chart1.xml").decode()
    assert "<barChart>" in xml and "<lineChart>" in xml
    assert "'Monthly'!$F$2:$F$6" in xml and "'Monthly'!$I$2:$I$6" in xml  # wRVU and goal


def test_by_code_sheet_equals_breakdown(
    book: Workbook, client: TestClient, surgeon: SignedIn
) -> None:
    rows = _rows(book["By code"])
    breakdown = _report(client, surgeon, "breakdown", **RANGE)
    codes = rows[: len(breakdown["by_code"])]
    assert [(r["Code"], r["Credited wRVU"], r["Cases"]) for r in codes] == [
        (b["key"], b["credited_wrvu"], b["cases"]) for b in breakdown["by_code"]
    ]
    assert codes[0]["Name"] == "Laparoscopic appendectomy"
    assert codes[0]["Share"] == pytest.approx(18.42 / 51.58)
    assert rows[len(codes)]["Credited wRVU"] == 51.58


def test_benchmark_sheet_equals_benchmark_report(
    book: Workbook, client: TestClient, surgeon: SignedIn
) -> None:
    report = _report(client, surgeon, "benchmark", basis="fiscal_ytd_annualized")
    facts = {r[0]: r[1] for r in book["Benchmark"].iter_rows(values_only=True) if r[0]}
    assert facts["Your wRVU per 1.0 FTE"] == report["wrvu_per_fte"]
    assert facts["Annual wRVU"] == report["annual_wrvu"]
    assert facts["Where you stand"] == report["rank_text"]
    assert facts["Caveat"] == report["caveat"]
    # The basis in words, as the PDF and the app say it (it read "fiscal_ytd_annualized").
    assert facts["Basis"].endswith("to date, annualized at its pace") and "_" not in facts["Basis"]
    for target in report["to_reach"]:
        row = next(
            r for r in book["Benchmark"].iter_rows(values_only=True) if r[0] == target["percentile"]
        )
        assert row[1:4] == (target["wrvu_per_fte"], target["target_wrvu"], target["still_needed"])


def test_empty_workbook_opens_and_says_so(client: TestClient) -> None:
    nobody = make_user(client, "new@example.org")
    book = load_workbook(io.BytesIO(_xlsx(client, nobody, **RANGE)))
    assert book["Lines"]["A2"].value == "no cases in this period"
    assert book["By code"]["A2"].value == "no cases in this period"
    monthly = _rows(book["Monthly"])
    assert monthly[0]["Credited wRVU"] == 0 and "no cases in this period" in {
        r["Month"] for r in monthly
    }
    assert book["Benchmark"]["A1"].value == "No benchmark"  # no specialty in the profile


def test_your_year_rounds_half_up_as_every_other_face(client: TestClient) -> None:
    """Half a cent of wRVU rounds up in the totals, on Home and in the PDF. The workbook's "Your
    year" quantized half-even: 135.685 became 135.68 for a surgeon whose Home said 135.69."""
    from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP

    from tests.factories import log_case

    user = make_user(client)
    cases = [
        log_case(client, user, "2026-11-02", "20610-50"),
        log_case(client, user, "2026-11-03", "20610-RT"),
    ]
    exact = sum(Decimal(c["total_wrvu_exact"]) for c in cases)
    cent = Decimal("0.01")
    assert exact.quantize(cent, ROUND_HALF_UP) != exact.quantize(cent, ROUND_HALF_EVEN)  # 1.925
    sheet = load_workbook(io.BytesIO(_xlsx(client, user, **RANGE)))["Monthly"]
    year = {row[0]: row[5] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert year["wRVU to date"] == float(exact.quantize(cent, ROUND_HALF_UP))
    totals = _report(client, user, "summary")["pace"]["year_to_date"]
    assert year["wRVU to date"] == totals
