"""Quick-entry search: exact code, code prefix, alias, then full text with typo tolerance.

One query per request: every stage that applies to the typed text is a branch of one UNION ALL,
joined to each hit's name and CMS numbers in the release in force, and the same statement returns
the catalog version stamp. The vocabulary (for typos), the code set and the release list live in
a per-process cache that is rebuilt when the stamp changes (any import or seed load).
"""

import re
import threading
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Integer, String, text
from sqlmodel import Session, col, select

from rvuedge.calc.releases import release_for_date
from rvuedge.catalog import search_index
from rvuedge.catalog.importer import CATALOG_VERSION_KEY
from rvuedge.catalog.models import RVU, CodeSearchDoc, FeeScheduleRelease
from rvuedge.catalog.typos import Vocabulary

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
CODE_PREFIX = re.compile(r"^[A-Z0-9]{1,4}$")
CODE = re.compile(r"^[A-Z0-9]{5}$")

EXACT, PREFIX, ALIAS, WORDS, SIMILAR = 1, 2, 3, 4, 5

# Plain statements: this is the type-ahead hot path, and ORM statement building costs more
# than the queries themselves.
_VERSION = text("SELECT value FROM app_meta WHERE key = :key")
_STAGES = {
    EXACT: "SELECT 1 AS stage, 0 AS ord, hcpcs FROM code_search_doc WHERE hcpcs = :code",
    # The first codes of the range by (is_common DESC, hcpcs) are among the first common ones and
    # the first others, each read in key order and cut at the limit: "3" no longer sorts 5,000.
    PREFIX: (
        "SELECT 2 AS stage, row_number() OVER (ORDER BY is_common DESC, hcpcs) AS ord, hcpcs "
        "FROM (SELECT * FROM (SELECT hcpcs, is_common FROM code_search_doc WHERE hcpcs >= :low "
        "AND hcpcs < :high AND is_common ORDER BY hcpcs LIMIT :limit) AS common "
        "UNION ALL SELECT * FROM (SELECT hcpcs, is_common FROM code_search_doc WHERE hcpcs >= :low "
        "AND hcpcs < :high AND NOT is_common ORDER BY hcpcs LIMIT :limit) AS other) AS prefixed"
    ),
    ALIAS: (
        "SELECT 3 AS stage, row_number() OVER (ORDER BY rank, hcpcs) AS ord, hcpcs "
        "FROM code_alias WHERE alias = :alias"
    ),
}
_DETAILS = (
    "SELECT v.version, h.stage, h.hcpcs, d.is_common, d.name, r.description, r.work_rvu, "
    "r.global_days "
    "FROM (SELECT (SELECT value FROM app_meta WHERE key = :version_key) AS version) v "
    "LEFT JOIN hits h ON 1 = 1 "
    "LEFT JOIN code_search_doc d ON d.hcpcs = h.hcpcs "
    "LEFT JOIN fee_schedule_row r "
    "ON r.release_id = :release_id AND r.hcpcs = h.hcpcs AND r.modifier = '' "
    "ORDER BY h.stage, h.ord"
)
_COLUMNS = {
    "version": String(),
    "stage": Integer(),
    "hcpcs": String(),
    "is_common": Boolean(),
    "name": String(),
    "description": String(),
    "work_rvu": RVU,
    "global_days": String(),
}


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


def normalize_alias(value: str) -> str:
    return " ".join(search_index.tokens(value))


class _CatalogCache:
    """Per process: the index's words and codes and the release list, per catalog version."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.stamp: object = None
        self.vocabulary = Vocabulary(())
        self._codes: frozenset[str] = frozenset()
        self.releases: dict[str, int] = {}  # name -> id

    def codes(self, session: Session) -> frozenset[str]:
        self.get(session)
        return self._codes

    def get(self, session: Session) -> Vocabulary:
        self.check(session, session.execute(_VERSION, {"key": CATALOG_VERSION_KEY}).scalar())
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
            for hcpcs, name, aliases, descriptor in session.exec(
                select(
                    CodeSearchDoc.hcpcs,
                    CodeSearchDoc.name,
                    CodeSearchDoc.aliases,
                    CodeSearchDoc.descriptor,
                )
            ):
                codes.add(hcpcs)
                words.update(search_index.tokens(f"{name} {aliases} {descriptor}"))
            self.vocabulary = Vocabulary(words)
            self._codes = frozenset(codes)
            self.releases = {
                name: release_id
                for name, release_id in session.exec(
                    select(FeeScheduleRelease.name, FeeScheduleRelease.id)
                    .where(col(FeeScheduleRelease.proposed).is_(False))  # never in force
                    .order_by(col(FeeScheduleRelease.effective_date))
                )
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


def search(session: Session, *, query: str, limit: int, today: date) -> Found:
    """Hits for a typed query, best first, without duplicates, in one query (steady state)."""
    cache = vocabulary_cache
    if cache.stamp is None:
        cache.get(session)
    raw = query.strip()
    statement, params, words_allowed = _statement(session, raw, limit, cache.vocabulary)
    release = cache.release_on(today)
    params.update(version_key=CATALOG_VERSION_KEY, release_id=release[1] if release else -1)
    rows = session.execute(text(statement).columns(**_COLUMNS), params).all()
    if cache.check(session, rows[0].version):  # an import happened: ask again with fresh caches
        return search(session, query=query, limit=limit, today=today)
    hits = _pick(rows, limit, words_allowed, code_shaped=params["code_shaped"])
    return Found(release[0] if release else None, hits)


def search_codes(session: Session, *, query: str, limit: int) -> list[str]:
    """HCPCS codes for a typed query, best first (see search())."""
    return [h.code for h in search(session, query=query, limit=limit, today=date.today()).hits]  # noqa: DTZ011


def _statement(
    session: Session, raw: str, limit: int, vocabulary: Vocabulary
) -> tuple[str, dict, bool]:
    branches: list[str] = []
    params: dict = {"limit": limit}  # code_shaped is read back by search(), not sent
    upper = raw.upper()
    if raw and CODE.match(upper):
        branches.append(_STAGES[EXACT])
        params["code"] = upper
    if raw and CODE_PREFIX.match(upper) and any(ch.isdigit() for ch in upper):
        branches.append(_limited(_STAGES[PREFIX]))
        params.update(low=upper, high=upper + "~")
    alias = normalize_alias(raw)
    if alias:
        branches.append(_limited(_STAGES[ALIAS]))
        params["alias"] = alias
    words = search_index.tokens(raw)[:MAX_WORDS]
    words_allowed = bool(words) and not upper.isdigit()
    params["code_shaped"] = bool(CODE.match(upper))
    if words_allowed:
        terms = [
            search_index.Term(
                vocabulary.spellings(word, prefix=(i == len(words) - 1)),
                prefix=(i == len(words) - 1),
            )
            for i, word in enumerate(words)
        ]
        for sql, extra in search_index.match_branches(session, terms, WORDS, SIMILAR):
            branches.append(_limited(sql))
            params.update(extra)
    hits = " UNION ALL ".join(branches) or "SELECT 0 AS stage, 0 AS ord, '' AS hcpcs WHERE 1 = 0"
    return f"WITH hits AS ({hits}) {_DETAILS}", params, words_allowed


def _limited(branch: str) -> str:
    # Branches are this module's constant SQL; everything typed is a bound parameter.
    return f"SELECT * FROM ({branch} ORDER BY ord LIMIT :limit) AS b"  # noqa: S608


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
                    bool(row.is_common),
                    row.name if row.is_common else None,
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
