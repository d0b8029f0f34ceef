"""The work RVU distribution of each category of codes in a release, stored for the screens."""

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Integer, Numeric, String, column, delete, insert, select, table
from sqlalchemy.engine import Connection

from rvuedge.calc.categories import category_of
from rvuedge.calc.distribution import percentile_points

if TYPE_CHECKING:
    from sqlmodel import Session

# The columns written here, as Core sees them (the model is catalog.models.CategoryStat; a test
# holds the two alike), so an import needs neither the ORM nor the models.
STATS = table(
    "category_stat",
    column("release_id", Integer),
    column("category", String),
    column("code_count", Integer),
    column("median_work_rvu", Numeric(9, 4)),
    column("max_hcpcs", String),
    column("max_work_rvu", Numeric(8, 2)),
    column("percentile_points", JSON),
)
_ROWS = table(
    "fee_schedule_row",
    column("release_id", Integer),
    column("hcpcs", String),
    column("modifier", String),
    column("work_rvu", Numeric(8, 2)),
)


def recompute_category_stats(db: "Session | Connection", *, release_id: int) -> int:
    """Distribution of work RVU per category: codes without modifier and with work above zero."""
    connection = db if isinstance(db, Connection) else db.connection()
    rows = connection.execute(
        select(_ROWS.c.hcpcs, _ROWS.c.work_rvu).where(
            _ROWS.c.release_id == release_id, _ROWS.c.modifier == "", _ROWS.c.work_rvu > 0
        )
    ).all()
    by_category: dict[str, list[tuple[Decimal, str]]] = defaultdict(list)
    for hcpcs, work in rows:
        by_category[category_of(hcpcs)].append((Decimal(work), hcpcs))
    connection.execute(delete(STATS).where(STATS.c.release_id == release_id))
    stats = []
    for category, values in sorted(by_category.items()):
        top_value, top_code = max(values, key=lambda v: (v[0], v[1]))
        points = percentile_points([v for v, _ in values])
        stats.append(
            {
                "release_id": release_id,
                "category": category,
                "code_count": len(values),
                "median_work_rvu": points[50],
                "max_hcpcs": top_code,
                "max_work_rvu": top_value,
                "percentile_points": [str(p) for p in points],
            }
        )
    if stats:
        connection.execute(insert(STATS), stats)
    return len(by_category)
