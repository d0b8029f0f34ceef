"""The search documents (one per code) and the catalog version, after the catalog changed.

Written by an import (catalog.importer) and a seed load (catalog.seed). Callers own the
transaction: nothing here commits.
"""

import uuid

from sqlalchemy import bindparam, delete, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from rvuedge.catalog import answers, search_index
from rvuedge.catalog.cms_file import iter_chunks
from rvuedge.catalog.models import (
    AppMeta,
    CodeGuide,
    CodeSearchDoc,
    FeeScheduleRelease,
    FeeScheduleRow,
)


def rebuild_search_docs(session: Session) -> int:
    """One document per code: the seed's names and aliases plus the newest CMS descriptor.

    Only the documents whose text changed are written, and on SQLite only their entries of the
    full-text index; plain rows are read (no ORM objects: ~10,000 codes)."""
    connection = session.connection()
    rows, releases = FeeScheduleRow.__table__.c, FeeScheduleRelease.__table__.c  # type: ignore[attr-defined]
    newest = (
        select(rows.hcpcs, rows.description, releases.effective_date)
        .join_from(FeeScheduleRow.__table__, FeeScheduleRelease.__table__)  # type: ignore[attr-defined]
        .where(rows.modifier == "")
    )
    descriptors: dict[str, tuple[str, object]] = {}
    for hcpcs, description, eff in connection.execute(newest):
        current = descriptors.get(hcpcs)
        if current is None or (description and eff > current[1]):
            descriptors[hcpcs] = (description or "", eff)
    guide_columns = CodeGuide.__table__.c  # type: ignore[attr-defined]
    guides = {
        hcpcs: (name, aliases or [], plain)
        for hcpcs, name, aliases, plain in connection.execute(
            select(
                guide_columns.hcpcs,
                guide_columns.name,
                guide_columns.aliases,
                guide_columns.plain_language,
            )
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
    docs = CodeSearchDoc.__table__  # type: ignore[attr-defined]
    stored = {
        hcpcs: (doc_id, (name, aliases, descriptor, bool(common)))
        for doc_id, hcpcs, name, aliases, descriptor, common in connection.execute(
            sa_select(
                docs.c.id,
                docs.c.hcpcs,
                docs.c.name,
                docs.c.aliases,
                docs.c.descriptor,
                docs.c.is_common,
            )
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
    fts = search_index.FullText(session, whole=whole)
    fts.remove([(doc_id, text) for doc_id, text in gone] + [old for old, _ in changed])
    if gone:
        ids = [doc_id for doc_id, _ in gone]
        for chunk in iter_chunks(ids, 500):
            connection.execute(delete(docs).where(docs.c.id.in_(chunk)))
    if changed:
        connection.execute(
            update(docs)
            .where(docs.c.id == bindparam("d_id"))
            .values(
                name=bindparam("d_name"),
                aliases=bindparam("d_aliases"),
                descriptor=bindparam("d_descriptor"),
                is_common=bindparam("d_common"),
            ),
            [
                {
                    "d_id": old[0],
                    "d_name": new[0],
                    "d_aliases": new[1],
                    "d_descriptor": new[2],
                    "d_common": new[3],
                }
                for old, new in changed
            ],
        )
    new_rows = [
        {
            "hcpcs": h,
            "name": wanted[h][0],
            "aliases": wanted[h][1],
            "descriptor": wanted[h][2],
            "is_common": wanted[h][3],
        }
        for h in added
    ]
    for chunk in iter_chunks(new_rows, 2000):
        connection.execute(docs.insert(), chunk)
    added_ids: list[tuple[int, tuple[str, str, str, bool]]] = []
    if added:
        for chunk in iter_chunks(added, 500):
            added_ids.extend(
                (doc_id, wanted[hcpcs])
                for doc_id, hcpcs in connection.execute(
                    select(docs.c.id, docs.c.hcpcs).where(docs.c.hcpcs.in_(chunk))
                )
            )
    fts.add([(old[0], new) for old, new in changed] + added_ids)
    fts.finish()
    _bump_catalog_version(session)
    session.flush()
    return len(wanted)


CATALOG_VERSION_KEY = "catalog_version"


def _bump_catalog_version(session: Session) -> None:
    # Processes cache search vocabulary per catalog version; a new version invalidates them.
    meta = session.get(AppMeta, CATALOG_VERSION_KEY) or AppMeta(key=CATALOG_VERSION_KEY, value="")
    meta.value = uuid.uuid4().hex
    session.add(meta)
    answers.mark_catalog_changed(session)  # this process's search answers: at once
