"""Reconciliations through the API: the README walkthrough, a 200-line report against a logged
year with known differences of each kind, bad input, exports and ownership."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.factories import SignedIn, make_user

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
PLAN = {"base_salary": 300000, "wrvu_threshold": 1000, "dollars_per_wrvu": 55}


def import_log(client: TestClient, user: SignedIn, content: bytes) -> dict:
    r = client.post("/api/v1/imports", headers=user.headers, files={"file": ("log.csv", content)})
    assert r.status_code == 201, r.text
    r = client.post(f"/api/v1/imports/{r.json()['id']}/commit", headers=user.headers)
    assert r.status_code == 200, r.text
    return r.json()


def reconcile(client, user, content: bytes, start: str, end: str, **form):  # noqa: ANN001, ANN003, ANN201
    return client.post(
        "/api/v1/reconciliations",
        headers=user.headers,
        files={"file": ("report.csv", content)},
        data={"start": start, "end": end, **form},
    )


def reconcile_samples(client: TestClient, user: SignedIn) -> dict:
    """The README walkthrough: the sample log imported, then March checked against the sample
    employer's report."""
    imported = import_log(client, user, (SAMPLES / "past-log-2026q1.csv").read_bytes())
    assert imported["created_cases"] == 174
    r = reconcile(
        client,
        user,
        (SAMPLES / "employer-report-2026-03.csv").read_bytes(),
        "2026-03-01",
        "2026-03-31",
    )
    assert r.status_code == 201, r.text
    return r.json()


def findings(body: dict) -> dict:
    return {
        "differs": sorted(
            (p["logged"]["date_of_service"], p["logged"]["code"], p["reason_code"])
            for p in body["credit_differs"]
        ),
        "missing": sorted((m["date_of_service"], m["code"]) for m in body["missing_from_employer"]),
        "not_in_log": sorted((e["date_of_service"], e["code"]) for e in body["not_in_log"]),
    }


def test_readme_walkthrough_finds_the_known_differences(client, user) -> None:  # noqa: ANN001
    assert (
        client.patch(
            "/api/v1/me", headers=user.headers, json={"compensation_plan": PLAN}
        ).status_code
        == 200
    )
    body = reconcile_samples(client, user)
    assert findings(body) == {
        "differs": [
            ("2026-03-11", "38525", "mppr_not_applied"),
            ("2026-03-13", "44207", "assistant_credited_in_full"),
            ("2026-03-16", "49505", "modifier_differs"),
            ("2026-03-27", "43239", "other_release"),
        ],
        "missing": [("2026-03-04", "44204")],
        "not_in_log": [("2026-03-24", "99214"), ("2026-03-26", "99215")],
    }
    matched = {(p["logged"]["date_of_service"], p["logged"]["code"]): p for p in body["matched"]}
    assert matched[("2026-03-12", "99233")]["days_apart"] == 1  # reported on the 13th
    report_rows = (SAMPLES / "employer-report-2026-03.csv").read_text().splitlines()
    repost = report_rows.index(
        '03/02/2026,03/09/2026,,47562,,,1,"EXAMPLE, DANA MD",MAIN OR,F26030201,10.21'
    )
    assert matched[("2026-03-02", "47562")]["employer"]["rows"] == [repost + 1]  # it stands
    assert body["counts"] | {"logged_lines": 0} == {
        "employer_rows": 69,
        "employer_lines": 67,  # a voided charge and its reversal net to nothing
        "logged_lines": 0,
        "matched": 61,
        "credit_differs": 4,
        "missing_from_employer": 1,
        "not_in_log": 2,
        "outside_period": 0,
    }
    (missing,) = body["missing_from_employer"]
    assert missing["credited_wrvu"] == 25.76 and missing["estimated_value"] == 1416.80
    # The sample year (1,157.20 wRVU logged by 2026-11-27, 331 days) is projected to end at
    # 1,276.07, above the plan's 1,000: there each more wRVU pays $55.
    assert "pay plan in force" in body["value_method"]
    assert "projected end" in body["value_method"]
    assert missing["value_note"].startswith("25.76 wRVU x $55.00/wRVU = $1,416.80: ")
    assert "projected to end at 1,276.07 wRVU" in missing["value_note"]
    assert "1,157.20 wRVU / 331 days" in missing["value_note"]
    assert body["totals"]["missing_value"] == 1416.80
    (month,) = body["months"]
    assert month["month"] == "2026-03"
    assert month["difference"] == pytest.approx(month["employer_wrvu"] - month["logged_wrvu"])
    assert body["totals"]["difference"] == month["difference"]
    # Stored, listed, fetched again.
    again = client.get(f"/api/v1/reconciliations/{body['id']}", headers=user.headers)
    assert again.status_code == 200 and again.json() == body
    listed = client.get("/api/v1/reconciliations", headers=user.headers).json()
    assert [x["id"] for x in listed] == [body["id"]]
    assert listed[0]["counts"]["credit_differs"] == 4


