from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from rvuedge.benchmarks.csv_file import parse_benchmark_csv
from rvuedge.benchmarks.models import BenchmarkTable
from rvuedge.benchmarks.service import import_tables
from rvuedge.errors import ImportFailed
from tests.factories import make_user

HEADER = "source,survey_year,specialty,setting,metric,p10,p25,p50,p75,p90,mean,n,notes\n"
TABLES = HEADER + (
    "Test survey,2026,General Surgery,all,annual_wrvu_per_fte,,5500,7200,9000,11500,,120,\n"
    "Test survey,2026,General Surgery,all,total_compensation,,420000,520000,640000,760000,,120,\n"
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tables.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_tables_are_labelled(client: TestClient) -> None:
    tables = client.get("/api/v1/benchmarks", params={"specialty": "general surgery"}).json()
    assert len(tables) == 3 and all(t["is_sample"] for t in tables)
    assert all("not MGMA" in t["source"] and "not MGMA" in t["label"] for t in tables)
    site = next(t for t in tables if t["source"].startswith("rvuedge_site_2026"))
    assert (site["p25"], site["p50"], site["p75"], site["p90"]) == (5500, 7200, 9000, 11500)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("source,survey_year,specialty,p50,p75\nx,2026,GS,1,2\n", "missing column(s) metric"),
        (
            HEADER + "S,2026,GS,all,annual_wrvu_per_fte,,5500,abc,9000,,,,\n",
            "line 2, column p50: 'abc' must be a positive number below 10,000,000",
        ),
        (
            HEADER + "S,2026,GS,all,annual_wrvu_per_fte,,5500,9000,7200,,,,\n",
            "line 2, column p75: 7200 does not increase",
        ),
        (HEADER + "S,2026,GS,all,wrvus,,5500,7200,,,,,\n", "line 2, column metric: 'wrvus'"),
        (HEADER + "S,2026,GS,all,annual_wrvu_per_fte,,,7200,,,,,\n", "at least two percentiles"),
        (HEADER + "S,2026,GS,all,annual_wrvu_per_fte,,-1,7200,,,,,\n", "must be a positive number"),
    ],
)
def test_bad_csv_names_row_and_column(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ImportFailed, match=message.replace("(", "\\(").replace(")", "\\)")):
        parse_benchmark_csv(write(tmp_path, text))


def test_import_is_atomic_and_idempotent(tmp_path: Path, session: Session) -> None:
    before = session.exec(select(func.count()).select_from(BenchmarkTable)).one()
    broken = TABLES + "Test survey,2026,Urology,all,annual_wrvu_per_fte,,x,7200,,,,,\n"
    with pytest.raises(ImportFailed, match="line 4"):
        parse_benchmark_csv(write(tmp_path, broken))
    assert session.exec(select(func.count()).select_from(BenchmarkTable)).one() == before
    rows = parse_benchmark_csv(write(tmp_path, TABLES))
    assert import_tables(session, rows) == {"created": 2, "updated": 0, "unchanged": 0}
    assert import_tables(session, rows) == {"created": 0, "updated": 0, "unchanged": 2}


