"""Inputs that used to answer 500 or be guessed at: each is now a 422 naming the field."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

CASE = {"date_of_service": "2026-08-03", "setting": "facility", "lines": [{"code": "47562"}]}


def _loc(response) -> list[list]:  # noqa: ANN001
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return [e["loc"] for e in response.json()["errors"]]


@pytest.mark.parametrize("field", ["role", "setting", "date_of_service", "lines"])
def test_patch_with_null_on_a_required_field_is_422(client, user, field) -> None:  # noqa: ANN001
    case = client.post("/api/v1/cases", headers=user.headers, json=CASE).json()
    r = client.patch(
        f"/api/v1/cases/{case['id']}", headers=user.headers, json={"version": 1, field: None}
    )
    assert ["body", field] in _loc(r)
    # Nothing was half-written.
    again = client.get(f"/api/v1/cases/{case['id']}", headers=user.headers).json()
    assert again["version"] == 1 and again[field] == case[field]


def test_patch_may_still_clear_nullable_fields(client, user) -> None:  # noqa: ANN001
    case = client.post("/api/v1/cases", headers=user.headers, json={**CASE, "site": "Main OR"})
    r = client.patch(
        f"/api/v1/cases/{case.json()['id']}",
        headers=user.headers,
        json={"version": 1, "site": None},
    )
    assert r.status_code == 200 and r.json()["site"] is None


@pytest.mark.parametrize(
    ("path", "params", "loc"),
    [
        (
            "/api/v1/reports/totals",
            {"period": "month", "start": "9999-01-01", "end": "9999-12-31"},
            ["query", "start"],
        ),
        ("/api/v1/reports/totals", {"start": "0"}, ["query", "start"]),
        ("/api/v1/reports/breakdown", {"end": "1700000000"}, ["query", "end"]),
        ("/api/v1/cases", {"offset": "9223372036854775808"}, ["query", "offset"]),
        ("/api/v1/cases", {"start": "0001-01-01"}, ["query", "start"]),
        ("/api/v1/cases/global-periods", {"on": "2026-02-30"}, ["query", "on"]),
        ("/api/v1/cases/sync", {"since": "2026-11-27T10:00:00"}, ["query", "since"]),
        ("/api/v1/cases/sync", {"since": "0001-01-01T00:00:00+05:00"}, ["query", "since"]),
        ("/api/v1/cases/sync", {"since": "0"}, ["query", "since"]),
        (
            "/api/v1/exports/cases",
            {"start": "2026-01-01", "end": "2026-01-31", "include_notes": "1"},
            ["query", "include_notes"],
        ),
    ],
)
def test_bad_query_values_are_422(client, user, path, params, loc) -> None:  # noqa: ANN001
    assert loc in _loc(client.get(path, headers=user.headers, params=params))


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({**CASE, "date_of_service": 0}, ["body", "date_of_service"]),
        ({**CASE, "date_of_service": "20260803"}, ["body", "date_of_service"]),
        ({**CASE, "lines": [{"code": "47562", "units": 2**64}]}, ["body", "lines", 0, "units"]),
    ],
)
def test_bad_case_bodies_are_422(client, user, body, loc) -> None:  # noqa: ANN001
    assert loc in _loc(client.post("/api/v1/cases", headers=user.headers, json=body))
    assert client.get("/api/v1/cases", headers=user.headers).json()["total"] == 0


def test_patch_with_a_huge_version_is_422(client, user) -> None:  # noqa: ANN001
    case = client.post("/api/v1/cases", headers=user.headers, json=CASE).json()
    r = client.patch(
        f"/api/v1/cases/{case['id']}", headers=user.headers, json={"version": 2**64, "note": "x"}
    )
    assert ["body", "version"] in _loc(r)


@pytest.mark.parametrize("value", [0.0, 1, "true", "yes"])
def test_booleans_are_only_true_or_false(client, user, value) -> None:  # noqa: ANN001
    body = {"credit_settings": {"overrides": {"apply_mppr": value}}}
    r = client.patch("/api/v1/me", headers=user.headers, json=body)
    assert ["body", "credit_settings", "overrides", "apply_mppr"] in _loc(r)
    ok = client.patch(
        "/api/v1/me",
        headers=user.headers,
        json={"credit_settings": {"overrides": {"apply_mppr": False}}},
    )
    assert ok.status_code == 200
    assert ok.json()["credit_settings"]["overrides"]["apply_mppr"] is False


def _utc(text: str) -> datetime:
    assert text.endswith("Z") or text.endswith("+00:00"), text
    return datetime.fromisoformat(text)


def test_every_returned_instant_carries_its_offset(client, user) -> None:  # noqa: ANN001
    case = client.post("/api/v1/cases", headers=user.headers, json=CASE).json()
    _utc(case["created_at"]), _utc(case["updated_at"])
    patched = client.patch(
        f"/api/v1/cases/{case['id']}", headers=user.headers, json={"version": 1, "note": "x"}
    ).json()
    _utc(patched["updated_at"])
    _utc(client.get("/api/v1/me", headers=user.headers).json()["created_at"])
    for release in client.get("/api/v1/releases").json():
        _utc(release["imported_at"])
    template = client.post(
        "/api/v1/me/templates",
        headers=user.headers,
        json={"name": "lap chole", "lines": [{"code": "47562"}]},
    ).json()
    _utc(template["created_at"]), _utc(template["updated_at"])


def test_sync_since_honours_the_offset(client, user) -> None:  # noqa: ANN001
    case = client.post("/api/v1/cases", headers=user.headers, json=CASE).json()
    written = _utc(case["updated_at"])
    east = timezone(timedelta(hours=5, minutes=30))
    west = timezone(timedelta(hours=-5))

    def ids(since: datetime) -> list[str]:
        r = client.get(
            "/api/v1/cases/sync", headers=user.headers, params={"since": since.isoformat()}
        )
        assert r.status_code == 200, r.text
        return [change["id"] for change in r.json()["changes"]]

    assert ids((written - timedelta(seconds=1)).astimezone(east)) == [case["id"]]
    assert ids((written + timedelta(hours=1)).astimezone(west)) == []
    assert ids((written - timedelta(seconds=1)).astimezone(UTC)) == [case["id"]]


def test_an_unencoded_plus_in_since_is_read_as_the_offset(client, user) -> None:  # noqa: ANN001
    client.post("/api/v1/cases", headers=user.headers, json=CASE)
    r = client.get("/api/v1/cases/sync?since=2000-01-01T05:30:00+05:30", headers=user.headers)
    assert r.status_code == 200 and len(r.json()["changes"]) == 1


@pytest.mark.parametrize("word", ["0", "1", "yes", "on", "True"])
def test_a_form_boolean_is_true_or_false_only(client, user, word: str) -> None:  # noqa: ANN001
    r = client.post(
        "/api/v1/imports",
        headers=user.headers,
        files={"file": ("log.csv", b"Date,CPT\n2026-03-02,47562\n", "text/csv")},
        data={"skip_invalid_rows": word},
    )
    assert ["body", "skip_invalid_rows"] in _loc(r)
    assert client.get("/api/v1/imports", headers=user.headers).json() == []
