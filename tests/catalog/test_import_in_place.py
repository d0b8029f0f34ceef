"""Importing the file of a release the seed already holds adds its descriptors in place (the rows,
their ids and the category statistics stay); the search documents and their full-text entries are
written only for the codes whose text changed; the same file again is found by its digest."""

from sqlmodel import Session, col, select

from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
from rvuedge.catalog.importer import import_rvu_file, unchanged_release
from rvuedge.catalog.models import (
    CategoryStat,
    CodeGuide,
    CodeSearchDoc,
    FeeScheduleRelease,
    FeeScheduleRow,
)
from rvuedge.catalog.search import search_codes
from rvuedge.catalog.search_docs import rebuild_search_docs
from tests.conftest import RVU_2026


def _release_rows(session: Session, release_id: int) -> dict[tuple[str, str], int | None]:
    rows = session.exec(select(FeeScheduleRow).where(FeeScheduleRow.release_id == release_id))
    return {(r.hcpcs, r.modifier): r.id for r in rows}


def test_descriptors_arrive_in_place_and_the_same_file_is_one_lookup(session: Session) -> None:
    name, data = read_rvu_source(RVU_2026)
    parsed = parse_rvu_bytes(data, name)
    release = session.exec(
        select(FeeScheduleRelease).where(FeeScheduleRelease.name == parsed.name)
    ).one()
    assert release.id is not None and not release.has_descriptors
    assert unchanged_release(session, sha256=parsed.sha256) is None
    rows_before = _release_rows(session, release.id)
    stats_before = {
        s.id: s.median_work_rvu
        for s in session.exec(select(CategoryStat).where(CategoryStat.release_id == release.id))
    }
    result = import_rvu_file(session, parsed)
    session.commit()
    assert result.outcome == "descriptors added"
    assert _release_rows(session, release.id) == rows_before  # the same rows, updated
    stats_after = {
        s.id: s.median_work_rvu
        for s in session.exec(select(CategoryStat).where(CategoryStat.release_id == release.id))
    }
    assert stats_after == stats_before
    row = session.exec(
        select(FeeScheduleRow).where(
            FeeScheduleRow.release_id == release.id,
            FeeScheduleRow.hcpcs == "47562",
            FeeScheduleRow.modifier == "",
        )
    ).one()
    assert row.description and "chole" in row.description.lower()
    same = unchanged_release(session, sha256=parsed.sha256)
    assert same is not None and same.name == parsed.name
    assert import_rvu_file(session, parsed).outcome == "unchanged"


def test_only_changed_documents_are_rewritten_and_found(session: Session) -> None:
    rebuild_search_docs(session)
    session.commit()
    before = {d.hcpcs: (d.id, d.name) for d in session.exec(select(CodeSearchDoc))}
    guide = session.exec(select(CodeGuide).where(CodeGuide.hcpcs == "47562")).one()
    old_name = guide.name
    guide.name = "Zanzibarectomy by laparoscope"
    session.add(guide)
    session.flush()
    rebuild_search_docs(session)
    session.commit()
    after = {d.hcpcs: (d.id, d.name) for d in session.exec(select(CodeSearchDoc))}
    assert after.keys() == before.keys()
    differ = [h for h in after if after[h] != before[h]]
    assert differ == ["47562"] and after["47562"][0] == before["47562"][0]
    assert search_codes(session, query="zanzibarectomy", limit=5)[:1] == ["47562"]
    unique_old = [w for w in old_name.split() if len(w) > 3]
    assert (
        session.exec(select(CodeSearchDoc.hcpcs).where(col(CodeSearchDoc.name) == old_name)).all()
        == []
    )
    assert unique_old  # the old name had words to search by


def test_the_same_values_in_other_bytes_are_unchanged_and_nothing_is_written(
    session: Session,
) -> None:
    """CRLF line ends (or other quoting) give another digest but the same release: the stored
    rows are compared, found equal, and left alone; a changed value is still replaced."""
    name, data = read_rvu_source(RVU_2026)
    parsed = parse_rvu_bytes(data, name)
    assert import_rvu_file(session, parsed).outcome == "descriptors added"
    session.commit()
    release = session.exec(
        select(FeeScheduleRelease).where(FeeScheduleRelease.name == parsed.name)
    ).one()
    assert release.id is not None
    rows_before = _release_rows(session, release.id)
    other = data.replace(b"\r\n", b"\n") if b"\r\n" in data else data.replace(b"\n", b"\r\n")
    twin = parse_rvu_bytes(other, name)
    assert twin.sha256 != parsed.sha256
    assert import_rvu_file(session, twin).outcome == "unchanged"
    session.commit()
    session.refresh(release)
    assert release.source_sha256 == parsed.sha256  # nothing was written
    assert _release_rows(session, release.id) == rows_before
    changed = parse_rvu_bytes(other.replace(b"Hearing service", b"Hearing services", 1), name)
    assert import_rvu_file(session, changed).outcome == "replaced"
