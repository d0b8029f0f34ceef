import uuid

import pytest
from fastapi.testclient import TestClient

from tests.calc.test_credit_vectors import MIRROR, VECTORS
from tests.factories import SignedIn

DOS_2025 = "2025-11-14"
DOS_2026 = "2026-08-03"


def lines(text: str) -> list[dict]:
    out = []
    for part in text.split(";"):
        code, *mods = part.strip().split("-")
        out.append({"code": code, "modifiers": mods})
    return out


def preview(client: TestClient, user: SignedIn, text: str, dos: str, **extra) -> dict:  # noqa: ANN003
    r = client.post(
        "/api/v1/cases/preview",
        headers=user.headers,
        json={"date_of_service": dos, "setting": "facility", "lines": lines(text), **extra},
    )
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize(
    ("name", "text", "rules", "total_2025", "total_2026"), VECTORS, ids=[v[0] for v in VECTORS]
)
def test_vectors_through_preview(client, user, name, text, rules, total_2025, total_2026) -> None:  # noqa: ANN001
    settings: dict = {
        "profile": "cms_payment_mirror" if rules == MIRROR else "productivity_standard"
    }
    if "1.25" in name:
        settings["overrides"] = {"mod22_factor": 1.25}
    assert (
        client.patch(
            "/api/v1/me", headers=user.headers, json={"credit_settings": settings}
        ).status_code
        == 200
    )
    body = preview(client, user, text, DOS_2025)
    assert body["release"] == "2025D" and body["release_note"] is None
    assert abs(body["total_wrvu"] - float(total_2025)) < 0.0051
    if total_2026 is not None:
        assert abs(preview(client, user, text, DOS_2026)["total_wrvu"] - float(total_2026)) < 0.0051


def test_preview_explains_each_line(client, user) -> None:  # noqa: ANN001
    body = preview(client, user, "47562; 49505-51", DOS_2025)
    second = body["lines"][1]
    assert (
        second["code"] == "49505"
        and second["base_wrvu"] == 7.96
        and second["credited_wrvu"] == 3.98
    )
    assert (
        second["adjustments"][0]["rule"] == "multiple_procedure"
        and second["adjustments"][0]["factor"] == 0.5
    )
    assert second["rank"] == 2 and second["release"] == "2025D"
    assert body["total_wrvu"] == 14.45 and body["base_wrvu"] == 18.43


def test_exact_values_travel_with_the_rounded_ones(client, user) -> None:  # noqa: ANN001
    body = preview(client, user, "22554-62", DOS_2025)
    assert (
        body["lines"][0]["credited_wrvu"] == 11.06
        and body["lines"][0]["credited_wrvu_exact"] == "11.05625"
    )
    assert body["total_wrvu_exact"] == "11.05625"
    stored = client.post(
        "/api/v1/cases",
        headers=user.headers,
        json={"date_of_service": DOS_2025, "lines": lines("22554-62")},
    ).json()
    assert (
        stored["lines"][0]["credited_wrvu_exact"] == "11.05625"
        and stored["total_wrvu_exact"] == "11.05625"
    )
    assert preview(client, user, "47562", DOS_2025)["total_wrvu_exact"] == "10.47"


def test_release_by_date_of_service(client, user) -> None:  # noqa: ANN001
    assert preview(client, user, "47562", DOS_2025)["lines"][0]["credited_wrvu"] == 10.47
    assert preview(client, user, "47562", DOS_2026)["lines"][0]["credited_wrvu"] == 10.21
    early = preview(client, user, "47562", "2026-02-10")
    assert early["release"] == "2026C" and "2026A" in early["release_note"]
    assert early["provisional"] and early["lines"][0]["provisional"]
    # A year with no release at all is valued provisionally too: logging never stops.
    old = preview(client, user, "47562", "2024-05-01")
    assert old["release"] == "2025D" and old["provisional"]
    assert "2024B" in old["release_note"] and "2025D" in old["release_note"]
    exact = preview(client, user, "47562", DOS_2026)
    assert not exact["provisional"] and exact["release_note"] is None


