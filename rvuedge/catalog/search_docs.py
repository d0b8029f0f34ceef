"""The search documents (one per code) rebuilt after the catalog changes, and the catalog version
that tells every process its cached search vocabulary is stale.

Plain statements on the connection, the driver's own for the bulk reads and writes (about 10,000
codes): `rvuedge import-rvu` runs it without the ORM, the models or SQLAlchemy's per-row work."""

import json
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from rvuedge.catalog import search_index
from rvuedge.catalog.cms_file import iter_chunks

if TYPE_CHECKING:
    from sqlmodel import Session

CATALOG_VERSION_KEY = "catalog_version"


def driver_sql(connection: Connection, statement: str) -> str:
    """A statement written with ? placeholders in the driver's own style (psycopg: %s)."""
    return statement if connection.dialect.paramstyle == "qmark" else statement.replace("?", "%s")


def read_rows(connection: Connection, statement: str) -> list[Any]:
    """Every row of a constant statement as the driver gives them (plain tuples, in this
    connection's transaction): SQLAlchemy's per-row work cost more than the query."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(statement)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def rebuild_search_docs(session: "Session") -> int:
    """rebuild() in the session's transaction (see catalog_changed)."""
    session.flush()
    count = refresh_search_docs(session.connection())
    catalog_changed(session)
    return count


def catalog_changed(session: "Session") -> None:
    """The session's transaction changed the catalog with plain statements: the objects it holds
    are read again, its stamps are the new ones, and this process's search answers go at once."""
    from rvuedge import stamps
    from rvuedge.catalog import answers

    session.expire_all()
    stamps.bump(session, stamps.CATALOG)
    answers.mark_catalog_changed(session)


def _bump_catalog_version(session: "Session") -> None:
    from rvuedge import stamps
    from rvuedge.catalog import answers

    stamps.bump(session, stamps.CATALOG)
    answers.mark_catalog_changed(session)


def bump_catalog_version(connection: Connection) -> None:
    # Processes cache search vocabulary, releases and rows per catalog version (rvuedge.stamps).
    value = uuid.uuid4().hex
    changed = connection.exec_driver_sql(
        driver_sql(connection, "UPDATE app_meta SET value = ? WHERE key = ?"),
        (value, CATALOG_VERSION_KEY),
    ).rowcount
    if not changed:
        connection.exec_driver_sql(
            driver_sql(connection, "INSERT INTO app_meta (key, value) VALUES (?, ?)"),
            (CATALOG_VERSION_KEY, value),
        )


def refresh_search_docs(connection: Connection) -> int:
    """One document per code: the seed's names and aliases plus the newest CMS descriptor.

    Only the documents whose text changed are written, and on SQLite only their entries of the
    full-text index (or one rebuild of it when many changed)."""
    descriptors: dict[str, tuple[str, Any]] = {}
    for hcpcs, description, eff in read_rows(
        connection,
        "SELECT r.hcpcs, r.description, s.effective_date FROM fee_schedule_row r "
        "JOIN fee_schedule_release s ON s.id = r.release_id WHERE r.modifier = ''",
    ):
        current = descriptors.get(hcpcs)
        if current is None or (description and eff > current[1]):
            descriptors[hcpcs] = (description or "", eff)
    guides = {
        hcpcs: (name, _aliases(aliases), plain)
        for hcpcs, name, aliases, plain in read_rows(
            connection, "SELECT hcpcs, name, aliases, plain_language FROM code_guide"
        )
    }
    wanted: dict[str, tuple[str, str, str, bool]] = {}
    for hcpcs in set(descriptors) | set(guides):
        guide = guides.get(hcpcs)
        descriptor = descriptors.get(hcpcs, ("", None))[0]
        wanted[hcpcs] = (
            guide[0] if guide else descriptor,
            " | ".join(guide[1]) if guide else "",
            descriptor,
            # A common procedure: the seed explains it and lists the names clinicians
            # type. Search ranks these first; every other seed code only has a name.
            guide is not None and bool(guide[2] or guide[1]),
        )
    stored = {
        hcpcs: (doc_id, (name, aliases, descriptor, bool(common)))
        for doc_id, hcpcs, name, aliases, descriptor, common in read_rows(
            connection,
            "SELECT id, hcpcs, name, aliases, descriptor, is_common FROM code_search_doc",
        )
    }
    gone = [stored[h] for h in stored.keys() - wanted.keys()]
    changed = [
        (stored[h], wanted[h]) for h in stored.keys() & wanted.keys() if stored[h][1] != wanted[h]
    ]
    added = sorted(wanted.keys() - stored.keys())
    # Many changes (a first import brings every descriptor): one rebuild of the index costs
    # less than as many single entries.
    whole = len(gone) + len(changed) + len(added) > max(200, len(stored) // 10)
    fts = search_index.FullText(connection, whole=whole)
    fts.remove([(doc_id, text) for doc_id, text in gone] + [old for old, _ in changed])
    if gone:
        connection.exec_driver_sql(
            driver_sql(connection, "DELETE FROM code_search_doc WHERE id = ?"),
            [(doc_id,) for doc_id, _ in gone],
        )
    if changed:
        connection.exec_driver_sql(
            driver_sql(
                connection,
                "UPDATE code_search_doc SET name = ?, aliases = ?, descriptor = ?, is_common = ? "
                "WHERE id = ?",
            ),
            [(*new, old[0]) for old, new in changed],
        )
    if added:
        connection.exec_driver_sql(
            driver_sql(
                connection,
                "INSERT INTO code_search_doc (hcpcs, name, aliases, descriptor, is_common) "
                "VALUES (?, ?, ?, ?, ?)",
            ),
            [(h, *wanted[h]) for h in added],
        )
    added_ids: list[tuple[int, tuple[str, str, str, bool]]] = []
    for chunk in iter_chunks(added, 500):
        marks = ", ".join("?" * len(chunk))
        added_ids.extend(
            (doc_id, wanted[hcpcs])
            for doc_id, hcpcs in connection.exec_driver_sql(
                driver_sql(
                    connection,
                    f"SELECT id, hcpcs FROM code_search_doc WHERE hcpcs IN ({marks})",  # noqa: S608
                ),
                tuple(chunk),
            )
        )
    fts.add([(old[0], new) for old, new in changed] + added_ids)
    fts.finish()
    bump_catalog_version(connection)
    return len(wanted)


def _aliases(stored: Any) -> list[str]:
    """code_guide.aliases as the driver gives it: JSON text (SQLite) or the list (psycopg)."""
    if isinstance(stored, str):
        stored = json.loads(stored)
    return list(stored or [])
