"""A fresh install (seed only, no import) knows every code CMS prices, with the file's numbers."""

import csv
import gzip
import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
from rvuedge.catalog.importer import import_rvu_file
from rvuedge.catalog.models import CodeGuide, FeeScheduleRelease, FeeScheduleRow
from rvuedge.catalog.seed import ROWS_CHECKSUM_FILE, ROWS_FILE, SeedDamaged, load_seed
from rvuedge.catalog.service import DESCRIPTOR_NOT_SHIPPED
from rvuedge.config import get_settings
from rvuedge.db import make_engine
from rvuedge.migrations import upgrade
from tests.conftest import RVU_2026
from tests.factories import make_user

NOT_SHIPPED = "descriptor not shipped: import the CMS file to see it"


def _priced_2026() -> dict[str, Decimal]:
    """Codes of the 2026 file (no modifier) with a work RVU above zero, read straight from it."""
    lines = list(csv.reader(RVU_2026.open(encoding="latin-1", newline="")))
    at = next(i for i, r in enumerate(lines) if r and r[0] == "HCPCS")
    return {r[0]: Decimal(r[5]) for r in lines[at + 1 :] if r and r[1] == "" and Decimal(r[5]) > 0}


def test_unnamed_codes_answer_their_card_on_a_fresh_install(client: TestClient) -> None:
    # Status R (restricted) codes: priced, but outside the seed's names (status A).
    for code, work in (("11920", 1.57), ("15788", 2.04)):
        card = client.get(f"/api/v1/codes/{code}").json()
        assert card["release"]["name"] == "2026C"
        assert card["rvus"]["work_rvu"] == work
        assert card["official_descriptor"] is None
        assert card["name"] == card["descriptor_note"] == NOT_SHIPPED == DESCRIPTOR_NOT_SHIPPED
        assert card["comparison"]["category"] == "Surgery"
    assert client.get("/api/v1/codes/44213").json()["global_period"]["days"] == "ZZZ"
    assert client.get("/api/v1/codes/44213").json()["name"] != NOT_SHIPPED  # status A: named


def test_a_random_300_priced_codes_of_the_2026_file(client: TestClient) -> None:
    priced = _priced_2026()
    assert len(priced) > 7000
    sample = random.Random(2026).sample(sorted(priced), 300)  # noqa: S311 (a test sample)
    for code in sample:
        r = client.get(f"/api/v1/codes/{code}", params={"release": "2026C"})
        assert r.status_code == 200, (code, r.text)
        assert Decimal(str(r.json()["rvus"]["work_rvu"])) == priced[code], code


def test_colectomy_with_splenic_flexure_mobilization_credits_29_17(client: TestClient) -> None:
    user = make_user(client)
    r = client.post(
        "/api/v1/cases",
        headers=user.headers,
        json={
            "date_of_service": "2026-09-14",
            "lines": [{"code": "44204"}, {"code": "44213"}],
        },
    )
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["total_wrvu"] == 29.17  # 25.76 + 3.41: an add-on is never reduced
    assert [line["credited_wrvu"] for line in case["lines"]] == [25.76, 3.41]


def test_search_finds_every_code_by_code_and_prefix(client: TestClient) -> None:
    hit = client.get("/api/v1/codes", params={"q": "11920"}).json()["items"][0]
    assert (hit["code"], hit["work_rvu"], hit["name"]) == ("11920", 1.57, NOT_SHIPPED)
    hit = client.get("/api/v1/codes", params={"q": "44213"}).json()["items"][0]
    assert (hit["code"], hit["work_rvu"], hit["common"]) == ("44213", 3.41, True)
    prefix = [h["code"] for h in client.get("/api/v1/codes", params={"q": "4421"}).json()["items"]]
    assert "44213" in prefix
    assert client.get("/api/v1/codes", params={"q": "lap chole"}).json()["items"][0]["code"] == (
        "47562"
    )  # words keep working for named codes


