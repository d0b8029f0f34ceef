"""Read a benchmark CSV and validate every row. No database here.

Columns (header names, any order): source, survey_year, specialty, setting, metric, p10, p25, p50,
p75, p90, mean, n, notes. Required: source, survey_year, specialty, metric and at least two
percentile columns present in the header; empty cells mean "not given".
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rvuedge.benchmarks.models import Metric
from rvuedge.errors import ImportFailed

REQUIRED = ("source", "survey_year", "specialty", "metric")
PERCENTILE_COLUMNS = ("p10", "p25", "p50", "p75", "p90")
OPTIONAL = ("setting", "mean", "n", "notes")


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


def parse_benchmark_csv(path: Path) -> list[BenchmarkRow]:
    if not path.exists():
        raise ImportFailed(f"{path}: no such file")
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFailed(f"{path.name}: missing column(s) {', '.join(missing)} (line 1)")
    if sum(c in header for c in PERCENTILE_COLUMNS) < 2:
        raise ImportFailed(
            f"{path.name}: needs at least two of the columns {', '.join(PERCENTILE_COLUMNS)}"
        )
    errors: list[str] = []
    rows: list[BenchmarkRow] = []
    seen: dict[tuple, int] = {}
    for line_no, raw in enumerate(reader, start=2):
        record = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        row = _row(record, line_no, errors)
        if row is not None:
            if row.key in seen:
                errors.append(f"line {line_no}: repeats the table of line {seen[row.key]}")
            seen[row.key] = line_no
            rows.append(row)
        if len(errors) >= 50:
            break
    if errors:
        raise ImportFailed(f"{path.name}: " + "; ".join(errors))
    if not rows:
        raise ImportFailed(f"{path.name}: no data rows")
    return rows


def _number(record: dict[str, str], column: str, line_no: int, errors: list[str]) -> Decimal | None:
    cell = record.get(column, "")
    if not cell:
        return None
    try:
        value = Decimal(cell.replace(",", "").replace("$", ""))
    except InvalidOperation:
        errors.append(f"line {line_no}, column {column}: {cell!r} is not a number")
        return None
    if not value.is_finite() or value <= 0:
        errors.append(f"line {line_no}, column {column}: {cell!r} must be a positive number")
        return None
    return value


def _row(record: dict[str, str], line_no: int, errors: list[str]) -> BenchmarkRow | None:
    before = len(errors)
    for column in REQUIRED:
        if not record.get(column):
            errors.append(f"line {line_no}, column {column}: empty")
    metric = record.get("metric", "")
    if metric and metric not in {m.value for m in Metric}:
        errors.append(
            f"line {line_no}, column metric: {metric!r} is not one of "
            f"{', '.join(m.value for m in Metric)}"
        )
    year = record.get("survey_year", "")
    if year and not (year.isdigit() and 1990 <= int(year) <= 2100):
        errors.append(f"line {line_no}, column survey_year: {year!r} is not a year")
    values = {c: _number(record, c, line_no, errors) for c in (*PERCENTILE_COLUMNS, "mean")}
    given = [(c, values[c]) for c in PERCENTILE_COLUMNS if values[c] is not None]
    if len(given) < 2 and len(errors) == before:
        errors.append(f"line {line_no}: at least two percentiles are needed")
    for (c1, v1), (c2, v2) in zip(given, given[1:], strict=False):
        if v1 is not None and v2 is not None and v2 <= v1:
            errors.append(f"line {line_no}, column {c2}: {v2} does not increase from {c1} ({v1})")
    n = record.get("n", "")
    if n and not n.isdigit():
        errors.append(f"line {line_no}, column n: {n!r} is not a count")
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
