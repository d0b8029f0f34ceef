"""A fingerprint of a whole database, to prove that a refused operation changed nothing."""

import hashlib
import sqlite3

from sqlalchemy import make_url, text

from rvuedge.db import make_engine


def fingerprint(url: str) -> str:
    """SQLite: the SHA-256 of `iterdump()` (schema and every row, FTS tables included).
    PostgreSQL: of every table's rows, each table's rows sorted."""
    parsed = make_url(url)
    digest = hashlib.sha256()
    if parsed.get_backend_name() == "sqlite":
        connection = sqlite3.connect(parsed.database or "")
        try:
            for statement in connection.iterdump():
                digest.update(statement.encode())
        finally:
            connection.close()
        return digest.hexdigest()
    engine = make_engine(url)
    with engine.connect() as connection:
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        ).scalars()
        for table in list(tables):
            rows = connection.execute(
                text(
                    "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                    f' FROM "{table}" t'
                )
            ).scalar()
            digest.update(f"{table}:{rows}".encode())
    engine.dispose()
    return digest.hexdigest()
