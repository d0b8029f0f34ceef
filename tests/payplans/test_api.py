"""/api/v1/me/pay-plans and the compensation reports, through the API."""

from datetime import date
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from tests.factories import SignedIn, log_case, make_user

PLANS = "/api/v1/me/pay-plans"
REPORT = "/api/v1/reports/compensation"


def terms(**changes: object) -> dict:
    body: dict = {
        "name": "Mercy Surgical 2026",
        "effective_from": "2026-01-01",
        "base_salary": 240000,
        "threshold_wrvu": 0,
        "bands": [{"from_wrvu": 0, "dollars_per_wrvu": 60}],
    }
    body.update(changes)
    return body


def months(*values: float) -> list[float]:
    return list(values) + [0] * (12 - len(values))


def compare(client: TestClient, user: SignedIn, plans: list[dict], **basis: object) -> dict:
    r = client.post(f"{REPORT}/compare", headers=user.headers, json={"plans": plans, **basis})
    assert r.status_code == 200, r.text
    return r.json()


# --- The worked examples of the issue, through the API ----------------------------------------


def test_base_plus_60_per_wrvu_on_5000_is_540000(client: TestClient) -> None:
    user = make_user(client)
    body = compare(client, user, [terms()], wrvu_by_month=months(*[500] * 10))
    totals = body["results"][0]["totals"]
    assert (totals["credited_wrvu"], totals["total_pay"]) == (5000, 540000)
    assert totals["dollars_per_wrvu"] == 108
    assert body["basis"] == "what_if" and body["plan_year"] == "2026"


def test_marginal_and_retroactive_bands_side_by_side(client: TestClient) -> None:
    user = make_user(client)
    bands = [
        {"from_wrvu": 0, "dollars_per_wrvu": 55},
        {"from_wrvu": 4500, "dollars_per_wrvu": 65},
        {"from_wrvu": 7000, "dollars_per_wrvu": 75},
    ]
    body = compare(
        client,
        user,
        [
            terms(name="marginal", base_salary=0, bands=bands, accrual="marginal"),
            terms(name="retroactive", base_salary=0, bands=bands, accrual="retroactive"),
        ],
        wrvu_by_month=[625] * 12,
    )
    pay = {r["plan"]: r["totals"]["total_pay"] for r in body["results"]}
    assert pay == {"marginal": 447500, "retroactive": 562500}


def test_quarterly_and_annual_measurement_compared(client: TestClient) -> None:
    user = make_user(client)
    quarterly = terms(
        name="quarterly",
        base_salary=0,
        threshold_wrvu=1250,
        bands=[{"from_wrvu": 1250, "dollars_per_wrvu": 50}],
        measurement_period="quarter",
    )
    annual = terms(
        name="annual",
        base_salary=0,
        threshold_wrvu=5000,
        bands=[{"from_wrvu": 5000, "dollars_per_wrvu": 50}],
        measurement_period="plan_year",
    )
    body = compare(
        client,
        user,
        [quarterly, annual],
        wrvu_by_month=months(1000, 0, 0, 1600, 0, 0, 1300, 0, 0, 1400),
    )
    by_plan = {r["plan"]: r for r in body["results"]}
    assert [p["incentive_earned"] for p in by_plan["quarterly"]["periods"]] == [
        0,
        17500,
        2500,
        7500,
    ]
    assert [p["threshold_wrvu"] for p in by_plan["quarterly"]["periods"]] == [1250] * 4
    assert by_plan["quarterly"]["totals"]["incentive_earned"] == 27500
    assert by_plan["annual"]["totals"]["incentive_earned"] == 15000
    assert by_plan["annual"]["totals"]["credited_wrvu"] == 5300


def test_a_quarter_that_earns_50000_against_20000_monthly_draws_owes_10000(
    client: TestClient,
) -> None:
    user = make_user(client)
    plan = terms(
        base_salary=0,
        bands=[{"from_wrvu": 0, "dollars_per_wrvu": 50}],
        measurement_period="quarter",
        monthly_draw=20000,
        true_up="quarter",
        clawback=True,
    )
    q1 = compare(client, user, [plan], wrvu_by_month=months(400, 300, 300))["results"][0][
        "periods"
    ][0]
    assert (q1["incentive_earned"], q1["draws_paid"], q1["true_up"]) == (50000, 60000, -10000)
    assert "clawback on" in q1["method"]


