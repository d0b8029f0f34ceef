"""What a viewer reads of a member who shares: the member's own figures, never notes, never
more than the scope; revocation and leaving take effect on the very next read; every read is in
the member's access log."""

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.factories import SignedIn
from tests.groups.conftest import NOTE, Party

OWN = {
    "totals": "/api/v1/reports/totals",
    "summary": "/api/v1/reports/summary",
    "benchmark": "/api/v1/reports/benchmark",
    "cases": None,
    "case-log-progress": "/api/v1/case-log/progress",
}
# scope chosen -> the member views a viewer may read (the others are 404)
SCOPES = [
    ("none", False, set()),
    ("totals", False, {"totals", "summary", "benchmark"}),
    ("cases", False, {"totals", "summary", "benchmark", "cases"}),
    ("none", True, {"case-log-progress"}),
    ("cases", True, {"totals", "summary", "benchmark", "cases", "case-log-progress"}),
]


def view(p: Party, who: SignedIn, member: str, what: str, **params: str):  # noqa: ANN201
    return p.client.get(p.url(f"/members/{member}/{what}"), headers=who.headers, params=params)


def resident(client: TestClient, who: SignedIn) -> None:
    profile = {"program_specialty": "general_surgery", "residency_start": "2022-07-01"}
    r = client.put("/api/v1/case-log/profile", headers=who.headers, json=profile)
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(("scope", "case_log", "readable"), SCOPES)
def test_each_scope_opens_exactly_its_views(
    party: Party, scope: str, case_log: bool, readable: set[str]
) -> None:
    resident(party.client, party.doc)
    party.share(party.doc, scope, case_log)
    for what in OWN:
        for reader in (party.viewer, party.admin):
            r = view(party, reader, party.doc_id, what)
            assert r.status_code == (200 if what in readable else 404), (what, r.text)
        # a member of the same group reads nothing of another
        assert view(party, party.doc2, party.doc_id, what).status_code == 404
    reads = party.client.get("/api/v1/me/access-log", headers=party.doc.headers).json()
    assert reads["count"] == 2 * len(readable)


def test_a_viewer_sees_the_physicians_own_figures(party: Party) -> None:
    c = party.client
    party.share(party.doc, "totals")
    for what, params in [
        ("totals", {}),
        ("totals", {"period": "quarter", "start": "2026-01-01", "end": "2026-12-31"}),
        ("summary", {}),
    ]:
        theirs = view(party, party.viewer, party.doc_id, what, **params)
        own = c.get(OWN[what], headers=party.doc.headers, params=params)
        assert theirs.status_code == own.status_code == 200
        assert theirs.json() == own.json()
    assert own.json()["annual_goal"]["achieved"] > 0
    theirs = view(party, party.viewer, party.doc_id, "benchmark")
    own = c.get(OWN["benchmark"], headers=party.doc.headers)
    assert theirs.status_code == own.status_code == 200
    assert theirs.json() == {**own.json(), "compensation": None}


def test_totals_never_expose_cases_and_cases_never_expose_notes(party: Party) -> None:
    c = party.client
    party.share(party.doc, "totals")
    totals = view(party, party.viewer, party.doc_id, "totals")
    assert "47562" not in totals.text and NOTE not in totals.text
    assert view(party, party.viewer, party.doc_id, "cases").status_code == 404
    party.share(party.doc, "cases")
    shared = view(party, party.viewer, party.doc_id, "cases", start="2026-01-01", end="2026-12-31")
    assert shared.status_code == 200
    body = shared.json()
    assert [(line["date_of_service"], line["code"]) for line in body["lines"]] == [
        ("2026-03-04", "47562"),
        ("2026-07-15", "49505"),
        ("2026-07-15", "44970"),
        ("2026-11-20", "47562"),
    ]
    assert NOTE not in shared.text and "note" not in body["lines"][0]
    own = c.get("/api/v1/cases", headers=party.doc.headers).json()
    assert NOTE in str(own)  # the physician's own log still has it
    limited = view(party, party.viewer, party.doc_id, "cases", limit="2")
    assert len(limited.json()["lines"]) == 2 and limited.json()["truncated"] is True
    bad = view(party, party.viewer, party.doc_id, "cases", start="2026-12-01", end="2026-01-01")
    assert bad.status_code == 422


def test_a_revoke_applies_to_the_next_read(party: Party) -> None:
    party.share(party.doc, "cases")
    assert view(party, party.viewer, party.doc_id, "cases").status_code == 200
    party.share(party.doc, "totals")
    assert view(party, party.viewer, party.doc_id, "cases").status_code == 404
    assert view(party, party.viewer, party.doc_id, "totals").status_code == 200
    party.share(party.doc, "none")
    for what in ("totals", "summary", "benchmark", "cases"):
        assert view(party, party.viewer, party.doc_id, what).status_code == 404
    board = party.client.get(party.url("/dashboard"), headers=party.viewer.headers).json()
    assert board["members"] == []


