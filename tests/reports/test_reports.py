import pytest
from fastapi.testclient import TestClient

from tests.factories import SignedIn, log_case, make_user


@pytest.fixture
def user(client: TestClient) -> SignedIn:
    return make_user(client, profile={"fiscal_year_start_month": 7, "time_zone": "America/Chicago"})


@pytest.fixture
def logbook(client: TestClient, user: SignedIn) -> SignedIn:
    log_case(client, user, "2025-12-31", "47562")  # 10.47 (2025D)
    log_case(client, user, "2026-01-05", "47562", site="Main OR")  # 10.21
    log_case(client, user, "2026-03-31", "47562", "49505", site="ASC")  # 10.21 + 7.76 / 2 = 14.09
    log_case(client, user, "2026-07-01", "99213", site="Clinic")  # 1.30
    log_case(client, user, "2026-11-27", "44970", site="Main OR")  # 9.21
    gone = log_case(client, user, "2026-11-26", "47562")
    client.delete(f"/api/v1/cases/{gone['id']}", headers=user.headers)
    return user


def totals(client: TestClient, user: SignedIn, **params) -> dict:  # noqa: ANN003
    r = client.get("/api/v1/reports/totals", headers=user.headers, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_month_totals_with_empty_months(client, logbook) -> None:  # noqa: ANN001
    got = totals(client, logbook, period="month", start="2025-12-15", end="2026-04-10")
    rows = [
        (b["label"], b["start"], b["end"], b["cases"], b["lines"], b["credited_wrvu"])
        for b in got["buckets"]
    ]
    assert rows == [
        ("2025-12", "2025-12-15", "2025-12-31", 1, 1, 10.47),
        ("2026-01", "2026-01-01", "2026-01-31", 1, 1, 10.21),
        ("2026-02", "2026-02-01", "2026-02-28", 0, 0, 0.0),
        ("2026-03", "2026-03-01", "2026-03-31", 1, 2, 14.09),
        ("2026-04", "2026-04-01", "2026-04-10", 0, 0, 0.0),
    ]
    march = got["buckets"][3]
    assert march["base_wrvu"] == 17.97
    assert march["work_only_value"] == round(14.09 * 33.4009, 2)
    assert got["total_credited_wrvu"] == 34.77


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("day", {"2026-01-05": 10.21, "2026-11-27": 9.21}),
        # 2025-12-31 is a Wednesday of ISO week 2026-W01.
        (
            "week",
            {
                "2026-W01": 10.47,
                "2026-W02": 10.21,
                "2026-W14": 14.09,
                "2026-W27": 1.30,
                "2026-W48": 9.21,
            },
        ),
        (
            "quarter",
            {"2025-Q4": 10.47, "2026-Q1": 24.30, "2026-Q2": 0.0, "2026-Q3": 1.30, "2026-Q4": 9.21},
        ),
        ("year", {"2025": 10.47, "2026": 34.81}),
        ("fiscal_year", {"FY2026": 34.77, "FY2027": 10.51}),
    ],
)
def test_every_period_type(client, logbook, period: str, expected: dict) -> None:  # noqa: ANN001
    got = totals(client, logbook, period=period, start="2025-12-01", end="2026-11-27")
    by_label = {b["label"]: b["credited_wrvu"] for b in got["buckets"]}
    for label, value in expected.items():
        assert by_label[label] == pytest.approx(value, abs=0.001), label
    assert sum(by_label.values()) == pytest.approx(45.28, abs=0.001)


def test_fiscal_year_bucket_edges(client, logbook) -> None:  # noqa: ANN001
    got = totals(client, logbook, period="fiscal_year", start="2025-12-01", end="2026-11-27")[
        "buckets"
    ]
    assert [(b["start"], b["end"]) for b in got] == [
        ("2025-12-01", "2026-06-30"),
        ("2026-07-01", "2026-11-27"),
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"period": "fortnight"},
        {"start": "2026-02-01", "end": "2026-01-01"},
        {"period": "day", "start": "2000-01-01", "end": "2026-01-01"},
        {"start": "not-a-date"},
    ],
)
def test_bad_totals_requests(client, user, params: dict) -> None:  # noqa: ANN001
    r = client.get("/api/v1/reports/totals", headers=user.headers, params=params)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"


def test_breakdown(client, logbook) -> None:  # noqa: ANN001
    r = client.get(
        "/api/v1/reports/breakdown",
        headers=logbook.headers,
        params={"start": "2026-01-01", "end": "2026-12-31"},
    ).json()
    assert r["by_code"][0] == {
        "key": "47562",
        "cases": 2,
        "lines": 2,
        "credited_wrvu": 20.42,
        "base_wrvu": 20.42,
    }
    assert {row["key"]: row["credited_wrvu"] for row in r["by_site"]} == {
        "Main OR": 19.42,
        "ASC": 14.09,
        "Clinic": 1.3,
    }
    assert {row["key"] for row in r["by_category"]} == {"Surgery", "Evaluation & Management"}
    assert r["by_role"] == [
        {"key": "surgeon", "cases": 4, "lines": 5, "credited_wrvu": 34.81, "base_wrvu": 38.69}
    ]
    assert {e["rule"]: e["wrvu_change"] for e in r["by_rule"]} == {"multiple_procedure": -3.88}


