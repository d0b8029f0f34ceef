"""Read a CMS GPCI file (Addendum E). No database here.

Three layouts are understood: the CMS CSV (title, blank line, header; footnotes after the data),
the processed 2026 CSV (one header row, floored and unfloored work GPCI, locality numbers that lost
their leading zeros), and the CMS fixed-width TXT.
"""

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rvuedge.calc import numbers
from rvuedge.catalog.cms_file import read_csv_lines
from rvuedge.failures import ImportFailed

TXT_ROW = re.compile(
    r"^(?P<mac>\d{5})\s+(?P<state>[A-Z]{2})\s+(?P<loc>\d{1,2})\s+(?P<name>.+?)\s+"
    r"(?P<pw>\d+\.\d+)\s+(?P<pe>\d+\.\d+)\s+(?P<mp>\d+\.\d+)\s*$"
)
YEAR_IN_HEADER = re.compile(r"(?P<year>20\d\d)\s+PW GPCI", re.I)
# Published GPCIs run from about 0.3 (malpractice, Minnesota) to about 2.0 (Manhattan's
# malpractice); outside 0.1-3 a value is a damaged file.
GPCI_RANGE = (Decimal("0.1"), Decimal("3"))
NAME_MAX = 120


@dataclass(frozen=True)
class GpciRow:
    mac: str
    state: str
    locality_number: str
    name: str
    work_gpci: Decimal
    work_gpci_unfloored: Decimal | None
    pe_gpci: Decimal
    mp_gpci: Decimal


@dataclass(frozen=True)
class GpciFile:
    year: int
    source_filename: str
    sha256: str
    rows: list[GpciRow]


def parse_gpci_file(path: Path) -> GpciFile:
    if not path.exists():
        raise ImportFailed(f"{path}: no such file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read it ({exc.strerror})") from None
    text = data.decode("latin-1")
    if path.suffix.lower() == ".txt":
        year, rows = _parse_txt(text, path.name)
    else:
        year, rows = _parse_csv(text, path.name)
    if not rows:
        raise ImportFailed(f"{path.name}: no locality rows found")
    keys = [(r.mac, r.locality_number) for r in rows]
    if len(set(keys)) != len(keys):
        raise ImportFailed(f"{path.name}: a MAC + locality appears twice")
    return GpciFile(year, path.name, hashlib.sha256(data).hexdigest(), rows)


def _number(cell: str, where: str) -> Decimal:
    shown = repr(cell.strip()[:20])
    low, high = GPCI_RANGE
    try:
        return numbers.parse(cell.strip(), numbers.Bounds(low, high, 6, "GPCI"))
    except numbers.NumberProblem:
        raise ImportFailed(
            f"{where}: {shown} is not a plausible GPCI (a number from {low} to {high})"
        ) from None


def _parse_csv(text: str, source: str) -> tuple[int, list[GpciRow]]:
    lines = read_csv_lines(text, source)
    header_at = next(
        (i for i, r in enumerate(lines) if any("LOCALITY NUMBER" in c.upper() for c in r)), None
    )
    if header_at is None:
        raise ImportFailed(f"{source}: no header row with a 'Locality Number' column")
    header = [c.strip().upper() for c in lines[header_at]]

    def find(*needles: str, exclude: str | None = None) -> int | None:
        for i, name in enumerate(header):
            if all(n in name for n in needles) and not (exclude and exclude in name):
                return i
        return None

    cols = {
        "mac": find("ADMINISTRATIVE CONTRACTOR") or find("MAC"),
        "state": find("STATE"),
        "loc": find("LOCALITY NUMBER"),
        "name": find("LOCALITY NAME"),
        "pw": find("PW GPCI", "WITH 1.0 FLOOR", exclude="WITHOUT")
        or find("PW GPCI", exclude="WITHOUT"),
        "pw_raw": find("PW GPCI", "WITHOUT"),
        "pe": find("PE GPCI"),
        "mp": find("MP GPCI"),
    }
    missing = [k for k, v in cols.items() if v is None and k != "pw_raw"]
    if missing:
        raise ImportFailed(
            f"{source}: header (line {header_at + 1}) lacks column(s) "
            + ", ".join(
                {
                    "mac": "MAC",
                    "state": "State",
                    "loc": "Locality Number",
                    "name": "Locality Name",
                    "pw": "PW GPCI",
                    "pe": "PE GPCI",
                    "mp": "MP GPCI",
                }[m]
                for m in missing
            )
        )
    year_match = YEAR_IN_HEADER.search(" ".join(header))
    if not year_match:
        raise ImportFailed(
            f"{source}: the header does not name the GPCI year (e.g. '2026 PW GPCI')"
        )
    rows = []
    width = max(v for v in cols.values() if v is not None) + 1
    for offset, raw in enumerate(lines[header_at + 1 :]):
        line_no = header_at + 2 + offset
        first = raw[0].strip() if raw else ""
        if not first.isdigit():
            continue  # blank spacer or footnote
        if len(raw) < width:
            raise ImportFailed(f"{source}: line {line_no}: {len(raw)} fields, expected {width}")
        where = f"{source}: line {line_no}"
        loc = raw[cols["loc"]].strip()  # type: ignore[index]
        if not loc.isdigit() or len(loc) > 2 or len(first) > 5:
            raise ImportFailed(f"{where}: MAC {first[:10]!r} / locality {loc[:10]!r} malformed")
        name = raw[cols["name"]].strip()  # type: ignore[index]
        state = raw[cols["state"]].strip().upper()  # type: ignore[index]
        if not re.fullmatch(r"[A-Z]{2}", state):
            raise ImportFailed(f"{where}: state {state[:10]!r} is not a two-letter code")
        if len(name) > NAME_MAX:
            raise ImportFailed(f"{where}: locality name is {len(name):,} characters long")
        rows.append(
            GpciRow(
                mac=first.zfill(5),
                state=state,
                locality_number=loc.zfill(2),
                name=name,
                work_gpci=_number(raw[cols["pw"]], where),  # type: ignore[index]
                work_gpci_unfloored=(
                    _number(raw[cols["pw_raw"]], where) if cols["pw_raw"] is not None else None
                ),
                pe_gpci=_number(raw[cols["pe"]], where),  # type: ignore[index]
                mp_gpci=_number(raw[cols["mp"]], where),  # type: ignore[index]
            )
        )
    return int(year_match["year"]), rows


def _parse_txt(text: str, source: str) -> tuple[int, list[GpciRow]]:
    year_match = YEAR_IN_HEADER.search(text[:2000])
    if not year_match:
        raise ImportFailed(
            f"{source}: the header does not name the GPCI year (e.g. '2025 PW GPCI')"
        )
    rows = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line[:5].isdigit():
            continue
        match = TXT_ROW.match(line)
        if not match:
            raise ImportFailed(f"{source}: line {line_no} is not a GPCI row: {line.strip()[:60]!r}")
        where = f"{source}: line {line_no}"
        rows.append(
            GpciRow(
                mac=match["mac"],
                state=match["state"],
                locality_number=match["loc"].zfill(2),
                name=match["name"].strip(),
                work_gpci=_number(match["pw"], where),
                work_gpci_unfloored=None,
                pe_gpci=_number(match["pe"], where),
                mp_gpci=_number(match["mp"], where),
            )
        )
    return int(year_match["year"]), rows
