"""The physician's own log under another release: per code, per dollar, per pay plan."""

from decimal import ROUND_HALF_UP, Decimal

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from rvuedge.catalog.models import FeeScheduleRelease, FeeScheduleRow
from tests.factories import log_case, make_user

URL = "/api/v1/reports/release-impact"
CENT = Decimal("0.01")


def row(session: Session, release: str, code: str) -> tuple[FeeScheduleRow, Decimal]:
    found = session.exec(
        select(FeeScheduleRow, FeeScheduleRelease.conversion_factor)
        .join(FeeScheduleRelease)
        .where(FeeScheduleRelease.name == release, FeeScheduleRow.hcpcs == code)
        .where(FeeScheduleRow.modifier == "")
    ).one()
    return found[0], Decimal(found[1])


def c(value: Decimal) -> float:
    return float(value.quantize(CENT, ROUND_HALF_UP))


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def test_a_2026_log_under_2025d_reproduces_the_shipped_files(
    client: TestClient, session: Session
) -> None:
    user = make_user(client)
    for day in ("2026-07-06", "2026-08-10", "2026-09-14"):
        log_case(client, user, day, "47562")
    log_case(client, user, "2026-08-11", "99214")
    r = client.get(
        URL,
        params={"compare": "2025D", "start": "2026-07-01", "end": "2026-09-30"},
        headers=user.headers,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    codes = {x["code"]: x for x in body["codes"]}
    chole = codes["47562"]
    assert chole["cases"] == 3
    assert chole["as_logged_wrvu"] == 30.63 and chole["under_release_wrvu"] == 31.41
    assert chole["difference"] == 0.78
    assert chole["logged_work_rvu"] == 10.21 and chole["release_work_rvu"] == 10.47
    assert chole["why"] == ["work_rvu_changed"]
    assert "laparoscopic" in chole["name"].lower() or "chole" in chole["name"].lower()
    em = codes["99214"]
    assert em["as_logged_wrvu"] == em["under_release_wrvu"] == 1.92
    assert em["difference"] == 0 and em["why"] == ["unchanged"]
    # Largest change first.
    assert body["codes"][0]["code"] == "47562"

    t = body["totals"]
    assert t["cases"] == 4
    assert t["as_logged"]["credited_wrvu"] == 32.55
    assert t["under_release"]["credited_wrvu"] == 33.33
    assert t["wrvu_difference"] == 0.78
    assert t["wrvu_percent"] == c(Decimal("0.78") / Decimal("32.55") * 100)
    # Each side at its own release's conversion factor: fewer wRVU in 2026, more dollars.
    assert body["compare"] == {
        "name": "2025D",
        "proposed": False,
        "label": "2025D",
        "conversion_factor": 32.3465,
    }
    assert [x["conversion_factor"] for x in body["logged_releases"]] == [33.4009]
    # Work-only value in cents per line, added up (as the reports do): 3 x 47562 and a 99214.
    logged_cf, release_cf = Decimal("33.4009"), Decimal("32.3465")
    logged_work = 3 * cents(Decimal("10.21") * logged_cf) + cents(Decimal("1.92") * logged_cf)
    release_work = 3 * cents(Decimal("10.47") * release_cf) + cents(Decimal("1.92") * release_cf)
    assert t["as_logged"]["work_only_value"] == c(logged_work)
    assert t["under_release"]["work_only_value"] == c(release_work)
    assert t["work_only_value_difference"] == c(release_work - logged_work)
    assert t["work_only_value_difference"] < 0 < t["wrvu_difference"]
    # Estimated payment: the facility total RVUs x each release's CF (national).
    r26, cf26 = row(session, "2026C", "47562")
    r25, cf25 = row(session, "2025D", "47562")
    e26, _ = row(session, "2026C", "99214")
    e25, _ = row(session, "2025D", "99214")

    # Each line's payment in cents (as the case stores it), then added up.
    logged_pay = 3 * cents(r26.facility_total * cf26) + cents(e26.facility_total * cf26)
    release_pay = 3 * cents(r25.facility_total * cf25) + cents(e25.facility_total * cf25)
    assert t["as_logged"]["estimated_payment"] == c(logged_pay)
    assert t["under_release"]["estimated_payment"] == c(release_pay)
    assert t["estimated_payment_difference"] == c(release_pay - logged_pay)
    assert "33.4009" in " ".join(body["notes"])
    assert body["pay_effect"] is None  # no pay plan


def test_as_logged_payment_is_the_reports_payment_to_the_cent(client: TestClient) -> None:
    # Found using the app: a surgeon's PDF said $11,641.23 estimated payment on its first page
    # and $11,641.21 "as logged" on its next-year page (unrounded lines added up).
    user = make_user(client)
    days = iter(f"2026-{m:02d}-{d:02d}" for m in (7, 8, 9, 10, 11) for d in (6, 13, 20, 27))
    for codes in (
        ["27447"], ["27130"], ["29881"], ["29827-RT"], ["25607"], ["23472"], ["64721"],
        ["27447"], ["29881-LT", "29877-LT"], ["27130"], ["29827-RT", "23430-RT"], ["25607"],
    ):  # fmt: skip
        log_case(client, user, next(days), *codes)
    for codes in (["20610-LT"], ["99214-25", "20610"], ["20610"]):
        log_case(client, user, next(days), *codes, setting="non_facility")
    window = {"start": "2026-07-01", "end": "2026-11-30"}
    totals = client.get(
        "/api/v1/reports/totals", params={"period": "month", **window}, headers=user.headers
    ).json()
    reported = sum(Decimal(str(b["estimated_payment"])) for b in totals["buckets"])
    impact = client.get(URL, params={"compare": "2025D", **window}, headers=user.headers).json()
    assert impact["totals"]["as_logged"]["estimated_payment"] == float(reported)


def test_the_pay_plan_feels_the_release(client: TestClient) -> None:
    user = make_user(client)
    r = client.post(
        "/api/v1/me/pay-plans",
        headers=user.headers,
        json={
            "name": "2026 contract",
            "effective_from": "2026-01-01",
            "base_salary": 0,
            "threshold_wrvu": 0,
            "bands": [{"from_wrvu": 0, "dollars_per_wrvu": 50}],
            "accrual": "marginal",
            "measurement_period": "plan_year",
        },
    )
    assert r.status_code == 201, r.text
    for day in ("2026-07-06", "2026-08-10", "2026-09-14"):
        log_case(client, user, day, "47562")
    body = client.get(URL, params={"compare": "2025D"}, headers=user.headers).json()
    effect = body["pay_effect"]
    assert effect["plan_year"] and effect["through"] == "2026-11-27"
    assert effect["as_logged_pay"] == 30.63 * 50
    assert effect["under_release_pay"] == 31.41 * 50
    assert effect["difference"] == 39.0


def test_an_unknown_release_lists_the_loaded_ones(client: TestClient) -> None:
    user = make_user(client)
    r = client.get(URL, params={"compare": "2019A"}, headers=user.headers)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert "2025D" in problem["detail"] and "2026C" in problem["detail"]
    assert problem["loaded"] == ["2025D", "2026C"]
    assert client.get(URL, params={"compare": "junk!"}, headers=user.headers).status_code == 422
    assert client.get(URL, headers=user.headers).status_code == 422  # compare is required


def test_an_empty_period_gives_zeros(client: TestClient) -> None:
    user = make_user(client)
    body = client.get(
        URL,
        params={"compare": "2025D", "start": "2026-01-01", "end": "2026-03-31"},
        headers=user.headers,
    ).json()
    t = body["totals"]
    assert t["cases"] == 0 and body["codes"] == []
    for side in ("as_logged", "under_release"):
        assert t[side] == {"credited_wrvu": 0, "work_only_value": 0, "estimated_payment": 0}
    assert t["wrvu_percent"] is None and t["wrvu_difference"] == 0
    bad = client.get(
        URL,
        params={"compare": "2025D", "start": "2026-03-01", "end": "2026-01-01"},
        headers=user.headers,
    )
    assert bad.status_code == 422 and "before" in bad.json()["detail"]


def test_another_users_cases_never_show(client: TestClient) -> None:
    owner = make_user(client, "owner@example.org")
    other = make_user(client, "other@example.org")
    log_case(client, owner, "2026-07-06", "47562")
    for path in (URL + "?compare=2025D", "/api/v1/reports/forecast", "/api/v1/reports/next-year"):
        mine = client.get(path, headers=other.headers)
        assert mine.status_code == 200
        assert "47562" not in mine.text
    body = client.get(URL, params={"compare": "2025D"}, headers=other.headers).json()
    assert body["totals"]["cases"] == 0
    forecast = client.get("/api/v1/reports/forecast", headers=other.headers).json()
    assert forecast["year_to_date"] == 0
    assert client.get(URL, params={"compare": "2025D"}).status_code == 401


def test_the_profile_chooses_the_2026_conversion_factor(client: TestClient) -> None:
    user = make_user(client)
    for day in ("2026-07-06", "2026-08-10", "2026-09-14"):
        log_case(client, user, day, "47562")
    assert (
        client.get("/api/v1/me", headers=user.headers).json()["conversion_factor_choice"]
        == "non_apm"
    )
    r = client.patch(
        "/api/v1/me", headers=user.headers, json={"conversion_factor_choice": "qualifying_apm"}
    )
    assert r.status_code == 200, r.text
    body = client.get(URL, params={"compare": "2025D"}, headers=user.headers).json()
    assert body["conversion_factor_choice"] == "qualifying_apm"
    assert [x["conversion_factor"] for x in body["logged_releases"]] == [33.5675]
    assert body["compare"]["conversion_factor"] == 32.3465  # 2025 had one conversion factor
    t = body["totals"]
    assert t["as_logged"]["work_only_value"] == c(3 * cents(Decimal("10.21") * Decimal("33.5675")))
    assert t["under_release"]["work_only_value"] == c(
        3 * cents(Decimal("10.47") * Decimal("32.3465"))
    )
    assert any("33.5675" in n for n in body["notes"])
    for bad in (None, "apm"):
        r = client.patch("/api/v1/me", headers=user.headers, json={"conversion_factor_choice": bad})
        assert r.status_code == 422, r.text
