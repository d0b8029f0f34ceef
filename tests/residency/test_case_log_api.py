"""The resident's case log through the API: roles, progress, imports, documents, isolation."""

import io
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.factories import SignedIn, log_case, make_user

PROFILE = {
    "program_specialty": "general_surgery",
    "residency_start": "2022-07-01",
    "chief_year_start": "2026-07-01",
    "chief_year_end": "2027-06-30",
}
MAPPING = (
    "code,category\n"
    "47562,Abdominal: biliary\n"
    "47562,Laparoscopic basic\n"
    "49505,Abdominal: hernia\n"
    "44970,Alimentary tract: appendix\n"
    "44970,Laparoscopic basic\n"
)


@pytest.fixture
def resident(client: TestClient) -> SignedIn:
    user = make_user(client, "resident@example.org")
    r = client.put("/api/v1/case-log/profile", headers=user.headers, json=PROFILE)
    assert r.status_code == 200, r.text
    return user


def set_role(client: TestClient, user: SignedIn, case_id: str, role: str, **extra) -> dict:  # noqa: ANN003
    r = client.put(
        f"/api/v1/case-log/cases/{case_id}", headers=user.headers, json={"role": role, **extra}
    )
    assert r.status_code == 200, r.text
    return r.json()


def upload(client: TestClient, user: SignedIn, path: str, text: str, **form) -> object:  # noqa: ANN003
    return client.post(
        f"/api/v1/case-log/{path}",
        headers=user.headers,
        files={"file": ("mapping.csv", text.encode(), "text/csv")},
        data=form,
    )


