import uuid

from fastapi.testclient import TestClient
from sqlmodel import Session

from rvuedge.catalog.cms_file import parse_rvu_bytes
from rvuedge.catalog.importer import import_rvu_file
from tests.conftest import RVU_2026
from tests.factories import PASSWORD, make_user


def _october_release_with(code: str, work: str) -> bytes:
    """The July 2026 file relabelled as the October release, with one work RVU changed."""
    out = []
    for line in RVU_2026.read_text(encoding="latin-1").splitlines(keepends=True):
        line = line.replace("July Release", "October Release")
        if line.startswith(f"{code},,"):
            cells = line.split(",")
            cells[5] = work
            line = ",".join(cells)
        out.append(line)
    return "".join(out).encode("latin-1")


def test_new_release_never_rewrites_history_until_revalue(
    client: TestClient, session: Session
) -> None:
    user = make_user(client)
    body = {"date_of_service": "2026-11-20", "lines": [{"code": "47562"}]}
    case = client.post("/api/v1/cases", headers=user.headers, json=body).json()
    old_2025 = client.post(
        "/api/v1/cases",
        headers=user.headers,
        json={"date_of_service": "2025-11-20", "lines": [{"code": "47562"}]},
    ).json()
    assert (
        case["release"] == "2026C"
        and "2026D" in case["release_note"]
        and case["total_wrvu"] == 10.21
    )
    assert old_2025["total_wrvu"] == 10.47
    import_rvu_file(
        session, parse_rvu_bytes(_october_release_with("47562", "10.50"), "PPRRVU2026_Oct.csv")
    )
    session.commit()
    again = client.get(f"/api/v1/cases/{case['id']}", headers=user.headers).json()
    assert again["total_wrvu"] == 10.21 and again["release"] == "2026C"
    # New cases use the new release straight away.
    fresh = client.post("/api/v1/cases", headers=user.headers, json=body).json()
    assert fresh["release"] == "2026D" and fresh["total_wrvu"] == 10.5
    result = client.post(
        "/api/v1/cases/revalue",
        headers=user.headers,
        json={"start": "2025-01-01", "end": "2026-12-31"},
    ).json()
    assert result["examined"] == 3
    assert [
        (c["case_id"], c["old_total_wrvu"], c["new_total_wrvu"], c["new_release"])
        for c in result["changed"]
    ] == [(case["id"], 10.21, 10.5, "2026D")]
    after = client.get(f"/api/v1/cases/{case['id']}", headers=user.headers).json()
    assert after["total_wrvu"] == 10.5 and after["version"] == 2
    assert (
        client.get(f"/api/v1/cases/{old_2025['id']}", headers=user.headers).json()["total_wrvu"]
        == 10.47
    )
    bad = client.post(
        "/api/v1/cases/revalue",
        headers=user.headers,
        json={"start": "2026-12-31", "end": "2026-01-01"},
    )
    assert bad.status_code == 422


def test_revalue_leaves_a_case_whose_code_left_the_release(
    client: TestClient, session: Session
) -> None:
    user = make_user(client)
    kept = client.post(
        "/api/v1/cases",
        headers=user.headers,
        json={"date_of_service": "2026-11-20", "lines": [{"code": "44970"}]},
    ).json()
    other = client.post(
        "/api/v1/cases",
        headers=user.headers,
        json={"date_of_service": "2026-11-21", "lines": [{"code": "47562"}]},
    ).json()
    data = _october_release_with("47562", "10.50").decode("latin-1")
    data = "".join(line for line in data.splitlines(keepends=True) if not line.startswith("44970,"))
    import_rvu_file(session, parse_rvu_bytes(data.encode("latin-1"), "PPRRVU2026_Oct.csv"))
    session.commit()
    result = client.post(
        "/api/v1/cases/revalue",
        headers=user.headers,
        json={"start": "2026-11-01", "end": "2026-11-30"},
    ).json()
    assert [c["case_id"] for c in result["changed"]] == [other["id"]]
    assert [s["case_id"] for s in result["skipped"]] == [kept["id"]]
    assert "44970 is not in release 2026D" in result["skipped"][0]["reason"]
    unchanged = client.get(f"/api/v1/cases/{kept['id']}", headers=user.headers).json()
    assert (
        unchanged["release"] == "2026C"
        and unchanged["total_wrvu"] == 9.21
        and unchanged["version"] == 1
    )


