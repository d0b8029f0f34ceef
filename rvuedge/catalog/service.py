"""Catalog queries: releases, rows, search hits, localities. Services never commit.

The code card (everything known about one code) is built in code_card.py."""

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from rvuedge.calc.releases import parse_release_name, release_for_date
from rvuedge.catalog import schemas as s
from rvuedge.catalog.models import FeeScheduleRelease, FeeScheduleRow, GpciLocality
from rvuedge.catalog.search import Hit, Searcher, near_hits
from rvuedge.catalog.search import search as search_hits
from rvuedge.failures import InvalidInput, NotFound

# Shown for a code the seed has no name for until the operator imports the CMS file.
DESCRIPTOR_NOT_SHIPPED = "descriptor not shipped: import the CMS file to see it"


def list_releases(session: Session, *, proposed: bool = False) -> list[FeeScheduleRelease]:
    """The releases that value cases, oldest first; with `proposed`, proposed ones too.

    A proposed release never values a logged case, so every valuation path (choosing the release
    for a date, settling provisional cases, the release in force) reads the default list."""
    statement = select(FeeScheduleRelease).order_by(col(FeeScheduleRelease.effective_date))
    if not proposed:
        statement = statement.where(col(FeeScheduleRelease.proposed).is_(False))
    return list(session.exec(statement))


def release_label(release: FeeScheduleRelease) -> str:
    return f"{release.name} (proposed)" if release.proposed else release.name


def resolve_release(
    session: Session, *, today: date, year: int | None = None, release: str | None = None
) -> FeeScheduleRelease:
    """The release asked for, or by default the one in force today (see the README)."""
    releases = list_releases(session)
    if not releases:
        raise NotFound("No fee-schedule release is loaded; run `rvuedge db upgrade` and the seed.")
    # A proposed release is shown when asked for by name, never chosen by date.
    by_name = {r.name: r for r in list_releases(session, proposed=True)}
    available = ", ".join(by_name)
    if release is not None:
        try:
            parse_release_name(release)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None
        found = by_name.get(release.strip().upper())
        if found is None:
            raise NotFound(f"Release {release} is not imported. Available: {available}.")
        return found
    if year is not None and year != today.year:
        of_year = [r for r in releases if r.year == year]
        if not of_year:
            raise NotFound(f"No release of {year} is imported. Available: {available}.")
        return of_year[-1]
    choice = release_for_date([r.name for r in releases], today)
    return by_name[choice.name] if choice else releases[-1]


def find_row(
    session: Session, *, release_id: int, hcpcs: str, modifier: str = ""
) -> FeeScheduleRow | None:
    return session.exec(
        select(FeeScheduleRow).where(
            FeeScheduleRow.release_id == release_id,
            FeeScheduleRow.hcpcs == hcpcs,
            FeeScheduleRow.modifier == modifier,
        )
    ).first()


def near_codes(session: Session, hcpcs: str, *, limit: int = 5) -> list[str]:
    """Codes that share the longest prefix with an unknown code (for 404 answers)."""
    for length in range(min(len(hcpcs), 4), 0, -1):
        prefix = hcpcs[:length]
        codes = list(
            session.exec(
                select(FeeScheduleRow.hcpcs)
                .where(FeeScheduleRow.hcpcs >= prefix, FeeScheduleRow.hcpcs < prefix + "~")
                .distinct()
                .order_by(FeeScheduleRow.hcpcs)
                .limit(50)
            )
        )
        if codes:
            target = int(hcpcs) if hcpcs.isdigit() else None
            if target is not None:
                codes.sort(key=lambda c: abs(int(c) - target) if c.isdigit() else 10**6)
            return codes[:limit]
    return []


def search(
    session: Session,
    *,
    query: str,
    limit: int,
    today: date,
    searcher: Searcher | None = None,
) -> s.SearchResults:
    return search_answer(session, query=query, limit=limit, today=today, searcher=searcher)[0]


def search_answer(
    session: Session,
    *,
    query: str,
    limit: int,
    today: date,
    searcher: Searcher | None = None,
) -> tuple[s.SearchResults, str | None]:
    """search(), and the catalog version it was read in (the key of answers kept in memory)."""
    found = search_hits(session, query=query, limit=limit, today=today, searcher=searcher)
    results = s.SearchResults(
        query=query,
        release=found.release,
        items=[_search_hit(hit, found.release) for hit in found.hits],
        suggestions=[_search_hit(hit, found.release) for hit in found.suggestions],
    )
    return results, found.version


def suggestions(session: Session, typed: str, *, today: date) -> list[dict[str, Any]]:
    """The known codes nearest a mistyped code with name and work RVU, as problem details carry
    them (errors.CodeSuggestion)."""
    return [
        {
            "code": hit.code,
            "name": hit.name if hit.common and hit.name else (hit.description or hit.code),
            "work_rvu": float(hit.work_rvu) if hit.work_rvu is not None else None,
        }
        for hit in near_hits(session, typed, today=today)
    ]


def _search_hit(hit: Hit, release: str | None) -> s.SearchHit:
    return s.SearchHit(
        code=hit.code,
        name=hit.name if hit.common and hit.name else (hit.description or DESCRIPTOR_NOT_SHIPPED),
        description=hit.description,
        work_rvu=hit.work_rvu,
        global_days=hit.global_days,
        release=release if hit.work_rvu is not None else None,
        common=hit.common,
    )


def get_locality(session: Session, *, key: str, year: int) -> GpciLocality:
    mac, _, number = key.strip().partition("-")
    found = session.exec(
        select(GpciLocality).where(
            GpciLocality.year == year,
            GpciLocality.mac == mac.zfill(5),
            GpciLocality.locality_number == number.zfill(2),
        )
    ).first()
    if found is None:
        years = sorted({y for y in session.exec(select(GpciLocality.year).distinct())})
        raise NotFound(
            f"Locality {key!r} has no GPCIs for {year} (localities are keyed MAC-locality, "
            f"e.g. 10112-00; GPCI years imported: {', '.join(map(str, years)) or 'none'})."
        )
    return found


def list_localities(session: Session, *, year: int | None = None) -> list[GpciLocality]:
    statement = select(GpciLocality).order_by(
        col(GpciLocality.year).desc(), GpciLocality.state, GpciLocality.name
    )
    if year is not None:
        statement = statement.where(GpciLocality.year == year)
    return list(session.exec(statement))
