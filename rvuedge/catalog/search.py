"""Quick-entry search: exact code, code prefix, alias, then full text with typo tolerance.

One query per request: every stage that applies to the typed text is a branch of one UNION ALL,
joined to each hit's name and CMS numbers in the release in force (and, for a signed-in
physician, whether they logged it recently), and the same statement returns the catalog version
stamp. The vocabulary (for typos), the code set, each code's specialties and the release list
live in a per-process cache that is rebuilt when the stamp changes (any import or seed load).
The order of the hits is decided by the pure function catalog.ranking.rank.

A code typed with its modifiers ("2744-RT", "27447 RT") is searched as the code; a code that is
not known gets the nearest known codes as suggestions (catalog.near: same prefix, one typo).
"""

import re
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Boolean, String, bindparam, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from rvuedge.calc.releases import release_for_date
from rvuedge.catalog import near, ranking, search_index, search_sql
from rvuedge.catalog.models import RVU, CodeGuide, CodeSearchDoc, FeeScheduleRelease
from rvuedge.catalog.search_docs import CATALOG_VERSION_KEY
from rvuedge.catalog.typos import Vocabulary

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
CODE_PREFIX = re.compile(r"^[A-Z0-9]{1,4}$")
CODE = re.compile(r"^[A-Z0-9]{5}$")
# A code (or the start of one) followed by modifiers: "2744-RT", "27447 RT LT", "27447-50".
WITH_MODIFIERS = re.compile(r"^([A-Z0-9]{1,5})(?:\s*[-\s]\s*[A-Z0-9]{2})+$")
WORD_POOL = 25  # words-stage hits read per branch, so that ranking sees beyond the first few
RECENT_DAYS = 180  # "recent codes": logged with a date of service in this many days

EXACT, PREFIX, ALIAS, WORDS, SIMILAR = 1, 2, 3, 4, 5


@dataclass(frozen=True)
class Hit:
    code: str
    common: bool  # the code has a name written for this project (seed guide)
    name: str | None  # that name, when common
    description: str | None  # the CMS descriptor in the release searched
    work_rvu: Decimal | None
    global_days: str | None


@dataclass(frozen=True)
class Found:
    release: str | None
    hits: list[Hit]
    # For a code-shaped query that found nothing: the nearest known codes, best first.
    suggestions: list[Hit] = field(default_factory=list)
    version: str | None = None  # the catalog version the hits were read in


@dataclass(frozen=True)
class Searcher:
    """Who is searching: the profile's specialty and the physician (for recent codes)."""

    specialty: str | None = None
    user_id: uuid.UUID | None = None


def normalize_alias(value: str) -> str:
    return " ".join(search_index.tokens(value))


