"""Quick-entry search: exact code, code prefix, exact name, then full text with typo tolerance."""

import re
import threading

from sqlalchemy import func
from sqlmodel import Session, col, select

from rvuedge.catalog import search_index
from rvuedge.catalog.models import CodeAlias, CodeSearchDoc, FeeScheduleRelease
from rvuedge.catalog.typos import Vocabulary

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
CODE_PREFIX = re.compile(r"^[A-Z0-9]{1,4}$")
CODE = re.compile(r"^[A-Z0-9]{5}$")


def normalize_alias(value: str) -> str:
    return " ".join(search_index.tokens(value))


class _VocabularyCache:
    """The index's words, rebuilt when the catalog changes (keyed on the releases' stamp)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: object = None
        self._vocabulary = Vocabulary(())

    def get(self, session: Session) -> Vocabulary:
        releases = session.exec(
            select(func.count(), func.max(FeeScheduleRelease.imported_at)).select_from(
                FeeScheduleRelease
            )
        ).one()
        docs = session.exec(select(func.count(), func.max(CodeSearchDoc.id))).one()
        key = (tuple(releases), tuple(docs))
        if key != self._stamp:
            with self._lock:
                words: set[str] = set()
                for name, aliases, descriptor in session.exec(
                    select(CodeSearchDoc.name, CodeSearchDoc.aliases, CodeSearchDoc.descriptor)
                ):
                    words.update(search_index.tokens(f"{name} {aliases} {descriptor}"))
                self._vocabulary = Vocabulary(words)
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
        add(list(session.exec(select(CodeSearchDoc.hcpcs).where(CodeSearchDoc.hcpcs == upper))))
    if CODE_PREFIX.match(upper) and any(ch.isdigit() for ch in upper):
        add(
            list(
                session.exec(
                    select(CodeSearchDoc.hcpcs)
                    .where(CodeSearchDoc.hcpcs >= upper, CodeSearchDoc.hcpcs < upper + "~")
                    .order_by(col(CodeSearchDoc.is_common).desc(), CodeSearchDoc.hcpcs)
                    .limit(limit)
                )
            )
        )
    if len(found) >= limit:
        return found[:limit]
    alias = normalize_alias(raw)
    if alias:
        add(
            list(
                session.exec(
                    select(CodeAlias.hcpcs)
                    .where(CodeAlias.alias == alias)
                    .order_by(CodeAlias.rank, CodeAlias.hcpcs)
                    .limit(limit)
                )
            )
        )
    words = search_index.tokens(raw)[:MAX_WORDS]
    if words and len(found) < limit:
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
