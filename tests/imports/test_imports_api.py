"""POST /imports (dry run), commit, delete, through the API."""

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from tests.factories import SignedIn, make_user

PAST_LOG = (
    "Date,CPT,Modifiers,Units,Case #,Site,Role,Note\n"
    "2026-01-05,47562,,1,C1,Main OR,surgeon,\n"
    "2026-01-05,49505,51,1,C1,Main OR,surgeon,\n"
    "01/06/2026,44970,,1,C2,Main OR,,\n"
    "2026-01-07,99213,,1,,Clinic,,follow-up\n"
    "2026-01-07,99213,,1,,Clinic,,\n"
    "46030,27447,50,1,C3,Main OR,assistant,\n"  # an Excel serial: 2026-01-08
)


def upload(client: TestClient, user: SignedIn, content: bytes, name: str = "log.csv", **form):  # noqa: ANN003, ANN201
    return client.post(
        "/api/v1/imports", headers=user.headers, files={"file": (name, content)}, data=form
    )


def year_total(client: TestClient, user: SignedIn) -> float:
    params = {"period": "year", "start": "2026-01-01", "end": "2026-11-27"}
    report = client.get("/api/v1/reports/totals", headers=user.headers, params=params).json()
    return sum(b["credited_wrvu"] for b in report["buckets"])


def test_dry_run_answers_columns_cases_and_credit(client, user) -> None:  # noqa: ANN001
    r = upload(client, user, PAST_LOG.encode())
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "preview" and body["rows_read"] == 6
    assert {c["field"]: c["column"] for c in body["columns"]} == {
        "date_of_service": "Date",
        "code": "CPT",
        "modifiers": "Modifiers",
        "units": "Units",
        "encounter_ref": "Case #",
        "site": "Site",
        "role": "Role",
        "note": "Note",
    }
    assert body["cases_to_create"] == 5 and body["already_logged"] == 0
    first = body["cases"][0]
    assert first["rows"] == [2, 3] and first["encounter_ref"] == "C1"
    assert [line["code"] for line in first["lines"]] == ["47562", "49505"]
    assert body["cases"][4]["date_of_service"] == "2026-01-08"
    assert body["cases"][4]["role"] == "assistant"
    # The credit equals what the case log's own preview gives for the same lines.
    preview = client.post(
        "/api/v1/cases/preview",
        headers=user.headers,
        json={
            "date_of_service": "2026-01-05",
            "lines": [{"code": "47562"}, {"code": "49505", "modifiers": ["51"]}],
        },
    ).json()
    assert first["total_wrvu"] == preview["total_wrvu"]
    assert body["wrvu_to_add"] == pytest.approx(sum(c["total_wrvu"] for c in body["cases"]))
    # Nothing is logged by a dry run.
    assert client.get("/api/v1/cases", headers=user.headers).json()["total"] == 0


def test_commit_twice_and_reimport_create_once_delete_removes(client, user) -> None:  # noqa: ANN001
    first = upload(client, user, PAST_LOG.encode()).json()
    r = client.post(f"/api/v1/imports/{first['id']}/commit", headers=user.headers)
    assert r.status_code == 200, r.text
    committed = r.json()
    assert committed["status"] == "committed" and committed["created_cases"] == 5
    cases = client.get("/api/v1/cases?limit=200", headers=user.headers).json()
    assert cases["total"] == 5
    assert {c["import_id"] for c in cases["items"]} == {first["id"]}
    assert {c["encounter_ref"] for c in cases["items"]} == {"C1", "C2", "C3", None}
    logged_total = sum(c["total_wrvu"] for c in cases["items"])
    assert committed["wrvu_to_add"] == pytest.approx(logged_total)
    assert year_total(client, user) == pytest.approx(logged_total)  # reports see them

    # Committing again changes nothing.
    again = client.post(f"/api/v1/imports/{first['id']}/commit", headers=user.headers)
    assert again.status_code == 200 and again.json()["created_cases"] == 5
    # The same file as a new import: every case looks logged already; commit creates none.
    second = upload(client, user, PAST_LOG.encode()).json()
    assert second["cases_to_create"] == 0 and second["already_logged"] == 5
    assert second["wrvu_to_add"] == 0
    r = client.post(f"/api/v1/imports/{second['id']}/commit", headers=user.headers)
    assert r.json()["created_cases"] == 0
    assert client.get("/api/v1/cases", headers=user.headers).json()["total"] == 5

    # Deleting the first import removes its cases (as tombstones for sync).
    assert client.delete(f"/api/v1/imports/{first['id']}", headers=user.headers).status_code == 204
    assert client.get("/api/v1/cases", headers=user.headers).json()["total"] == 0
    assert year_total(client, user) == 0
    sync = client.get("/api/v1/cases/sync", params={"limit": 500}, headers=user.headers).json()
    assert [c["change"] for c in sync["changes"]] == ["deleted"] * 5
    assert client.get(f"/api/v1/imports/{first['id']}", headers=user.headers).status_code == 404
    listed = client.get("/api/v1/imports", headers=user.headers).json()
    assert [i["id"] for i in listed] == [second["id"]]


