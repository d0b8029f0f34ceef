"""The case log export: CSV streaming, totals equal to the reports, escaping, isolation, errors."""

import csv
import io
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from rvuedge.exports.caselog import iter_log_lines
from rvuedge.users.models import User
from tests.factories import SignedIn, log_case, make_user

CENT = Decimal("0.01")
RANGE = {"start": "2026-07-01", "end": "2026-11-27"}


def _csv(client: TestClient, user: SignedIn, **params) -> list[dict]:  # noqa: ANN003
    r = client.get("/api/v1/exports/cases", headers=user.headers, params=params)
    assert r.status_code == 200, r.text
    assert r.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))


def _round(value: Decimal) -> float:
    return float(value.quantize(CENT, ROUND_HALF_UP))


def test_csv_headers_and_file_name(client: TestClient, surgeon: SignedIn) -> None:
    r = client.get("/api/v1/exports/cases", headers=surgeon.headers, params=RANGE)
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == (
        'attachment; filename="rvuedge-cases-2026-07-01-to-2026-11-27.csv"'
    )
    assert b"\r\n" in r.content  # CRLF rows, as Excel writes them
    # Without dates: the fiscal year to date (July fiscal year, today 2026-11-27 in Chicago).
    default = client.get("/api/v1/exports/cases", headers=surgeon.headers)
    assert "rvuedge-cases-2026-07-01-to-2026-11-27.csv" in default.headers["content-disposition"]


def test_csv_totals_equal_the_reports(client: TestClient, surgeon: SignedIn) -> None:
    rows = _csv(client, surgeon, **RANGE)
    totals = client.get(
        "/api/v1/reports/totals", headers=surgeon.headers, params={**RANGE, "period": "year"}
    ).json()
    breakdown = client.get("/api/v1/reports/breakdown", headers=surgeon.headers, params=RANGE)
    (year,) = totals["buckets"]

    credited = sum(Decimal(r["Credited wRVU"]) for r in rows)  # hundredths per line
    work_only = sum(Decimal(r["Work-only value ($)"]) for r in rows)  # cents per line
    assert float(credited) == totals["total_credited_wrvu"] == year["credited_wrvu"] == 51.58
    assert float(work_only) == year["work_only_value"]
    for r in rows:  # each line credited in hundredths, its value that credit x CF in cents
        exact = Decimal(r["Credited wRVU (exact)"])
        assert Decimal(r["Credited wRVU"]) == exact.quantize(Decimal("0.01"), ROUND_HALF_UP)
        value = Decimal(r["Credited wRVU"]) * Decimal(r["Conversion factor"])
        assert float(r["Work-only value ($)"]) == _round(value)
    assert (
        float(sum(Decimal(r["Estimated payment ($)"]) for r in rows)) == (year["estimated_payment"])
    )
    assert _round(sum(Decimal(r["Base wRVU"]) for r in rows)) == year["base_wrvu"]
    assert len(rows) == year["lines"] == 7
    assert len({r["Case ID"] for r in rows}) == year["cases"] == 5

    by_code: dict[str, Decimal] = defaultdict(Decimal)
    for r in rows:
        by_code[r["Code"]] += Decimal(r["Credited wRVU (exact)"])
    assert {k: _round(v) for k, v in by_code.items()} == {
        row["key"]: row["credited_wrvu"] for row in breakdown.json()["by_code"]
    }


def test_csv_rows_explain_each_line(client: TestClient, surgeon: SignedIn) -> None:
    rows = _csv(client, surgeon, **RANGE)
    hernia = next(r for r in rows if r["Code"] == "49505")
    assert hernia["Date of service"] == "2026-07-02"
    assert hernia["Name"].startswith("Inguinal hernia repair")
    assert hernia["Adjustments"] == "multiple_procedure ×0.5"
    assert (hernia["Base wRVU"], hernia["Credited wRVU"]) == ("7.76", "3.88")
    assert hernia["Release"] == "2026C" and hernia["Provisional"] == "no"
    node = next(r for r in rows if r["Code"] == "38525")
    assert (node["Credited wRVU (exact)"], node["Credited wRVU"]) == ("3.135", "3.14")
    # October's release (2026D) is not imported: valued with 2026C, provisional.
    assert node["Provisional"] == "yes"
    assert "Note" not in rows[0]
    # Oldest first; the deleted case and the case before the range are not there.
    assert [r["Date of service"] for r in rows] == sorted(r["Date of service"] for r in rows)
    assert "2026-11-26" not in {r["Date of service"] for r in rows}
    assert "2026-06-30" not in {r["Date of service"] for r in rows}


def test_text_cells_are_escaped_against_formulas(client: TestClient, surgeon: SignedIn) -> None:
    rows = _csv(client, surgeon, **RANGE)
    sites = {r["Site"] for r in rows}
    assert '\'=HYPERLINK("http://x")' in sites and "'+ASC" in sites and "'@Main OR" in sites
    assert not any(s.startswith(("=", "+", "-", "@")) for r in rows for s in r.values())


def test_notes_only_when_asked(client: TestClient, surgeon: SignedIn) -> None:
    rows = _csv(client, surgeon, include_notes="true", **RANGE)
    assert list(rows[0])[-1] == "Note"
    assert {r["Note"] for r in rows} == {"left side", ""}


def test_another_users_log_never_shows(client: TestClient, surgeon: SignedIn) -> None:
    other = make_user(client, "other@example.org")
    log_case(client, other, "2026-08-01", "27447", site="Other hospital")
    mine = _csv(client, surgeon, **RANGE)
    theirs = _csv(client, other, **RANGE)
    assert "27447" not in {r["Code"] for r in mine}
    assert [(r["Code"], r["Site"]) for r in theirs] == [("27447", "Other hospital")]


def test_no_cases_still_opens_and_says_so(client: TestClient) -> None:
    nobody = make_user(client, "new@example.org")
    r = client.get("/api/v1/exports/cases", headers=nobody.headers, params=RANGE)
    lines = r.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Date of service,Case ID")
    assert lines[1:] == ["no cases in this period"]


def test_bad_requests(client: TestClient, surgeon: SignedIn) -> None:
    def get(**params) -> dict:  # noqa: ANN003
        r = client.get("/api/v1/exports/cases", headers=surgeon.headers, params=params)
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == "application/problem+json"
        return r.json()

    assert "'csv' or 'xlsx'" in get(format="pdf")["detail"]
    assert "before start" in get(start="2026-05-01", end="2026-04-01")["detail"]
    assert "20 years" in get(start="2000-01-01", end="2026-01-01")["detail"]
    assert client.get("/api/v1/exports/cases").status_code == 401


def test_pages_follow_each_other_without_gaps(
    engine: Engine, client: TestClient, surgeon: SignedIn
) -> None:
    for _ in range(3):  # several cases on one day: the page key must order within the date
        log_case(client, surgeon, "2026-09-09", "47562", "49505", "44970")
    with Session(engine) as s:
        user_id = s.exec(select(User.id).where(User.email == surgeon.email)).one()
    whole = list(
        iter_log_lines(engine, user_id=user_id, start=date(2026, 1, 1), end=date(2026, 12, 31))
    )
    paged = list(
        iter_log_lines(
            engine, user_id=user_id, start=date(2026, 1, 1), end=date(2026, 12, 31), page_size=2
        )
    )
    assert len(whole) == 17 and paged == whole
    keys = [(x.date_of_service, str(x.case_id), x.position) for x in whole]
    assert len(set(keys)) == len(keys)
