"""Quick-entry search: exact code, code prefix, exact name, then full text with typo tolerance."""

import re
import threading

from sqlalchemy import text
from sqlmodel import Session, select

from rvuedge.catalog import search_index
from rvuedge.catalog.importer import CATALOG_VERSION_KEY
from rvuedge.catalog.models import CodeSearchDoc
from rvuedge.catalog.typos import Vocabulary

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
CODE_PREFIX = re.compile(r"^[A-Z0-9]{1,4}$")
CODE = re.compile(r"^[A-Z0-9]{5}$")


# Plain statements: this is the type-ahead hot path, and ORM statement building costs more
# than the queries themselves.
_VERSION = text("SELECT value FROM app_meta WHERE key = :key")
_EXACT_CODE = text("SELECT hcpcs FROM code_search_doc WHERE hcpcs = :code")
_CODE_PREFIX = text(
    "SELECT hcpcs FROM code_search_doc WHERE hcpcs >= :low AND hcpcs < :high "
    "ORDER BY is_common DESC, hcpcs LIMIT :limit"
)
_ALIAS = text("SELECT hcpcs FROM code_alias WHERE alias = :alias ORDER BY rank, hcpcs LIMIT :limit")


def normalize_alias(value: str) -> str:
    return " ".join(search_index.tokens(value))


class _VocabularyCache:
    """The index's words and codes, rebuilt when the catalog version changes (any import)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: object = None
        self._vocabulary = Vocabulary(())
        self._codes: frozenset[str] = frozenset()

    def codes(self, session: Session) -> frozenset[str]:
        self.get(session)
        return self._codes

    def get(self, session: Session) -> Vocabulary:
        key = session.execute(_VERSION, {"key": CATALOG_VERSION_KEY}).scalar()
        if key != self._stamp:
            with self._lock:
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
                self._vocabulary = Vocabulary(words)
                self._codes = frozenset(codes)
                self._stamp = key
        return self._vocabulary


vocabulary_cache = _VocabularyCache()


def search_codes(session: Session, *, query: str, limit: int) -> list[str]:
    """HCPCS codes for a typed query, best first, without duplicates."""
    raw = query.strip()
    if not raw:
        return []
    found: list[str] = []

    def add(codes: list[str]) -> None:
        for code in codes:
            if code not in found:
                found.append(code)

    upper = raw.upper()
    if CODE.match(upper):
        add(list(session.execute(_EXACT_CODE, {"code": upper}).scalars()))
    if CODE_PREFIX.match(upper) and any(ch.isdigit() for ch in upper):
        add(
            list(
                session.execute(
                    _CODE_PREFIX, {"low": upper, "high": upper + "~", "limit": limit}
                ).scalars()
            )
        )
    if len(found) >= limit:
        return found[:limit]
    alias = normalize_alias(raw)
    if alias:
        add(list(session.execute(_ALIAS, {"alias": alias, "limit": limit}).scalars()))
    words = search_index.tokens(raw)[:MAX_WORDS]
    looks_like_code = upper.isdigit() or bool(CODE.match(upper) and found)
    if words and len(found) < limit and not looks_like_code:
        vocabulary = vocabulary_cache.get(session)
        terms = [
            search_index.Term(
                vocabulary.spellings(word, prefix=(i == len(words) - 1)),
                prefix=(i == len(words) - 1),
            )
            for i, word in enumerate(words)
        ]
        add(search_index.match(session, terms, limit))
    return found[:limit]
