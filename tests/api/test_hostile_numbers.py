"""The numbers of the attack (issue 22), in every place a user or a file gives one: each is a
422 problem naming where, and nothing is stored. (How long each takes: bench/hostile_inputs.py.)"""

from fastapi.testclient import TestClient

from tests.factories import SignedIn

HOSTILE = ["1e999999", "inf", "-Infinity", "sNaN", "1_000", "\u0665", " 5 "]
PLAN = {
    "name": "Plan",
    "effective_from": "2026-01-01",
    "base_salary": 240000,
    "threshold_wrvu": 0,
    "bands": [{"from_wrvu": 0, "dollars_per_wrvu": 60}],
}


def _problem(response) -> dict:  # noqa: ANN001
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


def test_pay_plan_amounts_and_wrvu_refuse_each_value(client: TestClient, user: SignedIn) -> None:
    for value in HOSTILE:
        for body, loc in (
            ({**PLAN, "base_salary": value}, ["body", "base_salary"]),
            ({**PLAN, "threshold_wrvu": value}, ["body", "threshold_wrvu"]),
            (
                {**PLAN, "bands": [{"from_wrvu": 0, "dollars_per_wrvu": value}]},
                ["body", "bands", 0, "dollars_per_wrvu"],
            ),
        ):
            r = client.post("/api/v1/me/pay-plans", headers=user.headers, json=body)
            assert loc in [e["loc"] for e in _problem(r)["errors"]], (value, r.text)
    monthly = {"wrvu_by_month": ["1_000"] + ["0"] * 11, "plans": [PLAN]}
    _problem(
        client.post("/api/v1/reports/compensation/compare", headers=user.headers, json=monthly)
    )
    assert client.get("/api/v1/me/pay-plans", headers=user.headers).json() == []


def test_a_json_number_too_large_for_a_float_is_refused(client: TestClient, user: SignedIn) -> None:
    raw = b'{"name": "P", "effective_from": "2026-01-01", "base_salary": 1e999999, '
    raw += b'"threshold_wrvu": 0, "bands": [{"from_wrvu": 0, "dollars_per_wrvu": 60}]}'
    headers = {**user.headers, "content-type": "application/json"}
    _problem(client.post("/api/v1/me/pay-plans", headers=headers, content=raw))
    units = b'{"date_of_service": "2026-08-03", "lines": [{"code": "47562", "units": 1e999999}]}'
    _problem(client.post("/api/v1/cases", headers=headers, content=units))
    as_text = {"date_of_service": "2026-08-03", "lines": [{"code": "47562", "units": "1_0"}]}
    _problem(client.post("/api/v1/cases", headers=user.headers, json=as_text))


def test_profile_money_and_goals_refuse_each_value(client: TestClient, user: SignedIn) -> None:
    for value in HOSTILE:
        plan = {"base_salary": value, "wrvu_threshold": 1000, "dollars_per_wrvu": 55}
        for body in ({"compensation_plan": plan}, {"monthly_wrvu_goal": value}):
            _problem(client.patch("/api/v1/me", headers=user.headers, json=body))
    me = client.get("/api/v1/me", headers=user.headers).json()
    assert me["compensation_plan"] is None and me["monthly_wrvu_goal"] is None


def test_import_units_refuse_each_value(client: TestClient, user: SignedIn) -> None:
    for value in HOSTILE:
        content = f"Date,CPT,Units\n2026-03-02,47562,{value}\n2026-03-03,44970,1\n".encode()
        r = client.post(
            "/api/v1/imports", headers=user.headers, files={"file": ("log.csv", content)}
        )
        errors = _problem(r)["errors"]
        assert {"row": 2, "column": "Units"} == {k: errors[0][k] for k in ("row", "column")}
    assert client.get("/api/v1/imports", headers=user.headers).json() == []


def test_report_wrvu_and_quantity_refuse_each_value(client: TestClient, user: SignedIn) -> None:
    for value in HOSTILE:
        for column in ("wRVU", "Qty"):
            cells = {"wRVU": "15.23", "Qty": "1", column: value}
            content = (
                "DOS,CPT,Qty,wRVU\n"
                f"2026-03-02,47562,{cells['Qty']},{cells['wRVU']}\n"
                "2026-03-03,44970,1,13.02\n"
            ).encode()
            r = client.post(
                "/api/v1/reconciliations",
                headers=user.headers,
                files={"file": ("report.csv", content)},
                data={"start": "2026-03-01", "end": "2026-03-31"},
            )
            errors = _problem(r)["errors"]
            assert any(e["row"] == 2 and e["column"] == column for e in errors), r.text
    assert client.get("/api/v1/reconciliations", headers=user.headers).json() == []