def create(client: TestClient, user: SignedIn, **body) -> dict:  # noqa: ANN003
    payload = {"date_of_service": DOS_2026, "lines": lines("47562"), **body}
    r = client.post("/api/v1/cases", headers=user.headers, json=payload)
    assert r.status_code in (200, 201), r.text
    return r.json()


def test_create_get_list_update_delete(client, user) -> None:  # noqa: ANN001
    case = create(client, user, site="Main OR", role="surgeon", note="converted to open")
    assert case["total_wrvu"] == 10.21 and case["version"] == 1 and case["setting"] == "facility"
    got = client.get(f"/api/v1/cases/{case['id']}", headers=user.headers).json()
    assert got == case
    create(client, user, date_of_service="2026-09-01", lines=lines("44970"), site="ASC")
    page = client.get("/api/v1/cases", headers=user.headers, params={"limit": 1}).json()
    assert page["total"] == 2 and [c["date_of_service"] for c in page["items"]] == ["2026-09-01"]
    assert (
        client.get("/api/v1/cases", headers=user.headers, params={"code": "44970"}).json()["total"]
        == 1
    )
    for written in ("Main OR", "main or", " MAIN OR "):  # as saved sites match: any case
        found = client.get("/api/v1/cases", headers=user.headers, params={"site": written})
        assert found.json()["total"] == 1, written
    assert (
        client.get(
            "/api/v1/cases",
            headers=user.headers,
            params={"start": "2026-08-10", "end": "2026-12-31"},
        ).json()["total"]
        == 1
    )
    changed = client.patch(
        f"/api/v1/cases/{case['id']}",
        headers=user.headers,
        json={"version": 1, "lines": lines("47562; 49505-51")},
    )
    assert (
        changed.status_code == 200
        and changed.json()["version"] == 2
        and changed.json()["total_wrvu"] == 14.09
    )
    stale = client.patch(
        f"/api/v1/cases/{case['id']}", headers=user.headers, json={"version": 1, "site": "x"}
    )
    assert stale.status_code == 409
    assert client.delete(f"/api/v1/cases/{case['id']}", headers=user.headers).status_code == 204
    assert client.get(f"/api/v1/cases/{case['id']}", headers=user.headers).status_code == 404
    sync = client.get(
        "/api/v1/cases/sync", headers=user.headers, params={"since": "2000-01-01T00:00:00Z"}
    ).json()
    kinds = {c["id"]: c["change"] for c in sync["changes"]}
    assert kinds[case["id"]] == "deleted" and sorted(kinds.values()) == ["created", "deleted"]


def test_retry_with_same_id_makes_one_case(client, user) -> None:  # noqa: ANN001
    case_id = str(uuid.uuid4())
    body = {"id": case_id, "date_of_service": DOS_2026, "lines": lines("47562")}
    first = client.post("/api/v1/cases", headers=user.headers, json=body)
    again = client.post("/api/v1/cases", headers=user.headers, json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.headers["location"] == f"/api/v1/cases/{case_id}"
    assert first.json() == again.json()
    other = client.post(
        "/api/v1/cases", headers=user.headers, json={**body, "lines": lines("44970")}
    )
    assert other.status_code == 409
    assert client.get("/api/v1/cases", headers=user.headers).json()["total"] == 1


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"lines": [{"code": "47569"}]}, ["body", "lines", 0, "code"]),
        (
            {"lines": [{"code": "0042T"}]},
            ["body", "lines", 0, "code"],
        ),  # in 2025D, deleted before 2026C
        ({"lines": [{"code": "47562", "modifiers": ["ZZ"]}]}, ["body", "lines", 0, "modifiers"]),
        ({"lines": [{"code": "47562", "units": 0}]}, ["body", "lines", 0, "units"]),
        ({"lines": [{"code": "47562", "units": 1000}]}, ["body", "lines", 0, "units"]),
        ({"lines": [{"code": "47562"}] * 31}, ["body", "lines"]),
        ({"lines": []}, ["body", "lines"]),
        ({"date_of_service": "2026-11-29"}, ["body", "date_of_service"]),
        ({"date_of_service": "1999-12-31"}, ["body", "date_of_service"]),
        ({"id": "not-a-uuid"}, ["body", "id"]),
        ({"note": "x" * 281}, ["body", "note"]),
        (
            {"lines": [{"code": "47562", "modifiers": ["50", "51", "52", "53", "54"]}]},
            ["body", "lines", 0, "modifiers"],
        ),
        ({"related_case_id": str(uuid.uuid4())}, ["body", "related_case_id"]),
    ],
)
def test_bad_cases_are_422_naming_line_and_field(client, user, body: dict, loc: list) -> None:  # noqa: ANN001
    payload = {"date_of_service": DOS_2026, "lines": lines("47562"), **body}
    r = client.post("/api/v1/cases", headers=user.headers, json=payload)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert any(e["loc"][: len(loc)] == loc for e in r.json()["errors"]), r.json()
    assert client.get("/api/v1/cases", headers=user.headers).json()["total"] == 0


