import pytest
from fastapi.testclient import TestClient


def test_code_card_44314_on_a_fresh_install(client: TestClient) -> None:
    r = client.get("/api/v1/codes/44314")
    assert r.status_code == 200
    card = r.json()
    assert card["release"]["name"] == "2026C"
    assert card["rvus"]["work_rvu"] == 16.32
    assert card["global_period"]["days"] == "090"
    assert card["rvus"]["facility"]["total_rvu"] == 28.01
    assert card["rvus"]["non_facility"]["not_applicable"] is True
    assert card["payment"]["work_only"] == 545.10  # 16.32 x 33.4009
    assert card["payment"]["facility"] == 935.56  # 28.01 x 33.4009
    history = {h["release"]: h["work_rvu"] for h in card["history"]}
    assert history == {"2025D": 16.74, "2026C": 16.32}
    comparison = card["comparison"]
    assert comparison["category"] == "Surgery"
    assert 75 <= comparison["percentile_rank"] <= 77
    assert comparison["median_work_rvu"] == 8.00
    assert comparison["highest"] == {"code": "39503", "work_rvu": 106.19}
    assert comparison["summary"].startswith(
        "76th percentile among Surgery codes, 2.0x the median (8.00)"
    )
    assert card["name"] and card["plain_language"] and "ileostomy revision" in card["other_names"]
    assert card["official_descriptor"] is None  # AMA text is never shipped in the seed
    assert card["policy"]["co_surgeon"]["value"] == "1"


def test_year_and_release_select_the_row(client: TestClient) -> None:
    assert (
        client.get("/api/v1/codes/44314", params={"year": 2025}).json()["rvus"]["work_rvu"] == 16.74
    )
    assert (
        client.get("/api/v1/codes/44314", params={"release": "2025D"}).json()["rvus"]["work_rvu"]
        == 16.74
    )
    r = client.get("/api/v1/codes/44314", params={"release": "2024A"})
    assert r.status_code == 404 and "2025D, 2026C" in r.json()["detail"]
    assert client.get("/api/v1/codes/44314", params={"release": "bogus"}).status_code == 422


def test_component_rows(client: TestClient) -> None:
    assert (
        client.get("/api/v1/codes/71046", params={"modifier": "26"}).json()["rvus"]["work_rvu"]
        == 0.21
    )
    assert (
        client.get("/api/v1/codes/71046", params={"modifier": "TC"}).json()["rvus"]["work_rvu"]
        == 0.0
    )
    assert (
        client.get(
            "/api/v1/codes/45378",
            params={"modifier": "53"},
        ).status_code
        == 200
    )
    r = client.get("/api/v1/codes/47562", params={"modifier": "26"})
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    assert client.get("/api/v1/codes/47562", params={"modifier": "59"}).status_code == 422


def test_unknown_code_lists_near_codes(client: TestClient) -> None:
    r = client.get("/api/v1/codes/47569")
    assert r.status_code == 404
    body = r.json()
    assert (
        body["code"] == "47569" and "47562" in body["near_codes"] and len(body["near_codes"]) <= 5
    )
    assert r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("lap chole", "47562"),
        ("47562", "47562"),
        ("TKA", "27447"),
        ("EGD", "43235"),
        ("ACDF", "22551"),
        ("appy", "44970"),
        ("colonoscopy", "45378"),
        ("Lap Chole", "47562"),
    ],
)
def test_search_first_hit(client: TestClient, query: str, first: str) -> None:
    items = client.get("/api/v1/codes", params={"q": query}).json()["items"]
    assert items and items[0]["code"] == first


def test_search_prefix_and_typo(client: TestClient) -> None:
    prefix = [i["code"] for i in client.get("/api/v1/codes", params={"q": "4756"}).json()["items"]]
    assert "47562" in prefix and all(c.startswith("4756") for c in prefix)
    typo = [
        i["code"] for i in client.get("/api/v1/codes", params={"q": "colonscopy"}).json()["items"]
    ]
    assert "45378" in typo
    typo2 = [
        i["code"]
        for i in client.get("/api/v1/codes", params={"q": "arthroplsty knee"}).json()["items"]
    ]
    assert "27447" in typo2


def test_search_hit_carries_current_values(client: TestClient) -> None:
    hit = client.get("/api/v1/codes", params={"q": "47562"}).json()["items"][0]
    assert (hit["work_rvu"], hit["global_days"], hit["release"]) == (10.21, "090", "2026C")


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "a' OR 1=1 --",
        "NEAR(a b)",
        "col:*",
        "💥🩺",
        "AND OR NOT",
        "*",
        "(((",
        "x" * 200,
        "%_%",
    ],
)
def test_hostile_queries_never_fail(client: TestClient, query: str) -> None:
    r = client.get("/api/v1/codes", params={"q": query})
    assert r.status_code == 200
    assert isinstance(r.json()["items"], list)


def test_overlong_query_is_422(client: TestClient) -> None:
    r = client.get("/api/v1/codes", params={"q": "x" * 1000})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "q"]


def test_releases_and_health(client: TestClient) -> None:
    releases = client.get("/api/v1/releases").json()
    assert [r["name"] for r in releases] == ["2025D", "2026C"]
    # The seed ships every row of both releases, without CMS descriptors.
    assert all(r["is_complete"] and not r["has_descriptors"] for r in releases)
    assert [r["row_count"] for r in releases] == [19090, 19356]
    assert client.get("/api/v1/health").json() == {"status": "ok"}  # details: operators only


def test_full_catalog_any_row_is_queryable(imported_client: TestClient) -> None:
    card = imported_client.get("/api/v1/codes/0001F").json()
    assert (
        card["official_descriptor"] == "Heart failure composite" and card["release"]["is_complete"]
    )
    assert (
        imported_client.get("/api/v1/codes/70557", params={"modifier": "26"}).json()["rvus"][
            "work_rvu"
        ]
        == 2.83
    )


def test_locality_payment_on_a_fresh_install(client: TestClient) -> None:
    card = client.get("/api/v1/codes/44314", params={"locality": "02102-01"}).json()
    assert card["payment"]["facility"] == 1175.81 and card["payment"]["locality"]["year"] == 2026
    assert len(client.get("/api/v1/localities").json()) == 218


def test_locality_payment(imported_client: TestClient) -> None:
    localities = imported_client.get("/api/v1/localities", params={"year": 2026}).json()
    assert len(localities) == 109
    ak = next(loc for loc in localities if loc["state"] == "AK")
    card = imported_client.get("/api/v1/codes/44314", params={"locality": ak["key"]}).json()
    # work 16.32 x 1.5 + facility PE 8.33 x 1.065 + MP 3.36 x 0.551, times 33.4009
    assert card["payment"]["locality"]["key"] == "02102-01"
    assert card["payment"]["facility"] == 1175.81  # 1175.8055 rounded half up
    assert card["payment"]["work_only"] == 817.65
    missing = imported_client.get("/api/v1/codes/44314", params={"locality": "99999-99"})
    assert missing.status_code == 404
