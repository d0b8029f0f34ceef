"""Benchmark tables: import (atomic, idempotent), listing, choosing one for a report."""

from dataclasses import asdict
from decimal import Decimal

from sqlmodel import Session, col, select

from rvuedge.benchmarks.csv_file import BenchmarkRow
from rvuedge.benchmarks.models import BenchmarkTable, Metric
from rvuedge.failures import NotFound
from rvuedge.timeutil import utc_now

VALUE_FIELDS = ("p10", "p25", "p50", "p75", "p90", "mean", "respondents", "notes")


def import_tables(
    session: Session, rows: list[BenchmarkRow], *, is_sample: bool = False
) -> dict[str, int]:
    """Upsert tables on their natural key; identical rows change nothing. Never commits."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        values = asdict(row)
        existing = session.exec(
            select(BenchmarkTable).where(
                BenchmarkTable.source == row.source,
                BenchmarkTable.survey_year == row.survey_year,
                BenchmarkTable.specialty == row.specialty,
                BenchmarkTable.setting == row.setting,
                BenchmarkTable.metric == row.metric,
            )
        ).first()
        if existing is None:
            session.add(BenchmarkTable(**values, is_sample=is_sample))
            counts["created"] += 1
            continue
        if all(_same(getattr(existing, f), values[f]) for f in VALUE_FIELDS):
            counts["unchanged"] += 1
            continue
        for f in VALUE_FIELDS:
            setattr(existing, f, values[f])
        existing.imported_at = utc_now()
        session.add(existing)
        counts["updated"] += 1
    session.flush()
    return counts


def _same(a: object, b: object) -> bool:
    """Stored and incoming values agree (numbers compare by value: 7200 == 7200.00)."""
    if isinstance(a, int | float | Decimal) and isinstance(b, int | float | Decimal):
        return Decimal(str(a)) == Decimal(str(b))
    return a == b


def list_tables(session: Session, *, specialty: str | None = None) -> list[BenchmarkTable]:
    statement = select(BenchmarkTable).order_by(
        BenchmarkTable.specialty,
        col(BenchmarkTable.survey_year).desc(),
        BenchmarkTable.source,
        BenchmarkTable.metric,
    )
    tables = list(session.exec(statement))
    if specialty:
        tables = [t for t in tables if t.specialty.lower() == specialty.strip().lower()]
    return tables


def specialties(session: Session) -> list[str]:
    return sorted(set(session.exec(select(BenchmarkTable.specialty))))


def choose_table(
    session: Session,
    *,
    specialty: str,
    metric: Metric,
    source: str | None,
    year: int | None,
    preferred_source: str | None,
) -> BenchmarkTable | None:
    """The table a report uses: the user's preferred source first, then the newest survey year,
    then the 'all' setting, then the source name (so the choice is stable)."""
    known = specialties(session)
    match = {s.lower(): s for s in known}.get(specialty.strip().lower())
    if match is None:
        raise NotFound(
            f"No benchmark tables for specialty {specialty!r}. Available: {', '.join(known)}.",
            available=known,
        )
    candidates = [t for t in list_tables(session, specialty=match) if t.metric == metric]
    if source:
        candidates = [t for t in candidates if t.source == source]
    if year:
        candidates = [t for t in candidates if t.survey_year == year]
    if not candidates:
        return None
    candidates.sort(
        key=lambda t: (t.source != preferred_source, -t.survey_year, t.setting != "all", t.source)
    )
    return candidates[0]