# --- The resource -----------------------------------------------------------------------------


def test_pay_plan_crud(client: TestClient) -> None:
    user = make_user(client)
    r = client.post(PLANS, headers=user.headers, json=terms(effective_to="2026-06-30"))
    assert r.status_code == 201, r.text
    plan = r.json()
    assert r.headers["location"] == f"{PLANS}/{plan['id']}"
    assert plan["bands"] == [{"from_wrvu": 0.0, "dollars_per_wrvu": 60.0}]
    assert plan["accrual"] == "marginal" and plan["measurement_period"] == "plan_year"
    second = client.post(
        PLANS,
        headers=user.headers,
        json=terms(name="New contract", effective_from="2026-07-01", base_salary=250000),
    ).json()
    listed = client.get(PLANS, headers=user.headers).json()
    assert [p["name"] for p in listed] == ["Mercy Surgical 2026", "New contract"]
    patched = client.patch(
        f"{PLANS}/{second['id']}", headers=user.headers, json={"guarantee": 300000}
    ).json()
    assert patched["guarantee"] == 300000 and patched["base_salary"] == 250000
    # A PATCH is checked as a whole plan: moving the start into the first plan overlaps it.
    r = client.patch(
        f"{PLANS}/{second['id']}", headers=user.headers, json={"effective_from": "2026-06-01"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "effective_from"]
    r = client.patch(f"{PLANS}/{second['id']}", headers=user.headers, json={"monthly_draw": 10000})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "true_up"]
    assert (
        client.get(f"{PLANS}/{second['id']}", headers=user.headers).json()["monthly_draw"] is None
    )
    assert client.delete(f"{PLANS}/{second['id']}", headers=user.headers).status_code == 204
    assert client.get(f"{PLANS}/{second['id']}", headers=user.headers).status_code == 404
    assert len(client.get(PLANS, headers=user.headers).json()) == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {
                "bands": [
                    {"from_wrvu": 0, "dollars_per_wrvu": 50},
                    {"from_wrvu": 0, "dollars_per_wrvu": 60},
                ]
            },
            "bands",
        ),
        (
            {
                "bands": [
                    {"from_wrvu": 0, "dollars_per_wrvu": 50},
                    {"from_wrvu": 100, "dollars_per_wrvu": 40},
                ]
            },
            "bands",
        ),
        ({"threshold_wrvu": 100}, "bands"),  # the first band must start at the threshold
        ({"bands": [{"from_wrvu": 0, "dollars_per_wrvu": -5}]}, "bands"),
        ({"bands": []}, "bands"),
        ({"monthly_draw": 20000}, "true_up"),
        ({"true_up": "week", "monthly_draw": 1}, "true_up"),
        ({"accrual": "sometimes"}, "accrual"),
        ({"measurement_period": "week"}, "measurement_period"),
        ({"base_salary": -1}, "base_salary"),
        ({"fte": 1.5}, "fte"),
        ({"effective_to": "2025-12-31"}, "effective_to"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_plans_are_422_naming_the_field(client: TestClient, changes: dict, field: str) -> None:
    user = make_user(client)
    r = client.post(PLANS, headers=user.headers, json=terms(**changes))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert any(field in map(str, e["loc"]) for e in problem["errors"]), problem
    # Compare checks hypothetical plans the same way (their dates aside), and saves nothing.
    r = client.post(
        f"{REPORT}/compare",
        headers=user.headers,
        json={"plans": [terms(**changes)], "wrvu_by_month": [0] * 12},
    )
    assert r.status_code == (200 if field == "effective_to" else 422)
    assert client.get(PLANS, headers=user.headers).json() == []


@pytest.mark.parametrize(
    ("existing", "new"),
    [
        ({"effective_to": None}, {"effective_from": "2027-03-01"}),  # inside an open-ended plan
        ({"effective_to": "2026-06-30"}, {"effective_from": "2026-06-30"}),  # one day shared
        ({"effective_from": "2026-07-01"}, {"effective_from": "2026-01-01"}),  # covers its start
    ],
)
def test_overlapping_plan_dates_are_refused(client: TestClient, existing: dict, new: dict) -> None:
    user = make_user(client)
    assert client.post(PLANS, headers=user.headers, json=terms(**existing)).status_code == 201
    r = client.post(PLANS, headers=user.headers, json=terms(name="other", **new))
    assert r.status_code == 422
    assert r.json()["errors"][0]["loc"] == ["body", "effective_from"]
    assert "overlap" in r.json()["detail"]


def test_compare_needs_exactly_one_basis(client: TestClient) -> None:
    user = make_user(client)
    for basis in ({}, {"year": 2026, "wrvu_by_month": [0] * 12}, {"wrvu_by_month": [1] * 11}):
        r = client.post(
            f"{REPORT}/compare", headers=user.headers, json={"plans": [terms()], **basis}
        )
        assert r.status_code == 422


# --- The report on a real log -----------------------------------------------------------------


def _log(client: TestClient, user: SignedIn, day: str, *codes: str) -> Decimal:
    return Decimal(log_case(client, user, day, *codes)["total_wrvu_exact"])


def test_report_on_the_logged_year(client: TestClient) -> None:
    user = make_user(client)
    march = _log(client, user, "2026-03-10", "47562")
    october = _log(client, user, "2026-10-05", "44970") + _log(client, user, "2026-11-02", "47562")
    threshold = Decimal(10)
    plan = terms(
        base_salary=365000,
        threshold_wrvu=10,
        bands=[
            {"from_wrvu": 10, "dollars_per_wrvu": 50},
            {"from_wrvu": 30, "dollars_per_wrvu": 70},
        ],
        measurement_period="quarter",
    )
    assert client.post(PLANS, headers=user.headers, json=plan).status_code == 201
    report = client.get(REPORT, headers=user.headers).json()
    assert report["as_of"] == "2026-11-27" and report["plan_year"] == "2026"
    assert report["source"] == "pay_plans" and report["plans"][0]["plan_id"]
    quarters = report["periods"]
    assert [q["label"] for q in quarters] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert [q["complete"] for q in quarters] == [True, True, True, False]
    q1_pay = max(march - threshold, Decimal(0)) * 50
    q4_pay = max(october - threshold, Decimal(0)) * 50
    assert quarters[0]["incentive_earned"] == float(q1_pay.quantize(Decimal("0.01")))
    assert quarters[3]["incentive_earned"] == float(q4_pay.quantize(Decimal("0.01")))
    ytd = report["plan_year_to_date"]
    assert ytd["base_salary"] == 331000  # 365,000 x 331 of 365 days
    assert ytd["total_pay"] == float((331000 + q1_pay + q4_pay).quantize(Decimal("0.01")))
    assert ytd["credited_wrvu"] == float((march + october).quantize(Decimal("0.01")))
    totals = client.get(
        "/api/v1/reports/totals", headers=user.headers, params={"period": "year"}
    ).json()
    assert ytd["credited_wrvu"] == totals["total_credited_wrvu"]
    # Next band: Q4 so far against the 30-wRVU edge.
    step = report["next_band"]
    assert step["edge_wrvu"] == 30 and step["period_start"] == "2026-10-01"
    assert step["wrvu_needed"] == float((30 - october).quantize(Decimal("0.01")))
    assert step["incentive_added"] == float(((30 - october) * 50).quantize(Decimal("0.01")))
    projection = report["projection"]
    assert projection["days_elapsed"] == 331 and projection["days_in_plan_year"] == 365
    assert projection["base_salary"] == 365000
    assert "pace" in projection["method"] and ytd["method"]
    assert all(q["method"] for q in quarters)
    # The same log through compare with `year`.
    same = compare(client, user, [plan], year=2026)["results"][0]["totals"]
    assert same["incentive_earned"] == float((q1_pay + q4_pay).quantize(Decimal("0.01")))


def test_report_for_a_date_no_plan_covers_says_so(client: TestClient) -> None:
    user = make_user(client)
    r = client.get(REPORT, headers=user.headers)
    assert r.status_code == 404 and "No pay plan covers 2026-11-27" in r.json()["detail"]
    client.post(PLANS, headers=user.headers, json=terms(effective_to="2026-06-30"))
    r = client.get(REPORT, headers=user.headers, params={"as_of": "2026-08-01"})
    assert r.status_code == 404
    assert "2026-01-01 to 2026-06-30" in r.json()["detail"]
    assert (
        client.get(REPORT, headers=user.headers, params={"as_of": "2026-06-30"}).status_code == 200
    )


def test_the_profile_compensation_plan_still_reports(client: TestClient) -> None:
    user = make_user(client)
    client.patch(
        "/api/v1/me",
        headers=user.headers,
        json={
            "compensation_plan": {
                "base_salary": 200000,
                "wrvu_threshold": 5,
                "dollars_per_wrvu": 40,
                "tiers": [{"above_wrvu": 10, "dollars_per_wrvu": 60}],
            }
        },
    )
    wrvu = _log(client, user, "2026-05-04", "47562") + _log(client, user, "2026-05-05", "47562")
    report = client.get(REPORT, headers=user.headers).json()
    assert report["source"] == "compensation_plan"
    expected = (min(wrvu, Decimal(10)) - 5) * 40 + (wrvu - 10) * 60
    assert report["plan_year_to_date"]["incentive_earned"] == float(
        expected.quantize(Decimal("0.01"))
    )
    # Once pay plans exist they take over.
    client.post(PLANS, headers=user.headers, json=terms())
    assert client.get(REPORT, headers=user.headers).json()["source"] == "pay_plans"


def test_fiscal_plan_year_from_the_profile(client: TestClient) -> None:
    user = make_user(client)
    client.patch("/api/v1/me", headers=user.headers, json={"fiscal_year_start_month": 7})
    client.post(PLANS, headers=user.headers, json=terms(measurement_period="quarter"))
    report = client.get(REPORT, headers=user.headers).json()
    assert (report["plan_year"], report["plan_year_start"], report["plan_year_end"]) == (
        "FY2027",
        "2026-07-01",
        "2027-06-30",
    )
    assert [q["label"] for q in report["periods"]] == ["FY2027-Q1", "FY2027-Q2"]


def test_deleting_the_account_removes_its_pay_plans(client: TestClient, session) -> None:  # noqa: ANN001
    from sqlmodel import select

    from rvuedge.payplans.models import PayPlan
    from tests.factories import PASSWORD

    user = make_user(client)
    client.post(PLANS, headers=user.headers, json=terms())
    assert len(session.exec(select(PayPlan)).all()) == 1
    session.rollback()  # end the read before the API writes
    r = client.request("DELETE", "/api/v1/me", headers=user.headers, json={"password": PASSWORD})
    assert r.status_code == 204
    assert session.exec(select(PayPlan)).all() == []


def test_dollars_for_extra_wrvu_reads_the_users_plan_and_log(client: TestClient, session) -> None:  # noqa: ANN001
    """The helper reconciliation calls: N missing wRVU on a date, in dollars under that plan."""
    from rvuedge.payplans import service
    from rvuedge.users.service import get_by_email

    user = make_user(client)
    logged = _log(client, user, "2026-03-10", "47562")  # 10.21 wRVU
    bands = [{"from_wrvu": 0, "dollars_per_wrvu": 50}, {"from_wrvu": 15, "dollars_per_wrvu": 80}]
    client.post(PLANS, headers=user.headers, json=terms(bands=bands))
    owner = get_by_email(session, user.email)
    value = service.dollars_for_extra_wrvu(
        session, user=owner, on=date(2026, 4, 1), extra=Decimal(10)
    )
    # 10.21 logged: the next 4.79 at $50, the remaining 5.21 at $80.
    assert value.dollars == (15 - logged) * 50 + (logged + 10 - 15) * 80
    assert value.plan_name == "Mercy Surgical 2026" and value.plan_year == "2026"
    outside = service.dollars_for_extra_wrvu(
        session, user=owner, on=date(2025, 8, 1), extra=Decimal(10)
    )
    assert outside.dollars == 0 and outside.plan_name is None
