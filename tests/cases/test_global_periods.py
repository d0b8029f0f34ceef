"""Who carries a global period (wrvu-rules.md 2.3), through the API."""

import pytest
from fastapi.testclient import TestClient

from tests.factories import SignedIn, log_case


def open_periods(client: TestClient, user: SignedIn, on: str) -> list[tuple[str, str, str]]:
    r = client.get("/api/v1/cases/global-periods", headers=user.headers, params={"on": on})
    assert r.status_code == 200, r.text
    return [(p["code"], p["window_start"], p["window_end"]) for p in r.json()]


def test_return_to_or_continues_the_original_period(client, user) -> None:  # noqa: ANN001
    chole = log_case(client, user, "2026-09-01", "47562")
    back = log_case(client, user, "2026-09-05", "49002-78", related_case_id=chole["id"])
    line = back["lines"][0]
    assert line["global_period_end"] == "2026-11-30"  # the chole's, not 2026-09-05 + 90
    assert line["global_period_case_id"] == chole["id"]
    assert chole["id"] in line["global_note"] and "starts none" in line["global_note"]
    assert back["warnings"] == []
    # Only the original window is open; the return opened none, so nothing runs past 2026-11-30.
    assert open_periods(client, user, "2026-10-01") == [("47562", "2026-08-31", "2026-11-30")]
    assert open_periods(client, user, "2026-12-01") == []


def test_return_to_or_after_a_return_finds_the_first_procedure(client, user) -> None:  # noqa: ANN001
    chole = log_case(client, user, "2026-09-01", "47562")
    first = log_case(client, user, "2026-09-05", "49002-78", related_case_id=chole["id"])
    second = log_case(client, user, "2026-09-09", "49002-78", related_case_id=first["id"])
    assert second["lines"][0]["global_period_case_id"] == chole["id"]
    assert second["lines"][0]["global_period_end"] == "2026-11-30" and second["warnings"] == []


def test_return_to_or_without_related_case(client, user) -> None:  # noqa: ANN001
    back = log_case(client, user, "2026-09-05", "49002-78")
    line = back["lines"][0]
    assert line["global_period_end"] is None and line["global_period_case_id"] is None
    assert "starts none" in line["global_note"]
    assert any("names no related case" in w for w in back["warnings"])
    assert open_periods(client, user, "2026-09-05") == []


@pytest.mark.parametrize("modifier", ["79", "58"])
def test_unrelated_or_staged_procedure_starts_a_new_period(client, user, modifier) -> None:  # noqa: ANN001
    chole = log_case(client, user, "2026-09-01", "47562")
    later = log_case(client, user, "2026-10-01", f"49505-{modifier}", related_case_id=chole["id"])
    assert later["lines"][0]["global_period_end"] == "2026-12-30"
    assert later["lines"][0]["global_note"] is None and later["warnings"] == []
    assert open_periods(client, user, "2026-12-15") == [("49505", "2026-09-30", "2026-12-30")]


@pytest.mark.parametrize("modifier", ["80", "81", "82", "AS"])
def test_assistant_lines_carry_no_period(client, user, modifier) -> None:  # noqa: ANN001
    case = log_case(client, user, "2026-09-01", f"47562-{modifier}", role="assistant")
    line = case["lines"][0]
    assert line["global_days"] == "090" and line["global_period_end"] is None
    assert "assistant" in line["global_note"]
    assert open_periods(client, user, "2026-09-02") == []


@pytest.mark.parametrize("modifiers", [["55"], ["56"], ["55", "56"]])
def test_pre_or_post_operative_care_only_carries_no_period(client, user, modifiers) -> None:  # noqa: ANN001
    case = log_case(client, user, "2026-09-01", "-".join(["47562", *modifiers]))
    assert case["lines"][0]["global_period_end"] is None
    assert "-55/-56" in case["lines"][0]["global_note"]
    assert open_periods(client, user, "2026-09-02") == []


def test_surgical_care_only_keeps_the_period(client, user) -> None:  # noqa: ANN001
    case = log_case(client, user, "2026-09-01", "47562-54")
    assert case["lines"][0]["global_period_end"] == "2026-11-30"
    assert case["lines"][0]["global_note"] is None
    assert open_periods(client, user, "2026-09-02") == [("47562", "2026-08-31", "2026-11-30")]


def test_preview_says_why_no_period(client, user) -> None:  # noqa: ANN001
    r = client.post(
        "/api/v1/cases/preview",
        headers=user.headers,
        json={
            "date_of_service": "2026-09-01",
            "lines": [{"code": "47562", "modifiers": ["80"]}, {"code": "49505"}],
        },
    )
    assert r.status_code == 200, r.text
    first, second = r.json()["lines"]
    assert first["global_period_end"] is None and "assistant" in first["global_note"]
    assert second["global_period_end"] == "2026-11-30" and second["global_note"] is None
