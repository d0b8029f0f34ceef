"""The work RVU distribution of each category of codes in a release, stored for the screens."""

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import delete
from sqlmodel import Session, col, select

from rvuedge.calc.categories import category_of
from rvuedge.calc.distribution import percentile_points
from rvuedge.catalog.models import CategoryStat, FeeScheduleRow


def recompute_category_stats(session: Session, *, release_id: int) -> int:
    """Distribution of work RVU per category: codes without modifier and with work above zero."""
    rows = session.exec(
        select(col(FeeScheduleRow.hcpcs), col(FeeScheduleRow.work_rvu)).where(
            col(FeeScheduleRow.release_id) == release_id,
            col(FeeScheduleRow.modifier) == "",
            col(FeeScheduleRow.work_rvu) > 0,
        )
    ).all()
    by_category: dict[str, list[tuple[Decimal, str]]] = defaultdict(list)
    for hcpcs, work in rows:
        by_category[category_of(hcpcs)].append((Decimal(work), hcpcs))
    session.execute(delete(CategoryStat).where(col(CategoryStat.release_id) == release_id))
    for category, values in sorted(by_category.items()):
        top_value, top_code = max(values, key=lambda v: (v[0], v[1]))
        points = percentile_points([v for v, _ in values])
        session.add(
            CategoryStat(
                release_id=release_id,
                category=category,
                code_count=len(values),
                median_work_rvu=points[50],
                max_hcpcs=top_code,
                max_work_rvu=top_value,
                percentile_points=[str(p) for p in points],
            )
        )
    session.flush()
    return len(by_category)
