"""Each line is credited in hundredths of a wRVU (issue 21): one rounding rule, so a case, a day,
a month, a code and the year add up the same figures a physician sees on the lines.

`case_line.credited_wrvu` becomes the line's credit rounded half up to 0.01 and the engine's exact
value moves to the new `credited_wrvu_exact`; each case's `total_wrvu` becomes the sum of its
lines; the daily rollup, derived from the lines, is recomputed. The rounding is done here in
Python's Decimal (half up), not in SQL, where SQLite's floating NUMERIC could round 5.105 down.

Revision ID: 0026_line_credit_hundredths
Revises: 0025_contract_release
Create Date: 2026-12-02 10:10:00
"""

from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from alembic import op

revision: str = "0026_line_credit_hundredths"
down_revision: str | None = "0025_contract_release"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXACT = sa.Numeric(16, 6)
BATCH = 5_000

_lines = sa.table(
    "case_line",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Uuid),
    sa.column("credited_wrvu", EXACT),
    sa.column("credited_wrvu_exact", EXACT),
)
_cases = sa.table("logged_case", sa.column("id", sa.Uuid), sa.column("total_wrvu", EXACT))

# Recompute the whole rollup from the lines (the same sums as cases/rollup.py); the pieces
# pasted in are this module's constants, never input.
_CREDITED = "CAST(ROUND(l.credited_wrvu * 1000000) AS BIGINT)"
_CF = "CAST(ROUND(l.conversion_factor * 10000) AS BIGINT)"
_REBUILD = (
    "INSERT INTO daily_total (user_id, day, cases, lines, credited_micro, base_micro, "  # noqa: S608
    "work_value_cents, payment_cents) "
    "SELECT c.user_id, c.date_of_service, COUNT(DISTINCT c.id), COUNT(*), "
    f"SUM({_CREDITED}), SUM(CAST(ROUND(l.base_wrvu * 1000000) AS BIGINT)), "
    f"SUM(({_CREDITED} * {_CF} + 50000000) / 100000000), "
    "SUM(CAST(ROUND(l.estimated_payment * 100) AS BIGINT)) "
    "FROM logged_case c JOIN case_line l ON l.case_id = c.id "
    "WHERE c.deleted_at IS NULL GROUP BY c.user_id, c.date_of_service"
)


def _six(value: Decimal) -> Decimal:
    # Stored with six decimals: read it at that scale (SQLite hands back a float).
    return Decimal(value).quantize(Decimal("0.000001"))


def _hundredths(value: Decimal) -> Decimal:
    return _six(value).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _set_lines(bind: sa.Connection, *, rounded: bool) -> None:
    """Set every line's credit from its exact value (rounded half up to hundredths, or left
    exact for the downgrade) and each case's total as the sum of its lines."""
    source = _lines.c.credited_wrvu if rounded else _lines.c.credited_wrvu_exact
    totals: dict = defaultdict(Decimal)
    updates = []
    for line_id, case_id, value in bind.execute(
        sa.select(_lines.c.id, _lines.c.case_id, source)
    ).all():
        exact = _six(value)
        credited = _hundredths(exact) if rounded else exact
        updates.append({"line_id": line_id, "credited": credited, "exact": exact})
        totals[case_id] += credited
    statement = (
        sa.update(_lines)
        .where(_lines.c.id == sa.bindparam("line_id"))
        .values(credited_wrvu=sa.bindparam("credited"), credited_wrvu_exact=sa.bindparam("exact"))
    )
    for start in range(0, len(updates), BATCH):
        bind.execute(statement, updates[start : start + BATCH])
    case_updates = [{"case_key": key, "total": total} for key, total in totals.items()]
    statement = (
        sa.update(_cases)
        .where(_cases.c.id == sa.bindparam("case_key"))
        .values(total_wrvu=sa.bindparam("total"))
    )
    for start in range(0, len(case_updates), BATCH):
        bind.execute(statement, case_updates[start : start + BATCH])


def _rebuild_rollup() -> None:
    op.execute("DELETE FROM daily_total")
    op.execute(_REBUILD)


def upgrade() -> None:
    with op.batch_alter_table("case_line", schema=None) as batch_op:
        batch_op.add_column(sa.Column("credited_wrvu_exact", EXACT, nullable=True))
    _set_lines(op.get_bind(), rounded=True)
    with op.batch_alter_table("case_line", schema=None) as batch_op:
        batch_op.alter_column("credited_wrvu_exact", existing_type=EXACT, nullable=False)
    _rebuild_rollup()


def downgrade() -> None:
    _set_lines(op.get_bind(), rounded=False)
    with op.batch_alter_table("case_line", schema=None) as batch_op:
        batch_op.drop_column("credited_wrvu_exact")
    _rebuild_rollup()
