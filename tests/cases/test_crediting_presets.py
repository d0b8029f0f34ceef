"""Named crediting presets with effective dates: each case credited under the rules of its date."""

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from rvuedge.crediting import service as crediting_service
from tests.factories import log_case, make_user

SETTINGS = "/api/v1/me/credit-settings"
THREE = [{"code": "47562"}, {"code": "44970"}, {"code": "49505"}]


def _employer_preset(session: Session) -> None:
    crediting_service.create_preset(
        session,
        name="mercy_2026",
        base="productivity_standard",
        switches={"mppr_schedule": [1, 0.5, 0.25], "bilateral_rule": "200_percent"},
        description="Mercy Surgical Group from July 2026",
    )
    session.commit()


def _mppr(line: dict) -> dict:
    return next(a for a in line["adjustments"] if a["rule"] == "multiple_procedure")


def test_a_year_under_two_presets_revalues_each_half_under_its_own(
    client: TestClient, session: Session
) -> None:
    _employer_preset(session)
    user = make_user(client)
    march, september = (
        log_case(client, user, "2026-03-10", lines=THREE),
        log_case(client, user, "2026-09-15", lines=THREE),
    )
    assert march["total_wrvu"] == september["total_wrvu"] == 18.7  # 10.21 + 9.21/2 + 7.76/2
    r = client.post(
        SETTINGS,
        headers=user.headers,
        json={"effective_from": "2026-07-01", "preset": "mercy_2026"},
    )
    assert r.status_code == 201, r.text
    assert r.json()[0]["preset"] == "mercy_2026" and r.json()[0]["effective_to"] is None
    # Logged cases keep their credit until revalued.
    again = client.get(f"/api/v1/cases/{september['id']}", headers=user.headers).json()
    assert again["total_wrvu"] == 18.7
    result = client.post(
        "/api/v1/cases/revalue",
        headers=user.headers,
        json={"start": "2026-01-01", "end": "2026-12-31"},
    ).json()
    assert [c["case_id"] for c in result["changed"]] == [september["id"]]
    after = client.get(f"/api/v1/cases/{september['id']}", headers=user.headers).json()
    third = after["lines"][2]
    assert after["credit_profile"] == "mercy_2026"
    assert after["total_wrvu_exact"] == str(Decimal("10.21") + Decimal("4.605") + Decimal("1.94"))
    assert _mppr(third)["factor"] == 0.25
    assert (_mppr(third)["switch"], _mppr(third)["preset"]) == ("mppr_schedule", "mercy_2026")
    before = client.get(f"/api/v1/cases/{march['id']}", headers=user.headers).json()
    assert before["total_wrvu"] == 18.7 and before["credit_profile"] == "productivity_standard"
    assert _mppr(before["lines"][2])["preset"] == "productivity_standard"
    assert _mppr(before["lines"][2])["factor"] == 0.5
    # New cases and previews follow the rules of their own date.
    preview = client.post(
        "/api/v1/cases/preview",
        headers=user.headers,
        json={"date_of_service": "2026-06-30", "lines": THREE},
    ).json()
    assert preview["credit_profile"] == "productivity_standard" and preview["total_wrvu"] == 18.7
    late = log_case(client, user, "2026-11-02", lines=THREE)
    assert late["credit_profile"] == "mercy_2026"
    bilateral = client.post(
        "/api/v1/cases/preview",
        headers=user.headers,
        json={"date_of_service": "2026-08-03", "lines": [{"code": "49505", "modifiers": ["50"]}]},
    ).json()
    assert bilateral["total_wrvu"] == 15.52  # 200% under the employer's rules
    step = next(a for a in bilateral["lines"][0]["adjustments"] if a["rule"] == "bilateral")
    assert (step["switch"], step["preset"]) == ("bilateral_rule", "mercy_2026")