# A logged year: (codes, encounter number?) cycled over dates, with two same-code visits on a day.
TEMPLATES = [
    ("47562", True),
    ("99213", False),
    ("99213", False),
    ("49505-RT", True),
    ("19301 38525", True),
    ("99214", False),
    ("47562 49650", True),
    ("99232", False),
    ("44970", True),
    ("43239", True),
    ("49505-50", True),
    ("44207-80", True),
    ("99233", False),
]


def logged_year() -> list[dict]:
    cases, day, k = [], date(2026, 1, 5), 0
    while sum(len(c["codes"]) for c in cases) < 195:
        codes, fin = TEMPLATES[k % len(TEMPLATES)]
        cases.append(
            {
                "date": day,
                "codes": codes.split(),
                "fin": f"F{k:04d}" if fin else "",
                "role": "assistant" if codes.endswith("-80") else "surgeon",
            }
        )
        k += 1
        if k % 3 == 0:
            day += timedelta(days=4)
    return cases


def log_csv(cases: list[dict]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["Date", "CPT", "Modifiers", "Encounter", "Role"])
    for case in cases:
        for code in case["codes"]:
            cpt, _, mods = code.partition("-")
            w.writerow([case["date"].isoformat(), cpt, mods, case["fin"], case["role"]])
    return out.getvalue().encode()