def test_unknown_code_suggests_near_codes(client, user) -> None:  # noqa: ANN001
    r = client.post(
        "/api/v1/cases/preview",
        headers=user.headers,
        json={"date_of_service": DOS_2026, "lines": [{"code": "47569"}]},
    )
    error = r.json()["errors"][0]
    assert "47562" in error["near_codes"]


def test_tomorrow_in_the_users_time_zone_is_allowed(client, user) -> None:  # noqa: ANN001
    # Pinned now is 2026-11-27 15:00 UTC: already the 28th in Auckland, so the 29th is "tomorrow".
    client.patch("/api/v1/me", headers=user.headers, json={"time_zone": "Pacific/Auckland"})
    r = client.post(
        "/api/v1/cases/preview",
        headers=user.headers,
        json={"date_of_service": "2026-11-29", "lines": lines("47562")},
    )
    assert r.status_code == 200


def test_role_without_its_modifier_warns(client, user) -> None:  # noqa: ANN001
    bare = create(client, user, role="assistant")
    assert any("no line carries -80/-81/-82/-AS" in w for w in bare["warnings"])
    assert bare["total_wrvu"] == 10.21  # credit follows the modifiers, not the label
    # Another day, so the duplicate warning (same day, same code) stays out of the way.
    assisted = create(
        client, user, role="assistant", lines=lines("47562-80"), date_of_service="2026-08-04"
    )
    assert assisted["warnings"] == [] and assisted["total_wrvu"] == round(10.21 * 0.16, 2)


def test_note_that_looks_like_phi_warns(client, user) -> None:  # noqa: ANN001
    clean = create(client, user, note="difficult dissection, converted")
    assert clean["warnings"] == []
    # Synthetic values, shaped like patient details only to trip the warning.
    flagged = create(client, user, note="Mr. Placeholder MRN 99999999 DOB 01/01/1900")
    assert len(flagged["warnings"]) >= 2 and all("patient" in w for w in flagged["warnings"])