def test_an_earlier_entry_and_user_overrides(client: TestClient) -> None:
    user = make_user(client)
    client.post(
        SETTINGS,
        headers=user.headers,
        json={
            "effective_from": "2026-01-01",
            "preset": "cms_payment_mirror",
            "overrides": {"mppr_schedule": [1, 0.25]},
        },
    )
    listed = client.post(
        SETTINGS,
        headers=user.headers,
        json={"effective_from": "2026-07-01", "preset": "productivity_standard"},
    ).json()
    assert [(s["effective_from"], s["effective_to"]) for s in listed] == [
        ("2026-01-01", "2026-06-30"),
        ("2026-07-01", None),
    ]
    case = log_case(client, user, "2026-02-02", lines=THREE)
    assert case["credit_profile"] == "cms_payment_mirror"
    assert _mppr(case["lines"][1]) | {"reason": ""} == {
        "rule": "multiple_procedure",
        "factor": 0.25,
        "reason": "",
        "switch": "mppr_schedule",
        "preset": "cms_payment_mirror (overridden)",
    }
    # Before the first entry, the profile's credit_settings still apply.
    assert (
        log_case(client, user, "2025-12-01", lines=THREE)["credit_profile"]
        == "productivity_standard"
    )
    # Removing the July entry lets the January one run on.
    client.delete(f"{SETTINGS}/{listed[1]['id']}", headers=user.headers)
    assert (
        log_case(client, user, "2026-09-01", lines=THREE)["credit_profile"] == "cms_payment_mirror"
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"preset": "productivity_standard", "overrides": {"mppr_schedule": [1, 1.5]}},
            "mppr_schedule",
        ),
        ({"preset": "productivity_standard", "overrides": {"mppr_schedule": []}}, "mppr_schedule"),
        (
            {"preset": "productivity_standard", "overrides": {"bilateral_rule": "300"}},
            "bilateral_rule",
        ),
        ({"preset": "no_such_employer"}, "preset"),
        ({"preset": "productivity_standard", "overrides": {"warp": 1}}, "warp"),
    ],
)
def test_bad_settings_are_422_naming_the_field(client: TestClient, body: dict, field: str) -> None:
    user = make_user(client)
    r = client.post(SETTINGS, headers=user.headers, json={"effective_from": "2026-07-01", **body})
    assert r.status_code == 422, r.text
    assert any(field in map(str, e["loc"]) for e in r.json()["errors"]), r.json()
    assert client.get(SETTINGS, headers=user.headers).json() == []


def test_one_entry_per_date(client: TestClient) -> None:
    user = make_user(client)
    body = {"effective_from": "2026-07-01", "preset": "productivity_standard"}
    assert client.post(SETTINGS, headers=user.headers, json=body).status_code == 201
    r = client.post(SETTINGS, headers=user.headers, json=body)
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "effective_from"]


def test_presets_list_built_in_and_operator_presets(client: TestClient, session: Session) -> None:
    _employer_preset(session)
    user = make_user(client)
    presets = {
        p["name"]: p for p in client.get("/api/v1/credit-presets", headers=user.headers).json()
    }
    assert set(presets) == {"productivity_standard", "cms_payment_mirror", "mercy_2026"}
    assert presets["mercy_2026"]["changed"] == ["mppr_schedule", "bilateral_rule"]
    assert presets["mercy_2026"]["switches"]["mppr_schedule"] == [1, 0.5, 0.25]
    assert presets["productivity_standard"]["switches"]["mppr_schedule"] == [1, 0.5, 0.5, 0.5, 0.5]
    assert "npp_assistant_factor" in presets["cms_payment_mirror"]["changed"]
    assert presets["mercy_2026"]["built_in"] is False


@pytest.mark.parametrize(
    ("name", "base", "switches"),
    [
        ("productivity_standard", "productivity_standard", {}),
        ("x", "nonsense", {}),
        ("x", "productivity_standard", {"mppr_schedule": [2]}),
        ("x" * 41, "productivity_standard", {}),
    ],
)
def test_operator_presets_are_checked(
    session: Session, name: str, base: str, switches: dict
) -> None:
    from rvuedge.errors import InvalidInput

    with pytest.raises(InvalidInput):
        crediting_service.create_preset(session, name=name, base=base, switches=switches)


def test_another_users_setting_is_a_404(client: TestClient) -> None:
    owner, intruder = make_user(client, "a@example.org"), make_user(client, "b@example.org")
    listed = client.post(
        SETTINGS,
        headers=owner.headers,
        json={"effective_from": "2026-07-01", "preset": "cms_payment_mirror"},
    ).json()
    assert (
        client.delete(f"{SETTINGS}/{listed[0]['id']}", headers=intruder.headers).status_code == 404
    )
    assert client.get(SETTINGS, headers=intruder.headers).json() == []
    assert len(client.get(SETTINGS, headers=owner.headers).json()) == 1
