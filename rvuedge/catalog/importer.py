"""Load a parsed CMS RVU file (a whole release) into the database. Callers own the transaction:
nothing here commits. The GPCI file loads in gpci_import.py; the category statistics and the
search documents an import rebuilds are in category_stats.py and search_docs.py.

Plain statements on one connection (SQLAlchemy Core on the columns written, the driver's own
executemany for the descriptors): `rvuedge import-rvu` runs without the ORM or the models.
import_rvu_file() is the way in for a Session."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Integer,
    Numeric,
    String,
    and_,
    column,
    delete,
    func,
    insert,
    or_,
    select,
    table,
    update,
)
from sqlalchemy.engine import Connection

from rvuedge.calc.releases import effective_date
from rvuedge.catalog import release_digest
from rvuedge.catalog.category_stats import STATS, recompute_category_stats
from rvuedge.catalog.cms_file import COLUMNS, OPTIONAL_COLUMNS, RvuFile, iter_chunks
from rvuedge.catalog.guards import StoredRelease, rvu_refusals
from rvuedge.catalog.import_result import ImportResult, _refuse_unless_forced
from rvuedge.catalog.search_docs import catalog_changed, driver_sql, refresh_search_docs
from rvuedge.failures import ImportFailed
from rvuedge.timeutil import utc_now

if TYPE_CHECKING:
    from sqlmodel import Session

# Every column rvuedge keeps from a CMS row except the descriptor (and the release-wide CF).
VALUE_FIELDS = [
    name
    for name, _ in {**COLUMNS, **OPTIONAL_COLUMNS}.values()
    if name not in ("description", "conversion_factor")
]
DESCRIPTOR_FIELDS = ["hcpcs", "modifier", "description"]
DECIMAL_FIELDS = frozenset(
    name for name, kind in {**COLUMNS, **OPTIONAL_COLUMNS}.values() if kind == "number"
) - {"conversion_factor"}
BOOL_FIELDS = frozenset(
    name for name, kind in {**COLUMNS, **OPTIONAL_COLUMNS}.values() if kind in ("plus", "na")
)

# The tables as Core sees the columns written here (the models are catalog.models; a test holds
# them alike).
RELEASES = table(
    "fee_schedule_release",
    column("id", Integer),
    column("name", String),
    column("year", Integer),
    column("quarter", String),
    column("effective_date", Date),
    column("released_on", Date),
    column("conversion_factor", Numeric(9, 4)),
    column("source_filename", String),
    column("source_sha256", String),
    column("row_count", Integer),
    column("is_complete", Boolean),
    column("has_descriptors", Boolean),
    column("proposed", Boolean),
    column("imported_at", DateTime(timezone=True)),
)
ROWS = table(
    "fee_schedule_row",
    column("release_id", Integer),
    column("description", String),
    *(
        column(f, Numeric(8, 2) if f in DECIMAL_FIELDS else Boolean if f in BOOL_FIELDS else String)
        for f in VALUE_FIELDS
    ),
)


@dataclass(frozen=True)
class Release:
    """A stored release, as an import needs it."""

    id: int
    name: str
    row_count: int
    has_descriptors: bool
    proposed: bool
    source_sha256: str
    conversion_factor: Decimal
    released_on: date | None


def _find(connection: Connection, *where: Any) -> Release | None:
    columns = [RELEASES.c[f] for f in Release.__dataclass_fields__]
    row = connection.execute(select(*columns).where(*where).limit(1)).first()
    return Release(*row) if row is not None else None


def _connection(db: "Session | Connection") -> Connection:
    return db if isinstance(db, Connection) else db.connection()


def unchanged_release(
    db: "Session | Connection", *, sha256: str, proposed: bool = False
) -> Release | None:
    """The release already imported from a file with this digest (SHA-256 of its bytes), with
    its descriptors: importing that file again changes nothing. One lookup, before parsing."""
    return _find(
        _connection(db),
        RELEASES.c.source_sha256 == sha256,
        RELEASES.c.has_descriptors.is_(True),
        RELEASES.c.proposed.is_(proposed),
    )


def import_rvu_file(
    session: "Session",
    parsed: RvuFile,
    *,
    force: bool = False,
    proposed: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """import_release() in a session's transaction (the objects it holds are read again)."""
    session.flush()
    result = import_release(
        session.connection(), parsed, force=force, proposed=proposed, progress=progress
    )
    if result.outcome != "unchanged":
        catalog_changed(session)
    return result


