"""The contract's year: a dated crediting setting that values cases with one release ("credited
at 2025 values") instead of the release in force on the date of service."""

import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlmodel import Session, select

from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
from rvuedge.catalog.importer import import_rvu_file
from rvuedge.catalog.models import FeeScheduleRelease, FeeScheduleRow
from tests.conftest import RVU_2026
from tests.factories import SignedIn, log_case, make_user

SETTINGS = "/api/v1/me/credit-settings"
CENT = Decimal("0.01")
WINDOW = {"start": "2026-01-01", "end": "2026-11-27"}


def contract(client: TestClient, user: SignedIn, release: str, since: str = "2026-01-01"):
    return client.post(
        SETTINGS,
        headers=user.headers,
        json={
            "effective_from": since,
            "preset": "productivity_standard",
            "credit_with_release": release,
        },
    )


def revalue(client: TestClient, user: SignedIn) -> dict:
    r = client.post("/api/v1/cases/revalue", headers=user.headers, json=WINDOW)
    assert r.status_code == 200, r.text
    return r.json()


def totals(client: TestClient, user: SignedIn) -> dict:
    r = client.get(
        "/api/v1/reports/totals", params={"period": "year", **WINDOW}, headers=user.headers
    )
    assert r.status_code == 200, r.text
    return r.json()["buckets"][0]


def facility_payment(session: Session, release: str, code: str) -> Decimal:
    row, cf = session.exec(
        select(FeeScheduleRow, FeeScheduleRelease.conversion_factor)
        .join(FeeScheduleRelease)
        .where(FeeScheduleRelease.name == release, FeeScheduleRow.hcpcs == code)
        .where(FeeScheduleRow.modifier == "")
    ).one()
    payment = (row.facility_total * Decimal(cf)).quantize(CENT, ROUND_HALF_UP)
    session.rollback()  # end the read: SQLite lets no writer commit past it
    return payment


def test_a_2026_log_credited_with_2025d_reproduces_the_shipped_2025_values(
    client: TestClient, session: Session
) -> None:
    user = make_user(client)
    choles = [
        log_case(client, user, day, "47562") for day in ("2026-03-02", "2026-07-06", "2026-09-14")
    ]
    visit = log_case(client, user, "2026-08-11", "99214")
    assert {c["release"] for c in choles} == {"2026C"}
    before = totals(client, user)
    assert before["credited_wrvu"] == 30.63 + 1.92  # 3 x 10.21 and the visit

    r = contract(client, user, "2025d")
    assert r.status_code == 201, r.text
    [entry] = r.json()
    assert entry["credit_with_release"] == "2025D" and entry["effective_to"] is None
    listed = client.get(SETTINGS, headers=user.headers).json()
    assert listed[0]["credit_with_release"] == "2025D"
    # As with every crediting-setting change, logged cases keep their credit until revalued.
    assert totals(client, user)["credited_wrvu"] == before["credited_wrvu"]

    result = revalue(client, user)
    changed = {c["case_id"]: c for c in result["changed"]}
    assert set(changed) == {c["id"] for c in [*choles, visit]}  # the visit changes release only
    for case in choles:
        assert changed[case["id"]]["old_release"] == "2026C"
        assert changed[case["id"]]["new_release"] == "2025D"
        assert changed[case["id"]]["new_total_wrvu"] == 10.47
    assert changed[visit["id"]]["old_total_wrvu"] == changed[visit["id"]]["new_total_wrvu"] == 1.92
    assert result["wrvu_change"] == 0.78

    after = totals(client, user)
    assert Decimal(str(after["credited_wrvu"])) == Decimal("31.41") + Decimal("1.92")
    # The dollars follow the release that credits the case: 2025D's rows at 2025's CF.
    expected = 3 * facility_payment(session, "2025D", "47562") + facility_payment(
        session, "2025D", "99214"
    )
    assert Decimal(str(after["estimated_payment"])) == expected
    cf25 = Decimal("32.3465")  # each line's work-only value in cents, then added up
    work = 3 * (Decimal("10.47") * cf25).quantize(CENT, ROUND_HALF_UP) + (
        Decimal("1.92") * cf25
    ).quantize(CENT, ROUND_HALF_UP)
    assert Decimal(str(after["work_only_value"])) == work

    # The credit explanation names the release and why.
    case = client.get(f"/api/v1/cases/{choles[0]['id']}", headers=user.headers).json()
    assert case["release"] == "2025D" and case["provisional"] is False
    assert case["release_note"] == (
        "Contract year: credited with 2025D from 2026-01-01 (your crediting setting), "
        "instead of 2026A, in force on 2026-03-02."
    )
    assert [line["release"] for line in case["lines"]] == ["2025D"]
    # A new case and a preview are valued with the contract's release at once.
    new = log_case(client, user, "2026-11-20", "47562")
    assert new["release"] == "2025D" and new["total_wrvu"] == 10.47
    assert "Contract year: credited with 2025D" in new["release_note"]
    preview = client.post(
        "/api/v1/cases/preview",
        headers=user.headers,
        json={"date_of_service": "2026-11-21", "lines": [{"code": "47562"}]},
    ).json()
    assert preview["release"] == "2025D" and preview["total_wrvu"] == 10.47

    # Removing the setting and revaluing returns to the release in force.
    client.delete(f"{SETTINGS}/{entry['id']}", headers=user.headers)
    revalue(client, user)
    back = client.get(f"/api/v1/cases/{choles[1]['id']}", headers=user.headers).json()
    assert back["release"] == "2026C" and back["total_wrvu"] == 10.21
    assert back["release_note"] is None