def test_partly_logged_file_creates_only_the_new_cases(client, user) -> None:  # noqa: ANN001
    logged = client.post(
        "/api/v1/cases",
        headers=user.headers,
        json={"date_of_service": "2026-01-07", "lines": [{"code": "99213"}]},
    )
    assert logged.status_code == 201
    body = upload(client, user, PAST_LOG.encode()).json()
    # One of the two 99213 visits of 2026-01-07 is logged already; the other is new.
    assert body["already_logged"] == 1 and body["cases_to_create"] == 4
    assert [c["already_logged"] for c in body["cases"]].count(logged.json()["id"]) == 1


def test_xlsx_upload(client, user) -> None:  # noqa: ANN001
    book = Workbook()
    sheet = book.active
    sheet.append(["Service Date", "HCPCS", "Mod1", "Mod2", "Qty"])
    sheet.append([46027, 47562, None, None, 1])
    sheet.append(["2026-01-06", "49505", "RT", None, 1])
    out = io.BytesIO()
    book.save(out)
    r = upload(client, user, out.getvalue(), "log.xlsx")
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["file_kind"] == "xlsx" and body["cases_to_create"] == 2
    assert body["cases"][1]["lines"][0]["modifiers"] == ["RT"]


def test_mapping_field(client, user) -> None:  # noqa: ANN001
    content = b"When,What,Qty\n2026-01-05,47562,1\n"
    r = upload(client, user, content)
    assert r.status_code == 422 and "date of service" in r.json()["detail"]
    r = upload(client, user, content, mapping='{"date_of_service": "When", "code": "What"}')
    assert r.status_code == 201, r.text
    assert r.json()["columns"][0]["how"] == "set by the mapping"
    assert upload(client, user, content, mapping="{not json").status_code == 422
    assert upload(client, user, content, mapping='["When"]').status_code == 422


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (b"Date,CPT\n", "no rows"),
        (b"Day,Thing\n2026-01-05,47562\n", "No column"),
        ("Date,CPT\n2026-01-05,47562\n".encode("utf-16"), "UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "binary"),
        (b"Date,CPT,Note\n2026-01-05,47562,\xff\xfe\xfa\n", "not UTF-8"),
    ],
)
def test_bad_files_are_422_and_store_nothing(client, user, content, fragment) -> None:  # noqa: ANN001
    r = upload(client, user, content)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert fragment in r.json()["detail"]
    assert client.get("/api/v1/imports", headers=user.headers).json() == []


def test_row_problems_are_422_naming_row_and_column(client, user) -> None:  # noqa: ANN001
    content = (
        b"Date,CPT,Modifiers\n2026-01-05,47562,\n1900-01-01,47562,\n2027-03-01,47562,\n"
        b"2026-01-05,99999,\n2026-01-05,47562,QQ\n"
    )
    r = upload(client, user, content)
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (3, "Date"),
        (4, "Date"),
        (5, "CPT"),
        (6, "Modifiers"),
    ]
    assert "unknown code 99999" in errors[2]["msg"]
    assert "row 3, Date" in r.json()["detail"]
    assert client.get("/api/v1/imports", headers=user.headers).json() == []
    # Leaving the bad rows out imports the good one and lists the others.
    r = upload(client, user, content, skip_invalid_rows="true")
    assert r.status_code == 201, r.text
    assert r.json()["cases_to_create"] == 1
    assert [e["row"] for e in r.json()["skipped_rows"]] == [3, 4, 5, 6]