def test_parse_examples(client, user) -> None:  # noqa: ANN001
    def parse(text: str) -> dict:
        r = client.post(
            "/api/v1/cases/parse",
            headers=user.headers,
            json={"text": text, "date_of_service": DOS_2026},
        )
        assert r.status_code == 200, r.text
        return r.json()

    assert parse("47562 49505-50")["lines"] == [
        {"code": "47562", "modifiers": [], "units": 1},
        {"code": "49505", "modifiers": ["50"], "units": 1},
    ]
    assert parse("9921352")["lines"] == [{"code": "99213", "modifiers": ["52"], "units": 1}]
    assert [x["code"] for x in parse("4756249505")["lines"]] == ["47562", "49505"]
    assert [x["code"] for x in parse("47562,49505+99213-25")["lines"]] == [
        "47562",
        "49505",
        "99213",
    ]
    assert parse("22614x2")["lines"] == [{"code": "22614", "modifiers": [], "units": 2}]
    # Bilateral first (49505-50: facility total x 1.5 outranks 47562): 11.64 + 10.21 / 2.
    assert parse("47562 49505-50")["preview"]["total_wrvu"] == 16.75
    too_many = client.post(
        "/api/v1/cases/parse",
        headers=user.headers,
        json={"text": "47562-50-51-22-52-80", "date_of_service": DOS_2026},
    )
    assert too_many.status_code == 422 and "line 1 (47562)" in too_many.json()["detail"]
    bad = client.post(
        "/api/v1/cases/parse",
        headers=user.headers,
        json={"text": "47562 4756x", "date_of_service": DOS_2026},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["fragment"] == "4756x" and bad.json()["errors"][0]["start"] == 6


def test_favorites_templates_recents(client, user) -> None:  # noqa: ANN001
    a = client.post("/api/v1/me/favorites", headers=user.headers, json={"code": "47562"}).json()
    b = client.post(
        "/api/v1/me/favorites",
        headers=user.headers,
        json={"code": "49505", "modifiers": ["50"], "label": "bilateral IHR"},
    ).json()
    assert [f["code"] for f in client.get("/api/v1/me/favorites", headers=user.headers).json()] == [
        "47562",
        "49505",
    ]
    reordered = client.put(
        "/api/v1/me/favorites/order", headers=user.headers, json={"ids": [b["id"], a["id"]]}
    )
    assert [f["code"] for f in reordered.json()] == ["49505", "47562"]
    assert (
        client.put(
            "/api/v1/me/favorites/order", headers=user.headers, json={"ids": [a["id"]]}
        ).status_code
        == 422
    )
    assert (
        client.post(
            "/api/v1/me/favorites", headers=user.headers, json={"code": "47569"}
        ).status_code
        == 422
    )
    template = client.post(
        "/api/v1/me/templates",
        headers=user.headers,
        json={
            "name": "lap chole + IOC",
            "lines": [{"code": "47563"}, {"code": "49505", "modifiers": ["51"]}],
        },
    )
    assert template.status_code == 201
    tid = template.json()["id"]
    renamed = client.patch(
        f"/api/v1/me/templates/{tid}", headers=user.headers, json={"name": "chole bundle"}
    )
    assert renamed.json()["name"] == "chole bundle" and len(renamed.json()["lines"]) == 2
    create(client, user, lines=lines("47562; 49505-51"))
    create(client, user, lines=lines("47562"), date_of_service="2026-09-01")
    recent = client.get("/api/v1/me/recents", headers=user.headers).json()
    assert recent[0] == {"code": "47562", "modifiers": [], "last_used": "2026-09-01", "times": 2}
    assert client.delete(f"/api/v1/me/templates/{tid}", headers=user.headers).status_code == 204
    assert client.delete(f"/api/v1/me/favorites/{a['id']}", headers=user.headers).status_code == 204


def test_global_periods_and_related_case_warning(client, user) -> None:  # noqa: ANN001
    chole = create(client, user, date_of_service="2026-09-01", lines=lines("47562"))
    windows = client.get(
        "/api/v1/cases/global-periods", headers=user.headers, params={"on": "2026-10-01"}
    ).json()
    assert windows[0]["code"] == "47562" and windows[0]["window_start"] == "2026-08-31"
    assert windows[0]["window_end"] == "2026-11-30" and windows[0]["days_left"] == 60
    assert (
        client.get(
            "/api/v1/cases/global-periods", headers=user.headers, params={"on": "2026-12-01"}
        ).json()
        == []
    )
    inside = create(
        client,
        user,
        date_of_service="2026-09-20",
        lines=lines("49002-78"),
        related_case_id=chole["id"],
    )
    assert inside["warnings"] == []
    assert inside["total_wrvu"] == round(17.19 * 0.81, 2)
    outside = create(
        client,
        user,
        date_of_service="2026-11-26",
        lines=lines("49505-79"),
        related_case_id=chole["id"],
    )
    assert outside["warnings"] == []  # 2026-11-26 is inside 090 days of 2026-09-01
    late_chole = create(client, user, date_of_service="2026-08-01", lines=lines("44970"))
    late = create(
        client,
        user,
        date_of_service="2026-11-26",
        lines=lines("49002-78"),
        related_case_id=late_chole["id"],
    )
    assert any("outside the global period" in w for w in late["warnings"])
