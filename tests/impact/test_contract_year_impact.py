"""The impact view under a contract year: the contract's release beside the current file."""

from fastapi.testclient import TestClient

from tests.factories import log_case, make_user

URL = "/api/v1/reports/release-impact"
WINDOW = {"start": "2026-01-01", "end": "2026-11-27"}


def test_a_contract_year_is_compared_with_the_current_file(client: TestClient) -> None:
    user = make_user(client)
    for day in ("2026-03-02", "2026-07-06", "2026-09-14"):
        log_case(client, user, day, "47562")
    log_case(client, user, "2026-08-11", "99214")
    r = client.post(
        "/api/v1/me/credit-settings",
        headers=user.headers,
        json={
            "effective_from": "2026-01-01",
            "preset": "productivity_standard",
            "credit_with_release": "2025D",
        },
    )
    assert r.status_code == 201, r.text
    client.post("/api/v1/cases/revalue", headers=user.headers, json=WINDOW)

    r = client.get(URL, params=WINDOW, headers=user.headers)  # no compare: the current file
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["compare"]["name"] == "2026C"  # in force today (2026D not loaded: stands in)
    assert [x["name"] for x in body["logged_releases"]] == ["2025D"]
    assert body["contract_years"] == [
        {"release": "2025D", "effective_from": "2026-01-01", "effective_to": None}
    ]
    chole = next(x for x in body["codes"] if x["code"] == "47562")
    assert chole["as_logged_wrvu"] == 31.41 and chole["under_release_wrvu"] == 30.63
    assert chole["difference"] == -0.78
    em = next(x for x in body["codes"] if x["code"] == "99214")
    assert em["as_logged_wrvu"] == em["under_release_wrvu"] == 1.92
    # The contract's dollars at 2025's CF, the current file's at 2026's: the sign they have.
    assert [x["conversion_factor"] for x in body["logged_releases"]] == [32.3465]
    assert body["compare"]["conversion_factor"] == 33.4009
    assert body["totals"]["wrvu_difference"] == -0.78
    assert body["totals"]["work_only_value_difference"] > 0
    assert any("credited with 2025D (your contract year)" in n for n in body["notes"])

    # The period's credited wRVU as logged is the reports' figure.
    totals = client.get(
        "/api/v1/reports/totals", params={"period": "year", **WINDOW}, headers=user.headers
    ).json()
    assert body["totals"]["as_logged"]["credited_wrvu"] == totals["total_credited_wrvu"]
    assert (
        body["totals"]["as_logged"]["estimated_payment"]
        == totals["buckets"][0]["estimated_payment"]
    )


def test_without_a_contract_year_or_compare_the_reports_default_applies(
    client: TestClient,
) -> None:
    user = make_user(client)
    log_case(client, user, "2026-07-06", "47562")
    body = client.get(URL, params=WINDOW, headers=user.headers).json()
    assert body["compare"]["name"] == "2025D" and body["contract_years"] == []
