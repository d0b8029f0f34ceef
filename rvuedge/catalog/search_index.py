"""The full-text index over code_search_doc: the one place with engine-specific SQL.

SQLite uses an FTS5 table with external content (created by migration). PostgreSQL uses a
tsvector expression index and pg_trgm (created by migration). Both are driven through the same
two functions: rebuild() and match().
"""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from sqlmodel import Session

TOKEN = re.compile(r"[a-z0-9]+")


def tokens(value: str) -> list[str]:
    return TOKEN.findall(value.lower())


@dataclass(frozen=True)
class Term:
    """One query word with the spellings that count as it; the last word may be a prefix."""

    alternatives: tuple[str, ...]
    prefix: bool = False


def _connection(db: "Session | Connection") -> Connection:
    return db if isinstance(db, Connection) else db.connection()


def rebuild(db: "Session | Connection") -> None:
    """Bring the engine's index in line with code_search_doc (call after changing the docs)."""
    connection = _connection(db)
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(
            "INSERT INTO code_search_fts(code_search_fts) VALUES ('rebuild')"
        )
    # PostgreSQL: the expression index follows the table by itself.


Doc = tuple[int, tuple[str, str, str, bool]]  # (code_search_doc.id, (name, aliases, descriptor, _))


class FullText:
    """Entries of the index for single documents, as code_search_doc changes under it: on
    SQLite the FTS5 table's own 'delete' (with the text it indexed) and insert; PostgreSQL's
    expression index follows the table by itself."""

    def __init__(self, db: "Session | Connection", *, whole: bool = False) -> None:
        """`whole`: skip the single entries and rebuild the whole index at finish()."""
        self._connection = _connection(db)
        self._whole = whole
        self._sqlite = self._connection.dialect.name == "sqlite" and not whole

    def finish(self) -> None:
        if self._whole:
            rebuild(self._connection)

    def remove(self, docs: list[Doc]) -> None:
        """Call with the documents' text as stored, before they change or go."""
        if self._sqlite and docs:
            self._connection.exec_driver_sql(
                "INSERT INTO code_search_fts(code_search_fts, rowid, name, aliases, "
                "descriptor) VALUES ('delete', ?, ?, ?, ?)",
                [_params(doc) for doc in docs],
            )

    def add(self, docs: list[Doc]) -> None:
        """Call with the documents' new text, once they are stored."""
        if self._sqlite and docs:
            self._connection.exec_driver_sql(
                "INSERT INTO code_search_fts(rowid, name, aliases, descriptor) VALUES (?, ?, ?, ?)",
                [_params(doc) for doc in docs],
            )


def _params(doc: Doc) -> tuple[Any, ...]:
    doc_id, (name, aliases, descriptor, _) = doc
    return (doc_id, name, aliases, descriptor)


def match_branches(
    session: "Session", terms: list[Term], stage: int, fallback_stage: int
) -> list[tuple[str, dict]]:
    """SELECTs of (stage, ord, hcpcs) for codes whose documents contain every term, best first
    (ord 1 is the best), each with its parameters; search.py limits and unions them. PostgreSQL
    adds a fallback_stage branch: trigram similarity on the whole phrase, which tolerates more
    than one typo and is used only when no code matches every word."""
    if not terms:
        return []
    if session.get_bind().dialect.name == "sqlite":
        return [_branch_sqlite(terms, stage)]
    return _branches_postgres(terms, stage, fallback_stage)


def _branch_sqlite(terms: list[Term], stage: int) -> tuple[str, dict]:
    parts = []
    for term in terms:
        options = [f'"{alt}"' + ("*" if term.prefix else "") for alt in term.alternatives]
        parts.append(options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")")
    # bm25() may only be called in the full-text query itself: rank there, number outside.
    return (
        f"SELECT {int(stage)} AS stage, "  # noqa: S608 (constants; the query text is bound)
        "row_number() OVER (ORDER BY is_common DESC, score, hcpcs) AS ord, hcpcs FROM ("
        "SELECT d.is_common AS is_common, bm25(code_search_fts, 4.0, 3.0, 1.0) AS score, "
        "d.hcpcs AS hcpcs FROM code_search_fts f JOIN code_search_doc d ON d.id = f.rowid "
        "WHERE code_search_fts MATCH :fts_query "
        "ORDER BY d.is_common DESC, score, d.hcpcs LIMIT :pool) AS m",
        {"fts_query": " AND ".join(parts)},
    )


def _branches_postgres(
    terms: list[Term], stage: int, fallback_stage: int
) -> list[tuple[str, dict]]:
    parts = []
    for term in terms:
        options = [alt + (":*" if term.prefix else "") for alt in term.alternatives]
        parts.append("(" + " | ".join(options) + ")")
    fulltext = (
        f"SELECT {int(stage)} AS stage, row_number() OVER (ORDER BY d.is_common DESC, "  # noqa: S608
        "ts_rank(setweight(to_tsvector('simple', d.name), 'A') || "
        "setweight(to_tsvector('simple', d.aliases), 'B') || "
        "setweight(to_tsvector('simple', d.descriptor), 'C'), q) DESC, d.hcpcs) AS ord, d.hcpcs "
        "FROM code_search_doc d, to_tsquery('simple', :ts_query) q "
        "WHERE to_tsvector('simple', d.name || ' ' || d.aliases || ' ' || d.descriptor) @@ q"
    )
    similar = (
        f"SELECT {int(fallback_stage)} AS stage, row_number() OVER (ORDER BY is_common DESC, "  # noqa: S608
        "word_similarity(:phrase, name || ' ' || aliases) DESC, hcpcs) AS ord, hcpcs "
        "FROM code_search_doc WHERE (name || ' ' || aliases) %> :phrase"
    )
    phrase = " ".join(term.alternatives[0] for term in terms)
    return [(fulltext, {"ts_query": " & ".join(parts)}), (similar, {"phrase": phrase})]
