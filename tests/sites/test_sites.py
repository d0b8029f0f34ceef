"""Saved sites: a case naming one takes its setting and locality unless the case states them."""

import pytest
from fastapi.testclient import TestClient

from tests.factories import SignedIn, log_case

ALASKA = "02102-01"
MANHATTAN = "13202-01"


def add_site(client: TestClient, user: SignedIn, **body) -> dict:  # noqa: ANN003
    r = client.post("/api/v1/me/sites", headers=user.headers, json=body)
    assert r.status_code == 201, r.text
    return r.json()


def test_crud_and_names(client, user) -> None:  # noqa: ANN001
    clinic = add_site(client, user, name="  Clinic ", setting="non_facility", locality=ALASKA)
    assert (clinic["name"], clinic["setting"], clinic["locality"]) == (
        "Clinic",
        "non_facility",
        ALASKA,
    )
    add_site(client, user, name="Main OR", setting="facility")
    listed = client.get("/api/v1/me/sites", headers=user.headers).json()
    assert [s["name"] for s in listed] == ["Clinic", "Main OR"]
    same = client.post(
        "/api/v1/me/sites", headers=user.headers, json={"name": "clinic", "setting": "facility"}
    )
    assert same.status_code == 409 and "clinic" in same.json()["detail"]
    renamed = client.patch(
        f"/api/v1/me/sites/{clinic['id']}", headers=user.headers, json={"name": "Office"}
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "Office"
    assert renamed.json()["setting"] == "non_facility"
    clash = client.patch(
        f"/api/v1/me/sites/{clinic['id']}", headers=user.headers, json={"name": "MAIN OR"}
    )
    assert clash.status_code == 409
    got = client.get(f"/api/v1/me/sites/{clinic['id']}", headers=user.headers)
    assert got.json()["name"] == "Office"
    assert (
        client.delete(f"/api/v1/me/sites/{clinic['id']}", headers=user.headers).status_code == 204
    )
    assert client.get(f"/api/v1/me/sites/{clinic['id']}", headers=user.headers).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Clinic", "setting": "office"}, "setting"),
        ({"name": "", "setting": "facility"}, "name"),
        ({"name": "   ", "setting": "facility"}, "name"),
        ({"name": "Clinic"}, "setting"),
        ({"name": "Clinic", "setting": "facility", "locality": "99999-99"}, "locality"),
        ({"name": "Clinic", "setting": "facility", "locality": "Alaska"}, "locality"),
        ({"name": "x" * 101, "setting": "facility"}, "name"),
        ({"name": "Main\x00OR", "setting": "facility"}, "name"),
        ({"name": "Clinic", "setting": "facility", "color": "red"}, "color"),
    ],
)
def test_bad_sites_name_the_field(client, user, body, field) -> None:  # noqa: ANN001
    r = client.post("/api/v1/me/sites", headers=user.headers, json=body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert any(field in e["loc"] for e in r.json()["errors"]), r.json()
    assert client.get("/api/v1/me/sites", headers=user.headers).json() == []


def test_null_name_or_setting_in_a_patch_is_refused(client, user) -> None:  # noqa: ANN001
    site = add_site(client, user, name="Clinic", setting="non_facility")
    for body in ({"name": None}, {"setting": None}):
        r = client.patch(f"/api/v1/me/sites/{site['id']}", headers=user.headers, json=body)
        assert r.status_code == 422, r.text


def test_a_case_naming_a_saved_site_takes_its_setting_and_locality(client, user) -> None:  # noqa: ANN001
    add_site(client, user, name="Clinic", setting="non_facility", locality=ALASKA)
    case = log_case(
        client, user, "2026-09-01", "99213", site="clinic"
    )  # matched without regard to case
    assert case["setting"] == "non_facility" and case["setting_source"] == "site"
    assert case["payment_locality"] == ALASKA and case["locality"] is None
    national = log_case(client, user, "2026-09-01", "99213", site="Somewhere else")
    assert national["setting"] == "facility" and national["setting_source"] == "profile"
    assert national["payment_locality"] is None
    assert case["lines"][0]["credited_wrvu"] == national["lines"][0]["credited_wrvu"] == 1.3


def test_what_the_case_states_wins(client, user) -> None:  # noqa: ANN001
    add_site(client, user, name="Clinic", setting="non_facility", locality=ALASKA)
    case = log_case(
        client, user, "2026-09-01", "99213", site="Clinic", setting="facility", locality=MANHATTAN
    )
    assert case["setting"] == "facility" and case["setting_source"] == "case"
    assert case["payment_locality"] == MANHATTAN and case["locality"] == MANHATTAN
    bad = client.post(
        "/api/v1/cases",
        headers=user.headers,
        json={
            "date_of_service": "2026-09-01",
            "lines": [{"code": "99213"}],
            "locality": "99999-99",
        },
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["body", "locality"]


def test_profile_default_setting_applies_otherwise(client, user) -> None:  # noqa: ANN001
    client.patch(
        "/api/v1/me",
        headers=user.headers,
        json={"default_setting": "non_facility", "locality": MANHATTAN},
    )
    case = log_case(
        client, user, "2026-09-01", "99213", site="Main OR"
    )  # free text, not a saved site: still works
    assert case["site"] == "Main OR" and case["setting"] == "non_facility"
    assert case["setting_source"] == "profile" and case["payment_locality"] == MANHATTAN
    add_site(client, user, name="Main OR", setting="facility")  # no locality: the profile's
    saved = log_case(client, user, "2026-09-01", "99213", site="Main OR")
    assert saved["setting"] == "facility" and saved["setting_source"] == "site"
    assert saved["payment_locality"] == MANHATTAN


def test_preview_and_parse_use_the_site(client, user) -> None:  # noqa: ANN001
    add_site(client, user, name="Clinic", setting="non_facility")
    r = client.post(
        "/api/v1/cases/preview",
        headers=user.headers,
        json={"date_of_service": "2026-09-01", "site": "Clinic", "lines": [{"code": "99213"}]},
    )
    assert r.status_code == 200 and r.json()["setting"] == "non_facility"
    assert r.json()["setting_source"] == "site"
    parsed = client.post(
        "/api/v1/cases/parse",
        headers=user.headers,
        json={"date_of_service": "2026-09-01", "site": "Clinic", "text": "99213"},
    )
    assert parsed.status_code == 200 and parsed.json()["preview"]["setting"] == "non_facility"


def test_changing_the_site_of_a_case(client, user) -> None:  # noqa: ANN001
    add_site(client, user, name="Clinic", setting="non_facility", locality=ALASKA)
    case = log_case(client, user, "2026-09-01", "99213", site="Main OR")
    assert case["setting"] == "facility"
    moved = client.patch(
        f"/api/v1/cases/{case['id']}", headers=user.headers, json={"version": 1, "site": "Clinic"}
    ).json()
    assert (moved["setting"], moved["setting_source"], moved["payment_locality"]) == (
        "non_facility",
        "site",
        ALASKA,
    )
    stated = client.patch(
        f"/api/v1/cases/{case['id']}",
        headers=user.headers,
        json={"version": 2, "setting": "facility"},
    ).json()
    assert (stated["setting"], stated["setting_source"]) == ("facility", "case")
    # A stated setting stays when the site changes.
    kept = client.patch(
        f"/api/v1/cases/{case['id']}",
        headers=user.headers,
        json={"version": 3, "site": "Main OR"},
    ).json()
    assert (kept["setting"], kept["setting_source"]) == ("facility", "case")
    assert kept["payment_locality"] is None


def test_editing_or_deleting_a_site_leaves_logged_cases_alone(client, user) -> None:  # noqa: ANN001
    site = add_site(client, user, name="Clinic", setting="non_facility", locality=ALASKA)
    case = log_case(client, user, "2026-09-01", "99213", site="Clinic")
    client.patch(
        f"/api/v1/me/sites/{site['id']}", headers=user.headers, json={"setting": "facility"}
    )
    client.delete(f"/api/v1/me/sites/{site['id']}", headers=user.headers)
    again = client.get(f"/api/v1/cases/{case['id']}", headers=user.headers).json()
    assert again == case


def test_a_name_that_grows_when_case_folded(client, user) -> None:  # noqa: ANN001
    site = add_site(client, user, name="ß" * 100, setting="non_facility")
    case = log_case(
        client, user, "2026-09-01", "99213", site="ß" * 100
    )  # its key, "ss" x 100, is twice as long
    assert site["name"] == "ß" * 100 and case["setting_source"] == "site"
