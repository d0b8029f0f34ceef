"""One figure everywhere (issue 21): for a surgeon whose fiscal year starts in July (annual goal
7,000, $52/wRVU above 7,000), the same pace and still-to-log in the summary, the benchmark, the
compensation report, the PDF's text, the workbook's cells and the cumulative chart; every report
and export asked without dates covers that fiscal year to date.

The expected figures are computed here from the logged cases alone: the fiscal year to date
(2026-07-01 to 2026-11-27: 150 of 365 days), to date x 365 / 150, 7,000 - to date, and that over
the 8 months December to June plus November."""

import csv
import io
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import SignedIn, make_user

CENT = Decimal("0.01")
# 26 cases of an orthopaedic surgeon's fiscal year so far (and one before it, which must not
# count): knees, hips, scopes, hands, injections, clinic visits.
CASES = [
    ("2026-06-29", ["27447"]),  # FY2026: outside the year in view
    ("2026-07-06", ["27447"]),
    ("2026-07-08", ["29881"]),
    ("2026-07-15", ["27130"]),
    ("2026-07-21", ["20610"]),
    ("2026-07-28", ["99214"]),
    ("2026-08-04", ["27447"]),
    ("2026-08-05", ["27447-50"]),  # 28.665, credited 28.67: a half hundredth, as below
    ("2026-08-11", ["29880"]),
    ("2026-08-12", ["64721"]),
    ("2026-08-19", ["99213"]),
    ("2026-08-26", ["26055"]),
    ("2026-09-02", ["27130"]),
    ("2026-09-09", ["29881", "29877"]),
    ("2026-09-10", ["29827", "29881"]),  # 15.20 + 3.425 (3.43)
    ("2026-09-16", ["20610"]),
    ("2026-09-23", ["99204"]),
    ("2026-09-30", ["27447"]),
    ("2026-10-07", ["29827"]),
    ("2026-10-14", ["64721"]),
    ("2026-10-15", ["64721-50"]),  # 7.275 (7.28)
    ("2026-10-21", ["99214"]),
    ("2026-10-28", ["27130"]),
    ("2026-11-02", ["20610"]),
    ("2026-11-04", ["29881"]),
    ("2026-11-10", ["26055", "26055-51"]),  # 3.03 + 1.515 (1.52)
    ("2026-11-11", ["27447"]),
    ("2026-11-18", ["99213"]),
    ("2026-11-23", ["26055"]),
    ("2026-11-25", ["29880"]),
    ("2026-11-27", ["99214"]),
]


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


@pytest.fixture
def surgeon(client: TestClient) -> tuple[SignedIn, Decimal]:
    """The surgeon, and their credited wRVU of FY2027 to date: the lines' credits in hundredths,
    added (from the cases' answers)."""
    user = make_user(client)
    r = client.patch(
        "/api/v1/me",
        headers=user.headers,
        json={
            "display_name": "Dr. Ortho",
            "specialty": "Orthopedic Surgery",
            "fiscal_year_start_month": 7,
            "annual_wrvu_goal": 7000,
            "clinical_fte": 1.0,
            "time_zone": "America/Chicago",
        },
    )
    assert r.status_code == 200, r.text
    r = client.post(
        "/api/v1/me/pay-plans",
        headers=user.headers,
        json={
            "name": "Ortho group 2026",
            "effective_from": "2026-07-01",
            "base_salary": 450000,
            "threshold_wrvu": 7000,
            "bands": [{"from_wrvu": 7000, "dollars_per_wrvu": 52}],
        },
    )
    assert r.status_code == 201, r.text
    to_date = Decimal(0)
    for dos, codes in CASES:
        r = client.post(
            "/api/v1/cases",
            headers=user.headers,
            json={
                "date_of_service": dos,
                "lines": [{"code": c.split("-")[0], "modifiers": c.split("-")[1:]} for c in codes],
            },
        )
        assert r.status_code == 201, r.text
        if dos >= "2026-07-01":
            to_date += sum(Decimal(str(line["credited_wrvu"])) for line in r.json()["lines"])
    return user, to_date


def expected(to_date: Decimal) -> dict[str, Decimal | int]:
    still = Decimal(7000) - to_date
    return {
        "to_date": cents(to_date),
        "pace": cents(to_date * 365 / 150),
        "still": cents(still),
        "per_month": cents(still / 8),
        "months": 8,
    }