class _CatalogCache:
    """Per process: the index's words and codes and the release list, per catalog version."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.stamp: object = None
        self.vocabulary = Vocabulary(())
        self._codes: frozenset[str] = frozenset()
        self.common: frozenset[str] = frozenset()  # the common procedures (search docs)
        self.alias_counts: dict[str, int] = {}  # code -> how many aliases the seed gives it
        self.specialties: dict[str, tuple[str, ...]] = {}  # code -> the seed's specialties
        self.releases: dict[str, int] = {}  # name -> id

    def codes(self, session: Session) -> frozenset[str]:
        self.get(session)
        return self._codes

    def get(self, session: Session) -> Vocabulary:
        self.check(
            session, session.execute(search_sql.VERSION, {"key": CATALOG_VERSION_KEY}).scalar()
        )
        return self.vocabulary

    def check(self, session: Session, stamp: object) -> bool:
        """Rebuild when the stamp differs; True when it did."""
        if stamp == self.stamp:
            return False
        with self._lock:
            if stamp == self.stamp:
                # Another thread rebuilt it while this one waited: one rebuild, not one per
                # waiting request (16 at once after a start or an import took seconds).
                return True
            words: set[str] = set()
            codes: set[str] = set()
            common: set[str] = set()
            counts: dict[str, int] = {}
            for hcpcs, name, aliases, descriptor, is_common in session.execute(
                sa_select(  # five columns: more than sqlmodel's select types
                    col(CodeSearchDoc.hcpcs),
                    col(CodeSearchDoc.name),
                    col(CodeSearchDoc.aliases),
                    col(CodeSearchDoc.descriptor),
                    col(CodeSearchDoc.is_common),
                )
            ):
                codes.add(hcpcs)
                if is_common:
                    common.add(hcpcs)
                    counts[hcpcs] = len(aliases.split(" | ")) if aliases else 0
                words.update(search_index.tokens(f"{name} {aliases} {descriptor}"))
            self.vocabulary = Vocabulary(words)
            self._codes = frozenset(codes)
            self.common = frozenset(common)
            self.alias_counts = counts
            self.specialties = {
                hcpcs: tuple(specialties or ())
                for hcpcs, specialties in session.exec(
                    select(CodeGuide.hcpcs, CodeGuide.specialties)
                )
                if specialties
            }
            self.releases = {
                name: release_id
                for name, release_id in session.exec(
                    select(col(FeeScheduleRelease.name), col(FeeScheduleRelease.id))
                    .where(col(FeeScheduleRelease.proposed).is_(False))  # never in force
                    .order_by(col(FeeScheduleRelease.effective_date))
                )
                if release_id is not None  # stored rows always have one
            }
            self.stamp = stamp
        return True

    def release_on(self, today: date) -> tuple[str, int] | None:
        """The release in force today, as catalog.service.resolve_release chooses it."""
        if not self.releases:
            return None
        choice = release_for_date(list(self.releases), today)
        name = choice.name if choice else list(self.releases)[-1]
        return name, self.releases[name]


vocabulary_cache = _CatalogCache()


def search(
    session: Session,
    *,
    query: str,
    limit: int,
    today: date,
    searcher: Searcher | None = None,
) -> Found:
    """Hits for a typed query, best first, without duplicates, in one query (steady state); for
    a code-shaped query that finds nothing, the nearest known codes (a second query)."""
    cache = vocabulary_cache
    if cache.stamp is None:
        cache.get(session)
    who = searcher or Searcher()
    raw = _code_without_modifiers(query.strip())
    statement, params, terms = _statement(session, raw, limit, cache.vocabulary)
    words_allowed = bool(terms)
    release = cache.release_on(today)
    params.update(
        version_key=CATALOG_VERSION_KEY,
        release_id=release[1] if release else -1,
        user_id=who.user_id,
        recent_since=today - timedelta(days=RECENT_DAYS),
    )
    rows = session.execute(
        search_sql.prepared(statement, signed_in=who.user_id is not None), params
    ).all()
    if cache.check(session, rows[0].version):  # an import happened: ask again with fresh caches
        return search(session, query=query, limit=limit, today=today, searcher=searcher)
    ordered = _ranked(rows, terms, who.specialty, cache.specialties)
    hits = _pick(ordered, limit, words_allowed, code_shaped=params["code_shaped"])
    suggestions: list[Hit] = []
    if not hits and near.looks_like_code(raw):
        suggestions = near_hits(session, raw, today=today)
    return Found(release[0] if release else None, hits, suggestions, rows[0].version)


def near_hits(session: Session, typed: str, *, today: date, limit: int = 5) -> list[Hit]:
    """The known codes nearest a mistyped one ("2744-RT", "27474"), with name and work RVU."""
    cache = vocabulary_cache
    cache.get(session)
    code = _code_without_modifiers(typed.strip()).upper()
    codes = near.nearest_codes(
        code, cache.codes(session), common=cache.common, names=cache.alias_counts, limit=limit
    )
    if not codes:
        return []
    release = cache.release_on(today)
    rows = session.execute(
        text(
            "SELECT d.hcpcs, g.hcpcs IS NOT NULL AS named, d.name, r.description, r.work_rvu, "
            "r.global_days FROM code_search_doc d "
            "LEFT JOIN code_guide g ON g.hcpcs = d.hcpcs "
            "LEFT JOIN fee_schedule_row r ON r.release_id = :release_id AND r.hcpcs = d.hcpcs "
            "AND r.modifier = '' WHERE d.hcpcs IN :codes"
        )
        .bindparams(bindparam("codes", expanding=True))
        .columns(
            hcpcs=String(),
            named=Boolean(),
            name=String(),
            description=String(),
            work_rvu=RVU,
            global_days=String(),
        ),
        {"codes": codes, "release_id": release[1] if release else -1},
    ).all()
    by_code = {
        r.hcpcs: Hit(
            r.hcpcs,
            bool(r.named),
            r.name if r.named else None,
            r.description,
            r.work_rvu,
            r.global_days,
        )
        for r in rows
    }
    return [by_code[c] for c in codes if c in by_code]


def search_codes(
    session: Session, *, query: str, limit: int, searcher: Searcher | None = None
) -> list[str]:
    """HCPCS codes for a typed query, best first (see search())."""
    today = date.today()  # noqa: DTZ011
    return [
        h.code
        for h in search(session, query=query, limit=limit, today=today, searcher=searcher).hits
    ]


def _code_without_modifiers(raw: str) -> str:
    """ "2744-RT" -> "2744"; anything else as typed."""
    m = WITH_MODIFIERS.match(raw.upper())
    return m.group(1) if m and any(ch.isdigit() for ch in m.group(1)) else raw


def _ranked(
    rows: Sequence, terms: list[search_index.Term], specialty: str | None, specialties: dict
) -> list:
    by_code = {}
    candidates = []
    for row in rows:
        if row.stage is None:
            continue
        candidates.append(
            ranking.Candidate(
                code=row.hcpcs,
                stage=row.stage,
                order=row.ord,
                common=bool(row.is_common),
                name=row.name or "",
                aliases=tuple(row.aliases.split(" | ")) if row.aliases else (),
                specialties=specialties.get(row.hcpcs, ()),
                recent=bool(row.recent),
            )
        )
        by_code[(row.stage, row.hcpcs)] = row
    ordered = ranking.rank(candidates, terms=terms, specialty=specialty)
    return [by_code[(c.stage, c.code)] for c in ordered]


def _statement(
    session: Session, raw: str, limit: int, vocabulary: Vocabulary
) -> tuple[str, dict, list[search_index.Term]]:
    branches: list[str] = []
    params: dict = {"limit": limit, "pool": max(limit, WORD_POOL)}  # code_shaped: not sent
    upper = raw.upper()
    if raw and CODE.match(upper):
        branches.append(search_sql.STAGES[EXACT])
        params["code"] = upper
    if raw and CODE_PREFIX.match(upper) and any(ch.isdigit() for ch in upper):
        branches.append(search_sql.limited(search_sql.STAGES[PREFIX]))
        params.update(low=upper, high=upper + "~")
    alias = normalize_alias(raw)
    if alias:
        branches.append(search_sql.limited(search_sql.STAGES[ALIAS]))
        params["alias"] = alias
    words = search_index.tokens(raw)[:MAX_WORDS]
    words_allowed = bool(words) and not upper.isdigit()
    params["code_shaped"] = bool(CODE.match(upper))
    terms: list[search_index.Term] = []
    if words_allowed:
        terms = [
            search_index.Term(
                vocabulary.spellings(word, prefix=(i == len(words) - 1)),
                prefix=(i == len(words) - 1),
            )
            for i, word in enumerate(words)
        ]
        for sql, extra in search_index.match_branches(session, terms, WORDS, SIMILAR):
            branches.append(search_sql.limited(sql, size="pool"))
            params.update(extra)
    hits = " UNION ALL ".join(branches) or "SELECT 0 AS stage, 0 AS ord, '' AS hcpcs WHERE 1 = 0"
    return f"WITH hits AS ({hits}) ", params, terms


def _pick(rows: list, limit: int, words_allowed: bool, *, code_shaped: bool) -> list[Hit]:
    """Stages in order, each code once; words only when the earlier stages left room (and, for a
    code-shaped query, found nothing); the similarity fallback only when the words found none."""
    by_stage: dict[int, list] = {}
    for row in rows:
        if row.stage is not None:
            by_stage.setdefault(row.stage, []).append(row)
    found: dict[str, Hit] = {}

    def add(stage: int) -> None:
        for row in by_stage.get(stage, []):
            if row.hcpcs not in found:
                found[row.hcpcs] = Hit(
                    row.hcpcs,
                    bool(row.named),
                    row.name if row.named else None,
                    row.description,
                    row.work_rvu,
                    row.global_days,
                )

    add(EXACT)
    add(PREFIX)
    if len(found) >= limit:
        return list(found.values())[:limit]
    add(ALIAS)
    if words_allowed and len(found) < limit and not (code_shaped and found):
        add(WORDS if by_stage.get(WORDS) else SIMILAR)
    return list(found.values())[:limit]
