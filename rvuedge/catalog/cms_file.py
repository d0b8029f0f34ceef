"""Read a CMS PPRRVU file (the quarterly zip, or the CSV inside it). No database here.

The header is found by name, never by position: 2025 files have 31 columns, 2026 files insert
PRIC IND. Every problem is reported with the file line it was found on.
"""

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from rvuedge.calc import numbers
from rvuedge.calc.releases import BANNER_MONTH_TO_QUARTER
from rvuedge.failures import ImportFailed

STATUS_CODES = frozenset("ABCDEFGHIJMNPRTX")
MODIFIERS = frozenset({"", "26", "TC", "53"})
HCPCS_PATTERN = re.compile(r"^[A-Z0-9]{5}$")

# column name in the file -> (field name, kind)
COLUMNS: dict[str, tuple[str, str]] = {
    "HCPCS": ("hcpcs", "code"),
    "MOD": ("modifier", "modifier"),
    "DESCRIPTION": ("description", "text"),
    "STATUS CODE": ("status", "status"),
    "NOT USED FOR MEDICARE PAYMENT": ("not_used_for_payment", "plus"),
    "WORK RVU": ("work_rvu", "number"),
    "NON-FAC PE RVU": ("nonfacility_pe_rvu", "number"),
    "NON-FAC NA INDICATOR": ("nonfacility_na", "na"),
    "FACILITY PE RVU": ("facility_pe_rvu", "number"),
    "FACILITY NA INDICATOR": ("facility_na", "na"),
    "MP RVU": ("mp_rvu", "number"),
    "NON-FACILITY TOTAL": ("nonfacility_total", "number"),
    "FACILITY TOTAL": ("facility_total", "number"),
    "PCTC IND": ("pctc", "indicator"),
    "GLOB DAYS": ("global_days", "global"),
    "PRE OP": ("pre_op", "number"),
    "INTRA OP": ("intra_op", "number"),
    "POST OP": ("post_op", "number"),
    "MULT PROC": ("mult_proc", "indicator"),
    "BILAT SURG": ("bilat_surg", "indicator"),
    "ASST SURG": ("asst_surg", "indicator"),
    "CO- SURG": ("co_surg", "indicator"),
    "TEAM SURG": ("team_surg", "indicator"),
    "ENDO BASE": ("endo_base", "optional_code"),
    "CONV FACTOR": ("conversion_factor", "number"),
    "DIAGNOSTIC IMAGING FAMILY INDICATOR": ("imaging_family", "optional_text"),
}
OPTIONAL_COLUMNS: dict[str, tuple[str, str]] = {
    "PRIC IND": ("pricing_indicator", "optional_text"),
    "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES": ("supervision", "optional_text"),
}
GLOBAL_DAYS = frozenset({"000", "010", "090", "MMM", "XXX", "YYY", "ZZZ"})
# Sane ranges: the largest work RVU CMS has published is about 100, a total about 300; the
# columns hold up to 999,999.99. Anything outside is a damaged file, not a fee schedule.
MAX_RVU = Decimal("9999.99")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # the file is read as latin-1: 0x80-0x9f are text
_RVU = numbers.Bounds(Decimal(0), MAX_RVU, 6, "RVU")
MAX_CONVERSION_FACTOR = Decimal("999")
# Text columns and the longest value each database column holds.
MAX_LENGTH = {"description": 100, "pricing_indicator": 1, "supervision": 2, "imaging_family": 2}
BANNER = re.compile(r"(?P<year>\d{4}).*RELATIVE VALUE FILE\s+(?P<month>[A-Z]+)\s+RELEASE", re.I)
RELEASED = re.compile(r"RELEASED\s+(?P<date>\d{1,2}/\d{1,2}/\d{4})", re.I)


@dataclass(frozen=True)
class RvuFile:
    year: int
    quarter: str
    released_on: date | None
    conversion_factor: Decimal
    source_filename: str
    sha256: str
    # Field name -> every row's value, in the file's order (an import reads the few it needs).
    columns: dict[str, list[Any]] = field(repr=False)

    @property
    def name(self) -> str:
        return f"{self.year}{self.quarter}"

    @property
    def row_count(self) -> int:
        return len(self.columns["hcpcs"])

    @cached_property
    def rows(self) -> list[dict[str, Any]]:
        """Each row as a dict of its fields (built on first use)."""
        names, cells = list(self.columns), self.columns.values()
        return [dict(zip(names, values, strict=True)) for values in zip(*cells, strict=True)]


def read_rvu_source(path: Path) -> tuple[str, bytes]:
    """The PPRRVU CSV bytes and a display name, from a zip or a CSV path."""
    if not path.exists():
        raise ImportFailed(f"{path}: no such file")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [
                n for n in archive.namelist() if re.fullmatch(r"PPRRVU.*\.csv", Path(n).name, re.I)
            ]
            if not members:
                raise ImportFailed(f"{path.name}: the zip holds no PPRRVU*.csv file")
            # 2026+ zips carry a QPP and a nonQPP file; work RVUs are equal, the CF differs.
            members.sort(key=lambda n: ("NONQPP" not in n.upper(), "QPP" in n.upper(), n))
            member = members[0]
            try:
                return f"{path.name}!{member}", archive.read(member)
            except (zipfile.BadZipFile, OSError) as exc:
                raise ImportFailed(f"{path.name}: cannot read {member}: {exc}") from exc
    if path.suffix.lower() == ".zip":
        raise ImportFailed(f"{path.name}: not a readable zip file (truncated or corrupt?)")
    return path.name, path.read_bytes()


