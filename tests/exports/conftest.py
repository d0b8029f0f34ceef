import pytest
from fastapi.testclient import TestClient

from tests.factories import SignedIn, log_case, make_user


@pytest.fixture
def surgeon(client: TestClient) -> SignedIn:
    """A general surgeon with goals, a July fiscal year and a small year of cases."""
    user = make_user(client)
    r = client.patch(
        "/api/v1/me",
        headers=user.headers,
        json={
            "display_name": "Dr. Ana Núñez",
            "specialty": "General Surgery",
            "fiscal_year_start_month": 7,
            "time_zone": "America/Chicago",
            "monthly_wrvu_goal": 30,
            "annual_wrvu_goal": 360,
            "clinical_fte": 0.9,
        },
    )
    assert r.status_code == 200, r.text
    log_case(client, user, "2026-06-30", "47562")  # before the fiscal year
    log_case(client, user, "2026-07-02", "47562", "49505", site="Main OR", note="left side")
    log_case(client, user, "2026-08-14", "44970", site='=HYPERLINK("http://x")')
    log_case(client, user, "2026-08-20", "99213", site="Clinic")
    log_case(client, user, "2026-10-05", "19303", "38525", site="+ASC")
    log_case(client, user, "2026-11-27", "44970", site="@Main OR")
    gone = log_case(client, user, "2026-11-26", "47562")
    client.delete(f"/api/v1/cases/{gone['id']}", headers=user.headers)
    return user
