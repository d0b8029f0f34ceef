"""Preview = save (issue 21): the same body sent to /cases/preview and to /cases gives the same
credit, line by line, for every combination of site (none, a saved facility site, a saved
non-facility site with a locality, its name typed otherwise, a plain label) and setting (none,
facility, non-facility), under either profile default. The app sends exactly these bodies."""

import itertools

from fastapi.testclient import TestClient

from tests.factories import make_user

ALASKA = "02102-01"
SITES = [None, "Ortho Clinic", "  ortho CLINIC ", "Main OR", "Somewhere else"]
SETTINGS = [None, "facility", "non_facility"]
LINES = [
    [{"code": "20610"}],
    [
        {"code": "11042"},
        {"code": "20610", "modifiers": ["59"]},
        {"code": "99214", "modifiers": ["25"]},
    ],
]


def test_preview_and_save_agree_for_every_site_and_setting(client: TestClient) -> None:
    user = make_user(client)
    for body in (
        {"name": "Ortho Clinic", "setting": "non_facility", "locality": ALASKA},
        {"name": "Main OR", "setting": "facility"},
    ):
        r = client.post("/api/v1/me/sites", headers=user.headers, json=body)
        assert r.status_code == 201, r.text
    sources = set()
    for default in ("facility", "non_facility"):
        r = client.patch("/api/v1/me", headers=user.headers, json={"default_setting": default})
        assert r.status_code == 200, r.text
        for site, setting, lines in itertools.product(SITES, SETTINGS, LINES):
            body: dict = {"date_of_service": "2026-11-20", "lines": lines}
            if site is not None:
                body["site"] = site
            if setting is not None:
                body["setting"] = setting
            preview = client.post("/api/v1/cases/preview", headers=user.headers, json=body)
            assert preview.status_code == 200, preview.text
            saved = client.post("/api/v1/cases", headers=user.headers, json=body)
            assert saved.status_code == 201, saved.text
            previewed, stored = preview.json(), saved.json()
            where = f"profile {default}, site {site!r}, setting {setting!r}"
            for key, value in previewed.items():
                assert stored[key] == value, f"{where}: {key}"
            assert len(previewed["lines"]) == len(lines)
            sources.add((previewed["setting"], previewed["setting_source"]))
    # Every way of choosing the setting was exercised, with both outcomes.
    assert sources >= {
        ("facility", "case"),
        ("non_facility", "case"),
        ("non_facility", "site"),
        ("facility", "site"),
        ("facility", "profile"),
        ("non_facility", "profile"),
    }


def test_the_issue_example_a_non_facility_clinic(client: TestClient) -> None:
    """The live preview priced a case at the non-facility "Ortho Clinic" as facility (1.14
    previewed, 1.12 saved): sent with the site, the preview is the saved case."""
    user = make_user(client)
    r = client.post(
        "/api/v1/me/sites",
        headers=user.headers,
        json={"name": "Ortho Clinic", "setting": "non_facility"},
    )
    assert r.status_code == 201, r.text
    body = {
        "date_of_service": "2026-11-20",
        "site": "Ortho Clinic",
        "lines": [{"code": "11042"}, {"code": "20610", "modifiers": ["59"]}],
    }
    preview = client.post("/api/v1/cases/preview", headers=user.headers, json=body).json()
    saved = client.post("/api/v1/cases", headers=user.headers, json=body).json()
    assert preview["setting"] == saved["setting"] == "non_facility"
    assert preview["setting_source"] == "site"
    assert preview["total_wrvu"] == saved["total_wrvu"]
    without_site = client.post(
        "/api/v1/cases/preview",
        headers=user.headers,
        json={k: v for k, v in body.items() if k != "site"},
    ).json()
    assert without_site["setting"] == "facility"  # what the old app previewed
