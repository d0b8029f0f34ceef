"""Hostile reference files, built at test time from the real CMS files (cut, padded, re-encoded).

Each is refused by the operator's command with one line and exit status 1, and the database is
byte-for-byte what it was (a fingerprint of its dump before and after).
"""

import csv
import io
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from rvuedge.catalog.guards import StoredRelease, gpci_refusals, rvu_refusals
from rvuedge.cli import app
from rvuedge.config import get_settings
from rvuedge.db import get_engine
from tests.conftest import CMS_DIR, RVU_2026, Postgres
from tests.snapshots import fingerprint

runner = CliRunner()
SEED_BENCHMARKS = get_settings().SEED_DIR / "benchmarks_public_sample.csv"
GPCI_2025 = CMS_DIR / "GPCI2025.csv"


def _use(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RVUEDGE_DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()


@pytest.fixture(scope="module")
def full_copy(
    imported_engine: Engine, tmp_path_factory: pytest.TempPathFactory, postgres: Postgres | None
) -> str:
    """A copy of the database holding both complete CMS releases (refusals never write to it)."""
    if postgres is not None:
        imported_engine.dispose()  # a template database must have no connections
        return postgres.create("rvuedge_hostile", template="rvuedge_full")
    target = tmp_path_factory.mktemp("hostile") / "full.db"
    source = sqlite3.connect(imported_engine.url.database or "")
    copy = sqlite3.connect(target)
    source.backup(copy)
    source.close()
    copy.close()
    return f"sqlite:///{target}"


@pytest.fixture(scope="module")
def full_copy_fingerprint(full_copy: str) -> str:
    return fingerprint(full_copy)


@pytest.fixture
def full_database(full_copy: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    _use(full_copy, monkeypatch)
    yield full_copy
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="latin-1").splitlines(keepends=True)


def _write(path: Path, text: str, encoding: str = "latin-1") -> Path:
    path.write_text(text, encoding=encoding, newline="")
    return path


def rvu_cut_at_line_boundary(tmp: Path) -> Path:
    lines = _lines(RVU_2026)
    return _write(tmp / RVU_2026.name, "".join(lines[: int(len(lines) * 0.6)]))


def rvu_cut_in_a_zip(tmp: Path) -> Path:
    archive = tmp / "RVU26C.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(RVU_2026.name, "".join(_lines(RVU_2026)[:12000]))
    return archive


def _replace_cell(line: str, column: int, value: str) -> str:
    cells = line.split(",")
    cells[column] = value
    return ",".join(cells)


def rvu_infinite_work_rvu(tmp: Path) -> Path:
    lines = _lines(RVU_2026)
    at = next(i for i, line in enumerate(lines) if line.startswith("47562,,"))
    lines[at] = _replace_cell(lines[at], 5, "1E+400")
    return _write(tmp / RVU_2026.name, "".join(lines))


def rvu_oversized_field(tmp: Path) -> Path:
    lines = _lines(RVU_2026)
    lines[500] = _replace_cell(lines[500], 2, '"' + "x" * 140_000 + '"')
    return _write(tmp / RVU_2026.name, "".join(lines))


def rvu_padded_descriptor(tmp: Path) -> Path:
    lines = _lines(RVU_2026)
    lines[900] = _replace_cell(lines[900], 2, "padded" + " x" * 200)
    return _write(tmp / RVU_2026.name, "".join(lines))


def rvu_utf16(tmp: Path) -> Path:
    return _write(tmp / RVU_2026.name, RVU_2026.read_text(encoding="latin-1"), "utf-16")


def gpci_cut_in_half(tmp: Path) -> Path:
    lines = _lines(GPCI_2025)
    return _write(tmp / GPCI_2025.name, "".join(lines[: len(lines) // 2]))


def gpci_txt_cut(tmp: Path) -> Path:
    lines = _lines(CMS_DIR / "GPCI2025.txt")
    return _write(tmp / "GPCI2025.txt", "".join(lines[:40]))


def gpci_next_year_cut(tmp: Path) -> Path:
    lines = _lines(CMS_DIR / "GPCI2026_RVU26A_medigy_processed.csv")
    text = "".join(lines[:80]).replace("2026 ", "2027 ")
    return _write(tmp / "GPCI2027.csv", text)


def gpci_huge_value(tmp: Path) -> Path:
    text = GPCI_2025.read_text(encoding="latin-1")
    return _write(tmp / GPCI_2025.name, text.replace("ALABAMA,1,0.869,", "ALABAMA,1,1E+400,", 1))


def gpci_oversized_field(tmp: Path) -> Path:
    text = GPCI_2025.read_text(encoding="latin-1")
    return _write(tmp / GPCI_2025.name, text.replace("ALABAMA", '"' + "A" * 140_000 + '"', 1))


def _benchmarks() -> list[str]:
    return SEED_BENCHMARKS.read_text(encoding="utf-8").splitlines(keepends=True)


def bench_infinite_value(tmp: Path) -> Path:
    lines = _benchmarks()
    lines[1] = lines[1].replace(",5200,", ",1E+400,", 1)
    return _write(tmp / "tables.csv", "".join(lines), "utf-8")


def bench_duplicate_p50(tmp: Path) -> Path:
    lines = _benchmarks()
    lines[0] = lines[0].replace(",p75,", ",p50,", 1)
    return _write(tmp / "tables.csv", "".join(lines), "utf-8")


def bench_row_cut_after_p75(tmp: Path) -> Path:
    lines = _benchmarks()
    cells = lines[2].split(",")
    lines[2] = ",".join(cells[:10]) + "\n"  # source (quoted, one comma) to p75: the rest is gone
    return _write(tmp / "tables.csv", "".join(lines), "utf-8")


def bench_extra_field(tmp: Path) -> Path:
    lines = _benchmarks()
    lines[3] = lines[3].rstrip("\n") + ",surplus\n"
    return _write(tmp / "tables.csv", "".join(lines), "utf-8")


def bench_latin1(tmp: Path) -> Path:
    lines = _benchmarks()
    lines[4] = lines[4].replace(",Orthopedic Surgery,", ",Chirurgie Générale,", 1)
    lines[4] = lines[4].replace(",General Surgery,", ",Chirurgie Générale,", 1)
    assert "Générale" in "".join(lines)
    return _write(tmp / "tables.csv", "".join(lines), "latin-1")


def bench_oversized_field(tmp: Path) -> Path:
    lines = _benchmarks()
    lines[1] = lines[1].rstrip("\n") + '"' + "n" * 140_000 + '"\n'
    return _write(tmp / "tables.csv", "".join(lines), "utf-8")


def bench_thirty_digit_count(tmp: Path) -> Path:
    rows = list(csv.reader(io.StringIO(SEED_BENCHMARKS.read_text(encoding="utf-8"))))
    rows[1][rows[0].index("n")] = "1" * 30
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return _write(tmp / "tables.csv", out.getvalue(), "utf-8")


HOSTILE: list[tuple[str, Callable[[Path], Path], str]] = [
    ("import-rvu", rvu_cut_at_line_boundary, "would replace release 2026C of 19,356 rows with"),
    ("import-rvu", rvu_cut_in_a_zip, "would replace release 2026C of 19,356 rows with 11,990"),
    ("import-rvu", rvu_infinite_work_rvu, "work_rvu '1E+400' is not a number from 0 to 9,999.99"),
    ("import-rvu", rvu_oversized_field, "field larger than field limit"),
    ("import-rvu", rvu_padded_descriptor, "description is 406 characters long"),
    ("import-rvu", rvu_utf16, "no header row starting with HCPCS"),
    ("import-gpci", gpci_cut_in_half, "covers 55 of the 109 localities of GPCI 2025"),
    ("import-gpci", gpci_txt_cut, "localities of GPCI 2025 in the database"),
    ("import-gpci", gpci_next_year_cut, "GPCI 2027 looks incomplete: it covers 79 of the 109"),
    ("import-gpci", gpci_huge_value, "'1E+400' is not a plausible GPCI (a number from 0.1 to 3)"),
    ("import-gpci", gpci_oversized_field, "field larger than field limit"),
    (
        "import-benchmarks",
        bench_infinite_value,
        "'1E+400' must be a positive number below 10,000,000",
    ),
    ("import-benchmarks", bench_duplicate_p50, "line 1: column names repeat: 'p50' (columns 8, 9)"),
    (
        "import-benchmarks",
        bench_row_cut_after_p75,
        "line 3: 9 fields where the header has 13 (cut short?)",
    ),
    ("import-benchmarks", bench_extra_field, "line 4: 14 fields where the header has 13"),
    ("import-benchmarks", bench_latin1, "line 5, column"),
    ("import-benchmarks", bench_oversized_field, "line 2: field larger than field limit"),
    ("import-benchmarks", bench_thirty_digit_count, "column n: '111111111111111111"),
]


@pytest.mark.parametrize(
    ("command", "build", "message"), HOSTILE, ids=[build.__name__ for _, build, _ in HOSTILE]
)
def test_hostile_file_is_refused_and_changes_nothing(
    full_database: str,
    full_copy_fingerprint: str,
    tmp_path: Path,
    command: str,
    build: Callable[[Path], Path],
    message: str,
) -> None:
    """Every refusal leaves the copy exactly as it was before the first of them."""
    path = build(tmp_path)
    result = runner.invoke(app, [command, str(path)])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.output
    assert message in errors[0] and errors[0].endswith("nothing was written"), errors[0]
    assert "Traceback" not in result.output and len(errors[0]) < 2000
    assert fingerprint(full_database) == full_copy_fingerprint


def test_latin1_benchmarks_import_when_the_encoding_is_named(
    full_database: str, tmp_path: Path
) -> None:
    path = bench_latin1(tmp_path)
    refused = runner.invoke(app, ["import-benchmarks", str(path)])
    assert "byte 0xE9 is not utf-8" in refused.output and "--encoding latin-1" in refused.output
    accepted = runner.invoke(app, ["import-benchmarks", str(path), "--encoding", "latin-1"])
    assert accepted.exit_code == 0, accepted.output
    from rvuedge.benchmarks.service import list_tables
    from rvuedge.db import session_scope

    with session_scope() as session:
        assert [t.specialty for t in list_tables(session, specialty="Chirurgie Générale")] == [
            "Chirurgie Générale"
        ]


def test_force_imports_a_cut_file_and_says_what_it_overrode(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use(database_url, monkeypatch)
    path = gpci_cut_in_half(tmp_path)
    refused = runner.invoke(app, ["import-gpci", str(path)])
    assert refused.exit_code == 1 and "--force imports it anyway" in refused.output
    forced = runner.invoke(app, ["import-gpci", str(path), "--force"])
    assert forced.exit_code == 0, forced.output
    assert "--force overrode: GPCI 2025 looks incomplete" in forced.output
    assert "GPCI 2025: replaced (55 localities)" in forced.output
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def _stored(name: str, rows: int, after: int = 0) -> StoredRelease:
    return StoredRelease(name=name, rows=rows, rows_after_last=after)


@pytest.mark.parametrize(
    ("rows", "replaced", "previous", "expected"),
    [
        (19356, _stored("2026C", 530), _stored("2025D", 19090), []),  # full file over the seed
        (19090, None, _stored("2026C", 19356), []),  # 1.4% fewer: normal churn
        (18400, None, _stored("2026C", 19356), []),  # 4.9% fewer: still within the margin
        (18300, None, _stored("2026C", 19356), ["5% fewer than 2026C"]),
        (11609, _stored("2026C", 19356), None, ["replace release 2026C of 19,356 rows"]),
        (19355, _stored("2026C", 19356), None, ["with 19,355 rows"]),
        (19000, None, _stored("2025D", 19090, after=20), []),  # a few retired codes at the end
        (19000, None, _stored("2025D", 19090, after=21), ["has 21 rows after that code"]),
        (19400, _stored("2026C", 530, after=30), None, ["ends at T1234"]),  # seed codes after it
    ],
)
def test_rvu_refusals(
    rows: int,
    replaced: StoredRelease | None,
    previous: StoredRelease | None,
    expected: list[str],
) -> None:
    reasons = rvu_refusals(
        incoming="f.csv (2026D)", rows=rows, last_code="T1234", replaced=replaced, previous=previous
    )
    assert len(reasons) == len(expected)
    for reason, fragment in zip(reasons, expected, strict=True):
        assert reason.startswith("f.csv (2026D) looks incomplete") and fragment in reason


def test_gpci_refusals() -> None:
    stored = {f"0000{i}-01" for i in range(5)}
    assert gpci_refusals(year=2026, incoming=stored, stored_year=2025, stored=stored) == []
    assert gpci_refusals(year=2026, incoming=set(), stored_year=None, stored=set()) == []
    assert (
        gpci_refusals(year=2026, incoming=stored | {"99999-99"}, stored_year=2026, stored=stored)
        == []
    )
    [reason] = gpci_refusals(year=2026, incoming={"00000-01"}, stored_year=2025, stored=stored)
    assert "covers 1 of the 5 localities of GPCI 2025" in reason and "4 missing" in reason