def parse_rvu_bytes(
    data: bytes, source_filename: str, *, progress: Callable[[int], None] | None = None
) -> RvuFile:
    """Parse and validate the whole file; raise ImportFailed listing the first problems."""
    text = data.decode("latin-1")
    lines = read_csv_lines(text, source_filename)
    header_index = next((i for i, r in enumerate(lines) if r and r[0].strip() == "HCPCS"), None)
    if header_index is None:
        raise ImportFailed(f"{source_filename}: no header row starting with HCPCS was found")
    year, quarter, released_on = _read_banner(lines[:header_index], source_filename)
    names = _stacked_names(lines, header_index)
    positions = _column_positions(names, source_filename, header_index + 1)
    errors: list[str] = []
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    width = len(names)
    plan = _plan(positions)
    body = lines[header_index + 1 :]
    columns = _read_column_wise(body, plan, width)
    keys = zip(columns["hcpcs"], columns["modifier"], strict=True) if columns else ()
    if columns is not None and len(set(keys)) == len(columns["hcpcs"]):
        body = []  # read: the row-by-row reading below is for a file with problems
        if progress:
            progress(len(lines))
    else:
        columns = None
    for offset, raw in enumerate(body):
        line_no = header_index + 2 + offset
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) < width:
            errors.append(f"line {line_no}: {len(raw)} fields, expected {width} (truncated?)")
        else:
            row = _parse_row(raw, plan, line_no, errors)
            if row is not None:
                key = (row["hcpcs"], row["modifier"])
                if key in seen:
                    errors.append(
                        f"line {line_no}: {key[0]} modifier '{key[1]}' repeats line {seen[key]}"
                    )
                seen[key] = line_no
                rows.append(row)
        if len(errors) >= 20:
            break
        if progress and offset % 1000 == 0:
            progress(offset)
    if errors:
        raise ImportFailed(f"{source_filename}: " + "; ".join(errors))
    if columns is None:
        columns = {name: [row[name] for row in rows] for name in (rows[0] if rows else {})}
    if not columns or not columns["hcpcs"]:
        raise ImportFailed(f"{source_filename}: no data rows after the header")
    factors = set(columns.pop("conversion_factor"))
    if len(factors) != 1:
        raise ImportFailed(
            f"{source_filename}: CONV FACTOR differs between rows: {sorted(factors)[:5]}"
        )
    factor = next(iter(factors))
    if not Decimal("0") < factor <= MAX_CONVERSION_FACTOR:
        raise ImportFailed(f"{source_filename}: CONV FACTOR {factor} is not a plausible value")
    return RvuFile(
        year=year,
        quarter=quarter,
        released_on=released_on,
        conversion_factor=factor,
        source_filename=source_filename,
        sha256=hashlib.sha256(data).hexdigest(),
        columns=columns,
    )


def _read_banner(preamble: list[list[str]], source: str) -> tuple[int, str, date | None]:
    year = quarter = None
    released_on = None
    for row in preamble:
        for cell in row:
            if match := BANNER.search(cell):
                year = int(match["year"])
                quarter = BANNER_MONTH_TO_QUARTER.get(match["month"].upper())
            if match := RELEASED.search(cell):
                released_on = datetime.strptime(match["date"], "%m/%d/%Y").date()  # noqa: DTZ007
    if year is None or quarter is None:
        raise ImportFailed(
            f"{source}: the banner does not say which release this is "
            "(expected a title like '2026 National Physician Fee Schedule Relative Value File "
            "July Release')"
        )
    return year, quarter, released_on


def _stacked_names(lines: list[list[str]], header_index: int) -> list[str]:
    """Join the non-blank cells of the stacked header rows column by column."""
    block = [lines[header_index]]
    for row in reversed(lines[:header_index]):
        cells = [i for i, c in enumerate(row) if c.strip()]
        # Banner rows carry their text in column 2 only; a blank row ends the header too.
        if not cells or cells == [2] or any("RELEASED" in c.upper() for c in row):
            break
        block.insert(0, row)
    width = len(lines[header_index])
    names = []
    for col in range(width):
        parts = [r[col].strip() for r in block if col < len(r) and r[col].strip()]
        names.append(" ".join(parts).upper())
    return names


def _column_positions(names: list[str], source: str, line_no: int) -> dict[int, tuple[str, str]]:
    index = {name: i for i, name in enumerate(names)}
    missing = [name for name in COLUMNS if name not in index]
    if missing:
        raise ImportFailed(
            f"{source}: header (line {line_no}) lacks column(s) {', '.join(missing)}"
        )
    positions = {index[n]: spec for n, spec in COLUMNS.items()}
    positions.update({index[n]: spec for n, spec in OPTIONAL_COLUMNS.items() if n in index})
    return positions