def _owned_resources(client: TestClient, owner) -> list[tuple[str, str, dict | None]]:  # noqa: ANN001
    case = client.post(
        "/api/v1/cases",
        headers=owner.headers,
        json={"date_of_service": "2026-09-01", "lines": [{"code": "47562"}]},
    ).json()
    favorite = client.post(
        "/api/v1/me/favorites", headers=owner.headers, json={"code": "47562"}
    ).json()
    template = client.post(
        "/api/v1/me/templates",
        headers=owner.headers,
        json={"name": "t", "lines": [{"code": "47562"}]},
    ).json()
    site = client.post(
        "/api/v1/me/sites",
        headers=owner.headers,
        json={"name": "Clinic", "setting": "non_facility"},
    ).json()
    pay_plan = client.post(
        "/api/v1/me/pay-plans",
        headers=owner.headers,
        json={
            "name": "p",
            "effective_from": "2026-01-01",
            "base_salary": 1,
            "threshold_wrvu": 0,
            "bands": [{"from_wrvu": 0, "dollars_per_wrvu": 1}],
        },
    ).json()
    setting = client.post(
        "/api/v1/me/credit-settings",
        headers=owner.headers,
        json={"effective_from": "2026-07-01", "preset": "cms_payment_mirror"},
    ).json()[0]
    past_log = client.post(
        "/api/v1/imports",
        headers=owner.headers,
        files={"file": ("log.csv", b"Date,CPT\n2026-08-03,47562\n")},
    ).json()
    reconciliation = client.post(
        "/api/v1/reconciliations",
        headers=owner.headers,
        files={"file": ("report.csv", b"Date,CPT,wRVU\n2026-09-01,47562,10.21\n")},
        data={"start": "2026-09-01", "end": "2026-09-30"},
    ).json()
    return [
        ("GET", f"/api/v1/cases/{case['id']}", None),
        ("PATCH", f"/api/v1/cases/{case['id']}", {"version": 1, "note": "mine now"}),
        ("DELETE", f"/api/v1/cases/{case['id']}", None),
        ("PATCH", f"/api/v1/me/favorites/{favorite['id']}", {"label": "x"}),
        ("DELETE", f"/api/v1/me/favorites/{favorite['id']}", None),
        ("GET", f"/api/v1/me/sites/{site['id']}", None),
        ("PATCH", f"/api/v1/me/sites/{site['id']}", {"setting": "facility"}),
        ("DELETE", f"/api/v1/me/sites/{site['id']}", None),
        ("GET", f"/api/v1/me/templates/{template['id']}", None),
        ("PATCH", f"/api/v1/me/templates/{template['id']}", {"name": "x"}),
        ("DELETE", f"/api/v1/me/templates/{template['id']}", None),
        ("GET", f"/api/v1/me/pay-plans/{pay_plan['id']}", None),
        ("PATCH", f"/api/v1/me/pay-plans/{pay_plan['id']}", {"name": "x"}),
        ("DELETE", f"/api/v1/me/pay-plans/{pay_plan['id']}", None),
        ("DELETE", f"/api/v1/me/credit-settings/{setting['id']}", None),
        ("GET", f"/api/v1/imports/{past_log['id']}", None),
        ("POST", f"/api/v1/imports/{past_log['id']}/commit", None),
        ("DELETE", f"/api/v1/imports/{past_log['id']}", None),
        ("GET", f"/api/v1/reconciliations/{reconciliation['id']}", None),
        ("GET", f"/api/v1/reconciliations/{reconciliation['id']}/export", None),
        ("DELETE", f"/api/v1/reconciliations/{reconciliation['id']}", None),
    ]


