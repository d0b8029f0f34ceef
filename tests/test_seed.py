import csv
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from sqlmodel import Session, select

from rvuedge.catalog.models import CodeGuide, FeeScheduleRow
from rvuedge.catalog.seed import ROWS_FILE, load_seed, read_codes
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
    assert all(c.name and c.plain_language and c.specialties for c in codes)
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


def test_seed_numbers_are_exactly_the_cms_files() -> None:
    files = {"2025D": _file_rows(RVU_2025), "2026C": _file_rows(RVU_2026)}
    with (SEED / ROWS_FILE).open(encoding="utf-8", newline="") as handle:
        seeded = list(csv.DictReader(handle))
    assert len(seeded) > 600
    for row in seeded:
        source = files[row["release"]][(row["hcpcs"], row["modifier"])]
        assert Decimal(row["work_rvu"]) == Decimal(source[5]), row["hcpcs"]
        assert Decimal(row["facility_total"]) == Decimal(source[12]), row["hcpcs"]
        assert row["global_days"] == source[14]
    assert "description" not in seeded[0]  # CMS descriptors are AMA text: not in the seed


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
