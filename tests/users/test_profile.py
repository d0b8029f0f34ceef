import pytest
from fastapi.testclient import TestClient

from tests.factories import make_user


def test_profile_defaults_and_update(client: TestClient) -> None:
    user = make_user(client)
    me = client.get("/api/v1/me", headers=user.headers).json()
    assert me["clinical_fte"] == 1.0 and me["fiscal_year_start_month"] == 1
    assert me["credit_settings"]["profile"] == "productivity_standard"
    change = {
        "display_name": "Dr. Rivera",
        "specialty": "General Surgery",
        "career_stage": "attending",
        "clinical_fte": "0.8",
        "time_zone": "America/Chicago",
        "fiscal_year_start_month": 7,
        "default_setting": "non_facility",
        "monthly_wrvu_goal": 600,
        "annual_wrvu_goal": 7200,
        "credit_settings": {"profile": "cms_payment_mirror", "overrides": {"mod22_factor": "1.25"}},
        "compensation_plan": {
            "base_salary": 400000,
            "wrvu_threshold": 6000,
            "dollars_per_wrvu": 55,
            "tiers": [{"above_wrvu": 8000, "dollars_per_wrvu": 60}],
        },
    }
    r = client.patch("/api/v1/me", headers=user.headers, json=change)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["clinical_fte"] == 0.8 and body["time_zone"] == "America/Chicago"
    assert body["credit_settings"]["profile"] == "cms_payment_mirror"
    assert body["credit_settings"]["overrides"]["mod22_factor"] == 1.25
    assert body["credit_settings"]["overrides"]["apply_mppr"] is None  # not overridden
    assert body["compensation_plan"]["tiers"] == [{"above_wrvu": 8000, "dollars_per_wrvu": 60}]
    # Only the fields sent change.
    again = client.patch("/api/v1/me", headers=user.headers, json={"monthly_wrvu_goal": 650}).json()
    assert again["time_zone"] == "America/Chicago" and again["monthly_wrvu_goal"] == 650


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"clinical_fte": 0}, "clinical_fte"),
        ({"clinical_fte": 3}, "clinical_fte"),
        ({"fiscal_year_start_month": 13}, "fiscal_year_start_month"),
        ({"career_stage": "chief"}, "career_stage"),
        ({"default_setting": "home"}, "default_setting"),
        ({"monthly_wrvu_goal": -5}, "monthly_wrvu_goal"),
        ({"credit_settings": {"profile": "generous"}}, "profile"),
        ({"credit_settings": {"overrides": {"double_everything": True}}}, "double_everything"),
        (
            {
                "compensation_plan": {
                    "base_salary": 1,
                    "wrvu_threshold": 5000,
                    "dollars_per_wrvu": 50,
                    "tiers": [{"above_wrvu": 4000, "dollars_per_wrvu": 60}],
                }
            },
            "compensation_plan",
        ),
        ({"time_zone": None}, "time_zone"),
        ({"email": "new@example.org"}, "email"),
    ],
)
def test_bad_profile_values_name_the_field(client: TestClient, change: dict, field: str) -> None:
    user = make_user(client)
    r = client.patch("/api/v1/me", headers=user.headers, json=change)
    assert r.status_code == 422, r.text
    assert any(field in [str(p) for p in e["loc"]] for e in r.json()["errors"]), r.json()


def test_locality_must_be_a_medicare_locality(client: TestClient) -> None:
    user = make_user(client)
    assert (
        client.patch("/api/v1/me", headers=user.headers, json={"locality": "01112-54"}).status_code
        == 200
    )
    assert (
        client.patch("/api/v1/me", headers=user.headers, json={"locality": "99999-99"}).status_code
        == 422
    )
    assert (
        client.patch("/api/v1/me", headers=user.headers, json={"locality": "Alaska"}).status_code
        == 422
    )
