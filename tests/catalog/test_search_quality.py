"""Search finds what each specialty types, on a fresh install (seed only, no CMS import): the
expected code is among the first three hits for at least 95% of each specialty's queries
(tests/catalog/search_queries.py; bench/search_quality.py prints top-1 and top-3)."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from rvuedge.catalog.search import Searcher, search
from rvuedge.catalog.seed import read_codes
from rvuedge.config import get_settings
from tests.catalog.search_queries import QUERIES
from tests.factories import make_user

TODAY = date(2026, 9, 1)


def top_codes(session: Session, query: str, searcher: Searcher | None = None) -> list[str]:
    return [
        h.code for h in search(session, query=query, limit=10, today=TODAY, searcher=searcher).hits
    ]


@pytest.mark.parametrize("specialty", sorted(QUERIES))
def test_top_3_at_least_95_percent_per_specialty(session: Session, specialty: str) -> None:
    queries = QUERIES[specialty]
    assert len(queries) >= 15
    missed = [(q, code) for q, code in queries if code not in top_codes(session, q)[:3]]
    assert len(missed) <= 0.05 * len(queries), missed


def test_words_rank_the_common_procedure_first(session: Session) -> None:
    hits = top_codes(session, "inguinal hernia")
    assert hits.index("49505") < hits.index("49507")
    assert hits[0] == "49505"


def test_a_code_typed_with_its_modifier_finds_the_code(session: Session) -> None:
    assert top_codes(session, "2744-RT")[0] == "27447"
    assert top_codes(session, "27447 RT")[0] == "27447"
    assert top_codes(session, "27447-50")[0] == "27447"


def test_an_unknown_code_gets_the_nearest_codes_with_name_and_work_rvu(
    client: TestClient,
) -> None:
    body = client.get("/api/v1/codes", params={"q": "27474"}).json()
    assert body["items"] == []
    first = body["suggestions"][0]
    assert first["code"] == "27447"  # two digits swapped
    assert first["name"].startswith("Knee replacement") and first["work_rvu"] > 19
    card = client.get("/api/v1/codes/27474")
    assert card.status_code == 404
    assert card.json()["suggestions"][0]["code"] == "27447"


def test_typed_entry_2744_rt_suggests_27447_with_name_and_work_rvu(client: TestClient) -> None:
    user = make_user(client)
    r = client.post(
        "/api/v1/cases/parse",
        headers=user.headers,
        json={"text": "2744-RT", "date_of_service": "2026-09-01"},
    )
    assert r.status_code == 422, r.text
    error = next(e for e in r.json()["errors"] if e.get("fragment") == "2744")
    first = error["suggestions"][0]
    assert first["code"] == "27447" and first["work_rvu"] > 19 and first["name"]
    codes = [s["code"] for s in error["suggestions"]]
    assert codes[:2] == ["27447", "27446"]  # the common knee replacements, then the others
    assert codes[2:] == sorted(codes[2:])  # nearest first
    assert all(s["code"].startswith("2744") for s in error["suggestions"])


def test_the_profile_specialty_breaks_ties(client: TestClient) -> None:
    """ "biopsy" meets many common codes equally well; a general surgeon sees a general surgery
    code first, and an anonymous search is not changed by anyone's profile."""
    anonymous = _codes(client, "biopsy")
    surgeon = make_user(client, email="gs@example.com")
    r = client.patch("/api/v1/me", headers=surgeon.headers, json={"specialty": "General Surgery"})
    assert r.status_code == 200, r.text
    mine = _codes(client, "biopsy", surgeon.headers)
    assert mine != anonymous and sorted(mine) != []
    assert "General Surgery" in client.get(f"/api/v1/codes/{mine[0]}").json()["specialties"]
    assert (
        "General Surgery" not in client.get(f"/api/v1/codes/{anonymous[0]}").json()["specialties"]
    )
    assert _codes(client, "biopsy") == anonymous


def test_the_physicians_recent_codes_come_first_among_equals(client: TestClient) -> None:
    common = {c.hcpcs for c in read_codes(get_settings().SEED_DIR) if c.aliases}
    user = make_user(client, email="recent@example.com")
    before = _codes(client, "4756", user.headers)
    equals = [c for c in before if (c in common) == (before[0] in common)]
    assert len(equals) >= 2
    later = equals[-1]
    r = client.post(
        "/api/v1/cases",
        headers=user.headers,
        json={"date_of_service": "2026-09-01", "lines": [{"code": later}]},
    )
    assert r.status_code == 201, r.text
    assert _codes(client, "4756", user.headers)[0] == later
    assert _codes(client, "4756") == before  # nobody else's order moves


def _codes(client: TestClient, q: str, headers: dict | None = None) -> list[str]:
    r = client.get("/api/v1/codes", params={"q": q}, headers=headers or {})
    assert r.status_code == 200, r.text
    return [h["code"] for h in r.json()["items"]]