def test_a_member_who_leaves_is_no_longer_readable(party: Party) -> None:
    party.share(party.doc, "totals")
    assert view(party, party.viewer, party.doc_id, "totals").status_code == 200
    r = party.client.delete(party.url("/members/me"), headers=party.doc.headers)
    assert r.status_code == 204
    assert view(party, party.viewer, party.doc_id, "totals").status_code == 404
    assert party.client.get(party.url(), headers=party.doc.headers).status_code == 404


def test_a_viewer_who_leaves_reads_nothing_and_the_log_keeps_the_look(party: Party) -> None:
    c = party.client
    party.share(party.doc, "totals")
    assert view(party, party.viewer, party.doc_id, "summary").status_code == 200
    assert c.delete(party.url("/members/me"), headers=party.viewer.headers).status_code == 204
    assert view(party, party.viewer, party.doc_id, "summary").status_code == 404
    assert c.get(party.url("/dashboard"), headers=party.viewer.headers).status_code == 404
    log = c.get("/api/v1/me/access-log", headers=party.doc.headers).json()
    assert log["count"] == 1
    record = log["records"][0]
    assert record["viewer_name"] == "Dr. Test" and record["group_name"] == "Hernia partners"
    assert record["viewer_id"] == party.viewer_id and record["what"] == "summary"


def test_the_access_log_lists_every_read_and_only_others(party: Party) -> None:
    c = party.client
    party.share(party.doc, "cases")
    party.share(party.doc2, "totals")
    reads = ["totals", "cases", "summary", "totals", "benchmark"]
    for what in reads:
        view(party, party.viewer, party.doc_id, what)
    view(party, party.admin, party.doc2_id, "totals")
    c.get(party.url("/dashboard"), headers=party.admin.headers)
    party.share(party.admin, "totals")
    view(
        party,
        party.admin,
        str(c.get("/api/v1/me", headers=party.admin.headers).json()["id"]),
        "totals",
    )  # your own data through the group is not someone else's look
    mine = c.get("/api/v1/me/access-log", headers=party.doc.headers).json()
    assert mine["count"] == len(reads) + 1  # and the dashboard
    whats = [r["what"] for r in mine["records"]]
    assert sorted(whats) == sorted([*reads, "dashboard"])
    assert {r["group_id"] for r in mine["records"]} == {party.group_id}
    other = c.get("/api/v1/me/access-log", headers=party.doc2.headers).json()
    assert sorted(r["what"] for r in other["records"]) == ["dashboard", "totals"]
    admin = c.get("/api/v1/me/access-log", headers=party.admin.headers).json()
    assert admin["count"] == 0
    page = c.get("/api/v1/me/access-log", headers=party.doc.headers, params={"limit": 2}).json()
    assert len(page["records"]) == 2 and page["count"] == len(reads) + 1


def test_the_dashboard_lists_members_who_share_with_their_own_figures(party: Party) -> None:
    c = party.client
    party.share(party.doc, "totals")
    r = c.get(party.url("/dashboard"), headers=party.viewer.headers)
    assert r.status_code == 200, r.text
    board = r.json()
    assert [m["user_id"] for m in board["members"]] == [party.doc_id]
    row = board["members"][0]
    own = c.get("/api/v1/reports/totals", headers=party.doc.headers).json()
    assert [m["credited_wrvu"] for m in row["months"]] == [
        b["credited_wrvu"] for b in own["buckets"]
    ]
    assert row["total_credited_wrvu"] == own["total_credited_wrvu"]
    summary = c.get("/api/v1/reports/summary", headers=party.doc.headers).json()
    assert row["annual_goal"] == summary["annual_goal"] and row["pace"] == summary["pace"]
    assert c.get(party.url("/dashboard"), headers=party.doc.headers).status_code == 404

    csv = c.get(party.url("/dashboard"), headers=party.viewer.headers, params={"format": "csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("member,user_id,month,cases,credited_wrvu")
    assert len(lines) == 1 + len(own["buckets"]) and NOTE not in csv.text
    march = next(line for line in lines if ",2026-03," in line).split(",")
    assert float(march[4]) == own["buckets"][2]["credited_wrvu"]

    xlsx = c.get(party.url("/dashboard"), headers=party.viewer.headers, params={"format": "xlsx"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "member" and len(values) == 1 + len(own["buckets"])
    assert all(NOTE not in str(v) for row_ in values for v in row_)
