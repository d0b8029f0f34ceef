import csv
import gzip
import hashlib
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from sqlmodel import Session, select

from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
from rvuedge.catalog.importer import VALUE_FIELDS
from rvuedge.catalog.models import CodeGuide, FeeScheduleRow
from rvuedge.catalog.seed import ROWS_CHECKSUM_FILE, ROWS_FILE, load_seed, read_codes
from rvuedge.config import get_settings
from tests.conftest import RVU_2025, RVU_2026

SEED = get_settings().SEED_DIR
RULES = Path(__file__).resolve().parents[2] / "shared" / "docs" / "wrvu-rules.md"


def test_seed_breadth() -> None:
    codes = read_codes(SEED)
    assert len(codes) >= 300
    specialties = Counter(s for c in codes for s in c.specialties)
    for needed in [
        "General Surgery",
        "Colorectal Surgery",
        "Orthopedic Surgery",
        "Spine Surgery",
        "Gastroenterology",
        "Urology",
        "Obstetrics and Gynecology",
        "Otolaryngology",
        "Ophthalmology",
        "Cardiology",
        "Primary Care",
        "Hospital Medicine",
        "Emergency Medicine",
        "Critical Care",
        "Diagnostic Radiology",
        "Dermatology",
    ]:
        assert specialties[needed] >= 5, needed
    assert all(c.name for c in codes)
    common = [c for c in codes if c.aliases]  # the common procedures are explained
    assert len(common) >= 1500
    assert all(c.plain_language and c.specialties for c in common)
    aliases = {a.lower() for c in codes for a in c.aliases}
    assert {"lap chole", "tka", "egd", "acdf"} <= aliases


def test_seed_names_are_not_cms_descriptors() -> None:
    """Short descriptors are AMA text: the seed's names are written for rvuedge."""
    descriptors: dict[str, set[str]] = {}
    for path in (RVU_2025, RVU_2026):
        for (code, mod), row in _file_rows(path).items():
            if not mod:
                descriptors.setdefault(code, set()).add(row[2].strip().lower())
    seed = read_codes(SEED)
    same = [c.hcpcs for c in seed if c.name.strip().lower() in descriptors.get(c.hcpcs, set())]
    assert same == []


def test_every_code_of_the_test_vectors_is_seeded() -> None:
    text = RULES.read_text(encoding="utf-8")
    section4 = text[text.index("## 4. Worked test vectors") : text.index("## 5.")]
    named = set(re.findall(r"(?<![\w.])(\d{5}|[A-Z]\d{4})\b", section4))
    seeded = {c.hcpcs for c in read_codes(SEED)}
    assert named - seeded == set()


def _file_rows(path: Path) -> dict[tuple[str, str], list[str]]:
    lines = list(csv.reader(path.open(encoding="latin-1", newline="")))
    at = next(i for i, r in enumerate(lines) if r and r[0] == "HCPCS")
    return {(r[0], r[1]): r for r in lines[at + 1 :] if r}


def _file_table(path: Path) -> tuple[dict[str, int], dict[tuple[str, str], list[str]]]:
    """Column positions by header name, and the rows by (HCPCS, MOD), read straight from CMS."""
    lines = list(csv.reader(path.open(encoding="latin-1", newline="")))
    at = next(i for i, r in enumerate(lines) if r and r[0] == "HCPCS")
    stacked = zip(lines[at - 1], lines[at], strict=False)  # "WORK" above "RVU"
    positions = {f"{above} {name}".strip(): i for i, (above, name) in enumerate(stacked)}
    return positions, {(r[0], r[1]): r for r in lines[at + 1 :] if r}


def _seed_rows() -> list[dict[str, str]]:
    with gzip.open(SEED / ROWS_FILE, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_seed_holds_every_row_of_both_cms_files_exactly() -> None:
    """Every HCPCS+modifier row of both files, every value equal to the file's, no descriptor."""
    seeded = _seed_rows()
    assert "description" not in seeded[0]  # CMS descriptors are AMA text: not in the seed
    for release, path in (("2025D", RVU_2025), ("2026C", RVU_2026)):
        parsed = parse_rvu_bytes(*reversed(read_rvu_source(path)))
        ours = {(r["hcpcs"], r["modifier"]): r for r in seeded if r["release"] == release}
        assert len(ours) == len(parsed.rows) > 19000
        for row in parsed.rows:
            mine = ours[(row["hcpcs"], row["modifier"])]
            for field in VALUE_FIELDS:
                expected = row.get(field)  # 2025 files have no PRIC IND
                if isinstance(expected, Decimal):
                    assert Decimal(mine[field]) == expected, (release, row["hcpcs"], field)
                elif isinstance(expected, bool):
                    assert mine[field] == ("1" if expected else "0"), (release, row["hcpcs"])
                else:
                    assert mine[field] == (expected or ""), (release, row["hcpcs"], field)


def test_seed_work_rvus_match_the_raw_cms_text() -> None:
    """Independent of the project's parser: the WORK RVU and FACILITY TOTAL text of each row."""
    seeded = {(r["release"], r["hcpcs"], r["modifier"]): r for r in _seed_rows()}
    for release, path in (("2025D", RVU_2025), ("2026C", RVU_2026)):
        positions, rows = _file_table(path)
        assert positions["HCPCS"] == 0
        work, total = positions["WORK RVU"], positions["FACILITY TOTAL"]
        for (code, mod), raw in rows.items():
            mine = seeded[(release, code, mod)]
            assert Decimal(mine["work_rvu"]) == Decimal(raw[work] or "0"), (release, code)
            assert Decimal(mine["facility_total"]) == Decimal(raw[total] or "0"), (release, code)


def test_seed_checksum_file_matches() -> None:
    expected, name = (SEED / ROWS_CHECKSUM_FILE).read_text(encoding="utf-8").split()
    assert name == ROWS_FILE
    assert hashlib.sha256((SEED / ROWS_FILE).read_bytes()).hexdigest() == expected


def test_seed_gpcis_equal_the_cms_files() -> None:
    from rvuedge.catalog.gpci_file import parse_gpci_file
    from tests.conftest import CMS_DIR

    with (SEED / "gpci.csv").open(encoding="utf-8", newline="") as handle:
        seeded = {(r["year"], r["mac"], r["locality_number"]): r for r in csv.DictReader(handle)}
    for year, name in (("2025", "GPCI2025.csv"), ("2026", "GPCI2026_RVU26A_medigy_processed.csv")):
        rows = parse_gpci_file(CMS_DIR / name).rows
        assert len([k for k in seeded if k[0] == year]) == len(rows) == 109
        for row in rows:
            got = seeded[(year, row.mac, row.locality_number)]
            values = (Decimal(got["work_gpci"]), Decimal(got["pe_gpci"]), Decimal(got["mp_gpci"]))
            assert values == (row.work_gpci, row.pe_gpci, row.mp_gpci)


def test_load_is_idempotent(session: Session) -> None:
    rows = len(session.exec(select(FeeScheduleRow)).all())
    assert load_seed(session, SEED) == "unchanged"
    assert load_seed(session, SEED, force=True) == "loaded"
    session.commit()
    assert len(session.exec(select(FeeScheduleRow)).all()) == rows
    assert len(session.exec(select(CodeGuide)).all()) == len(read_codes(SEED))
