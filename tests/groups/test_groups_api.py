"""Groups, invitations, membership and sharing through the API: what each role sees and the
404 matrix for everything a user may not see."""

import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from rvuedge.deps import get_now
from tests.conftest import NOW
from tests.factories import make_user
from tests.groups.conftest import Party, invite, join


def test_creator_is_admin_and_members_see_only_names(party: Party) -> None:
    c = party.client
    party.share(party.doc, "totals")
    as_admin = c.get(party.url(), headers=party.admin.headers).json()
    assert as_admin["my_role"] == "admin" and as_admin["name"] == "Hernia partners"
    by_id = {m["user_id"]: m for m in as_admin["members"]}
    assert by_id[party.doc_id]["scope"] == "totals" and by_id[party.doc2_id]["scope"] == "none"
    as_member = c.get(party.url(), headers=party.doc2.headers).json()
    assert as_member["my_role"] == "member" and as_member["my_scope"] == "none"
    assert {m["scope"] for m in as_member["members"]} == {None}
    assert {m["case_log"] for m in as_member["members"]} == {None}
    assert len(as_member["members"]) == 4
    listed = c.get("/api/v1/groups", headers=party.viewer.headers).json()
    assert [g["id"] for g in listed] == [party.group_id]
    assert c.get("/api/v1/groups", headers=party.outsider.headers).json() == []


def test_a_code_joins_once(party: Party) -> None:
    c = party.client
    code = invite(c, party.admin, party.group_id, "viewer")
    newcomer = make_user(c, "newcomer@example.org")
    late = make_user(c, "late@example.org")
    assert join(c, newcomer, code.lower().replace("-", " "))["my_role"] == "viewer"
    again = c.post("/api/v1/groups/join", headers=late.headers, json={"code": code})
    assert again.status_code == 404
    assert again.headers["content-type"].startswith("application/problem+json")
    unknown = c.post("/api/v1/groups/join", headers=late.headers, json={"code": "AAAA-BBBB-CCCC"})
    assert unknown.status_code == 404
    second = invite(c, party.admin, party.group_id, "member")
    twice = c.post("/api/v1/groups/join", headers=party.doc.headers, json={"code": second})
    assert twice.status_code == 409
    # the refused join did not use the code up
    assert join(c, late, second)["my_role"] == "member"


def test_an_expired_code_is_404(app, client: TestClient, party: Party) -> None:  # noqa: ANN001
    code = invite(client, party.admin, party.group_id, "member")
    app.dependency_overrides[get_now] = lambda: NOW + timedelta(days=7, seconds=1)
    newcomer = make_user(client, "newcomer@example.org")
    r = client.post("/api/v1/groups/join", headers=newcomer.headers, json={"code": code})
    assert r.status_code == 404


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"role": "owner"}, 422),
        ({}, 422),
        ({"role": "member", "extra": 1}, 422),
    ],
)
def test_bad_invitations_are_problems(party: Party, body: dict, status: int) -> None:
    r = party.client.post(party.url("/invitations"), headers=party.admin.headers, json=body)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, "bad\x00name"])
def test_bad_group_names_are_422(party: Party, name: str) -> None:
    r = party.client.post("/api/v1/groups", headers=party.admin.headers, json={"name": name})
    assert r.status_code == 422


def test_a_viewer_has_nothing_to_share(party: Party) -> None:
    r = party.client.put(
        party.url("/sharing"), headers=party.viewer.headers, json={"scope": "totals"}
    )
    assert r.status_code == 422 and "viewer" in r.json()["detail"]
    bad = party.client.put(party.url("/sharing"), headers=party.doc.headers, json={"scope": "all"})
    assert bad.status_code == 422