def test_the_contract_year_starts_on_its_date(client: TestClient) -> None:
    user = make_user(client)
    spring = log_case(client, user, "2026-04-15", "47562")
    autumn = log_case(client, user, "2026-09-15", "47562")
    assert contract(client, user, "2025D", since="2026-08-01").status_code == 201
    result = revalue(client, user)
    assert [c["case_id"] for c in result["changed"]] == [autumn["id"]]
    kept = client.get(f"/api/v1/cases/{spring['id']}", headers=user.headers).json()
    assert kept["release"] == "2026C" and kept["total_wrvu"] == 10.21
    moved = client.get(f"/api/v1/cases/{autumn['id']}", headers=user.headers).json()
    assert moved["release"] == "2025D" and moved["total_wrvu"] == 10.47
    assert "from 2026-08-01" in moved["release_note"]


def test_an_unknown_release_is_a_422_listing_the_loaded_ones(client: TestClient) -> None:
    user = make_user(client)
    for bad in ("2024A", "twenty"):
        r = contract(client, user, bad)
        assert r.status_code == 422, r.text
        body = r.json()
        assert "Loaded releases: 2025D, 2026C." in body["detail"]
        assert body["loaded"] == ["2025D", "2026C"]
        assert body["errors"][0]["loc"] == ["body", "credit_with_release"]
    assert client.get(SETTINGS, headers=user.headers).json() == []  # nothing half-written


def test_a_proposed_release_never_credits_a_contract_year(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    text = RVU_2026.read_text(encoding="latin-1").replace("July Release", "October Release")
    path = tmp_path / "PPRRVU2026_Oct_proposed.csv"
    path.write_text(text, encoding="latin-1")
    name, data = read_rvu_source(path)
    import_rvu_file(session, parse_rvu_bytes(data, name), proposed=True)
    session.commit()
    user = make_user(client)
    r = contract(client, user, "2026D")
    assert r.status_code == 422, r.text
    assert "proposed" in r.json()["detail"] and r.json()["loaded"] == ["2025D", "2026C"]
    assert client.get(SETTINGS, headers=user.headers).json() == []


def test_another_users_contract_year_does_not_exist_for_you(client: TestClient) -> None:
    owner, other = make_user(client), make_user(client, "other@example.org")
    mine = log_case(client, owner, "2026-05-05", "47562")
    theirs = log_case(client, other, "2026-05-05", "47562")
    entry = contract(client, other, "2025D").json()[0]
    assert client.delete(f"{SETTINGS}/{entry['id']}", headers=owner.headers).status_code == 404
    assert client.get(SETTINGS, headers=owner.headers).json() == []
    revalue(client, owner)
    revalue(client, other)
    assert client.get(f"/api/v1/cases/{mine['id']}", headers=owner.headers).json()["release"] == (
        "2026C"
    )
    assert client.get(f"/api/v1/cases/{theirs['id']}", headers=owner.headers).status_code == 404
    moved = client.get(f"/api/v1/cases/{theirs['id']}", headers=other.headers).json()
    assert moved["release"] == "2025D"


def test_contract_year_cases_are_final_not_provisional_in_the_exports(client: TestClient) -> None:
    """A contract year writes a release_note ("credited with 2025D ..."), but its cases are
    valued with a final release on purpose: neither the case log nor the PDF may call them
    provisional (they did: every line "Provisional: yes", "17 line(s) provisional")."""
    user = make_user(client)
    assert contract(client, user, "2025D").status_code == 201
    case = log_case(client, user, "2026-09-14", "47562")
    assert case["release"] == "2025D" and case["release_note"] and not case["provisional"]
    r = client.get(
        "/api/v1/exports/cases",
        params={**WINDOW, "format": "csv"},
        headers=user.headers,
    )
    assert r.status_code == 200, r.text
    header, row = r.text.lstrip("\ufeff").splitlines()[:2]
    assert header.split(",")[-1] == "Provisional" and row.split(",")[-1] == "no"
    pdf = client.get("/api/v1/reports/productivity.pdf", params=WINDOW, headers=user.headers)
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "provisional" not in text.replace("provisional cases it should", "")