def get(client: TestClient, user: SignedIn, path: str, **params) -> dict:  # noqa: ANN003
    r = client.get(f"/api/v1{path}", headers=user.headers, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def money(value: Decimal) -> str:
    return f"{value:,.2f}"


def test_the_same_year_in_every_report(client: TestClient, surgeon) -> None:  # noqa: ANN001
    user, to_date = surgeon
    want = expected(to_date)
    summary = get(client, user, "/reports/summary")
    pace = summary["pace"]
    assert (pace["label"], pace["period_start"], pace["period_end"]) == (
        "FY2027",
        "2026-07-01",
        "2027-06-30",
    )
    assert (pace["days_elapsed"], pace["days_in_year"], pace["remaining_months"]) == (150, 365, 8)
    got = {
        "to_date": pace["year_to_date"],
        "pace": pace["projected_year_end"],
        "still": pace["still_to_log"],
        "per_month": pace["needed_per_remaining_month"],
        "months": pace["remaining_months"],
    }
    assert got == {k: float(v) for k, v in want.items()}
    assert summary["annual_goal"]["achieved"] == float(want["to_date"])

    # The benchmark: by default the same fiscal year, annualized with the same pace.
    bench = get(client, user, "/reports/benchmark")
    assert bench["basis"] == "fiscal_ytd_annualized"
    assert (bench["period_start"], bench["period_end"]) == ("2026-07-01", "2026-11-27")
    assert bench["year"] == pace
    assert bench["wrvu_in_period"] == pace["year_to_date"]
    assert bench["annual_wrvu"] == pace["projected_year_end"]
    assert bench["remaining_months"] == 8
    # Its "to reach" rows: each point x FTE - to date, over the same 8 months.
    p25 = next(t for t in bench["to_reach"] if t["percentile"] == 25)
    assert p25["still_needed"] == float(cents(Decimal(7000) - to_date)) == pace["still_to_log"]
    assert p25["per_remaining_month"] == pace["needed_per_remaining_month"]
    # Its pay estimate is the compensation report's projection.
    pay = get(client, user, "/reports/compensation")
    assert bench["compensation"]["estimated_annual_pay"] == pay["projection"]["total_pay"]

    # The compensation report: the plan year is the fiscal year, at the same pace.
    assert pay["plan_year"] == "FY2027" and pay["year"] == pace
    assert pay["projection"]["credited_wrvu"] == pace["projected_year_end"]
    assert pay["plan_year_to_date"]["credited_wrvu"] == pace["year_to_date"]

    # Calendar on request, and it says so.
    calendar = get(client, user, "/reports/benchmark", basis="ytd_annualized")
    assert calendar["period_start"] == "2026-01-01" and "Calendar year 2026" in calendar["method"]
    assert calendar["year"] == pace  # the physician's own year stays beside it

    # The next-year forecast's straight line is the same pace over the same fiscal year.
    forecast = get(client, user, "/reports/forecast")
    assert (forecast["year_start"], forecast["year_end"]) == ("2026-07-01", "2027-06-30")
    assert forecast["year_to_date"] == pace["year_to_date"]
    assert forecast["straight_line"]["projected_year_end"] == pace["projected_year_end"]


def test_reports_and_exports_without_dates_cover_the_fiscal_year(
    client: TestClient,
    surgeon,  # noqa: ANN001
) -> None:
    user, to_date = surgeon
    totals = get(client, user, "/reports/totals")
    assert (totals["start"], totals["end"]) == ("2026-07-01", "2026-11-27")
    assert totals["total_credited_wrvu"] == float(cents(to_date))
    breakdown = get(client, user, "/reports/breakdown")
    assert (breakdown["start"], breakdown["end"]) == ("2026-07-01", "2026-11-27")
    r = client.get("/api/v1/exports/cases", headers=user.headers)
    assert "rvuedge-cases-2026-07-01-to-2026-11-27.csv" in r.headers["content-disposition"]
    # The release comparison too (it began on January 1, taking in the June case of FY2026).
    impact = get(client, user, "/reports/release-impact", compare="2025D")
    assert (impact["start"], impact["end"]) == ("2026-07-01", "2026-11-27")
    assert impact["totals"]["as_logged"]["credited_wrvu"] == float(cents(to_date))
    assert impact["totals"]["cases"] == len(CASES) - 1


def test_the_same_year_in_the_pdf_the_workbook_and_the_chart(client: TestClient, surgeon) -> None:  # noqa: ANN001
    user, to_date = surgeon
    want = expected(to_date)
    texts = [money(v) for k, v in want.items() if k != "months"]

    r = client.get("/api/v1/reports/productivity.pdf", headers=user.headers)
    assert r.status_code == 200, r.text
    assert "rvuedge-report-2026-07-01-to-2026-11-27.pdf" in r.headers["content-disposition"]
    pages = PdfReader(io.BytesIO(r.content)).pages
    first = [line.strip() for line in pages[0].extract_text().splitlines()]
    # The year's tiles: five values in a row, the labels under them.
    at = first.index(money(want["pace"]))
    assert first[at - 1 : at + 4] == [money(want["to_date"]), money(want["pace"]), "7,000.00",
                                      money(want["still"]), money(want["per_month"])]  # fmt: skip
    labels = " ".join(first[at + 4 : at + 12])
    for label in ("pace: projected year end", "still to log", "a month, 8 months left"):
        assert label in labels, labels
    whole = " ".join(
        " ".join(line.strip() for line in page.extract_text().splitlines()) for page in pages
    )
    assert "Fiscal year FY2027, July 1, 2026 to June 30, 2027, as of November 27, 2026" in whole
    for text in texts:
        assert text in whole, text
    assert f"{money(want['to_date'])} wRVU to date / 150 days elapsed x 365 days" in whole

    r = client.get("/api/v1/exports/cases", headers=user.headers, params={"format": "xlsx"})
    assert r.status_code == 200, r.text
    sheet = load_workbook(io.BytesIO(r.content))["Monthly"]
    # Label in column A, value under "Credited wRVU" (F).
    cells = {row[0]: row[5] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert cells["Your year"] == "FY2027: 2026-07-01 to 2027-06-30, as of 2026-11-27"
    assert cells["wRVU to date"] == float(want["to_date"])
    assert cells["Days elapsed"] == 150
    assert cells["Pace: projected year end"] == float(want["pace"])
    assert cells["Annual goal"] == 7000
    assert cells["Still to log"] == float(want["still"])
    assert cells["Months left (this one included)"] == 8
    assert cells["Per remaining month"] == float(want["per_month"])

    r = client.get("/api/v1/reports/charts/cumulative.svg", headers=user.headers)
    assert r.status_code == 200, r.text
    desc = ET.fromstring(r.content).find("{http://www.w3.org/2000/svg}desc").text  # noqa: S314
    for text in texts:
        assert text in desc, text
    svg_texts = [t.text for t in ET.fromstring(r.content).iter("{http://www.w3.org/2000/svg}text")]  # noqa: S314
    assert f"{cents(want['pace']).quantize(Decimal(1), ROUND_HALF_UP):,}" in svg_texts


# A qualifying APM participant (issue 27): 2026 dollars at 33.5675 on every face, 2025 at 2025's.
APM_CASES = [("2025-12-15", "47562"), ("2026-03-02", "47562"), ("2026-08-11", "27447"),
             ("2026-09-14", "99214")]  # fmt: skip
APM_WINDOW = {"start": "2025-12-01", "end": "2026-11-27"}
CF = {
    "2025D": Decimal("32.3465"),
    "non_apm": Decimal("33.4009"),
    "qualifying_apm": Decimal("33.5675"),
}


def apm_expected(session, choice: str) -> tuple[Decimal, Decimal]:  # noqa: ANN001
    """(estimated payment, work-only value) of APM_CASES from the shipped rows: each line's
    facility total RVUs x the conversion factor (2026 lines at the one chosen), and its work RVU
    x that factor, each line in cents."""
    from sqlmodel import select

    from rvuedge.catalog.models import FeeScheduleRelease, FeeScheduleRow

    payment = work = Decimal(0)
    for dos, code in APM_CASES:
        release = "2025D" if dos < "2026" else "2026C"
        row = session.exec(
            select(FeeScheduleRow)
            .join(FeeScheduleRelease)
            .where(FeeScheduleRelease.name == release, FeeScheduleRow.hcpcs == code)
            .where(FeeScheduleRow.modifier == "")
        ).one()
        cf = CF["2025D"] if release == "2025D" else CF[choice]
        payment += cents(row.facility_total * cf)
        work += cents(row.work_rvu * cf)
    session.rollback()  # end the read: SQLite lets no writer commit past it
    return payment, work


def test_a_qualifying_apm_physicians_dollars_are_one_figure_everywhere(
    client: TestClient,
    session,  # noqa: ANN001
) -> None:
    user = make_user(client, profile={"conversion_factor_choice": "qualifying_apm"})
    for dos, code in APM_CASES:
        r = client.post(
            "/api/v1/cases",
            headers=user.headers,
            json={"date_of_service": dos, "lines": [{"code": code}]},
        )
        assert r.status_code == 201, r.text
    payment, work = apm_expected(session, "qualifying_apm")

    totals = get(client, user, "/reports/totals", period="year", **APM_WINDOW)
    assert totals["conversion_factor_choice"] == "qualifying_apm"
    assert "33.5675" in totals["dollars_note"]
    assert sum(Decimal(str(b["estimated_payment"])) for b in totals["buckets"]) == payment
    assert sum(Decimal(str(b["work_only_value"])) for b in totals["buckets"]) == work

    # The case log: each 2026 line states 33.5675, the 2025 line 2025's factor.
    r = client.get("/api/v1/exports/cases", headers=user.headers, params=APM_WINDOW)
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [Decimal(x["Conversion factor"]) for x in rows] == [
        CF["2025D"],
        CF["qualifying_apm"],
        CF["qualifying_apm"],
        CF["qualifying_apm"],
    ]
    assert sum(Decimal(x["Estimated payment ($)"]) for x in rows) == payment

    # The workbook's month table and the PDF: the month buckets' dollars, the factor stated.
    months = get(client, user, "/reports/totals", period="month", **APM_WINDOW)["buckets"]
    assert sum(Decimal(str(b["estimated_payment"])) for b in months) == payment
    work = sum(Decimal(str(b["work_only_value"])) for b in months)
    r = client.get(
        "/api/v1/exports/cases", headers=user.headers, params={**APM_WINDOW, "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(r.content))["Monthly"]
    values = list(sheet.iter_rows(values_only=True))
    total = next(row for row in values if row[0] == "Total")
    assert Decimal(str(total[7])) == payment and Decimal(str(total[6])) == work
    assert any(row[0] and "33.5675" in str(row[0]) for row in values)
    r = client.get("/api/v1/reports/productivity.pdf", headers=user.headers, params=APM_WINDOW)
    whole = " ".join(
        " ".join(line.strip() for line in page.extract_text().splitlines())
        for page in PdfReader(io.BytesIO(r.content)).pages
    )
    assert money(payment) in whole and money(work) in whole
    assert "qualifying APM participant conversion factor" in whole and "33.5675" in whole

    # The release comparison's "as logged" side is the same figure.
    impact = get(client, user, "/reports/release-impact", compare="2025D", **APM_WINDOW)
    assert Decimal(str(impact["totals"]["as_logged"]["estimated_payment"])) == payment
    assert impact["conversion_factor_choice"] == "qualifying_apm"

    # Choosing the other factor values the 2026 cases again at once: every face follows.
    r = client.patch(
        "/api/v1/me", headers=user.headers, json={"conversion_factor_choice": "non_apm"}
    )
    assert r.status_code == 200, r.text
    payment_non, work_non = apm_expected(session, "non_apm")
    assert payment_non < payment
    totals = get(client, user, "/reports/totals", period="year", **APM_WINDOW)
    assert sum(Decimal(str(b["estimated_payment"])) for b in totals["buckets"]) == payment_non
    assert sum(Decimal(str(b["work_only_value"])) for b in totals["buckets"]) == work_non
    assert totals["conversion_factor_choice"] == "non_apm" and "33.4009" in totals["dollars_note"]
    impact = get(client, user, "/reports/release-impact", compare="2025D", **APM_WINDOW)
    assert Decimal(str(impact["totals"]["as_logged"]["estimated_payment"])) == payment_non


def test_the_same_work_only_value_in_every_face(client: TestClient, surgeon) -> None:  # noqa: ANN001
    """Work-only value is rounded per line, as payment is, so the months, the year, the case
    log, the PDF, the workbook and the release comparison add up the same cents (issue 21: the
    PDF's $5,939.69 beside the workbook's $5,939.68)."""
    user, _ = surgeon
    span = {"start": "2026-07-01", "end": "2026-11-27"}
    r = client.get("/api/v1/exports/cases", headers=user.headers, params=span)
    rows = list(csv.DictReader(io.StringIO(r.text)))
    want = sum(
        (cents(Decimal(x["Credited wRVU"]) * Decimal(x["Conversion factor"])) for x in rows),
        Decimal(0),
    )
    by_month = get(client, user, "/reports/totals", period="month", **span)["buckets"]
    (year,) = get(client, user, "/reports/totals", period="year", **span)["buckets"]
    assert sum(Decimal(str(b["work_only_value"])) for b in by_month) == want
    assert Decimal(str(year["work_only_value"])) == want
    impact = get(client, user, "/reports/release-impact", compare="2026C", **span)
    assert Decimal(str(impact["totals"]["as_logged"]["work_only_value"])) == want

    r = client.get("/api/v1/reports/productivity.pdf", headers=user.headers, params=span)
    whole = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    assert money(want) in whole
    r = client.get("/api/v1/exports/cases", headers=user.headers, params={**span, "format": "xlsx"})
    book = load_workbook(io.BytesIO(r.content))
    monthly = [row for row in book["Monthly"].iter_rows(values_only=True) if row[0] == "Total"]
    assert monthly[0][6] == float(want)
    log = book["Case log"] if "Case log" in book.sheetnames else book.worksheets[0]
    header = [c.value for c in log[1]]
    total_row = next(
        row for row in log.iter_rows(values_only=True) if str(row[0]).startswith("Total:")
    )
    assert total_row[header.index("Work-only value ($)")] == float(want)


def test_half_hundredths_add_up_the_same_everywhere(client: TestClient, surgeon) -> None:  # noqa: ANN001
    """Each line is credited in hundredths and every total adds the lines (issue 21: a year of
    135.685 shown 135.69 while its months and cases added to 135.70). Four lines here sit on a
    half hundredth; the cases, the months, the codes, the quarters, the case log and the summary
    all add up to one figure, and it is the sum of the lines as credited, not the exact sum."""
    user, to_date = surgeon
    span = {"start": "2026-07-01", "end": "2026-11-27"}
    cases = get(client, user, "/cases", limit=200, **span)["items"]
    exact = Decimal(0)
    for case in cases:
        lines = [Decimal(str(x["credited_wrvu"])) for x in case["lines"]]
        assert Decimal(str(case["total_wrvu"])) == sum(lines, Decimal(0))
        for x in case["lines"]:
            assert Decimal(str(x["credited_wrvu"])) == cents(Decimal(x["credited_wrvu_exact"]))
        exact += Decimal(case["total_wrvu_exact"])
    by_case = sum((Decimal(str(c["total_wrvu"])) for c in cases), Decimal(0))
    assert by_case == to_date and cents(exact) != to_date  # the rule matters for these cases
    months = get(client, user, "/reports/totals", period="month", **span)["buckets"]
    quarters = get(client, user, "/reports/totals", period="fiscal_quarter", **span)["buckets"]
    breakdown = get(client, user, "/reports/breakdown", **span)
    summary = get(client, user, "/reports/summary")
    r = client.get("/api/v1/exports/cases", headers=user.headers, params=span)
    log = sum(
        (Decimal(x["Credited wRVU"]) for x in csv.DictReader(io.StringIO(r.text))), Decimal(0)
    )
    for figure in (
        sum((Decimal(str(b["credited_wrvu"])) for b in months), Decimal(0)),
        sum((Decimal(str(b["credited_wrvu"])) for b in quarters), Decimal(0)),
        sum((Decimal(str(row["credited_wrvu"])) for row in breakdown["by_code"]), Decimal(0)),
        Decimal(str(breakdown["total"]["credited_wrvu"])),
        Decimal(str(summary["pace"]["year_to_date"])),
        log,
    ):
        assert figure == to_date
    assert Decimal(str(summary["pace"]["still_to_log"])) == Decimal(7000) - to_date


def test_no_page_of_the_pdf_holds_a_lone_paragraph(client: TestClient, surgeon) -> None:  # noqa: ANN001
    """The trial of stop 33: the method ran its provisional-lines note onto a page of its own,
    then "Next year" began on the page after, leaving a page with one paragraph on it."""
    user, _ = surgeon
    r = client.get("/api/v1/reports/productivity.pdf", headers=user.headers)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages]
    assert any("line(s) are provisional" in p for p in pages)  # the note that ran over
    assert "Your log under an earlier release, 2025D" in " ".join(pages)
    for number, text in enumerate(pages, start=1):
        body = [line for line in text.splitlines() if "rvuedge productivity report ·" not in line]
        assert len(" ".join(body)) > 600, f"page {number} of {len(pages)}: {body}"
