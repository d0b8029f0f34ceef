"""A reconciliation invents no dispute (issue 21): RT and LT of two cases stay two lines, a
bilateral case billed as RT at 100% and LT at 50% matches within the employer's rounding, and a
missed line is valued at the plan's $/wRVU at the projected year end, even below the threshold."""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

from fastapi.testclient import TestClient

from tests.factories import SignedIn, make_user

CENT = Decimal("0.01")
HEADER = ["DOS", "CPT", "Mod 1", "Mod 2", "Qty", "Invoice Number", "Work RVU"]


def log(client: TestClient, user: SignedIn, dos: str, *lines: dict) -> dict:
    r = client.post(
        "/api/v1/cases", headers=user.headers, json={"date_of_service": dos, "lines": list(lines)}
    )
    assert r.status_code == 201, r.text
    return r.json()


def report(rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def reconcile(client: TestClient, user: SignedIn, content: bytes) -> dict:
    r = client.post(
        "/api/v1/reconciliations",
        headers=user.headers,
        files={"file": ("report.csv", content)},
        data={"start": "2026-11-01", "end": "2026-11-30"},
    )
    assert r.status_code == 201, r.text
    return r.json()


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def test_two_cases_rt_and_lt_on_one_day_yield_no_dispute(client: TestClient) -> None:
    user = make_user(client)
    left = log(client, user, "2026-11-12", {"code": "20610", "modifiers": ["LT"]})
    right = log(client, user, "2026-11-12", {"code": "20610", "modifiers": ["RT"]})
    wrvu = Decimal(str(left["total_wrvu"]))
    assert wrvu == Decimal(str(right["total_wrvu"])) > 0
    body = reconcile(
        client,
        user,
        report(
            [
                ["11/12/2026", "20610", "LT", "", 1, "", f"{wrvu:.2f}"],
                ["11/12/2026", "20610", "RT", "", 1, "", f"{wrvu:.2f}"],
            ]
        ),
    )
    assert body["counts"]["matched"] == 2
    assert body["credit_differs"] == [] and body["missing_from_employer"] == []
    assert body["not_in_log"] == []
    sides = {(p["logged"]["case_id"], tuple(p["employer"]["modifiers"])) for p in body["matched"]}
    assert sides == {(left["id"], ("LT",)), (right["id"], ("RT",))}
    assert "0.005 for each of its rows" in body["tolerance_note"]


def test_a_bilateral_case_billed_rt_100_and_lt_50_matches(client: TestClient) -> None:
    user = make_user(client)
    case = log(client, user, "2026-11-12", {"code": "20610", "modifiers": ["50"]})
    (line,) = case["lines"]
    work = Decimal(str(line["base_wrvu"]))
    assert Decimal(str(line["credited_wrvu_exact"])) == work * Decimal("1.5")
    body = reconcile(
        client,
        user,
        report(
            [
                ["11/12/2026", "20610", "RT", "", 1, "", f"{cents(work)}"],
                ["11/12/2026", "20610", "LT", "", 1, "", f"{cents(work / 2)}"],
            ]
        ),
    )
    assert body["counts"]["matched"] == 1, body
    assert body["credit_differs"] == [] and body["not_in_log"] == []
    assert body["missing_from_employer"] == []
    (pair,) = body["matched"]
    assert pair["employer"]["rows"] == [2, 3] and pair["employer"]["modifiers"] == ["50"]


def test_a_missed_line_is_valued_at_the_plan_rate_at_the_projected_year_end(
    client: TestClient,
) -> None:
    """The issue's surgeon: July fiscal year, $52/wRVU above 7,000, far below it so far. A line
    the employer missed is worth $52 a wRVU toward the threshold, not $0, and the note says why."""
    user = make_user(client)
    r = client.patch(
        "/api/v1/me",
        headers=user.headers,
        json={"fiscal_year_start_month": 7, "annual_wrvu_goal": 7000},
    )
    assert r.status_code == 200, r.text
    r = client.post(
        "/api/v1/me/pay-plans",
        headers=user.headers,
        json={
            "name": "Ortho 2026",
            "effective_from": "2026-07-01",
            "base_salary": 450000,
            "threshold_wrvu": 7000,
            "bands": [{"from_wrvu": 7000, "dollars_per_wrvu": 52}],
        },
    )
    assert r.status_code == 201, r.text
    kept = log(client, user, "2026-11-10", {"code": "27447"})
    missed = log(client, user, "2026-11-12", {"code": "29881"})
    body = reconcile(
        client,
        user,
        report([["11/10/2026", "27447", "", "", 1, "", f"{kept['total_wrvu']:.2f}"]]),
    )
    (missing,) = body["missing_from_employer"]
    wrvu = Decimal(str(missed["total_wrvu"]))
    assert missing["estimated_value"] == float(cents(wrvu * 52)) > 0
    note = missing["value_note"]
    assert note.startswith(f"{wrvu:,.2f} wRVU x $52.00/wRVU = ${cents(wrvu * 52):,}")
    assert "below its threshold of 7,000.00" in note and "projected to end at" in note
    assert body["totals"]["missing_value"] == missing["estimated_value"]
