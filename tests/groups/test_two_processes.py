"""Two application processes on one database (two engines, each with its own connection pool,
as two workers of a shared PostgreSQL deployment have): a revoke committed through one is
refused by the other on its very next read."""

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from rvuedge.db import make_engine
from tests.conftest import app_on
from tests.groups.conftest import Party


def test_two_processes_agree_on_a_revoke_at_once(party: Party, database_url: str) -> None:
    other: Engine = make_engine(database_url)
    try:
        with TestClient(app_on(other)) as second:
            totals = party.url(f"/members/{party.doc_id}/totals")
            party.share(party.doc, "totals")  # through the first process
            assert second.get(totals, headers=party.viewer.headers).status_code == 200
            r = second.put(party.url("/sharing"), headers=party.doc.headers, json={"scope": "none"})
            assert r.status_code == 200  # revoked through the second process
            assert party.client.get(totals, headers=party.viewer.headers).status_code == 404
            party.share(party.doc, "totals")
            assert second.get(totals, headers=party.viewer.headers).status_code == 200
            party.share(party.doc, "none")
            assert second.get(totals, headers=party.viewer.headers).status_code == 404
            # both processes' reads are in the one access log
            log = party.client.get("/api/v1/me/access-log", headers=party.doc.headers).json()
            assert log["count"] == 2
    finally:
        other.dispose()
