"""Load a parsed CMS RVU file (a whole release) into the database. Callers own the transaction:
nothing here commits. The GPCI file loads in gpci_import.py; the category statistics and the
search documents an import rebuilds are in category_stats.py and search_docs.py."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from rvuedge.calc.releases import effective_date
from rvuedge.catalog.category_stats import recompute_category_stats
from rvuedge.catalog.cms_file import COLUMNS, OPTIONAL_COLUMNS, RvuFile, iter_chunks
from rvuedge.catalog.guards import StoredRelease, rvu_refusals
from rvuedge.catalog.import_result import ImportResult, _refuse_unless_forced
from rvuedge.catalog.models import CategoryStat, FeeScheduleRelease, FeeScheduleRow
from rvuedge.catalog.search_docs import rebuild_search_docs
from rvuedge.failures import ImportFailed
from rvuedge.timeutil import utc_now

# Every column rvuedge keeps from a CMS row except the descriptor (and the release-wide CF).
VALUE_FIELDS = [
    name
    for name, _ in {**COLUMNS, **OPTIONAL_COLUMNS}.values()
    if name not in ("description", "conversion_factor")
]


def unchanged_release(
    session: Session, *, sha256: str, proposed: bool = False
) -> FeeScheduleRelease | None:
    """The release already imported from a file with this digest (SHA-256 of its bytes), with
    its descriptors: importing that file again changes nothing. One lookup, before parsing."""
    return session.exec(
        select(FeeScheduleRelease).where(
            FeeScheduleRelease.source_sha256 == sha256,
            FeeScheduleRelease.has_descriptors == True,  # noqa: E712
            FeeScheduleRelease.proposed == proposed,
        )
    ).first()


def import_rvu_file(
    session: Session,
    parsed: RvuFile,
    *,
    force: bool = False,
    proposed: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Store a whole release (idempotent: the same file twice changes nothing).

    A file that looks cut short is refused unless `force` (see guards.py). `proposed` stores a
    proposed rule's numbers: labelled proposed, never used to value a case. The final file of
    the same release replaces a proposed one; a proposed file never replaces a final one."""
    release = session.exec(
        select(FeeScheduleRelease).where(FeeScheduleRelease.name == parsed.name)
    ).first()
    if proposed and release is not None and not release.proposed:
        raise ImportFailed(
            f"{parsed.name} is already loaded as a final release; a proposed file cannot replace it"
        )
    if (
        release is not None
        and release.has_descriptors
        and release.source_sha256 == parsed.sha256
        and release.proposed == proposed
    ):
        return ImportResult(parsed.name, "unchanged", release.row_count)
    if (
        release is not None
        and release.has_descriptors
        and release.proposed == proposed
        and (release.conversion_factor, release.released_on)
        == (parsed.conversion_factor, parsed.released_on)
        and _same_numbers(session, release, parsed.rows, descriptors=True)
    ):
        # The same values in a file with other bytes (line ends, quoting): nothing to write.
        return ImportResult(parsed.name, "unchanged", release.row_count)
    overridden = _refuse_unless_forced(_rvu_refusals(session, parsed, release), force)
    if release is None:
        outcome = "created"
    elif not release.has_descriptors and _same_numbers(session, release, parsed.rows):
        # The seed's copy of this release: the file brings its descriptors, not new values.
        outcome = "descriptors added"
    else:
        outcome = "replaced"
    if release is None:
        release = FeeScheduleRelease(
            name=parsed.name,
            year=parsed.year,
            quarter=parsed.quarter,
            effective_date=effective_date(parsed.year, parsed.quarter),
            conversion_factor=parsed.conversion_factor,
            source_filename=parsed.source_filename,
            source_sha256=parsed.sha256,
            row_count=len(parsed.rows),
        )
    elif outcome == "replaced":
        session.execute(delete(FeeScheduleRow).where(col(FeeScheduleRow.release_id) == release.id))
        session.execute(delete(CategoryStat).where(col(CategoryStat.release_id) == release.id))
    release.released_on = parsed.released_on
    release.conversion_factor = parsed.conversion_factor
    release.source_filename = parsed.source_filename
    release.source_sha256 = parsed.sha256
    release.row_count = len(parsed.rows)
    release.is_complete = True
    release.has_descriptors = True
    release.proposed = proposed
    release.imported_at = utc_now()
    session.add(release)
    session.flush()
    assert release.id is not None
    if outcome == "descriptors added":
        # The same numbers: each row gets its descriptor in place; the category statistics,
        # computed from the numbers, stay as they are.
        _add_descriptors(session, release.id, parsed.rows, progress)
    else:
        done = 0
        for chunk in iter_chunks(parsed.rows, 2000):
            # Core's executemany on the table: the ORM's bulk insert costs twice as much per row.
            session.connection().execute(
                FeeScheduleRow.__table__.insert(),  # type: ignore[attr-defined]
                [{**row, "release_id": release.id} for row in chunk],
            )
            done += len(chunk)
            if progress:
                progress(done)
        recompute_category_stats(session, release_id=release.id)
    rebuild_search_docs(session)
    return ImportResult(parsed.name, outcome, len(parsed.rows), overridden)


