"""Read a benchmark CSV and validate every row. No database here.

Columns (header names, any order): source, survey_year, specialty, setting, metric, p10, p25, p50,
p75, p90, mean, n, notes. Required: source, survey_year, specialty, metric and at least two
percentile columns present in the header; empty cells mean "not given".
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rvuedge.benchmarks.models import Metric
from rvuedge.calc import numbers
from rvuedge.failures import ImportFailed

REQUIRED = ("source", "survey_year", "specialty", "metric")
PERCENTILE_COLUMNS = ("p10", "p25", "p50", "p75", "p90")
OPTIONAL = ("setting", "mean", "n", "notes")
KNOWN = (*REQUIRED, *PERCENTILE_COLUMNS, *OPTIONAL)
# Values are stored as NUMERIC(14, 2): wRVUs per FTE run to tens of thousands and total
# compensation to a few million; 10^7 and beyond is a typo or a damaged file. The same bound
# holds for respondent counts.
VALUE_LIMIT = Decimal(10) ** 7
MAX_LENGTH = {"source": 100, "specialty": 100, "setting": 50, "notes": 500}


@dataclass(frozen=True)
class BenchmarkRow:
    source: str
    survey_year: int
    specialty: str
    setting: str
    metric: str
    p10: Decimal | None
    p25: Decimal | None
    p50: Decimal | None
    p75: Decimal | None
    p90: Decimal | None
    mean: Decimal | None
    respondents: int | None
    notes: str | None

    @property
    def key(self) -> tuple[str, int, str, str, str]:
        return (self.source, self.survey_year, self.specialty, self.setting, self.metric)


def parse_benchmark_csv(path: Path, *, encoding: str = "utf-8") -> list[BenchmarkRow]:
    """Every row, checked; raise ImportFailed naming the line and column of each problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read it ({exc.strerror or exc})") from None
    lines = _csv_lines(_decode(data, encoding, path.name), path.name)
    if not lines:
        raise ImportFailed(f"{path.name}: the file is empty")
    header = [h.strip().lower() for h in lines[0][1]]
    _check_header(header, path.name)
    errors: list[str] = []
    rows: list[BenchmarkRow] = []
    seen: dict[tuple, int] = {}
    for line_no, cells in lines[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            errors.append(
                f"line {line_no}: {len(cells)} fields where the header has {len(header)}"
                + (" (cut short?)" if len(cells) < len(header) else "")
            )
            continue
        record = {k: v.strip() for k, v in zip(header, cells, strict=True) if k}
        row = _row(record, line_no, errors)
        if row is not None:
            if row.key in seen:
                errors.append(f"line {line_no}: repeats the table of line {seen[row.key]}")
            seen[row.key] = line_no
            rows.append(row)
        if len(errors) >= 20:
            break
    if errors:
        raise ImportFailed(f"{path.name}: " + "; ".join(errors))
    if not rows:
        raise ImportFailed(f"{path.name}: no data rows")
    return rows


def _decode(data: bytes, encoding: str, source: str) -> str:
    """The text; bytes that are not in `encoding` are an error naming their line and column."""
    try:
        text = data.decode(
            "utf-8-sig" if encoding.lower().replace("_", "-") == "utf-8" else encoding
        )
    except LookupError:
        raise ImportFailed(f"{source}: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ImportFailed(
            f"{source}: line {line}, column {column}: byte 0x{data[exc.start]:02X} is not "
            f"{encoding}; save the file as UTF-8 or name its encoding (--encoding latin-1)"
        ) from None
    if "\x00" in text:
        raise ImportFailed(f"{source}: the file holds NUL bytes (not a {encoding} text file?)")
    return text


def _csv_lines(text: str, source: str) -> list[tuple[int, list[str]]]:
    """(line number, fields) of each record; an over-long field or broken quoting is an error."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    try:
        line_no = 1
        for cells in reader:
            records.append((line_no, cells))
            line_no = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFailed(f"{source}: line {reader.line_num}: {exc}") from None
    return records


def _check_header(header: list[str], source: str) -> None:
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        where = ", ".join(
            f"{name!r} (columns {', '.join(str(i + 1) for i, h in enumerate(header) if h == name)})"
            for name in repeated
        )
        raise ImportFailed(f"{source}: line 1: column names repeat: {where}")
    unknown = [h for h in header if h and h not in KNOWN]
    if unknown:
        raise ImportFailed(
            f"{source}: line 1: unknown column(s) {', '.join(repr(u[:40]) for u in unknown[:5])}; "
            f"known: {', '.join(KNOWN)}"
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFailed(f"{source}: missing column(s) {', '.join(missing)} (line 1)")
    if sum(c in header for c in PERCENTILE_COLUMNS) < 2:
        raise ImportFailed(
            f"{source}: needs at least two of the columns {', '.join(PERCENTILE_COLUMNS)}"
        )


def _number(record: dict[str, str], column: str, line_no: int, errors: list[str]) -> Decimal | None:
    cell = record.get(column, "")
    if not cell:
        return None
    try:
        value = numbers.parse(
            cell.replace(",", "").replace("$", ""), numbers.Bounds(Decimal(0), VALUE_LIMIT, 6)
        )
    except numbers.NumberProblem:
        value = None
    if value is None or not 0 < value < VALUE_LIMIT:
        errors.append(
            f"line {line_no}, column {column}: {cell[:20]!r} must be a positive number "
            f"below {VALUE_LIMIT:,.0f}"
        )
        return None
    return value


def _row(record: dict[str, str], line_no: int, errors: list[str]) -> BenchmarkRow | None:
    before = len(errors)
    for column in REQUIRED:
        if not record.get(column):
            errors.append(f"line {line_no}, column {column}: empty")
    for column, longest in MAX_LENGTH.items():
        if len(record.get(column, "")) > longest:
            errors.append(
                f"line {line_no}, column {column}: {len(record[column]):,} characters "
                f"(at most {longest})"
            )
    metric = record.get("metric", "")
    if metric and metric not in {m.value for m in Metric}:
        errors.append(
            f"line {line_no}, column metric: {metric[:40]!r} is not one of "
            f"{', '.join(m.value for m in Metric)}"
        )
    year = record.get("survey_year", "")
    if year and not (year.isascii() and year.isdigit() and 1990 <= int(year) <= 2100):
        errors.append(f"line {line_no}, column survey_year: {year[:20]!r} is not a year")
    values = {c: _number(record, c, line_no, errors) for c in (*PERCENTILE_COLUMNS, "mean")}
    given = [(c, values[c]) for c in PERCENTILE_COLUMNS if values[c] is not None]
    if len(given) < 2 and len(errors) == before:
        errors.append(f"line {line_no}: at least two percentiles are needed")
    for (c1, v1), (c2, v2) in zip(given, given[1:], strict=False):
        if v1 is not None and v2 is not None and v2 <= v1:
            errors.append(f"line {line_no}, column {c2}: {v2} does not increase from {c1} ({v1})")
    n = record.get("n", "")
    if n and not (n.isascii() and n.isdigit() and int(n) < VALUE_LIMIT):
        errors.append(
            f"line {line_no}, column n: {n[:20]!r} is not a count below {VALUE_LIMIT:,.0f}"
        )
    if len(errors) > before:
        return None
    return BenchmarkRow(
        source=record["source"],
        survey_year=int(year),
        specialty=record["specialty"],
        setting=record.get("setting") or "all",
        metric=metric,
        p10=values["p10"],
        p25=values["p25"],
        p50=values["p50"],
        p75=values["p75"],
        p90=values["p90"],
        mean=values["mean"],
        respondents=int(n) if n else None,
        notes=record.get("notes") or None,
    )