def test_summary_and_pace(client, logbook) -> None:  # noqa: ANN001
    client.patch(
        "/api/v1/me",
        headers=logbook.headers,
        json={"monthly_wrvu_goal": 20, "annual_wrvu_goal": 100, "clinical_fte": 0.5},
    )
    r = client.get("/api/v1/reports/summary", headers=logbook.headers).json()
    windows = {w["name"]: w["credited_wrvu"] for w in r["windows"]}
    # Pinned now: 2026-11-27 15:00 UTC, which is 09:00 on the 27th in Chicago.
    assert r["today"] == "2026-11-27"
    assert windows == {
        "today": 9.21,
        "this_week": 9.21,
        "month_to_date": 9.21,
        "quarter_to_date": 9.21,
        "year_to_date": 34.81,
        "fiscal_year_to_date": 10.51,
        "trailing_12_months": 45.28,
        "all_time": 45.28,
    }
    assert r["monthly_goal"] == {
        "goal": 20.0,
        "achieved": 9.21,
        "percent": 46.1,
        "period": "2026-11",
    }
    # The fiscal year starts in July: goal and pace run over FY2027 (2026-07-01 to 2027-06-30).
    assert r["fiscal_year_start_month"] == 7
    assert r["annual_goal"] == {
        "goal": 100.0,
        "achieved": 10.51,
        "percent": 10.5,
        "period": "FY2027",
    }
    pace = r["pace"]
    assert (pace["basis"], pace["label"], pace["period_start"], pace["period_end"]) == (
        "fiscal_year",
        "FY2027",
        "2026-07-01",
        "2027-06-30",
    )
    assert pace["year_to_date"] == 10.51
    assert pace["days_elapsed"] == 150 and pace["days_in_year"] == 365
    assert pace["projected_year_end"] == round(10.51 / 150 * 365, 2)
    assert pace["projected_per_fte"] == round(10.51 / 150 * 365 / 0.5, 2)
    assert pace["remaining_months"] == 8  # November to June
    assert pace["needed_per_remaining_month"] == 11.19  # 89.49 / 8 = 11.18625
    assert "fiscal year FY2027" in pace["method"]
    # The calendar figures beside them.
    assert r["calendar_annual_goal"] == {
        "goal": 100.0,
        "achieved": 34.81,
        "percent": 34.8,
        "period": "2026",
    }
    calendar = r["calendar_pace"]
    assert (calendar["basis"], calendar["label"]) == ("calendar_year", "2026")
    assert calendar["days_elapsed"] == 331 and calendar["days_in_year"] == 365
    assert calendar["projected_year_end"] == round(34.81 / 331 * 365, 2)
    assert calendar["projected_per_fte"] == round(34.81 / 331 * 365 / 0.5, 2)
    assert (
        calendar["remaining_months"] == 2 and calendar["needed_per_remaining_month"] == 32.6
    )  # 65.19 / 2 = 32.595, half up


def test_summary_on_a_calendar_fiscal_year(client, logbook) -> None:  # noqa: ANN001
    client.patch(
        "/api/v1/me",
        headers=logbook.headers,
        json={"fiscal_year_start_month": 1, "annual_wrvu_goal": 100},
    )
    r = client.get("/api/v1/reports/summary", headers=logbook.headers).json()
    assert r["annual_goal"]["period"] == "2026" and r["annual_goal"]["achieved"] == 34.81
    assert r["pace"]["basis"] == "calendar_year" and r["pace"]["days_elapsed"] == 331
    assert r["calendar_annual_goal"] is None and r["calendar_pace"] is None


def test_time_zone_where_it_is_already_tomorrow(client, logbook) -> None:  # noqa: ANN001
    log_case(client, logbook, "2026-11-28", "99213")  # allowed: at most one day ahead
    client.patch(
        "/api/v1/me", headers=logbook.headers, json={"time_zone": "Pacific/Kiritimati"}
    )  # UTC+14
    r = client.get("/api/v1/reports/summary", headers=logbook.headers).json()
    assert r["today"] == "2026-11-28"
    assert {w["name"]: w["credited_wrvu"] for w in r["windows"]}["today"] == 1.3


def test_empty_log(client, user) -> None:  # noqa: ANN001
    r = client.get("/api/v1/reports/summary", headers=user.headers).json()
    assert (
        all(w["credited_wrvu"] == 0 for w in r["windows"]) and r["pace"]["projected_year_end"] == 0
    )
    assert (
        totals(client, user, period="year", start="2026-01-01", end="2026-12-31")["buckets"][0][
            "cases"
        ]
        == 0
    )


def test_estimated_payment_uses_the_profile_locality(client, user) -> None:  # noqa: ANN001
    national = log_case(client, user, "2026-09-01", "44314")
    assert national["payment_locality"] is None
    client.patch("/api/v1/me", headers=user.headers, json={"locality": "02102-01"})  # Alaska
    local = log_case(client, user, "2026-09-02", "44314")
    assert local["payment_locality"] == "02102-01"
    days = {
        b["label"]: b
        for b in totals(client, user, period="day", start="2026-09-01", end="2026-09-02")["buckets"]
    }
    assert days["2026-09-01"]["estimated_payment"] == 935.56  # 28.01 x 33.4009
    # (16.32 x 1.5 + 8.33 x 1.065 + 3.36 x 0.551) x 33.4009, the code card's Alaska figure
    assert days["2026-09-02"]["estimated_payment"] == 1175.81
    assert days["2026-09-02"]["work_only_value"] == days["2026-09-01"]["work_only_value"]


def test_other_users_cases_never_count(client, logbook) -> None:  # noqa: ANN001
    other = make_user(client, "other@example.org")
    assert (
        totals(client, other, period="year", start="2025-01-01", end="2026-12-31")[
            "total_credited_wrvu"
        ]
        == 0
    )
