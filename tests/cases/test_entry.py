"""Entry that checks what it credits: warnings, unique favorites, words in quick entry."""

import pytest
from fastapi.testclient import TestClient

from tests.factories import SignedIn, log_case

DOS = "2026-09-01"


def lines(text: str) -> list[dict]:
    out = []
    for part in text.split(";"):
        head, _, units = part.strip().partition("x")
        code, *mods = head.split("-")
        out.append({"code": code, "modifiers": mods, "units": int(units or 1)})
    return out


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("11042; 11042", "11042 is on lines 1, 2"),
        ("47562x2", "Line 1 (47562) has 2 units"),
        ("99213; 20610", "Line 1 (99213) is an E/M visit"),
    ],
)
def test_warnings_not_errors(client, user, text, phrase) -> None:  # noqa: ANN001
    case = log_case(client, user, DOS, lines=lines(text))
    assert any(phrase in w for w in case["warnings"]), case["warnings"]
    assert case["total_wrvu"] > 0  # still credited as entered
    again = client.get(f"/api/v1/cases/{case['id']}", headers=user.headers).json()
    assert again["warnings"] == case["warnings"]
    preview = client.post(
        "/api/v1/cases/preview",
        headers=user.headers,
        json={"date_of_service": DOS, "lines": lines(text)},
    ).json()
    assert any(phrase in w for w in preview["warnings"])


@pytest.mark.parametrize(
    "text",
    ["11042; 11042-59", "20610; 20610-76", "49505-RT; 49505-LT", "99213-25; 20610", "22614x2"],
)
def test_told_apart_entries_do_not_warn(client, user, text) -> None:  # noqa: ANN001
    assert log_case(client, user, DOS, lines=lines(text))["warnings"] == []


def test_favorites_are_unique_per_code_and_modifiers(client, user) -> None:  # noqa: ANN001
    def add(body: dict) -> tuple[int, dict]:
        r = client.post("/api/v1/me/favorites", headers=user.headers, json=body)
        return r.status_code, r.json()

    status, first = add({"code": "49505", "modifiers": ["RT", "51"], "label": "IHR"})
    assert status == 201
    status, again = add({"code": "49505", "modifiers": ["51", "rt"]})
    assert status == 200 and again == first  # the existing one, label and all
    status, other = add({"code": "49505", "modifiers": ["LT"]})
    assert status == 201 and other["id"] != first["id"]
    assert len(client.get("/api/v1/me/favorites", headers=user.headers).json()) == 2
    clash = client.patch(
        f"/api/v1/me/favorites/{other['id']}",
        headers=user.headers,
        json={"modifiers": ["RT", "51"]},
    )
    assert clash.status_code == 409 and first["id"] in clash.json()["detail"]


def parse(client: TestClient, user: SignedIn, text: str):  # noqa: ANN201
    return client.post(
        "/api/v1/cases/parse",
        headers=user.headers,
        json={"text": text, "date_of_service": DOS},
    )


def test_words_between_codes(client, user) -> None:  # noqa: ANN001
    r = parse(client, user, "lap chole + rt inguinal hernia")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["lines"] == [
        {"code": "47562", "modifiers": [], "units": 1},
        {"code": "49505", "modifiers": ["RT"], "units": 1},
    ]
    assert [(x["words"], x["code"]) for x in body["readings"]] == [
        ("lap chole", "47562"),
        ("rt inguinal hernia", "49505"),
    ]
    assert body["preview"]["total_wrvu"] == 14.09  # 10.21 + 7.76 / 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("47562, left inguinal hernia", [("47562", []), ("49505", ["LT"])]),
        ("bilateral inguinal hernia", [("49505", ["50"])]),
        ("inguinal hernia right", [("49505", ["RT"])]),
        ("TKA", [("27447", [])]),
        ("lap appy 99213-25", [("44970", []), ("99213", ["25"])]),
        ("lap chole x2", [("47562", [])]),
        ("lap cholecystecomy", [("47562", [])]),  # a typo
        ("47562 rt", [("47562", ["RT"])]),  # right after a code, a modifier as before
        ("lap inguinal hernia 80", [("49650", ["80"])]),
    ],
)
def test_word_examples(client, user, text, expected) -> None:  # noqa: ANN001
    r = parse(client, user, text)
    assert r.status_code == 200, r.text
    assert [(x["code"], x["modifiers"]) for x in r.json()["lines"]] == expected


def test_units_after_words(client, user) -> None:  # noqa: ANN001
    body = parse(client, user, "lap chole x2").json()
    assert body["lines"][0]["units"] == 2
    assert any("has 2 units" in w for w in body["preview"]["warnings"])


def test_unclear_words_list_candidates(client, user) -> None:  # noqa: ANN001
    r = parse(client, user, "47562 + chole")
    assert r.status_code == 422, r.text
    error = r.json()["errors"][0]
    assert error["fragment"] == "chole" and error["start"] == 8
    codes = [c["code"] for c in error["candidates"]]
    assert 2 <= len(codes) <= 5 and {"47562", "47600"} <= set(codes)
    assert "type the code" in r.json()["detail"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("zzqx blorp", "no code matches"),
        ("47562 + rt", "needs a procedure"),
    ],
)
def test_unreadable_words(client, user, text, says) -> None:  # noqa: ANN001
    r = parse(client, user, text)
    assert r.status_code == 422 and says in r.json()["detail"], r.text