def test_two_hundred_line_report_against_a_logged_year(client, user) -> None:  # noqa: ANN001
    year = logged_year()
    assert sum(len(c["codes"]) for c in year) == 195
    import_log(client, user, log_csv(year))
    cases = []
    for offset in (0, 200):
        page = client.get(
            "/api/v1/cases", params={"limit": 200, "offset": offset}, headers=user.headers
        ).json()
        cases += page["items"]
    lines = sorted(
        (
            {
                "date": date.fromisoformat(c["date_of_service"]),
                "code": line["code"],
                "mods": line["modifiers"],
                "units": line["units"],
                "wrvu": Decimal(line["credited_wrvu_exact"]),
                "fin": c["encounter_ref"] or "",
                "adjustments": [a["rule"] for a in line["adjustments"] if a["factor"] != 1],
            }
            for c in cases
            for line in c["lines"]
        ),
        key=lambda x: (x["date"], x["code"], x["fin"]),
    )
    assert len(lines) == 195
    rows: list[dict] = []
    expect: dict[str, list] = {"differs": [], "missing": [], "not_in_log": []}

    def pick(code: str, n: int, skip: int = 0, need_rule: str | None = None) -> list[dict]:
        found = [
            x
            for x in lines
            if x["code"] == code
            and not x.get("used")
            and (need_rule is None or need_rule in x["adjustments"])
        ][skip : skip + n]
        assert len(found) == n, code
        for x in found:
            x["used"] = True
        return found

    missing = pick("44970", 2) + pick("99214", 2) + pick("47562", 1)
    for x in missing:
        x["drop"] = True
        expect["missing"].append((x["date"].isoformat(), x["code"]))
    for x in pick("99213", 2) + pick("99232", 2):
        x["shift"] = 1  # reported a day later
    for x in pick("47562", 3):
        x["reversal"] = True
    for x in pick("38525", 3, need_rule="multiple_procedure"):
        x["employer_wrvu"] = x["wrvu"] * 2  # credited at 100%
        expect["differs"].append((x["date"].isoformat(), "38525", "mppr_not_applied"))
    for x in pick("49505", 1, need_rule="bilateral"):
        x["employer_mods"], x["employer_wrvu"] = [], Decimal("7.76")
        expect["differs"].append((x["date"].isoformat(), "49505", "modifier_differs"))
    for x in pick("44207", 1):
        x["employer_wrvu"] = Decimal("31.12")
        expect["differs"].append((x["date"].isoformat(), "44207", "assistant_credited_in_full"))
    for x in pick("43239", 1):
        x["employer_wrvu"] = Decimal("2.39")  # the 2025 work RVU
        expect["differs"].append((x["date"].isoformat(), "43239", "other_release"))
    for x in pick("99233", 1):
        x["employer_units"], x["employer_wrvu"] = 2, x["wrvu"] * 2
        expect["differs"].append((x["date"].isoformat(), "99233", "units_differ"))

    for x in lines:
        if x.get("drop"):
            continue
        row = {
            "dos": x["date"] + timedelta(days=x.get("shift", 0)),
            "code": x["code"],
            "mods": x.get("employer_mods", x["mods"]),
            "qty": x.get("employer_units", x["units"]),
            "fin": x["fin"],
            "wrvu": x.get("employer_wrvu", x["wrvu"]),
            "void": "",
        }
        if x.get("reversal"):
            rows.append({**row, "void": (row["dos"] + timedelta(days=9)).isoformat()})
            rows.append({**row, "qty": -1, "wrvu": -row["wrvu"]})
        rows.append(row)
    for day, code in (
        (date(2026, 2, 10), "99215"),
        (date(2026, 4, 7), "99214"),
        (date(2026, 6, 16), "11042"),
        (date(2026, 9, 1), "99213"),
    ):
        rows.append(
            {
                "dos": day,
                "code": code,
                "mods": [],
                "qty": 1,
                "fin": "",
                "void": "",
                "wrvu": Decimal("1.00"),
            }
        )
        expect["not_in_log"].append((day.isoformat(), code))
    assert len(rows) == 200

    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["DOS", "Void Date", "CPT", "Mod 1", "Mod 2", "Qty", "Invoice Number", "Work RVU"])
    for r in rows:
        mods = r["mods"] + ["", ""]
        w.writerow(
            [
                f"{r['dos']:%m/%d/%Y}",
                r["void"],
                r["code"],
                mods[0],
                mods[1],
                r["qty"],
                r["fin"],
                f"{r['wrvu']:.2f}",
            ]
        )
    r = reconcile(client, user, out.getvalue().encode(), "2026-01-01", "2026-12-31")
    assert r.status_code == 201, r.text
    body = r.json()
    assert findings(body) == {k: sorted(v) for k, v in expect.items()}
    assert body["counts"]["employer_rows"] == 200
    # Every other logged line matched (RT+LT counted once is not used here: one line each).
    assert body["counts"]["matched"] == 195 - 5 - 7
    assert body["totals"]["missing_value"] is None  # no compensation plan in the profile