_SET_DESCRIPTION = (
    update(FeeScheduleRow.__table__)  # type: ignore[attr-defined]
    .where(
        FeeScheduleRow.__table__.c.release_id == bindparam("r_release"),  # type: ignore[attr-defined]
        FeeScheduleRow.__table__.c.hcpcs == bindparam("r_hcpcs"),  # type: ignore[attr-defined]
        FeeScheduleRow.__table__.c.modifier == bindparam("r_modifier"),  # type: ignore[attr-defined]
    )
    .values(description=bindparam("r_description"))
)


def _add_descriptors(
    session: Session,
    release_id: int,
    rows: list[dict[str, Any]],
    progress: Callable[[int], None] | None,
) -> None:
    done = 0
    for chunk in iter_chunks(rows, 2000):
        session.connection().execute(
            _SET_DESCRIPTION,
            [
                {
                    "r_release": release_id,
                    "r_hcpcs": row["hcpcs"],
                    "r_modifier": row["modifier"],
                    "r_description": row.get("description"),
                }
                for row in chunk
            ],
        )
        done += len(chunk)
        if progress:
            progress(done)


def _rvu_refusals(
    session: Session, parsed: RvuFile, replaced: FeeScheduleRelease | None
) -> list[str]:
    last_code, last_modifier = max((r["hcpcs"], r["modifier"]) for r in parsed.rows)
    previous = session.exec(
        select(FeeScheduleRelease)
        .where(FeeScheduleRelease.effective_date < effective_date(parsed.year, parsed.quarter))
        .order_by(FeeScheduleRelease.effective_date.desc())  # type: ignore[attr-defined]
    ).first()

    def stored(release: FeeScheduleRelease | None) -> StoredRelease | None:
        if release is None:
            return None
        after = session.exec(
            select(func.count())
            .select_from(FeeScheduleRow)
            .where(
                FeeScheduleRow.release_id == release.id,
                or_(
                    FeeScheduleRow.hcpcs > last_code,
                    and_(
                        FeeScheduleRow.hcpcs == last_code, FeeScheduleRow.modifier > last_modifier
                    ),
                ),
            )
        ).one()
        return StoredRelease(release.name, release.row_count, after)

    return rvu_refusals(
        incoming=f"{parsed.source_filename} ({parsed.name})",
        rows=len(parsed.rows),
        last_code=f"{last_code}{'-' + last_modifier if last_modifier else ''}",
        replaced=stored(replaced),
        previous=stored(previous),
    )


def _same_numbers(
    session: Session,
    release: FeeScheduleRelease,
    rows: list[dict[str, Any]],
    *,
    descriptors: bool = False,
) -> bool:
    """Whether the stored rows of a release hold exactly the file's values (and descriptors,
    if asked). Plain rows through Core: the ORM's result handling cost as much again."""
    fields = [f for f in VALUE_FIELDS if f not in ("hcpcs", "modifier")]
    fields += ["description"] if descriptors else []
    table = FeeScheduleRow.__table__  # type: ignore[attr-defined]
    query = sa_select(*(table.c[f] for f in ("hcpcs", "modifier", *fields))).where(
        table.c.release_id == release.id
    )
    stored = {(r[0], r[1]): tuple(r[2:]) for r in session.connection().execute(query)}
    if len(stored) != len(rows):
        return False
    for row in rows:
        values = stored.get((row["hcpcs"], row["modifier"]))
        if values is None or values != tuple(row.get(f) for f in fields):
            return False
    return True