def test_twenty_megabytes_is_413(client, user) -> None:  # noqa: ANN001
    big = b"Date,CPT\n" + b"2026-01-05,47562\n" * 1_300_000  # about 22 MB
    r = upload(client, user, big)
    assert r.status_code == 413
    assert "upload limit" in r.json()["detail"]


def test_other_users_imports_do_not_exist(client, user) -> None:  # noqa: ANN001
    mine = upload(client, user, PAST_LOG.encode()).json()
    other = make_user(client, "other@example.org")
    for method, path in (
        ("get", f"/api/v1/imports/{mine['id']}"),
        ("post", f"/api/v1/imports/{mine['id']}/commit"),
        ("delete", f"/api/v1/imports/{mine['id']}"),
    ):
        assert getattr(client, method)(path, headers=other.headers).status_code == 404
    assert client.get("/api/v1/imports", headers=other.headers).json() == []
    assert client.get(f"/api/v1/imports/{mine['id']}").status_code == 401


def test_a_saved_site_prices_the_preview_as_the_commit_stores_it(client, user) -> None:  # noqa: ANN001
    site = {"name": "Clinic", "setting": "non_facility"}
    assert client.post("/api/v1/me/sites", headers=user.headers, json=site).status_code == 201
    body = upload(client, user, PAST_LOG.encode()).json()
    clinic = [c for c in body["cases"] if c["site"] == "Clinic"]
    assert [c["setting"] for c in clinic] == ["non_facility", "non_facility"]
    assert {c["setting"] for c in body["cases"] if c["site"] == "Main OR"} == {"facility"}

    r = client.post(f"/api/v1/imports/{body['id']}/commit", headers=user.headers)
    assert r.status_code == 200, r.text
    cases = client.get("/api/v1/cases", headers=user.headers, params={"site": "Clinic"}).json()
    assert [(c["setting"], c["setting_source"]) for c in cases["items"]] == [
        ("non_facility", "site"),
        ("non_facility", "site"),
    ]
    assert sorted(c["total_wrvu"] for c in cases["items"]) == sorted(
        c["total_wrvu"] for c in clinic
    )


def test_the_unbalanced_quote_of_the_attack_is_a_422_naming_the_row(client, user) -> None:  # noqa: ANN001
    content = b'Date,CPT,Note\n2026-03-02,47562,"oops\n2026-03-03,44970,x\n2026-03-04,44970,y\n'
    r = upload(client, user, content)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["row"] == 2 and "Row 2 opens a quoted cell" in r.json()["detail"]
    assert client.get("/api/v1/imports", headers=user.headers).json() == []


def test_the_preview_accounts_for_every_data_line(client, user) -> None:  # noqa: ANN001
    content = (
        b"Date,CPT,Units,Case\n"
        b"2026-01-05,47562,1,C1\n"
        b"2026-01-05,49505,abc,C1\n"  # refused, listed
        b"\n"
        b"2026-01-07,99213,1,\n"
        b",,,\n"
        b"2026-01-08,44970,1,\n"
    )
    body = upload(client, user, content, skip_invalid_rows="true").json()
    assert body["data_lines"] == 6
    assert (body["rows_in_cases"], body["blank_rows"], body["invalid_rows"]) == (3, 2, 1)
    assert body["rows_read"] == 4 and body["cases_to_create"] == 3
    assert [e["row"] for e in body["skipped_rows"]] == [3]


def test_a_dotted_date_is_a_422_asking_for_the_format(client, user) -> None:  # noqa: ANN001
    content = b"Date,CPT\n05.03.2026,47562\n"
    r = upload(client, user, content)
    assert r.status_code == 422 and "date_format" in r.json()["detail"], r.text
    r = upload(client, user, content, mapping='{"date_format": "DD.MM.YYYY"}')
    assert r.status_code == 201, r.text
    assert r.json()["cases"][0]["date_of_service"] == "2026-03-05"  # 5 March, not May 3