def test_cli_import(
    tmp_path: Path, empty_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rvuedge.cli import app
    from rvuedge.config import get_settings
    from rvuedge.db import get_engine

    monkeypatch.setenv("RVUEDGE_DATABASE_URL", empty_database_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        runner = CliRunner()
        runner.invoke(app, ["db", "upgrade"])
        ok = runner.invoke(app, ["import-benchmarks", str(write(tmp_path, TABLES))])
        assert ok.exit_code == 0 and "2 created" in ok.output
        bad = runner.invoke(
            app, ["import-benchmarks", str(write(tmp_path, HEADER + "S,2026,GS,all,x,,1,2,,,,,\n"))]
        )
        assert bad.exit_code == 1 and "nothing was written" in bad.output
    finally:
        get_engine().dispose()
        get_settings.cache_clear()
        get_engine.cache_clear()


@pytest.fixture
def surgeon(client: TestClient, session: Session, tmp_path: Path):  # noqa: ANN201
    import_tables(session, parse_benchmark_csv(write(tmp_path, TABLES)))
    session.commit()
    user = make_user(client)
    client.patch(
        "/api/v1/me",
        headers=user.headers,
        json={
            "specialty": "general surgery",
            "clinical_fte": 0.1,
            "benchmark_source": "Test survey",
        },
    )
    # Two cases of 99291 x 90 units (4.50 each) in 2025: 810 wRVU at 0.1 FTE = 8,100 per FTE.
    for dos in ("2025-03-02", "2025-09-09"):
        r = client.post(
            "/api/v1/cases",
            headers=user.headers,
            json={"date_of_service": dos, "lines": [{"code": "99291", "units": 90}]},
        )
        assert r.status_code == 201, r.text
    return user


def test_issue_example_62_5th_percentile(client: TestClient, surgeon) -> None:  # noqa: ANN001
    r = client.get(
        "/api/v1/reports/benchmark", headers=surgeon.headers, params={"basis": "calendar_year:2025"}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["specialty"] == "General Surgery" and body["table"]["source"] == "Test survey"
    assert body["wrvu_in_period"] == 810 and body["wrvu_per_fte"] == 8100
    assert body["percentile"] == 62.5 and body["position"] == "within"
    # The 75th percentile is 9,000 per 1.0 FTE: 900 wRVU at 0.1 FTE, 90 more than the year's 810.
    assert body["to_reach"][0] == {
        "percentile": 75,
        "wrvu_per_fte": 9000,
        "target_wrvu": 900,
        "still_needed": 90,
        "per_remaining_month": None,
    }
    assert "interpolat" in body["method"] and body["caveat"] is None


def test_default_table_and_annualized_basis(client: TestClient, surgeon) -> None:  # noqa: ANN001
    client.patch("/api/v1/me", headers=surgeon.headers, json={"benchmark_source": None})
    body = client.get("/api/v1/reports/benchmark", headers=surgeon.headers).json()
    # By default: the physician's own year (here the calendar year) to date, annualized.
    assert body["basis"] == "fiscal_ytd_annualized" and body["wrvu_in_period"] == 0
    assert body["period_start"] == "2026-01-01" and body["year"]["label"] == "2026"
    assert body["position"] == "below" and body["percentile"] is None
    assert "below the" in body["rank_text"]
    assert body["remaining_months"] == 2
    # Newest survey year, then 'all', then by source name; the sample tables carry a caveat.
    assert body["table"]["survey_year"] == 2026


def test_fiscal_year_bases(client: TestClient, surgeon) -> None:  # noqa: ANN001
    client.patch("/api/v1/me", headers=surgeon.headers, json={"fiscal_year_start_month": 7})
    r = client.post(
        "/api/v1/cases",
        headers=surgeon.headers,
        json={"date_of_service": "2026-08-01", "lines": [{"code": "99291", "units": 90}]},
    )
    assert r.status_code == 201, r.text

    def bench(basis: str) -> dict:
        r = client.get(
            "/api/v1/reports/benchmark", headers=surgeon.headers, params={"basis": basis}
        )
        assert r.status_code == 200, r.text
        return r.json()

    # FY2027 runs 2026-07-01 to 2027-06-30; on 2026-11-27, 150 of its 365 days have passed.
    ytd = bench("fiscal_ytd_annualized")
    assert (ytd["period_start"], ytd["period_end"]) == ("2026-07-01", "2026-11-27")
    assert ytd["wrvu_in_period"] == 405 and ytd["annual_wrvu"] == round(405 / 150 * 365, 2)
    assert ytd["remaining_months"] == 8 and "FY2027" in ytd["method"]
    # The calendar basis is still there, and differs.
    assert bench("ytd_annualized")["annual_wrvu"] == round(405 / 331 * 365, 2)
    past = bench("fiscal_year:FY2026")  # 2025-07-01 to 2026-06-30: the September 2025 case
    assert (past["period_start"], past["period_end"]) == ("2025-07-01", "2026-06-30")
    assert past["wrvu_in_period"] == 405 and past["wrvu_per_fte"] == 4050
    assert past["remaining_months"] == 0 and past["to_reach"][0]["per_remaining_month"] is None
    current = bench("fiscal_year:FY2027")
    assert current["annual_wrvu"] == 405 and current["remaining_months"] == 8
    assert bench("fiscal_year")["period_start"] == "2026-07-01"
    refused = client.get(
        "/api/v1/reports/benchmark",
        headers=surgeon.headers,
        params={"basis": "fiscal_year:FY2028"},
    )
    assert refused.status_code == 422 and "FY2028" in refused.json()["detail"]


def test_compensation_against_its_own_table(client: TestClient, surgeon) -> None:  # noqa: ANN001
    client.patch(
        "/api/v1/me",
        headers=surgeon.headers,
        json={
            "compensation_plan": {
                "base_salary": 400000,
                "wrvu_threshold": 500,
                "dollars_per_wrvu": 100,
            }
        },
    )
    body = client.get(
        "/api/v1/reports/benchmark", headers=surgeon.headers, params={"basis": "calendar_year:2025"}
    ).json()
    comp = body["compensation"]
    assert comp["estimated_annual_pay"] == 400000 + 310 * 100
    assert comp["compensation_table"]["metric"] == "total_compensation"
    # 431,000 between the 25th (420,000) and 50th (520,000): 25 + 25 x 11,000 / 100,000 = 27.75
    assert comp["compensation_position"] == "within" and comp["compensation_percentile"] == 27.8


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"specialty": "Astrology"}, 404),
        ({"basis": "forever"}, 422),
        ({"basis": "calendar_year:1999"}, 422),
        ({"basis": "calendar_year:2027"}, 422),
        ({"basis": "fiscal_year:2027"}, 422),
        ({"basis": "fiscal_year:FY1999"}, 422),
        ({"source": "No such survey"}, 404),
    ],
)
def test_bad_benchmark_requests(client: TestClient, surgeon, params: dict, status: int) -> None:  # noqa: ANN001
    r = client.get("/api/v1/reports/benchmark", headers=surgeon.headers, params=params)
    assert r.status_code == status
    if params.get("specialty") == "Astrology":
        assert "General Surgery" in r.json()["available"]


