import csv
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
from rvuedge.catalog.gpci_file import parse_gpci_file
from rvuedge.catalog.gpci_import import import_gpci_file
from rvuedge.catalog.importer import import_rvu_file
from rvuedge.catalog.models import CategoryStat, FeeScheduleRelease, FeeScheduleRow, GpciLocality
from rvuedge.errors import ImportFailed
from tests.conftest import CMS_DIR, RVU_2025, RVU_2026

NUMERIC = [
    "work_rvu",
    "nonfacility_pe_rvu",
    "facility_pe_rvu",
    "mp_rvu",
    "nonfacility_total",
    "facility_total",
    "pre_op",
    "intra_op",
    "post_op",
]
CSV_COLUMNS = {
    "status": "STATUS CODE",
    "work_rvu": "WORK RVU",
    "nonfacility_pe_rvu": "NON-FAC PE RVU",
    "facility_pe_rvu": "FACILITY PE RVU",
    "mp_rvu": "MP RVU",
    "nonfacility_total": "NON-FACILITY TOTAL",
    "facility_total": "FACILITY TOTAL",
    "pctc": "PCTC IND",
    "global_days": "GLOB DAYS",
    "pre_op": "PRE OP",
    "intra_op": "INTRA OP",
    "post_op": "POST OP",
    "mult_proc": "MULT PROC",
    "bilat_surg": "BILAT SURG",
    "asst_surg": "ASST SURG",
    "co_surg": "CO- SURG",
    "team_surg": "TEAM SURG",
    "endo_base": "ENDO BASE",
    "description": "DESCRIPTION",
}


def _csv_rows(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    """Read the CMS CSV independently of the importer (plain csv, stacked header joined)."""
    lines = list(csv.reader(path.open(encoding="latin-1", newline="")))
    at = next(i for i, r in enumerate(lines) if r and r[0] == "HCPCS")
    names = [
        " ".join(x.strip() for x in col if x.strip())
        for col in zip(*lines[at - 4 : at + 1], strict=False)
    ]
    return {(r[0], r[1]): dict(zip(names, r, strict=False)) for r in lines[at + 1 :] if r}


@pytest.mark.parametrize(("path", "release"), [(RVU_2025, "2025D"), (RVU_2026, "2026C")])
def test_every_row_equals_the_file(imported_engine, path: Path, release: str) -> None:  # noqa: ANN001
    expected = _csv_rows(path)
    with Session(imported_engine) as session:
        rel = session.exec(
            select(FeeScheduleRelease).where(FeeScheduleRelease.name == release)
        ).one()
        assert rel.is_complete and rel.row_count == len(expected)
        rows = session.exec(select(FeeScheduleRow).where(FeeScheduleRow.release_id == rel.id)).all()
    assert len(rows) == len(expected)
    mismatches = []
    for row in rows:
        source = expected[(row.hcpcs, row.modifier)]
        for field, column in CSV_COLUMNS.items():
            want = source[column].strip()
            got = getattr(row, field)
            if field in NUMERIC:
                ok = Decimal(got) == Decimal(want)
            else:
                ok = (got or "") == want
            if not ok:
                mismatches.append((row.hcpcs, row.modifier, field, got, want))
        if row.not_used_for_payment != (source["NOT USED FOR MEDICARE PAYMENT"].strip() == "+"):
            mismatches.append((row.hcpcs, row.modifier, "plus"))
        if row.nonfacility_na != (source["NON-FAC NA INDICATOR"].strip() == "NA"):
            mismatches.append((row.hcpcs, row.modifier, "nonfacility_na"))
    assert mismatches == []


def test_full_import_recomputes_category_stats(imported_engine) -> None:  # noqa: ANN001
    with Session(imported_engine) as session:
        stat = session.exec(
            select(CategoryStat)
            .join(FeeScheduleRelease, FeeScheduleRelease.id == CategoryStat.release_id)
            .where(FeeScheduleRelease.name == "2026C", CategoryStat.category == "Surgery")
        ).one()
    assert stat.code_count == 5734
    assert stat.median_work_rvu == Decimal("7.995")
    assert (stat.max_hcpcs, stat.max_work_rvu) == ("39503", Decimal("106.19"))


def test_same_release_twice_changes_nothing(session: Session) -> None:
    name, data = read_rvu_source(RVU_2025)
    first = import_rvu_file(session, parse_rvu_bytes(data, name))
    session.commit()
    stamp = session.exec(
        select(FeeScheduleRelease.imported_at).where(FeeScheduleRelease.name == "2025D")
    ).one()
    second = import_rvu_file(session, parse_rvu_bytes(data, name))
    session.commit()
    assert (first.outcome, second.outcome) == ("descriptors added", "unchanged")
    count = session.exec(select(func.count()).select_from(FeeScheduleRow)).one()
    again = session.exec(
        select(FeeScheduleRelease.imported_at).where(FeeScheduleRelease.name == "2025D")
    ).one()
    assert again == stamp
    assert (
        count
        == 19090
        + session.exec(
            select(func.count())
            .select_from(FeeScheduleRow)
            .join(FeeScheduleRelease)
            .where(FeeScheduleRelease.name == "2026C")
        ).one()
    )


def test_broken_file_writes_nothing(session: Session) -> None:
    before = session.exec(select(func.count()).select_from(FeeScheduleRow)).one()
    lines = RVU_2026.read_text(encoding="latin-1").splitlines(keepends=True)
    at = next(i for i in range(5000, len(lines)) if ",A,," in lines[i])
    lines[at] = lines[at].replace(",A,,", ",Q,,", 1)
    with pytest.raises(ImportFailed, match=f"line {at + 1}: status 'Q' is not a CMS status code"):
        import_rvu_file(session, parse_rvu_bytes("".join(lines).encode("latin-1"), "bad.csv"))
    session.rollback()
    assert session.exec(select(func.count()).select_from(FeeScheduleRow)).one() == before


def test_gpci_import_is_idempotent(session: Session, tmp_path: Path) -> None:
    parsed = parse_gpci_file(CMS_DIR / "GPCI2025.txt")
    assert import_gpci_file(session, parsed).outcome == "unchanged"  # the seed ships it
    # The CSV twin of the same year holds the same values.
    twin = parse_gpci_file(CMS_DIR / "GPCI2025.csv")
    assert import_gpci_file(session, twin).outcome == "unchanged"
    changed = tmp_path / "GPCI2025.csv"
    text = (CMS_DIR / "GPCI2025.csv").read_text(encoding="latin-1")
    changed.write_text(
        text.replace("10112,AL,00,ALABAMA,1,0.869,0.575", "10112,AL,00,ALABAMA,1,0.870,0.575"),
        encoding="latin-1",
    )
    assert import_gpci_file(session, parse_gpci_file(changed)).outcome == "replaced"
    session.commit()
    year_2025 = select(func.count()).select_from(GpciLocality).where(GpciLocality.year == 2025)
    assert session.exec(year_2025).one() == 109