# One column's reading: (position, field name, longest text, conversion). Every conversion
# depends on the cell's text alone.
_Column = tuple[int, str, int, Callable[[str], Any]]


def _plan(positions: dict[int, tuple[str, str]]) -> list[_Column]:
    return [
        (col, name, MAX_LENGTH.get(name, 20), _CONVERTERS[kind])
        for col, (name, kind) in positions.items()
    ]


def _read_column_wise(
    body: list[list[str]], plan: list[_Column], width: int
) -> dict[str, list[Any]] | None:
    """Every data row, read column by column with each distinct text converted once (a file
    repeats "0.00", "000", "A" thousands of times): 3x faster than row by row. None at the
    first problem; the row-by-row reading then reports each with its line."""
    data = [raw for raw in body if "".join(raw).strip()]
    if any(len(raw) < width for raw in data):
        return None
    # Transposed once (zip runs in C); each distinct cell is stripped and converted once, and a
    # text met in another column of the same kind (the RVU columns share most) is not converted
    # again.
    by_position = list(zip(*data, strict=False))
    converted: dict[Callable[[str], Any], dict[str, Any]] = {}
    columns: dict[str, list[Any]] = {}
    try:
        for col, name, longest, convert in plan:
            cells = by_position[col] if by_position else ()
            known = converted.setdefault(convert, {})
            read = {}
            for cell in set(cells):
                text = cell.strip()
                if len(text) > longest:
                    return None
                if text not in known:
                    known[text] = convert(text)
                read[cell] = known[text]
            columns[name] = list(map(read.__getitem__, cells))
    except ValueError:
        return None
    return columns


def _parse_row(
    raw: list[str], plan: list[_Column], line_no: int, errors: list[str]
) -> dict[str, Any] | None:
    row: dict[str, Any] = {}
    ok = True
    for col, name, longest, convert in plan:
        cell = raw[col].strip()
        try:
            if len(cell) > longest:
                raise ValueError(f"is {len(cell):,} characters long (too long for this column)")
            row[name] = convert(cell)
        except ValueError as exc:
            errors.append(f"line {line_no}: {name} {exc}")
            ok = False
    return row if ok else None


def _code(cell: str) -> str:
    code = cell.upper()
    if not HCPCS_PATTERN.match(code):
        raise ValueError(f"{_show(cell)} is not a 5-character HCPCS code")
    return code


def _modifier(cell: str) -> str:
    mod = cell.upper()
    if mod not in MODIFIERS:
        raise ValueError(f"{_show(cell)} is not one of '', 26, TC, 53")
    return mod


def _number(cell: str) -> Decimal:
    try:
        return numbers.parse(cell, _RVU) if cell else Decimal("0")
    except numbers.NumberProblem:
        raise ValueError(f"{_show(cell)} is not a number from 0 to {MAX_RVU:,}") from None


def _status(cell: str) -> str:
    if cell.upper() not in STATUS_CODES:
        raise ValueError(f"{_show(cell)} is not a CMS status code")
    return cell.upper()


def _plus(cell: str) -> bool:
    if cell not in ("", "+"):
        raise ValueError(f"{_show(cell)} should be '+' or blank")
    return cell == "+"


def _na(cell: str) -> bool:
    if cell.upper() not in ("", "NA"):
        raise ValueError(f"{_show(cell)} should be 'NA' or blank")
    return cell.upper() == "NA"


def _indicator(cell: str) -> str:
    if len(cell) != 1 or not cell.isdigit():
        raise ValueError(f"{_show(cell)} is not a one-digit indicator")
    return cell


def _global(cell: str) -> str:
    if cell.upper() not in GLOBAL_DAYS:
        raise ValueError(f"{_show(cell)} is not a global period (000/010/090/MMM/XXX/YYY/ZZZ)")
    return cell.upper()


def _optional_code(cell: str) -> str | None:
    if cell and not HCPCS_PATTERN.match(cell.upper()):
        raise ValueError(f"{_show(cell)} is not a 5-character HCPCS code")
    return cell.upper() or None


def _text(cell: str) -> str | None:
    if _CONTROL.search(cell):
        raise ValueError(f"{_show(cell)} holds a control character (such as NUL)")
    return cell or None


# Every kind of column in COLUMNS and OPTIONAL_COLUMNS, and how its cell is read.
_CONVERTERS: dict[str, Callable[[str], Any]] = {
    "code": _code,
    "modifier": _modifier,
    "number": _number,
    "status": _status,
    "plus": _plus,
    "na": _na,
    "indicator": _indicator,
    "global": _global,
    "optional_code": _optional_code,
    "text": _text,
    "optional_text": _text,
}


def _show(cell: str) -> str:
    """A cell quoted for an error message, cut short so one message stays one line."""
    return repr(cell if len(cell) <= 20 else cell[:20] + "...")


def read_csv_lines(text: str, source: str) -> list[list[str]]:
    """All rows of a CSV text; an over-long field or broken quoting is one line of error."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as exc:
        raise ImportFailed(f"{source}: line {reader.line_num}: {exc}") from None


def iter_chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