# Every group endpoint, as an outsider (and, with a random id, as anyone): 404 with one wording.
def _endpoints(p: Party, group_id: str, member: str) -> list[tuple[str, str, dict | None]]:
    g = f"/api/v1/groups/{group_id}"
    m = f"{g}/members/{member}"
    return [
        ("GET", g, None),
        ("POST", f"{g}/invitations", {"role": "viewer"}),
        ("PUT", f"{g}/sharing", {"scope": "cases"}),
        ("GET", f"{m}/totals", None),
        ("GET", f"{m}/summary", None),
        ("GET", f"{m}/benchmark", None),
        ("GET", f"{m}/cases", None),
        ("GET", f"{m}/case-log-progress", None),
        ("GET", f"{g}/dashboard", None),
        ("GET", f"{g}/dashboard?format=csv", None),
        ("DELETE", f"{g}/members/me", None),
        ("DELETE", m, None),
    ]


def test_an_outsider_sees_nothing_of_the_group(party: Party) -> None:
    party.share(party.doc, "cases", case_log=True)
    c = party.client
    missing = str(uuid.uuid4())
    for method, url, body in _endpoints(party, party.group_id, party.doc_id):
        r = c.request(method, url, headers=party.outsider.headers, json=body)
        assert r.status_code == 404, (method, url, r.text)
        # the same answer as for a group that does not exist
        ghost = c.request(
            method, url.replace(party.group_id, missing), headers=party.outsider.headers, json=body
        )
        assert ghost.status_code == 404
        assert r.json()["detail"].replace(party.group_id, missing) == ghost.json()["detail"]
    # nothing changed for the group
    group = c.get(party.url(), headers=party.admin.headers).json()
    assert len(group["members"]) == 4
    assert c.get("/api/v1/me/access-log", headers=party.doc.headers).json()["count"] == 0


def test_a_member_cannot_read_or_invite(party: Party) -> None:
    party.share(party.doc, "cases", case_log=True)
    c = party.client
    for method, url, body in _endpoints(party, party.group_id, party.doc_id)[1:10]:
        if method == "PUT":
            continue
        r = c.request(method, url, headers=party.doc2.headers, json=body)
        assert r.status_code == 404, (method, url, r.text)
    r = c.delete(party.url(f"/members/{party.doc_id}"), headers=party.doc2.headers)
    assert r.status_code == 404


def test_admin_removes_and_the_removed_reads_nothing(party: Party) -> None:
    c = party.client
    party.share(party.doc, "totals")
    totals = party.url(f"/members/{party.doc_id}/totals")
    assert c.get(totals, headers=party.viewer.headers).status_code == 200
    r = c.delete(party.url(f"/members/{party.viewer_id}"), headers=party.admin.headers)
    assert r.status_code == 204
    assert c.get(totals, headers=party.viewer.headers).status_code == 404
    assert c.get(party.url(), headers=party.viewer.headers).status_code == 404
    gone = c.delete(party.url(f"/members/{party.viewer_id}"), headers=party.admin.headers)
    assert gone.status_code == 404


def test_the_only_admin_cannot_leave_others_behind_and_the_last_out_deletes(party: Party) -> None:
    c = party.client
    r = c.delete(party.url("/members/me"), headers=party.admin.headers)
    assert r.status_code == 409 and "admin" in r.json()["detail"]
    for who in (party.doc, party.doc2, party.viewer):
        assert c.delete(party.url("/members/me"), headers=who.headers).status_code == 204
    assert c.delete(party.url("/members/me"), headers=party.admin.headers).status_code == 204
    assert c.get(party.url(), headers=party.admin.headers).status_code == 404
    assert c.get("/api/v1/groups", headers=party.admin.headers).json() == []


def test_a_second_admin_lets_the_first_leave(party: Party) -> None:
    c = party.client
    deputy = make_user(c, "deputy@example.org")
    join(c, deputy, invite(c, party.admin, party.group_id, "admin"))
    assert c.delete(party.url("/members/me"), headers=party.admin.headers).status_code == 204
    assert c.get(party.url(), headers=deputy.headers).json()["my_role"] == "admin"