def test_exports_escape_formula_cells(client, user) -> None:  # noqa: ANN001
    import_log(client, user, b"Date,CPT,Encounter\n2026-03-02,47562,F1\n2026-03-03,44970,F2\n")
    report = (
        b"Service Date,CPT,FIN,wRVU\n"
        b"03/02/2026,47562,F1,10.21\n"
        b'03/05/2026,99213,=HYPERLINK("http://x"),1.30\n'
        b"03/06/2026,99214,@SUM(A1),1.92\n"
        b"03/06/2026,99212,+1,0.70\n"
    )
    body = reconcile(client, user, report, "2026-03-01", "2026-03-31").json()
    assert len(body["not_in_log"]) == 3
    r = client.get(f"/api/v1/reconciliations/{body['id']}/export", headers=user.headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(r.text)))
    assert table[0][0] == "Finding"
    refs = [row[10] for row in table[1:]]
    assert '\'=HYPERLINK("http://x")' in refs and "'@SUM(A1)" in refs and "'+1" in refs
    assert not any(cell.startswith(("=", "+", "@")) for row in table for cell in row)
    missing = [row for row in table if row[0].startswith("Missing")]
    assert missing[0][2] == "44970" and missing[0][7] == "-9.21"  # numbers stay numbers
    r = client.get(f"/api/v1/reconciliations/{body['id']}/export?format=xlsx", headers=user.headers)
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["Summary", "Dispute list", "Matched", "By month"]
    cells = [c.value for row in book["Dispute list"].iter_rows() for c in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert all(c.data_type != "f" for row in book["Dispute list"].iter_rows() for c in row)


@pytest.mark.parametrize(
    ("content", "form", "fragment"),
    [
        (b"", {}, "empty"),
        (b"When,What\n2026-03-02,47562\n", {}, "No column"),
        ("Date,CPT\n2026-03-02,47562\n".encode("utf-16"), {}, "UTF-16"),
        (b"Date,CPT\n1900-01-01,47562\n", {}, "row 2, Date: 1900-01-01 is before 2000-01-01"),
        (b"Date,CPT\n2027-01-04,47562\n", {}, "row 2, Date: 2027-01-04 is in the future"),
        (b"Date,CPT,wRVU\n2026-03-02,47562,ten\n", {}, "row 2, wRVU"),
        (b"Date,CPT\n2026-03-02,47562\n", {"end": "2026-02-01"}, "before start"),
        (b"Date,CPT\n2026-03-02,47562\n", {"tolerance_days": "90"}, "tolerance_days"),
        (b"Date,CPT\n2026-03-02,47562\n", {"mapping": "[1]"}, "mapping"),
        (b"Date,CPT,Total\n,,10.21\n", {}, "no charge rows"),
    ],
)
def test_bad_input_is_422_and_stores_nothing(client, user, content, form, fragment) -> None:  # noqa: ANN001
    data = {"start": "2026-03-01", "end": "2026-03-31", **form}
    r = client.post(
        "/api/v1/reconciliations",
        headers=user.headers,
        files={"file": ("report.csv", content)},
        data=data,
    )
    assert r.status_code == 422, r.text
    assert fragment in r.json()["detail"]
    assert client.get("/api/v1/reconciliations", headers=user.headers).json() == []


def test_twenty_megabytes_is_413(client, user) -> None:  # noqa: ANN001
    big = b"Date,CPT\n" + b"2026-03-02,47562\n" * 1_300_000
    r = reconcile(client, user, big, "2026-03-01", "2026-03-31")
    assert r.status_code == 413


def test_other_users_reconciliations_do_not_exist(client, user) -> None:  # noqa: ANN001
    body = reconcile(
        client, user, b"Date,CPT,wRVU\n2026-03-02,47562,10.21\n", "2026-03-01", "2026-03-31"
    ).json()
    other = make_user(client, "other@example.org")
    for method, path in (
        ("get", f"/api/v1/reconciliations/{body['id']}"),
        ("get", f"/api/v1/reconciliations/{body['id']}/export"),
        ("delete", f"/api/v1/reconciliations/{body['id']}"),
    ):
        assert getattr(client, method)(path, headers=other.headers).status_code == 404
    assert client.get("/api/v1/reconciliations", headers=other.headers).json() == []
    assert client.get(f"/api/v1/reconciliations/{body['id']}").status_code == 401
    # The owner can delete it.
    path = f"/api/v1/reconciliations/{body['id']}"
    assert client.delete(path, headers=user.headers).status_code == 204
    assert client.get(path, headers=user.headers).status_code == 404