def test_import_adds_descriptors_and_leaves_values(session: Session) -> None:
    def values() -> list[tuple]:
        return list(
            session.exec(
                select(FeeScheduleRow.hcpcs, FeeScheduleRow.modifier, FeeScheduleRow.work_rvu)
                .join(FeeScheduleRelease)
                .where(FeeScheduleRelease.name == "2026C")
                .order_by(FeeScheduleRow.hcpcs, FeeScheduleRow.modifier)
            )
        )

    before = values()
    name, data = read_rvu_source(RVU_2026)
    result = import_rvu_file(session, parse_rvu_bytes(data, name))
    session.commit()
    assert result.outcome == "descriptors added"
    assert values() == before
    row = session.exec(
        select(FeeScheduleRow)
        .join(FeeScheduleRelease)
        .where(FeeScheduleRelease.name == "2026C", FeeScheduleRow.hcpcs == "44213")
    ).one()
    assert row.description  # the operator's own file brought it
    # And a seed reload never takes it away.
    assert load_seed(session, get_settings().SEED_DIR, force=True) == "loaded"
    session.commit()
    session.refresh(row)
    assert row.description


def test_descriptor_search_after_import(imported_client: TestClient) -> None:
    card = imported_client.get("/api/v1/codes/11920").json()  # a code the seed does not name
    assert card["official_descriptor"] and card["descriptor_note"] is None
    assert card["name"] == card["official_descriptor"]
    words = card["official_descriptor"].split()[:2]
    hits = imported_client.get("/api/v1/codes", params={"q": " ".join(words), "limit": 50})
    assert "11920" in [h["code"] for h in hits.json()["items"]]
    named = imported_client.get("/api/v1/codes/44213").json()  # the seed's name wins
    assert named["official_descriptor"] and named["name"] != named["official_descriptor"]


@pytest.fixture
def damaged_seed(tmp_path: Path) -> Path:
    seed = tmp_path / "seed"
    shutil.copytree(get_settings().SEED_DIR, seed)
    return seed


def _empty_session(url: str) -> Session:
    engine = make_engine(url)
    upgrade(engine)
    return Session(engine)


def _nothing_written(session: Session) -> None:
    session.rollback()
    assert session.exec(select(func.count()).select_from(FeeScheduleRow)).one() == 0
    assert session.exec(select(func.count()).select_from(CodeGuide)).one() == 0


def test_truncated_seed_writes_nothing(damaged_seed: Path, empty_database_url: str) -> None:
    rows = damaged_seed / ROWS_FILE
    rows.write_bytes(rows.read_bytes()[:100_000])
    with _empty_session(empty_database_url) as session:
        with pytest.raises(SeedDamaged, match="is damaged: its SHA-256"):
            load_seed(session, damaged_seed)
        _nothing_written(session)


def test_truncated_seed_with_a_matching_sum_writes_nothing(
    damaged_seed: Path, empty_database_url: str
) -> None:
    """Even a truncated file whose checksum was regenerated is caught (gzip end, row counts)."""
    import hashlib

    rows = damaged_seed / ROWS_FILE
    text = gzip.decompress(rows.read_bytes()).decode()
    for cut in (rows.read_bytes()[:-20], gzip.compress(text[: len(text) // 2].encode())):
        rows.write_bytes(cut)
        (damaged_seed / ROWS_CHECKSUM_FILE).write_text(
            f"{hashlib.sha256(cut).hexdigest()}  {ROWS_FILE}\n"
        )
        with _empty_session(empty_database_url) as session:
            with pytest.raises(SeedDamaged, match="nothing was written") as caught:
                load_seed(session, damaged_seed)
            assert "\n" not in str(caught.value)
            _nothing_written(session)


def test_checksum_mismatch_is_one_line_from_the_cli(
    damaged_seed: Path, empty_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from rvuedge.cli import app
    from rvuedge.db import get_engine

    rows = bytearray((damaged_seed / ROWS_FILE).read_bytes())
    rows[5000] ^= 0xFF
    (damaged_seed / ROWS_FILE).write_bytes(bytes(rows))
    monkeypatch.setenv("RVUEDGE_DATABASE_URL", empty_database_url)
    monkeypatch.setenv("RVUEDGE_SEED_DIR", str(damaged_seed))
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        result = CliRunner().invoke(app, ["--create", "seed", "load"])
        get_engine().dispose()
    finally:
        get_settings.cache_clear()
        get_engine.cache_clear()
    assert result.exit_code == 1
    database, error = result.output.splitlines()  # the database used, then one error line
    assert database.startswith("database: ") and "is damaged" in error
    with _empty_session(empty_database_url) as session:
        _nothing_written(session)
