"""The full-text index over code_search_doc: the one place with engine-specific SQL.

SQLite uses an FTS5 table with external content (created by migration). PostgreSQL uses a
tsvector expression index and pg_trgm (created by migration). Both are driven through the same
two functions: rebuild() and match().
"""

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

TOKEN = re.compile(r"[a-z0-9]+")


def tokens(value: str) -> list[str]:
    return TOKEN.findall(value.lower())


@dataclass(frozen=True)
class Term:
    """One query word with the spellings that count as it; the last word may be a prefix."""

    alternatives: tuple[str, ...]
    prefix: bool = False


def rebuild(session: Session) -> None:
    """Bring the engine's index in line with code_search_doc (call after changing the docs)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO code_search_fts(code_search_fts) VALUES ('rebuild')"))
    # PostgreSQL: the expression index follows the table by itself.


def match(session: Session, terms: list[Term], limit: int) -> list[str]:
    """HCPCS codes whose documents contain every term, best first."""
    if not terms:
        return []
    if session.get_bind().dialect.name == "sqlite":
        return _match_sqlite(session, terms, limit)
    return _match_postgres(session, terms, limit)


def _match_sqlite(session: Session, terms: list[Term], limit: int) -> list[str]:
    parts = []
    for term in terms:
        options = [f'"{alt}"' + ("*" if term.prefix else "") for alt in term.alternatives]
        parts.append(options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")")
    query = " AND ".join(parts)
    rows = session.execute(
        text(
            "SELECT d.hcpcs FROM code_search_fts f JOIN code_search_doc d ON d.id = f.rowid "
            "WHERE code_search_fts MATCH :q "
            "ORDER BY d.is_common DESC, bm25(code_search_fts, 4.0, 3.0, 1.0), d.hcpcs "
            "LIMIT :limit"
        ),
        {"q": query, "limit": limit},
    )
    return [r[0] for r in rows]


def _match_postgres(session: Session, terms: list[Term], limit: int) -> list[str]:
    found = _fulltext_postgres(session, terms, limit)
    if found:
        return found
    # Nothing matched every word: fall back to trigram similarity (pg_trgm) on the whole phrase,
    # which tolerates more than one typo.
    phrase = " ".join(term.alternatives[0] for term in terms)
    rows = session.execute(
        text(
            "SELECT hcpcs FROM code_search_doc WHERE (name || ' ' || aliases) %> :q "
            "ORDER BY is_common DESC, word_similarity(:q, name || ' ' || aliases) DESC, hcpcs "
            "LIMIT :limit"
        ),
        {"q": phrase, "limit": limit},
    )
    return [r[0] for r in rows]


def _fulltext_postgres(session: Session, terms: list[Term], limit: int) -> list[str]:
    parts = []
    for term in terms:
        options = [alt + (":*" if term.prefix else "") for alt in term.alternatives]
        parts.append("(" + " | ".join(options) + ")")
    query = " & ".join(parts)
    rows = session.execute(
        text(
            "SELECT d.hcpcs FROM code_search_doc d, to_tsquery('simple', :q) q "
            "WHERE to_tsvector('simple', d.name || ' ' || d.aliases || ' ' || d.descriptor) @@ q "
            "ORDER BY d.is_common DESC, ts_rank(setweight(to_tsvector('simple', d.name), 'A') || "
            "setweight(to_tsvector('simple', d.aliases), 'B') || "
            "setweight(to_tsvector('simple', d.descriptor), 'C'), q) DESC, d.hcpcs LIMIT :limit"
        ),
        {"q": query, "limit": limit},
    )
    return [r[0] for r in rows]
