"""Benchmark values that are not finite numbers are cleared, with a word in the table's notes.

Before the import guards of issue 11, a value such as `1E+400` was stored as infinity, and from
then on every list of benchmarks answered 500. Such a value was never a survey figure: it is
cleared (null, as a percentile the survey did not report), and the table's notes say which.

Revision ID: 0016_benchmark_finite_values
Revises: 0015_case_client_id
Create Date: 2026-11-27 17:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_benchmark_finite_values"
down_revision: str | None = "0015_case_client_id"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("p10", "p25", "p50", "p75", "p90", "mean")
NOTES_LIMIT = 500  # benchmark_table.notes is VARCHAR(500)


def _not_finite(column: str, dialect: str) -> str:
    if dialect == "postgresql":  # numeric holds Infinity and NaN since PostgreSQL 14
        return f"{column} IN ('Infinity'::numeric, '-Infinity'::numeric, 'NaN'::numeric)"
    # SQLite stores them as REAL: beyond any double, or NaN (the one value unequal to itself)
    return f"({column} > 1.7e308 OR {column} < -1.7e308 OR {column} <> {column})"


def upgrade() -> None:
    connection = op.get_bind()
    dialect = connection.dialect.name
    cleared: dict[int, list[str]] = {}
    for column in COLUMNS:
        ids = connection.execute(
            sa.text(f"SELECT id FROM benchmark_table WHERE {_not_finite(column, dialect)}")  # noqa: S608
        ).scalars()
        for table_id in ids:
            cleared.setdefault(table_id, []).append(column)
    for table_id, columns in cleared.items():
        notes = connection.execute(
            sa.text("SELECT notes FROM benchmark_table WHERE id = :id"), {"id": table_id}
        ).scalar()
        word = f"{', '.join(columns)} cleared: not a finite number (migration 0016)."
        notes = f"{notes} {word}" if notes else word
        connection.execute(
            sa.text(
                f"UPDATE benchmark_table SET {', '.join(f'{c} = NULL' for c in columns)}, "  # noqa: S608
                "notes = :notes WHERE id = :id"
            ),
            {"notes": notes[-NOTES_LIMIT:], "id": table_id},
        )


def downgrade() -> None:
    pass  # a cleared value is not restored: it was never a number
