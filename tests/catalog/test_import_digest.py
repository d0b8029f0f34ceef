"""Whether a file holds a stored release's values is one lookup of the digests kept beside it
(rvuedge.catalog.release_digest): the seed keeps its releases' digests, each import its own. A
release stored before digests were kept is compared row by row, and gets them with its import.
The importer writes through Core tables of its own: they must name the models' columns."""

import os
import subprocess
import sys

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from rvuedge.catalog import importer, release_digest
from rvuedge.catalog.category_stats import STATS
from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
from rvuedge.catalog.importer import RELEASES, ROWS, import_rvu_file
from rvuedge.catalog.models import CategoryStat, FeeScheduleRelease, FeeScheduleRow
from tests.conftest import RVU_2026


def _rows_never_read_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> bool:
        raise AssertionError("the stored rows were read back instead of the digest")

    monkeypatch.setattr(importer, "_same_numbers", refuse)


def test_the_seed_keeps_each_releases_digest_and_the_file_matches_it(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, data = read_rvu_source(RVU_2026)
    parsed = parse_rvu_bytes(data, name)
    kept = release_digest.stored(session, parsed.name)
    assert kept["values"] is not None and kept["descriptors"] is None  # the seed has none
    _rows_never_read_back(monkeypatch)
    assert import_rvu_file(session, parsed).outcome == "descriptors added"
    kept = release_digest.stored(session, parsed.name)
    assert kept["values"] == release_digest.digest(parsed.columns, importer.VALUE_FIELDS)
    assert kept["descriptors"] is not None
    other = data.replace(b"\r\n", b"\n") if b"\r\n" in data else data.replace(b"\n", b"\r\n")
    assert import_rvu_file(session, parse_rvu_bytes(other, name)).outcome == "unchanged"


def test_a_changed_value_is_not_the_seeds_release(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, data = read_rvu_source(RVU_2026)
    lines = data.decode("latin-1").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("47562,"))
    cells = lines[at].split(",")
    cells[5] = "10.99" if cells[5] != "10.99" else "11.00"  # WORK RVU
    lines[at] = ",".join(cells)
    parsed = parse_rvu_bytes("".join(lines).encode("latin-1"), name)
    _rows_never_read_back(monkeypatch)
    assert import_rvu_file(session, parsed).outcome == "replaced"
    row = session.exec(
        select(FeeScheduleRow)
        .join(FeeScheduleRelease)
        .where(
            FeeScheduleRelease.name == "2026C",
            FeeScheduleRow.hcpcs == "47562",
            FeeScheduleRow.modifier == "",
        )
    ).one()
    assert str(row.work_rvu) == cells[5]


def test_a_release_stored_before_digests_is_compared_row_by_row(session: Session) -> None:
    name, data = read_rvu_source(RVU_2026)
    parsed = parse_rvu_bytes(data, name)
    session.execute(text("DELETE FROM app_meta WHERE key LIKE 'rvu_%'"))
    assert release_digest.stored(session, parsed.name) == {"values": None, "descriptors": None}
    assert import_rvu_file(session, parsed).outcome == "descriptors added"
    assert release_digest.stored(session, parsed.name)["descriptors"] is not None


def test_the_importers_tables_name_the_models_columns() -> None:
    for light, model in (
        (RELEASES, FeeScheduleRelease),
        (ROWS, FeeScheduleRow),
        (STATS, CategoryStat),
    ):
        columns = model.__table__.c  # type: ignore[attr-defined]
        assert light.name == model.__tablename__
        for c in light.c:
            assert c.name in columns, (light.name, c.name)
            assert c.type._type_affinity is columns[c.name].type._type_affinity, c.name
    written = {c.name for c in ROWS.c}
    every = {c.name for c in FeeScheduleRow.__table__.c} - {"id"}  # type: ignore[attr-defined]
    assert written == every  # a new column of the model must be written by the import too


def test_import_rvu_starts_without_the_orm_or_the_models(cli_database: str) -> None:
    """The command's start-up is most of its time: SQLAlchemy Core only, unless a provisional
    case is there to revalue."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from rvuedge.cli.main import app\n"
        f"done = CliRunner().invoke(app, ['import-rvu', {str(RVU_2026)!r}])\n"
        "heavy = ('sqlmodel', 'sqlalchemy.orm', 'fastapi', 'rvuedge.catalog.models')\n"
        "print(done.exit_code, [m for m in heavy if m in sys.modules])\n"
        "print(done.output)\n"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "RVUEDGE_DATABASE_URL": cli_database},
    )
    assert done.stdout.startswith("0 []"), done.stdout + done.stderr
    assert "2026C: descriptors added" in done.stdout
