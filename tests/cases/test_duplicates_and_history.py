"""A likely duplicate (same day, same codes) is warned about by the preview and the create answer;
the history's text search finds cases by code, code name, site or note."""

import uuid

from fastapi.testclient import TestClient

from tests.factories import SignedIn, make_user

DOS = "2026-11-20"


def body(codes: list[str], dos: str = DOS, **extra) -> dict:  # noqa: ANN003
    return {
        "date_of_service": dos,
        "setting": "facility",
        "lines": [{"code": c, "modifiers": []} for c in codes],
        **extra,
    }


def create(client: TestClient, user: SignedIn, codes: list[str], **extra) -> dict:  # noqa: ANN003
    r = client.post("/api/v1/cases", headers=user.headers, json=body(codes, **extra))
    assert r.status_code == 201, r.text
    return r.json()


def duplicate_warnings(answer: dict) -> list[str]:
    return [w for w in answer["warnings"] if w.startswith("Likely duplicate")]


def test_same_day_same_codes_is_warned_by_preview_and_create(client: TestClient) -> None:
    user = make_user(client)
    first = create(client, user, ["47562", "49505"])
    assert duplicate_warnings(first) == []

    r = client.post("/api/v1/cases/preview", headers=user.headers, json=body(["49505", "47562"]))
    assert r.status_code == 200
    (warning,) = duplicate_warnings(r.json())
    assert warning.startswith("Likely duplicate: you already logged 47562, 49505 on 2026-11-20")

    second = create(client, user, ["49505", "47562"])
    assert duplicate_warnings(second) == [warning]

    # Another day, or other codes, or the case being edited itself: no warning.
    for other in (body(["47562", "49505"], dos="2026-11-21"), body(["47562"])):
        r = client.post("/api/v1/cases/preview", headers=user.headers, json=other)
        assert duplicate_warnings(r.json()) == []
    solo = create(client, user, ["44970"])
    r = client.post(
        f"/api/v1/cases/preview?case_id={solo['id']}", headers=user.headers, json=body(["44970"])
    )
    assert duplicate_warnings(r.json()) == []


def test_a_deleted_case_or_another_users_case_is_no_duplicate(client: TestClient) -> None:
    user, other = make_user(client), make_user(client, "other@example.org")
    gone = create(client, user, ["47562"])
    assert client.delete(f"/api/v1/cases/{gone['id']}", headers=user.headers).status_code == 204
    create(client, other, ["47562"])
    r = client.post("/api/v1/cases/preview", headers=user.headers, json=body(["47562"]))
    assert duplicate_warnings(r.json()) == []


def test_history_search_by_code_name_site_and_note(client: TestClient) -> None:
    user, other = make_user(client), make_user(client, "other@example.org")
    chole = create(client, user, ["47562"], site="North Campus")
    hernia = create(client, user, ["49505"], note="weekend call")
    create(client, other, ["47562"], site="North Campus")

    def found(q: str) -> set[str]:
        r = client.get("/api/v1/cases", headers=user.headers, params={"q": q})
        assert r.status_code == 200, r.text
        return {c["id"] for c in r.json()["items"]}

    assert found("4756") == {chole["id"]}
    assert found("north") == {chole["id"]}
    assert found("WEEKEND") == {hernia["id"]}
    assert found("%") == set()  # a LIKE wildcard is plain text
    assert found("") == {chole["id"], hernia["id"]}
    name = client.get("/api/v1/codes/49505", headers=user.headers).json()["name"]
    assert hernia["id"] in found(name.split()[0])
    assert chole["id"] not in found(uuid.uuid4().hex[:8])
