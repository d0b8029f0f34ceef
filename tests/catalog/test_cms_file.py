import csv
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
from rvuedge.errors import ImportFailed
from tests.conftest import RVU_2025, RVU_2026


@pytest.fixture(scope="module")
def parsed_2025():  # noqa: ANN201
    name, data = read_rvu_source(RVU_2025)
    return parse_rvu_bytes(data, name)


@pytest.fixture(scope="module")
def parsed_2026():  # noqa: ANN201
    name, data = read_rvu_source(RVU_2026)
    return parse_rvu_bytes(data, name)


def test_2025_banner_header_and_rows(parsed_2025) -> None:  # noqa: ANN001
    assert (parsed_2025.name, str(parsed_2025.released_on)) == ("2025D", "2025-09-11")
    assert parsed_2025.conversion_factor == Decimal("32.3465")
    assert len(parsed_2025.rows) == 19090
    row = next(r for r in parsed_2025.rows if r["hcpcs"] == "44314")
    assert row["work_rvu"] == Decimal("16.74") and row["facility_total"] == Decimal("30.17")
    assert "pricing_indicator" not in row  # 2025 has no PRIC IND column


def test_2026_has_the_inserted_column(parsed_2026) -> None:  # noqa: ANN001
    assert parsed_2026.name == "2026C"
    assert parsed_2026.conversion_factor == Decimal("33.4009")
    assert len(parsed_2026.rows) == 19356
    row = next(r for r in parsed_2026.rows if r["hcpcs"] == "43239")
    # ENDO BASE sits one column further right in 2026; found by name it is still right.
    assert row["endo_base"] == "43235" and row["pricing_indicator"] == "9"
    assert row["mult_proc"] == "3"


def test_plus_flag_and_component_rows(parsed_2025) -> None:  # noqa: ANN001
    rows = {(r["hcpcs"], r["modifier"]): r for r in parsed_2025.rows}
    assert rows[("99396", "")]["not_used_for_payment"] is True
    assert rows[("70557", "")]["status"] == "C" and rows[("70557", "26")]["work_rvu"] == Decimal(
        "2.90"
    )
    assert rows[("45378", "53")]["work_rvu"] == Decimal("1.63")
    assert sum(1 for r in parsed_2025.rows if r["not_used_for_payment"]) == 148


def _file_lines(path: Path) -> list[str]:
    return path.read_text(encoding="latin-1").splitlines(keepends=True)


def _broken(lines: list[str], index: int, new: str | None) -> bytes:
    copy = list(lines)
    if new is None:
        del copy[index:]
    else:
        copy[index] = new
    return "".join(copy).encode("latin-1")


def test_truncated_file_names_the_line() -> None:
    lines = _file_lines(RVU_2025)
    last = lines[-1]
    data = "".join(lines[:-1]).encode("latin-1") + last[: len(last) // 3].encode("latin-1")
    with pytest.raises(ImportFailed, match=rf"line {len(lines)}: \d+ fields, expected 31"):
        parse_rvu_bytes(data, "PPRRVU2025_Oct.csv")


def test_text_in_a_number_names_line_and_column() -> None:
    lines = _file_lines(RVU_2025)
    cells = next(csv.reader([lines[20]]))
    cells[5] = "abc"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    with pytest.raises(ImportFailed, match="line 21: work_rvu 'abc' is not a number"):
        parse_rvu_bytes(_broken(lines, 20, out.getvalue()), "x.csv")


def test_missing_column_is_named() -> None:
    lines = _file_lines(RVU_2025)
    header = lines[8].replace("WORK", "WRK")
    with pytest.raises(ImportFailed, match="lacks column\\(s\\) WORK RVU"):
        parse_rvu_bytes(_broken(lines, 8, header), "x.csv")


def test_banner_without_release_is_refused() -> None:
    lines = _file_lines(RVU_2025)
    with pytest.raises(ImportFailed, match="banner"):
        parse_rvu_bytes(_broken(lines, 0, ",,Some other file,\r\n"), "x.csv")


def test_zip_without_pprrvu(tmp_path: Path) -> None:
    archive = tmp_path / "RVU26C.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("GPCI2026.csv", "nothing")
    with pytest.raises(ImportFailed, match="no PPRRVU"):
        read_rvu_source(archive)


def test_corrupt_zip(tmp_path: Path) -> None:
    archive = tmp_path / "RVU26C.zip"
    archive.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(ImportFailed, match="not a readable zip"):
        read_rvu_source(archive)


def test_zip_prefers_the_nonqpp_file(tmp_path: Path) -> None:
    archive = tmp_path / "RVU26C.zip"
    data = RVU_2026.read_bytes()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("PPRRVU2026_Jul_QPP.csv", b"not this one")
        z.writestr("PPRRVU2026_Jul_nonQPP.csv", data)
    name, got = read_rvu_source(archive)
    assert name == "RVU26C.zip!PPRRVU2026_Jul_nonQPP.csv" and got == data


@pytest.mark.parametrize("source", [RVU_2025, RVU_2026])
def test_the_column_wise_reading_equals_the_row_by_row_one(source: Path) -> None:
    """A sound file is read column by column (each distinct text once); the row-by-row reading,
    which reports problems by line, must give the very same rows."""
    from rvuedge.catalog import cms_file

    name, data = read_rvu_source(source)
    lines = cms_file.read_csv_lines(data.decode("latin-1"), name)
    header = next(i for i, r in enumerate(lines) if r and r[0].strip() == "HCPCS")
    names = cms_file._stacked_names(lines, header)
    plan = cms_file._plan(cms_file._column_positions(names, name, header + 1))
    body = lines[header + 1 :]
    columns = cms_file._read_column_wise(body, plan, len(names))
    assert columns is not None
    cells = columns.values()
    whole = [dict(zip(columns, values, strict=True)) for values in zip(*cells, strict=True)]
    errors: list[str] = []
    one_by_one = [
        cms_file._parse_row(raw, plan, n, errors) for n, raw in enumerate(body) if "".join(raw)
    ]
    assert errors == [] and len(whole) > 19000
    assert whole == one_by_one


def test_a_problem_in_a_sound_looking_file_is_still_named_by_line() -> None:
    """One bad cell far down the file: the column-wise reading gives up and the line is named."""
    name, data = read_rvu_source(RVU_2026)
    lines = data.decode("latin-1").splitlines(keepends=True)
    lines[-5] = lines[-5].replace(",XXX,", ",XYZ,", 1)
    with pytest.raises(ImportFailed) as failed:
        parse_rvu_bytes("".join(lines).encode("latin-1"), name)
    assert f"line {len(lines) - 4}: global_days 'XYZ' is not a global period" in str(failed.value)
