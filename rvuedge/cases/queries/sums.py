"""What the reports read from the case log: exact integer sums, added up by the engine.

Totals, the summary and the benchmark report read the per-user daily rollup (cases/rollup.py), a few
thousand rows at most for ten years, instead of every credited line. The breakdown groups the
lines themselves in SQL. Sums are integers (millionths of a wRVU, cents), so they
are exact on SQLite's floating-point NUMERIC columns as well as on PostgreSQL.
"""

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal, TypedDict

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Text,
    TextClause,
    Uuid,
    bindparam,
    case,
    cast,
    func,
    literal,
    select,
    text,
)
from sqlalchemy.engine import Row
from sqlalchemy.sql.elements import SQLCoreOperations
from sqlmodel import Session, col

from rvuedge.calc.categories import category_of
from rvuedge.cases.models import Case, CaseLine, DailyTotal
from rvuedge.cases.queries.cases import live


def micro(column: SQLCoreOperations[Any]) -> ColumnElement[int]:
    """A NUMERIC(…, 6) column as an integer count of millionths (exact on SQLite's floats too)."""
    return cast(func.round(column * 1_000_000), BigInteger)


def from_micro(value: int) -> Decimal:
    return Decimal(int(value)).scaleb(-6)


def line_work_cents(
    credited_micro: ColumnElement[int], cf_ten_thousandths: ColumnElement[int]
) -> ColumnElement[int]:
    """One line's work-only value in whole cents, rounded half up: millionths x ten-thousandths
    are 1e-10 dollars, so add half a cent and floor-divide (`//` is integer division on both
    engines, where `/` would be true division).

    Work-only value is rounded per line, as each line's payment is, so every sum of it (a day, a
    month, the year, a code) adds up the same cents whatever the grouping."""
    return cast((credited_micro * cf_ten_thousandths + 50_000_000) // 100_000_000, BigInteger)


def from_cents(value: int) -> Decimal:
    return Decimal(int(value)).scaleb(-2)


# A day of the rollup as the database returns it (a Row, built in C), read by position or by
# name: day, cases, lines, credited_micro, base_micro, work_value_cents, payment_cents.
DaySums = Row[date | str, int, int, int, int, int, int]


# Plain text and untyped results: ten years are 3,650 rows, and per-row ORM and date processing
# would cost more than the query. SQLite returns the day as ISO text, PostgreSQL as a date.
_DAYS = text(
    "SELECT day, cases, lines, credited_micro, base_micro, work_value_cents, payment_cents "
    "FROM daily_total WHERE user_id = :user_id AND day >= :start AND day <= :end ORDER BY day"
).bindparams(
    bindparam("user_id", type_=Uuid()),
    bindparam("start", type_=Date()),
    bindparam("end", type_=Date()),
)


def days(session: Session, *, user_id: uuid.UUID, start: date, end: date) -> Sequence[DaySums]:
    """The user's daily rollup rows in [start, end], oldest first (days without lines absent).
    Each day is a date or, on SQLite, its ISO text: compare it with day_key()."""
    return session.execute(_DAYS, {"user_id": user_id, "start": start, "end": end}).all()


def day_key(rows: Sequence[DaySums], value: date) -> date | str:
    """value in the form days() returned its days in (ISO text on SQLite)."""
    return value.isoformat() if rows and isinstance(rows[0].day, str) else value


@lru_cache(maxsize=8)
def _windows_statement(count: int) -> TextClause:
    sums = []
    for i in range(count):
        inside = f"day >= :start{i} AND day <= :end{i}"
        sums.append(f"SUM(CASE WHEN {inside} THEN cases ELSE 0 END)")
        sums.append(f"SUM(CASE WHEN {inside} THEN credited_micro ELSE 0 END)")
    statement = text(
        f"SELECT {', '.join(sums)} FROM daily_total "  # noqa: S608 (built from constants)
        "WHERE user_id = :user_id AND day <= :last"
    )
    dates = [
        bindparam(f"{edge}{i}", type_=Date()) for i in range(count) for edge in ("start", "end")
    ]
    return statement.bindparams(
        bindparam("user_id", type_=Uuid()), bindparam("last", type_=Date()), *dates
    )


def windows(
    session: Session, *, user_id: uuid.UUID, spans: list[tuple[date | None, date]]
) -> list[tuple[int, int]]:
    """(cases, credited millionths) for each [start, end] span (start None: from the first
    case), in one query over the rollup."""
    params: dict = {"user_id": user_id, "last": max(end for _, end in spans)}
    for i, (start, end) in enumerate(spans):
        params[f"start{i}"] = start or date(1, 1, 1)
        params[f"end{i}"] = end
    row = session.execute(_windows_statement(len(spans)), params).one()
    return [(int(row[i] or 0), int(row[i + 1] or 0)) for i in range(0, len(row), 2)]


def credited_between(session: Session, *, user_id: uuid.UUID, start: date, end: date) -> Decimal:
    """The exact credited wRVU of the user's cases dated in [start, end]."""
    total = session.execute(
        select(func.coalesce(func.sum(DailyTotal.credited_micro), 0)).where(
            col(DailyTotal.user_id) == user_id,
            col(DailyTotal.day) >= start,
            col(DailyTotal.day) <= end,
        )
    ).scalar_one()
    return from_micro(total)


class Span(TypedDict):
    """Whose lines and which dates of service (both included) a sum covers."""

    user_id: uuid.UUID
    start: date
    end: date


@dataclass(frozen=True)
class GroupSums:
    key: str
    cases: int
    lines: int
    credited: Decimal
    base: Decimal


def _lines_in(user_id: uuid.UUID, start: date, end: date) -> list[ColumnElement[bool]]:
    return [
        col(Case.user_id) == user_id,
        live(),
        col(Case.date_of_service) >= start,
        col(Case.date_of_service) <= end,
    ]


GroupBy = Literal["code", "category", "site", "role"]


def grouped(
    session: Session,
    *,
    user_id: uuid.UUID,
    start: date,
    end: date,
    by: GroupBy,
    codes: list[str] | None = None,
) -> list[GroupSums]:
    """Cases, lines and exact sums of the user's lines in [start, end], grouped by code, by
    category (of the given codes; calc.categories decides), by site or by role."""
    key = _group_key(by, codes or [])
    statement = (
        select(
            key,
            func.count(func.distinct(Case.id)),
            func.count(),
            func.sum(micro(col(CaseLine.credited_wrvu))),
            func.sum(micro(col(CaseLine.base_wrvu))),
        )
        .join(CaseLine, col(CaseLine.case_id) == col(Case.id))
        .where(*_lines_in(user_id, start, end))
        .group_by(key)
    )
    return [
        GroupSums(str(k), int(n_cases), int(n_lines), from_micro(c), from_micro(b))
        for k, n_cases, n_lines, c, b in session.execute(statement)
    ]


def _group_key(by: GroupBy, codes: list[str]) -> SQLCoreOperations[Any]:
    if by == "code":
        return col(CaseLine.code)
    if by == "role":
        return col(Case.role)
    if by == "site":
        return _site_key()
    return _category_key(codes)


def _site_key() -> ColumnElement:
    # The same grouping as a Python `site or "(no site)"`.
    return case(
        (col(Case.site).is_(None) | (col(Case.site) == ""), literal("(no site)")),
        else_=col(Case.site),
    )


def _category_key(codes: list[str]) -> ColumnElement:
    """Each code's category (calc.categories decides) as a SQL expression over the given codes."""
    by_category: dict[str, list[str]] = {}
    for code in codes:
        by_category.setdefault(str(category_of(code)), []).append(code)
    if not by_category:
        return literal("")
    return case(
        *(
            (col(CaseLine.code).in_(members), literal(name))
            for name, members in by_category.items()
        ),
        else_=literal(""),
    )


@dataclass(frozen=True)
class AdjustedLines:
    """Lines sharing the same base, credit and adjustments, and how many there are."""

    base: Decimal
    credited: Decimal
    adjustments: list[dict]
    count: int


def adjusted_lines(
    session: Session, *, user_id: uuid.UUID, start: date, end: date
) -> list[AdjustedLines]:
    statement = (
        select(
            col(CaseLine.base_wrvu),
            col(CaseLine.credited_wrvu),
            cast(col(CaseLine.adjustments), Text),
            func.count(),
        )
        .join(Case, col(CaseLine.case_id) == col(Case.id))
        .where(*_lines_in(user_id, start, end))
        .group_by(
            col(CaseLine.base_wrvu),
            col(CaseLine.credited_wrvu),
            cast(col(CaseLine.adjustments), Text),
        )
    )
    return [
        AdjustedLines(Decimal(base), Decimal(credited), json.loads(adjustments), int(count))
        for base, credited, adjustments, count in session.execute(statement)
    ]
