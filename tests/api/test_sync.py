"""Sync for offline phones: the cursor feed and the batch endpoint."""

import uuid

import pytest
from fastapi.testclient import TestClient

from tests.factories import SignedIn, make_user, sign_in

DOS = "2026-08-03"


def new_case(code: str = "47562", **extra) -> dict:  # noqa: ANN003
    return {
        "id": str(uuid.uuid4()),
        "date_of_service": DOS,
        "setting": "facility",
        "lines": [{"code": code}],
        **extra,
    }


def batch(client: TestClient, user: SignedIn, *operations: dict) -> list[dict]:
    r = client.post("/api/v1/cases/sync", headers=user.headers, json={"operations": operations})
    assert r.status_code == 200, r.text
    return r.json()["results"]


def pull(client: TestClient, user: SignedIn, cursor: str | None, limit: int = 100) -> dict:
    params = {"limit": limit} | ({"cursor": cursor} if cursor else {})
    r = client.get("/api/v1/cases/sync", headers=user.headers, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_feed_pages_every_change_once_in_order(client, user) -> None:  # noqa: ANN001
    made = [
        client.post("/api/v1/cases", headers=user.headers, json=new_case()).json() for _ in "abcde"
    ]
    first = made[0]
    client.patch(
        f"/api/v1/cases/{first['id']}", headers=user.headers, json={"version": 1, "note": "x"}
    )
    client.delete(f"/api/v1/cases/{made[1]['id']}", headers=user.headers)
    seen, cursor, pages = [], None, 0
    while True:
        page = pull(client, user, cursor, limit=2)
        seen += [(c["id"], c["change"], c["version"]) for c in page["changes"]]
        cursor, pages = page["next_cursor"], pages + 1
        if not page["has_more"]:
            break
    assert pages == 3
    # Each case once, in its latest state, in the order of its latest change.
    assert seen == [
        (made[2]["id"], "created", 1),
        (made[3]["id"], "created", 1),
        (made[4]["id"], "created", 1),
        (first["id"], "updated", 2),
        (made[1]["id"], "deleted", 2),
    ]
    # Nothing new: the same cursor comes back, with no changes.
    idle = pull(client, user, cursor)
    assert idle == {"changes": [], "next_cursor": cursor, "has_more": False}
    client.patch(
        f"/api/v1/cases/{made[4]['id']}", headers=user.headers, json={"version": 1, "site": "OR 2"}
    )
    after = pull(client, user, cursor)
    assert [(c["id"], c["case"]["site"]) for c in after["changes"]] == [(made[4]["id"], "OR 2")]


def test_feed_shows_no_other_users_changes(client, user) -> None:  # noqa: ANN001
    other = make_user(client, "other@example.org")
    client.post("/api/v1/cases", headers=other.headers, json=new_case())
    assert pull(client, user, None)["changes"] == []


@pytest.mark.parametrize(
    "cursor", ["nonsense", "YzE6LTE", "", "=" * 5, "YzE6OTk5OTk5OTk5OTk5OTk5OTk5OTk5"]
)
def test_a_foreign_cursor_is_422(client, user, cursor) -> None:  # noqa: ANN001
    r = client.get("/api/v1/cases/sync", headers=user.headers, params={"cursor": cursor})
    assert r.status_code == 422, r.text
    assert ["query", "cursor"] in [e["loc"] for e in r.json()["errors"]]


def test_batch_answers_each_operation_on_its_own(client, user) -> None:  # noqa: ANN001
    kept = client.post("/api/v1/cases", headers=user.headers, json=new_case()).json()
    doomed = client.post("/api/v1/cases", headers=user.headers, json=new_case()).json()
    fresh = new_case(site="Main OR")
    results = batch(
        client,
        user,
        {"op": "create", "case": fresh},
        {"op": "create", "case": new_case(code="47569")},  # not a code in the release
        {"op": "update", "id": kept["id"], "changes": {"version": 1, "note": "first"}},
        {"op": "update", "id": kept["id"], "changes": {"version": 1, "note": "stale"}},
        {"op": "delete", "id": doomed["id"], "version": 1},
        {"op": "delete", "id": str(uuid.uuid4()), "version": 1},
        {"op": "create", "case": fresh},
    )
    assert [r["status"] for r in results] == [
        "created",
        "invalid",
        "updated",
        "conflict",
        "deleted",
        "not_found",
        "unchanged",
    ]
    assert results[0]["case"]["site"] == "Main OR" and results[0]["id"] == fresh["id"]
    assert results[1]["case"] is None and results[1]["errors"][0]["loc"][-1] == "code"
    assert results[3]["server_version"] == 2 and results[3]["case"]["note"] == "first"
    assert results[4]["case"] is None and results[4]["server_version"] == 2
    listed = client.get("/api/v1/cases", headers=user.headers).json()
    assert listed["total"] == 2  # kept and fresh; the invalid one stored nothing
    # Retrying the whole batch changes nothing more.
    again = batch(
        client,
        user,
        {"op": "create", "case": fresh},
        {"op": "delete", "id": doomed["id"], "version": 1},
    )
    assert [r["status"] for r in again] == ["unchanged", "unchanged"]


def test_batch_cannot_touch_another_users_case(client, user) -> None:  # noqa: ANN001
    other = make_user(client, "other@example.org")
    theirs = client.post("/api/v1/cases", headers=other.headers, json=new_case()).json()
    results = batch(
        client,
        user,
        {"op": "update", "id": theirs["id"], "changes": {"version": 1, "note": "mine"}},
        {"op": "delete", "id": theirs["id"], "version": 1},
    )
    assert [r["status"] for r in results] == ["not_found", "not_found"]
    assert all(r["case"] is None and r["server_version"] is None for r in results)
    assert client.get(f"/api/v1/cases/{theirs['id']}", headers=other.headers).json()["note"] is None


@pytest.mark.parametrize(
    "operations",
    [
        [],
        [{"op": "create", "case": new_case()}] * 101,
        [{"op": "rename", "id": str(uuid.uuid4())}],
        [{"op": "create", "case": {k: v for k, v in new_case().items() if k != "id"}}],
    ],
)
def test_a_malformed_batch_is_422_and_applies_nothing(client, user, operations) -> None:  # noqa: ANN001
    r = client.post("/api/v1/cases/sync", headers=user.headers, json={"operations": operations})
    assert r.status_code == 422
    assert client.get("/api/v1/cases", headers=user.headers).json()["total"] == 0


class Phone:
    """A device that logs offline, then pushes its outbox and pulls the feed."""

    def __init__(self, client: TestClient, login: SignedIn):
        self.client, self.login = client, login
        self.cases: dict[str, dict] = {}
        self.outbox: list[dict] = []
        self.cursor: str | None = None
        self.conflicts: list[dict] = []

    def create(self, code: str) -> str:
        body = new_case(code=code)
        self.cases[body["id"]] = {"id": body["id"], "version": 1, "lines": body["lines"]}
        self.outbox.append({"op": "create", "case": body})
        return body["id"]

    def edit(self, case_id: str, note: str) -> None:
        self.cases[case_id]["note"] = note
        self.outbox.append(
            {
                "op": "update",
                "id": case_id,
                "changes": {"version": self.cases[case_id]["version"], "note": note},
            }
        )

    def delete(self, case_id: str) -> None:
        version = self.cases.pop(case_id)["version"]
        self.outbox.append({"op": "delete", "id": case_id, "version": version})

    def sync(self) -> None:
        if self.outbox:
            for result in batch(self.client, self.login, *self.outbox):
                if result["status"] == "conflict":
                    self.conflicts.append(result)
            self.outbox = []
        while True:
            page = pull(self.client, self.login, self.cursor, limit=3)
            for change in page["changes"]:
                if change["change"] == "deleted":
                    self.cases.pop(change["id"], None)
                else:
                    self.cases[change["id"]] = change["case"]
            self.cursor = page["next_cursor"]
            if not page["has_more"]:
                return

    def view(self) -> dict[str, tuple]:
        return {
            i: (c["version"], c.get("note"), tuple(x["code"] for x in c["lines"]))
            for i, c in self.cases.items()
        }


def test_two_offline_phones_converge(client, user) -> None:  # noqa: ANN001
    phone_a = Phone(client, user)
    phone_b = Phone(client, sign_in(client, user.email))
    shared = phone_a.create("47562")
    phone_a.create("44970")
    phone_a.sync()
    phone_b.sync()
    assert phone_a.view() == phone_b.view() and len(phone_a.view()) == 2

    # Both go offline and change things, including the same case.
    phone_a.edit(shared, "from A")
    phone_a.create("49505")
    gone = phone_b.create("19120")
    phone_b.edit(shared, "from B")
    phone_b.create("27447")
    phone_b.delete(gone)  # created and deleted offline: the server sees both, in order
    phone_a.sync()
    phone_b.sync()  # B's edit of the shared case lost the race: reported, not applied
    phone_a.sync()

    assert [c["id"] for c in phone_b.conflicts] == [shared]
    assert phone_b.conflicts[0]["case"]["note"] == "from A"
    server = {
        c["id"]: (c["version"], c["note"], tuple(x["code"] for x in c["lines"]))
        for c in client.get("/api/v1/cases", headers=user.headers).json()["items"]
    }
    assert phone_a.view() == phone_b.view() == server
    assert sorted(codes for _, _, codes in server.values()) == [
        ("27447",),
        ("44970",),
        ("47562",),
        ("49505",),
    ]
    assert server[shared][1] == "from A" and gone not in server
