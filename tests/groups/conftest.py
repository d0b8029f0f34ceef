"""A practice manager's group: the admin, two physicians who are members, a viewer and an
outsider, each signed in through the API; helpers to invite, join and share."""

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from tests.factories import SignedIn, log_case, make_user

PROFILE = {"specialty": "general surgery", "annual_wrvu_goal": 7000, "monthly_wrvu_goal": 600}
NOTE = "private-note-zebra"


@dataclass
class Party:
    client: TestClient
    group_id: str
    admin: SignedIn
    doc: SignedIn
    doc_id: str
    doc2: SignedIn
    doc2_id: str
    viewer: SignedIn
    viewer_id: str
    outsider: SignedIn

    def url(self, tail: str = "") -> str:
        return f"/api/v1/groups/{self.group_id}{tail}"

    def share(self, who: SignedIn, scope: str, case_log: bool = False) -> dict:
        r = self.client.put(
            self.url("/sharing"), headers=who.headers, json={"scope": scope, "case_log": case_log}
        )
        assert r.status_code == 200, r.text
        return r.json()


def user_id(client: TestClient, who: SignedIn) -> str:
    return client.get("/api/v1/me", headers=who.headers).json()["id"]


def invite(client: TestClient, admin: SignedIn, group_id: str, role: str) -> str:
    r = client.post(
        f"/api/v1/groups/{group_id}/invitations", headers=admin.headers, json={"role": role}
    )
    assert r.status_code == 201, r.text
    return r.json()["code"]


def join(client: TestClient, who: SignedIn, code: str) -> dict:
    r = client.post("/api/v1/groups/join", headers=who.headers, json={"code": code})
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture
def party(client: TestClient) -> Party:
    admin = make_user(client, "manager@example.org")
    doc = make_user(client, "doc@example.org", PROFILE)
    doc2 = make_user(client, "doc2@example.org", PROFILE)
    viewer = make_user(client, "viewer@example.org")
    outsider = make_user(client, "outsider@example.org")
    r = client.post("/api/v1/groups", headers=admin.headers, json={"name": "Hernia partners"})
    assert r.status_code == 201, r.text
    group_id = r.json()["id"]
    join(client, doc, invite(client, admin, group_id, "member"))
    join(client, doc2, invite(client, admin, group_id, "member"))
    join(client, viewer, invite(client, admin, group_id, "viewer"))
    for dos, codes in [
        ("2026-03-04", ("47562",)),
        ("2026-07-15", ("49505", "44970")),
        ("2026-11-20", ("47562",)),
    ]:
        log_case(client, doc, dos, *codes, note=NOTE)
    log_case(client, doc2, "2026-06-01", "49505", note=NOTE)
    return Party(
        client=client,
        group_id=group_id,
        admin=admin,
        doc=doc,
        doc_id=user_id(client, doc),
        doc2=doc2,
        doc2_id=user_id(client, doc2),
        viewer=viewer,
        viewer_id=user_id(client, viewer),
        outsider=outsider,
    )
