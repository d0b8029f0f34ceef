"""A ZIP code's Medicare locality from the derived seed table (scripts/derive-zip-localities.py)."""

from pathlib import Path

from fastapi.testclient import TestClient

from rvuedge.catalog.zip_localities import locality_key

SEED = Path(__file__).resolve().parents[2] / "rvuedge" / "seed"
CMS = Path(__file__).resolve().parents[3] / "shared" / "data" / "cms" / "ZIP5_OCT2025.txt"


def test_zip_codes_map_to_their_locality() -> None:
    assert locality_key("60601", seed_dir=SEED) == "06102-16"  # Chicago
    assert locality_key("94103", seed_dir=SEED) == "01112-05"  # San Francisco
    assert locality_key("00000", seed_dir=SEED) is None


def test_the_table_agrees_with_every_zip_code_of_the_cms_file() -> None:
    if not CMS.exists():  # the CMS file is outside the repository: checked where it is present
        return
    wrong = []
    for line in CMS.read_text(encoding="ascii").splitlines():
        if len(line) >= 14 and line[2:7].isdigit():
            expected = f"{line[7:12]}-{line[12:14]}"
            if locality_key(line[2:7], seed_dir=SEED) != expected:
                wrong.append(line[2:7])
    assert wrong == []


def test_locality_by_zip_endpoint(client: TestClient) -> None:
    r = client.get("/api/v1/localities/by-zip/60601")
    assert r.status_code == 200, r.text
    assert r.json()["key"] == "06102-16"
    assert r.json()["state"] == "IL"
    missing = client.get("/api/v1/localities/by-zip/00000")
    assert missing.status_code == 404
    assert "00000" in missing.json()["detail"]
    assert client.get("/api/v1/localities/by-zip/6060").status_code == 422