def test_another_users_rows_do_not_exist(client: TestClient) -> None:
    """The 404 matrix: every user-owned endpoint, called with a second user's token."""
    owner = make_user(client, "owner@example.org")
    intruder = make_user(client, "intruder@example.org")
    matrix = _owned_resources(client, owner)
    for method, path, body in matrix:
        r = client.request(method, path, headers=intruder.headers, json=body)
        assert r.status_code == 404, (method, path, r.status_code)
        assert "owner" not in r.text
        missing = path.rsplit("/", 1)[0] + f"/{uuid.uuid4()}"
        assert (
            client.request(method, missing, headers=intruder.headers, json=body).status_code == 404
        )
    # Nothing of the owner's shows up in the intruder's lists, and the rows are untouched.
    for path in (
        "/api/v1/cases",
        "/api/v1/me/favorites",
        "/api/v1/me/templates",
        "/api/v1/me/recents",
        "/api/v1/me/pay-plans",
        "/api/v1/me/credit-settings",
        "/api/v1/imports",
        "/api/v1/reconciliations",
        "/api/v1/me/sites",
    ):
        listed = client.get(path, headers=intruder.headers).json()
        assert (listed["items"] if isinstance(listed, dict) else listed) == []
    assert (
        client.get(
            "/api/v1/cases/global-periods", headers=intruder.headers, params={"on": "2026-09-02"}
        ).json()
        == []
    )
    # The sync feed, from the beginning, holds none of the owner's changes.
    assert client.get("/api/v1/cases/sync", headers=intruder.headers).json()["changes"] == []
    assert client.get("/api/v1/cases", headers=owner.headers).json()["items"][0]["note"] is None
    assert client.get("/api/v1/me/pay-plans", headers=owner.headers).json()[0]["name"] == "p"
    assert client.get("/api/v1/imports", headers=owner.headers).json()[0]["status"] == "preview"
    assert len(client.get("/api/v1/reconciliations", headers=owner.headers).json()) == 1
    # The owner's plan is not the intruder's: their report has no plan to use.
    assert client.get("/api/v1/reports/compensation", headers=intruder.headers).status_code == 404
    # Another user's saved site means nothing in one's own case.
    elsewhere = client.post(
        "/api/v1/cases",
        headers=intruder.headers,
        json={"date_of_service": "2026-09-02", "site": "Clinic", "lines": [{"code": "99213"}]},
    ).json()
    assert (elsewhere["setting"], elsewhere["setting_source"]) == ("facility", "profile")
    # A related case must be one's own.
    case_id = client.get("/api/v1/cases", headers=owner.headers).json()["items"][0]["id"]
    r = client.post(
        "/api/v1/cases",
        headers=intruder.headers,
        json={
            "date_of_service": "2026-09-05",
            "lines": [{"code": "49002", "modifiers": ["78"]}],
            "related_case_id": case_id,
        },
    )
    assert r.status_code == 422
    # Another user's case id is free for one's own case: the create reveals nothing
    # (tests/cases/test_client_ids.py follows such a case through the API).
    clash = client.post(
        "/api/v1/cases",
        headers=intruder.headers,
        json={"id": case_id, "date_of_service": "2026-09-01", "lines": [{"code": "47562"}]},
    )
    assert clash.status_code == 201 and clash.json()["id"] == case_id


def test_deleting_the_account_removes_cases(client: TestClient) -> None:
    user = make_user(client)
    client.post(
        "/api/v1/cases",
        headers=user.headers,
        json={"date_of_service": "2026-09-01", "lines": [{"code": "47562"}]},
    )
    client.post("/api/v1/me/favorites", headers=user.headers, json={"code": "47562"})
    assert (
        client.request(
            "DELETE", "/api/v1/me", headers=user.headers, json={"password": PASSWORD}
        ).status_code
        == 204
    )
    other = make_user(client, "next@example.org")
    assert client.get("/api/v1/cases", headers=other.headers).json()["total"] == 0
