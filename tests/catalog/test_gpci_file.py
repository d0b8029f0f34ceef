from decimal import Decimal
from pathlib import Path

import pytest

from rvuedge.catalog.gpci_file import parse_gpci_file
from rvuedge.errors import ImportFailed
from tests.conftest import CMS_DIR


@pytest.mark.parametrize("name", ["GPCI2025.csv", "GPCI2025.txt"])
def test_2025_layouts_agree(name: str) -> None:
    parsed = parse_gpci_file(CMS_DIR / name)
    assert parsed.year == 2025 and len(parsed.rows) == 109
    alaska = next(r for r in parsed.rows if r.state == "AK")
    assert (alaska.mac, alaska.locality_number, alaska.work_gpci) == ("02102", "01", Decimal("1.5"))


def test_csv_and_txt_give_equal_values() -> None:
    a = parse_gpci_file(CMS_DIR / "GPCI2025.csv").rows
    b = parse_gpci_file(CMS_DIR / "GPCI2025.txt").rows
    assert [(r.mac, r.locality_number, r.work_gpci, r.pe_gpci, r.mp_gpci) for r in a] == [
        (r.mac, r.locality_number, r.work_gpci, r.pe_gpci, r.mp_gpci) for r in b
    ]


def test_2026_layout_uses_the_floor_and_pads_localities() -> None:
    parsed = parse_gpci_file(CMS_DIR / "GPCI2026_RVU26A_medigy_processed.csv")
    assert parsed.year == 2026 and len(parsed.rows) == 109
    alabama = next(r for r in parsed.rows if r.state == "AL")
    assert alabama.locality_number == "00"
    assert alabama.work_gpci == Decimal("1.0") and alabama.work_gpci_unfloored == Decimal("0.988")
    assert sum(1 for r in parsed.rows if r.work_gpci != r.work_gpci_unfloored) == 47


def test_missing_column(tmp_path: Path) -> None:
    text = (CMS_DIR / "GPCI2025.csv").read_text(encoding="latin-1").replace("PE GPCI", "PE X")
    path = tmp_path / "GPCI.csv"
    path.write_text(text, encoding="latin-1")
    with pytest.raises(ImportFailed, match="lacks column\\(s\\) PE GPCI"):
        parse_gpci_file(path)