def progress(client: TestClient, user: SignedIn) -> dict:
    r = client.get("/api/v1/case-log/progress", headers=user.headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_profile_derives_pgy_and_makes_a_resident(client, resident) -> None:  # noqa: ANN001
    body = client.get("/api/v1/case-log/profile", headers=resident.headers).json()
    assert body["pgy"] == 5 and body["pgy_derived"] == 5 and not body["pgy_overridden"]
    assert [r["code"] for r in body["roles"]] == ["SC", "SJ", "TA", "FA"]
    assert client.get("/api/v1/me", headers=resident.headers).json()["career_stage"] == "resident"
    over = client.put(
        "/api/v1/case-log/profile", headers=resident.headers, json={**PROFILE, "pgy": 4}
    ).json()
    assert over["pgy"] == 4 and over["pgy_derived"] == 5 and over["pgy_overridden"]


def test_total_major_is_65_for_10_sc_5_sj_60_ta_4_fa(client, resident) -> None:  # noqa: ANN001
    plan = [("SC", 10, date(2026, 8, 3)), ("SJ", 5, date(2025, 11, 3)),
            ("TA", 60, date(2026, 7, 6)), ("FA", 4, date(2026, 9, 1))]  # fmt: skip
    for role, n, first in plan:
        for i in range(n):
            case = log_case(
                client, resident, (first + timedelta(days=i % 40)).isoformat(), *["47562"]
            )
            set_role(client, resident, case["id"], role)
    body = progress(client, resident)
    assert body["total_major"] == {"count": 65, "minimum": 850, "remaining": 785}
    assert body["chief_year"] == {"count": 10, "minimum": 200, "remaining": 190}
    assert body["teaching_assistant"] == {
        "count": 60,
        "minimum": 25,
        "remaining": 0,
        "counted_toward_major": 50,
    }
    assert body["by_role"] == {"SC": 10, "SJ": 5, "TA": 60, "FA": 4}
    assert body["cases"] == 79 and body["not_entered"] == 79
    years = {y["pgy"]: y for y in body["by_pgy"]}
    assert years[4]["cases"] == 5 and years[4]["total_major"] == 5
    assert years[5]["total_major"] == 60
    assert any("first 50 TA" in rule for rule in body["rules"])


def test_general_surgery_minimums_appear_before_any_mapping(client, resident) -> None:  # noqa: ANN001
    body = progress(client, resident)
    assert body["total_major"]["minimum"] == 850 and body["minimums_source"] == "shipped"
    cats = {c["category"]: c for c in body["categories"]}
    assert cats["Breast"]["minimum"] == 40 and cats["Breast"]["remaining"] == 40
    assert cats["Breast: mastectomy"]["parent"] == "Breast"
    assert cats["Alimentary tract"]["minimum"] == 180 and cats["Endoscopy"]["minimum"] == 85


def test_imported_mapping_counts_categories_by_role(client, resident) -> None:  # noqa: ANN001
    r = upload(client, resident, "categories", MAPPING, academic_year="2026")
    assert r.status_code == 201, r.text
    assert r.json() == {"specialty": "general_surgery", "academic_year": 2026, "rows": 5}
    chole = log_case(client, resident, date(2026, 8, 3), "47562", "49505")
    set_role(client, resident, chole["id"], "SC")
    appy = log_case(client, resident, date(2026, 9, 3), "44970")
    set_role(client, resident, appy["id"], "TA")
    fa = log_case(client, resident, date(2026, 9, 4), "47562")
    set_role(client, resident, fa["id"], "FA")
    cats = {c["category"]: c for c in progress(client, resident)["categories"]}
    assert cats["Laparoscopic basic"]["by_role"] == {"SC": 1, "SJ": 0, "TA": 1, "FA": 1}
    assert (
        cats["Laparoscopic basic"]["counted"] == 1 and cats["Laparoscopic basic"]["remaining"] == 99
    )
    assert cats["Abdominal"]["by_role"]["SC"] == 1 and cats["Abdominal"]["by_role"]["FA"] == 1
    assert cats["Abdominal: hernia"]["counted"] == 1
    assert (
        cats["Alimentary tract"]["by_role"]["TA"] == 1 and cats["Alimentary tract"]["counted"] == 0
    )


def test_no_multiple_procedure_reduction_touches_the_counts(client, resident) -> None:  # noqa: ANN001
    assert upload(client, resident, "categories", MAPPING, academic_year="2025").status_code == 201
    case = log_case(client, resident, date(2025, 11, 14), "47562", "49505")
    second = case["lines"][1]
    assert second["adjustments"][0]["rule"] == "multiple_procedure"
    assert second["credited_wrvu"] == 3.98 and case["total_wrvu"] == 14.45
    set_role(client, resident, case["id"], "SJ", primary_line=2)
    cats = {c["category"]: c for c in progress(client, resident)["categories"]}
    assert cats["Abdominal: hernia"]["counted"] == 1 and cats["Abdominal: biliary"]["counted"] == 1
    assert cats["Abdominal"]["counted"] == 1  # one case, once per category
    again = client.get(f"/api/v1/cases/{case['id']}", headers=resident.headers).json()
    assert again["total_wrvu"] == 14.45 and again["lines"][1]["credited_wrvu"] == 3.98


def test_exports_open(client, resident) -> None:  # noqa: ANN001
    upload(client, resident, "categories", MAPPING, academic_year="2026")
    case = log_case(client, resident, date(2026, 8, 3), "49505", "47562")
    set_role(client, resident, case["id"], "SC", attending="Dr. Attending", primary_line=2,
             robotic=True)  # fmt: skip
    r = client.get("/api/v1/case-log/export?format=csv", headers=resident.headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    lines = r.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "date,case_id,resident_year,site,attending,role,codes,robotic,entered_in_acgme"
    )
    assert lines[1] == f"2026-08-03,{case['id']},PGY5,,Dr. Attending,SC,47562 49505,yes,no"
    r = client.get("/api/v1/case-log/export?format=pdf", headers=resident.headers)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "Case log: defined categories and minimums" in text
    assert "Total major" in text and "850" in text and "Laparoscopic basic" in text
    assert "first 50 TA" in text


def test_mark_entered_and_list_those_not_yet_entered(client, resident) -> None:  # noqa: ANN001
    a = log_case(client, resident, date(2026, 8, 3), "47562")
    b = log_case(client, resident, date(2026, 8, 4), "47562")
    set_role(client, resident, a["id"], "SC")
    set_role(client, resident, b["id"], "SC")
    r = client.post("/api/v1/case-log/entered", headers=resident.headers,
                    json={"case_ids": [a["id"]]})  # fmt: skip
    assert r.status_code == 200 and r.json() == {"updated": 1}
    todo = client.get("/api/v1/case-log/cases?entered=false", headers=resident.headers).json()
    assert [c["case_id"] for c in todo] == [b["id"]]
    done = client.get("/api/v1/case-log/cases?entered=true", headers=resident.headers).json()
    assert [c["case_id"] for c in done] == [a["id"]] and done[0]["entered_at"]
    assert progress(client, resident)["not_entered"] == 1


@pytest.mark.parametrize(
    ("text", "row", "fragment"),
    [
        ("code,category\n47562,Abdominal\n4756,Abdominal\n", 3, "'4756' is not a CPT"),
        ("code,category\n47562,Abdominal\n47563,\n", 3, "category is empty"),
        ("code,cat\n47562,Abdominal\n", 1, "header must be code,category"),
        ("code,category\n47562,Abdominal,extra\n", 2, "3 columns"),
    ],
)
def test_a_bad_mapping_row_is_named_and_nothing_is_stored(
    client, resident, text, row, fragment
) -> None:  # noqa: ANN001, E501
    assert upload(client, resident, "categories", MAPPING, academic_year="2026").status_code == 201
    r = upload(client, resident, "categories", text, academic_year="2026")
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["detail"].startswith(f"Row {row}") and fragment in body["detail"]
    assert body["errors"][0]["row"] == row
    case = log_case(client, resident, date(2026, 8, 3), "47562")
    set_role(client, resident, case["id"], "SC")
    cats = {c["category"]: c for c in progress(client, resident)["categories"]}
    assert cats["Laparoscopic basic"]["counted"] == 1  # the earlier mapping is intact


def test_imported_minimums_replace_the_shipped(client, resident) -> None:  # noqa: ANN001
    text = "category,minimum,parent\ntotal_major,900,\nHand,12,\nHand: tendon,4,Hand\n"
    r = upload(client, resident, "minimums", text)
    assert r.status_code == 201 and r.json()["rows"] == 3
    body = progress(client, resident)
    assert body["minimums_source"] == "imported" and body["total_major"]["minimum"] == 900
    assert [c["category"] for c in body["categories"]] == ["Hand", "Hand: tendon"]
    bad = upload(client, resident, "minimums", "category,minimum\nHand,ten\n")
    assert bad.status_code == 422 and bad.json()["detail"].startswith("Row 2, column minimum")
    orphan = upload(client, resident, "minimums", "category,minimum,parent\nA,1,\nB,2,C\n")
    assert orphan.status_code == 422 and orphan.json()["errors"][0]["row"] == 3


def test_unknown_role_and_missing_line_are_422(client, resident) -> None:  # noqa: ANN001
    case = log_case(client, resident, date(2026, 8, 3), "47562", "49505")
    r = client.put(f"/api/v1/case-log/cases/{case['id']}", headers=resident.headers,
                   json={"role": "RS"})  # fmt: skip
    assert r.status_code == 422 and "Unknown role 'RS'" in r.json()["detail"]
    assert r.json()["errors"][0]["loc"] == ["body", "role"]
    r = client.put(f"/api/v1/case-log/cases/{case['id']}", headers=resident.headers,
                   json={"role": "SC", "primary_line": 3})  # fmt: skip
    assert r.status_code == 422 and "has 2 line(s)" in r.json()["detail"]
    # SJ is the junior surgeon role: not inside the chief year; SC not outside it.
    r = client.put(f"/api/v1/case-log/cases/{case['id']}", headers=resident.headers,
                   json={"role": "SJ"})  # fmt: skip
    assert r.status_code == 422 and "chief year" in r.json()["detail"]
    old = log_case(client, resident, date(2025, 11, 14), "47562")
    r = client.put(f"/api/v1/case-log/cases/{old['id']}", headers=resident.headers,
                   json={"role": "SC"})  # fmt: skip
    assert r.status_code == 422
    assert progress(client, resident)["cases"] == 0


def test_other_users_data_never_shows(client, resident) -> None:  # noqa: ANN001
    case = log_case(client, resident, date(2026, 8, 3), "47562")
    set_role(client, resident, case["id"], "SC")
    other = make_user(client, "other@example.org")
    assert client.get("/api/v1/case-log/progress", headers=other.headers).status_code == 404
    client.put("/api/v1/case-log/profile", headers=other.headers, json=PROFILE)
    url = f"/api/v1/case-log/cases/{case['id']}"
    assert client.get(url, headers=other.headers).status_code == 404
    assert client.put(url, headers=other.headers, json={"role": "SC"}).status_code == 404
    assert client.delete(url, headers=other.headers).status_code == 404
    r = client.post("/api/v1/case-log/entered", headers=other.headers,
                    json={"case_ids": [case["id"]]})  # fmt: skip
    assert r.status_code == 404
    assert client.get("/api/v1/case-log/cases", headers=other.headers).json() == []
    assert progress(client, other)["cases"] == 0
    csv = client.get("/api/v1/case-log/export?format=csv", headers=other.headers).text
    assert case["id"] not in csv
    assert progress(client, resident)["cases"] == 1
    assert client.get(url, headers=resident.headers).json()["entered_at"] is None


def test_deleting_the_case_drops_it_from_the_log(client, resident) -> None:  # noqa: ANN001
    case = log_case(client, resident, date(2026, 8, 3), "47562")
    set_role(client, resident, case["id"], "SC")
    assert client.delete(f"/api/v1/cases/{case['id']}", headers=resident.headers).status_code == 204
    assert progress(client, resident)["cases"] == 0


def test_specialties_list_their_roles(client, resident) -> None:  # noqa: ANN001
    body = client.get("/api/v1/case-log/specialties", headers=resident.headers).json()
    keys = {s["key"]: s for s in body}
    assert [r["code"] for r in keys["otolaryngology"]["roles"]] == ["RS", "AS", "SUP"]
    assert keys["general_surgery"]["shipped_minimums"] is True
    r = client.put("/api/v1/case-log/profile", headers=resident.headers,
                   json={**PROFILE, "program_specialty": "cardiology"})  # fmt: skip
    assert r.status_code == 422 and "Unknown residency specialty" in r.json()["detail"]
