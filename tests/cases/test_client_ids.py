"""Case ids are scoped to their owner: a phone may choose any id, and choosing one another user's
case already holds tells nothing about that case. The second user's case then lives under the
same id for them, through every part of the API that names cases."""

import csv
import io
import uuid

import pytest
from fastapi.testclient import TestClient

from rvuedge.cases import create
from rvuedge.imports.service import CASE_ID_NAMESPACE
from tests.factories import make_user

SHARED = str(uuid.UUID("3f2b7c1e-9a4d-4e8f-b6a1-0c5d2e7f8a91"))


def _create(client: TestClient, headers: dict[str, str], **body: object) -> dict:
    r = client.post("/api/v1/cases", headers=headers, json=body)
    assert r.status_code in (200, 201), r.text
    return {"status": r.status_code, "location": r.headers["location"], **r.json()}


def test_an_id_another_user_holds_answers_as_if_it_were_free(client: TestClient) -> None:
    first = make_user(client, "first@example.org")
    second = make_user(client, "second@example.org")
    one = {"id": SHARED, "date_of_service": "2026-09-01", "lines": [{"code": "47562"}]}
    other = {"id": SHARED, "date_of_service": "2026-09-03", "lines": [{"code": "49505"}]}

    mine = _create(client, first.headers, **one)
    theirs = _create(client, second.headers, **other)
    # Both are new cases under the id each chose: nothing says the id was taken.
    assert (mine["status"], theirs["status"]) == (201, 201)
    assert mine["id"] == theirs["id"] == SHARED
    assert theirs["location"] == f"/api/v1/cases/{SHARED}"
    # Each sees only their own case under that id.
    assert (
        client.get(f"/api/v1/cases/{SHARED}", headers=first.headers).json()["lines"][0]["code"]
        == "47562"
    )
    assert (
        client.get(f"/api/v1/cases/{SHARED}", headers=second.headers).json()["lines"][0]["code"]
        == "49505"
    )
    # A retry of either is recognised as that user's own case (200, same case).
    assert _create(client, second.headers, **other)["status"] == 200
    assert _create(client, first.headers, **one)["status"] == 200
    # The same id with another body is a conflict only with one's own case.
    r = client.post(
        "/api/v1/cases", headers=second.headers, json={**other, "date_of_service": "2026-09-04"}
    )
    assert r.status_code == 409


def test_the_second_users_case_lives_under_its_id_everywhere(client: TestClient) -> None:
    first = make_user(client, "first@example.org")
    second = make_user(client, "second@example.org")
    _create(
        client, first.headers, id=SHARED, date_of_service="2026-09-01", lines=[{"code": "47562"}]
    )
    _create(
        client, second.headers, id=SHARED, date_of_service="2026-09-03", lines=[{"code": "49505"}]
    )

    listed = client.get("/api/v1/cases", headers=second.headers).json()["items"]
    assert [c["id"] for c in listed] == [SHARED]
    feed = client.get("/api/v1/cases/sync", headers=second.headers).json()
    assert [c["id"] for c in feed["changes"]] == [SHARED]

    # A related case is named by its id too (a return to the OR, -78).
    back = _create(
        client,
        second.headers,
        date_of_service="2026-09-05",
        lines=[{"code": "49002", "modifiers": ["78"]}],
        related_case_id=SHARED,
    )
    assert back["related_case_id"] == SHARED

    export = client.get(
        "/api/v1/exports/cases",
        headers=second.headers,
        params={"start": "2026-09-01", "end": "2026-09-30", "format": "csv"},
    )
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(export.text.lstrip("\ufeff"))))
    id_column = next(
        i for i, name in enumerate(rows[0]) if "case" in name.lower() and "id" in name.lower()
    )
    assert SHARED in {row[id_column] for row in rows[1:]}

    # Changing and deleting it touch only the second user's case.
    case = client.get(f"/api/v1/cases/{SHARED}", headers=second.headers).json()
    r = client.patch(
        f"/api/v1/cases/{SHARED}",
        headers=second.headers,
        json={"version": case["version"], "note": "second look"},
    )
    assert r.status_code == 200 and r.json()["note"] == "second look"
    assert client.delete(f"/api/v1/cases/{SHARED}", headers=second.headers).status_code == 204
    assert client.get(f"/api/v1/cases/{SHARED}", headers=second.headers).status_code == 404
    untouched = client.get(f"/api/v1/cases/{SHARED}", headers=first.headers).json()
    assert (untouched["version"], untouched["note"]) == (1, None)


def test_an_offline_batch_may_use_an_id_another_user_holds(client: TestClient) -> None:
    first = make_user(client, "first@example.org")
    second = make_user(client, "second@example.org")
    _create(
        client, first.headers, id=SHARED, date_of_service="2026-09-01", lines=[{"code": "47562"}]
    )
    batch = {
        "operations": [
            {
                "op": "create",
                "case": {
                    "id": SHARED,
                    "date_of_service": "2026-09-03",
                    "lines": [{"code": "49505"}],
                },
            },
            {"op": "delete", "id": SHARED, "version": 1},
        ]
    }
    results = client.post("/api/v1/cases/sync", headers=second.headers, json=batch).json()[
        "results"
    ]
    assert [(r["id"], r["status"]) for r in results] == [(SHARED, "created"), (SHARED, "deleted")]
    assert client.get(f"/api/v1/cases/{SHARED}", headers=first.headers).status_code == 200


def test_a_create_racing_another_users_same_id_still_stores_the_case(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race: the second user's key check ran before the first user's insert committed.
    first = make_user(client, "first@example.org")
    second = make_user(client, "second@example.org")
    body = {"id": SHARED, "date_of_service": "2026-09-01", "lines": [{"code": "47562"}]}
    assert client.post("/api/v1/cases", headers=first.headers, json=body).status_code == 201
    real, calls = create._free_key, []

    def raced(chosen: uuid.UUID | None, *, taken: bool) -> uuid.UUID:
        calls.append(chosen)
        return chosen if len(calls) == 1 else real(chosen, taken=taken)  # type: ignore[return-value]

    monkeypatch.setattr(create, "_free_key", raced)
    r = client.post("/api/v1/cases", headers=second.headers, json=body)
    assert r.status_code == 201 and r.json()["id"] == SHARED
    assert client.get(f"/api/v1/cases/{SHARED}", headers=second.headers).status_code == 200


def test_an_import_names_its_cases_by_their_api_ids(client: TestClient) -> None:
    first = make_user(client, "first@example.org")
    second = make_user(client, "second@example.org")
    preview = client.post(
        "/api/v1/imports",
        headers=second.headers,
        files={"file": ("log.csv", b"Date,CPT\n2026-01-05,47562\n")},
    ).json()
    # The first user happens to hold the key the import would give its first case.
    taken = str(uuid.uuid5(CASE_ID_NAMESPACE, f"{preview['id']}:0"))
    _create(
        client, first.headers, id=taken, date_of_service="2026-01-06", lines=[{"code": "44970"}]
    )
    committed = client.post(f"/api/v1/imports/{preview['id']}/commit", headers=second.headers)
    shown = committed.json()["cases"][0]["case_id"]
    assert shown == taken
    assert client.get(f"/api/v1/cases/{shown}", headers=second.headers).status_code == 200