def test_profile_specialty_must_match_a_table(client: TestClient) -> None:
    user = make_user(client)
    r = client.patch("/api/v1/me", headers=user.headers, json={"specialty": "Astrology"})
    assert r.status_code == 422 and "General Surgery" in r.json()["detail"]
    ok = client.patch("/api/v1/me", headers=user.headers, json={"specialty": "urology"})
    assert ok.json()["specialty"] == "Urology"


def test_compensation_from_the_pay_plans(client: TestClient, surgeon) -> None:  # noqa: ANN001
    plan = {
        "name": "Example Group 2025",
        "effective_from": "2025-01-01",
        "base_salary": 400000,
        "threshold_wrvu": 500,
        "bands": [
            {"from_wrvu": 500, "dollars_per_wrvu": 100},
            {"from_wrvu": 700, "dollars_per_wrvu": 120},
        ],
        "accrual": "marginal",
        "measurement_period": "plan_year",
    }
    created = client.post("/api/v1/me/pay-plans", headers=surgeon.headers, json=plan)
    assert created.status_code == 201, created.text

    def compensation() -> dict:
        return client.get(
            "/api/v1/reports/benchmark",
            headers=surgeon.headers,
            params={"basis": "calendar_year:2025"},
        ).json()["compensation"]

    comp = compensation()  # the year's 810 wRVU: 200 at $100, then 110 at $120
    assert comp["estimated_annual_pay"] == 400000 + 200 * 100 + 110 * 120
    assert "Example Group 2025" in comp["method"] and "pay plans" in comp["method"]
    # Retroactive: once the second band is reached, every wRVU above the threshold pays $120.
    plan_id = created.json()["id"]
    r = client.patch(
        f"/api/v1/me/pay-plans/{plan_id}", headers=surgeon.headers, json={"accrual": "retroactive"}
    )
    assert r.status_code == 200, r.text
    assert compensation()["estimated_annual_pay"] == 400000 + 310 * 120
    # A plan that starts mid-year pays only for the days it covers, and says so.
    r = client.patch(
        f"/api/v1/me/pay-plans/{plan_id}",
        headers=surgeon.headers,
        json={"effective_from": "2025-07-01"},
    )
    assert r.status_code == 200, r.text
    assert "No plan covers 2025-01-01 to 2025-06-30" in compensation()["method"]