def import_release(
    connection: Connection,
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
    release = _find(connection, RELEASES.c.name == parsed.name)
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
    values = release_digest.digest(parsed.columns, VALUE_FIELDS)
    descriptors = release_digest.digest(parsed.columns, DESCRIPTOR_FIELDS)
    kept = release_digest.stored(connection, parsed.name)

    def same(stored: Release, *, with_descriptors: bool) -> bool:
        if kept["values"] is None or (with_descriptors and kept["descriptors"] is None):
            # Stored before digests were kept: compare the rows themselves.
            return _same_numbers(connection, stored.id, parsed.rows, descriptors=with_descriptors)
        return kept["values"] == values and (
            not with_descriptors or kept["descriptors"] == descriptors
        )

    if (
        release is not None
        and release.has_descriptors
        and release.proposed == proposed
        and (release.conversion_factor, release.released_on)
        == (parsed.conversion_factor, parsed.released_on)
        and same(release, with_descriptors=True)
    ):
        # The same values in a file with other bytes (line ends, quoting): nothing to write.
        return ImportResult(parsed.name, "unchanged", release.row_count)
    overridden = _refuse_unless_forced(_rvu_refusals(connection, parsed, release), force)
    if release is None:
        outcome = "created"
    elif not release.has_descriptors and same(release, with_descriptors=False):
        # The seed's copy of this release: the file brings its descriptors, not new values.
        outcome = "descriptors added"
    else:
        outcome = "replaced"
    written = {
        "released_on": parsed.released_on,
        "conversion_factor": parsed.conversion_factor,
        "source_filename": parsed.source_filename,
        "source_sha256": parsed.sha256,
        "row_count": parsed.row_count,
        "is_complete": True,
        "has_descriptors": True,
        "proposed": proposed,
        "imported_at": utc_now(),
    }
    if release is None:
        release_id = connection.execute(
            insert(RELEASES)
            .values(
                name=parsed.name,
                year=parsed.year,
                quarter=parsed.quarter,
                effective_date=effective_date(parsed.year, parsed.quarter),
                **written,
            )
            .returning(RELEASES.c.id)
        ).scalar_one()
    else:
        release_id = release.id
        connection.execute(update(RELEASES).where(RELEASES.c.id == release_id).values(**written))
    if outcome == "descriptors added":
        # The same numbers: each row gets its descriptor in place; the category statistics,
        # computed from the numbers, stay as they are.
        _add_descriptors(connection, release_id, parsed.columns, progress)
    else:
        if outcome == "replaced":
            connection.execute(delete(ROWS).where(ROWS.c.release_id == release_id))
            connection.execute(delete(STATS).where(STATS.c.release_id == release_id))
        done = 0
        for chunk in iter_chunks(parsed.rows, 2000):
            connection.execute(insert(ROWS), [{**row, "release_id": release_id} for row in chunk])
            done += len(chunk)
            if progress:
                progress(done)
        recompute_category_stats(connection, release_id=release_id)
    release_digest.store(connection, parsed.name, values=values, descriptors=descriptors)
    refresh_search_docs(connection)
    return ImportResult(parsed.name, outcome, parsed.row_count, overridden)


def _add_descriptors(
    connection: Connection,
    release_id: int,
    columns: dict[str, list[Any]],
    progress: Callable[[int], None] | None,
) -> None:
    """Each row's descriptor, by the driver's own executemany (plain text: nothing to convert)."""
    statement = driver_sql(
        connection,
        "UPDATE fee_schedule_row SET description = ? "
        "WHERE release_id = ? AND hcpcs = ? AND modifier = ?",
    )
    every = list(
        zip(
            columns.get("description") or [None] * len(columns["hcpcs"]),
            [release_id] * len(columns["hcpcs"]),
            columns["hcpcs"],
            columns["modifier"],
            strict=True,
        )
    )
    done = 0
    for chunk in iter_chunks(every, 5000):
        connection.exec_driver_sql(statement, chunk)
        done += len(chunk)
        if progress:
            progress(done)


def _rvu_refusals(connection: Connection, parsed: RvuFile, replaced: Release | None) -> list[str]:
    codes, modifiers = parsed.columns["hcpcs"], parsed.columns["modifier"]
    last_code, last_modifier = max(zip(codes, modifiers, strict=True))
    previous = _find_previous(connection, effective_date(parsed.year, parsed.quarter))

    def stored(release: Release | None) -> StoredRelease | None:
        if release is None:
            return None
        after = connection.execute(
            select(func.count())
            .select_from(ROWS)
            .where(
                ROWS.c.release_id == release.id,
                or_(
                    ROWS.c.hcpcs > last_code,
                    and_(ROWS.c.hcpcs == last_code, ROWS.c.modifier > last_modifier),
                ),
            )
        ).scalar_one()
        return StoredRelease(release.name, release.row_count, after)

    return rvu_refusals(
        incoming=f"{parsed.source_filename} ({parsed.name})",
        rows=parsed.row_count,
        last_code=f"{last_code}{'-' + last_modifier if last_modifier else ''}",
        replaced=stored(replaced),
        previous=stored(previous),
    )


def _find_previous(connection: Connection, before: date) -> Release | None:
    columns = [RELEASES.c[f] for f in Release.__dataclass_fields__]
    row = connection.execute(
        select(*columns)
        .where(RELEASES.c.effective_date < before)
        .order_by(RELEASES.c.effective_date.desc())
        .limit(1)
    ).first()
    return Release(*row) if row is not None else None


def _same_numbers(
    connection: Connection,
    release_id: int,
    rows: list[dict[str, Any]],
    *,
    descriptors: bool = False,
) -> bool:
    """Whether the stored rows of a release hold exactly the file's values (and descriptors,
    if asked), read back row by row: for a release stored before digests were kept."""
    fields = [f for f in VALUE_FIELDS if f not in ("hcpcs", "modifier")]
    fields += ["description"] if descriptors else []
    query = select(*(ROWS.c[f] for f in ("hcpcs", "modifier", *fields))).where(
        ROWS.c.release_id == release_id
    )
    stored = {(r[0], r[1]): tuple(r[2:]) for r in connection.execute(query)}
    if len(stored) != len(rows):
        return False
    for row in rows:
        values = stored.get((row["hcpcs"], row["modifier"]))
        if values is None or values != tuple(row.get(f) for f in fields):
            return False
    return True
