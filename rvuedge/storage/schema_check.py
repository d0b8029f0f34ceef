"""Does a backup hold the schema it claims? Every table and column of the revision its
alembic_version names, nothing else, and no row whose foreign key points at nothing.

The schema of a revision is what the migrations build up to it, on a scratch SQLite file: the
same migrations a start-up would run, so an older backup is checked against its own version.
A backup with a table missing passed the integrity check and the version check, and the server
then refused to start on it; now the restore refuses it and changes nothing.
"""

import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine

from rvuedge.migrations import upgrade
from rvuedge.storage.integrity import head_revision

Schema = dict[str, frozenset[str]]


def schema_at(revision: str) -> Schema:
    """The tables and their columns of `revision`: the models' for the newest (the migrations
    build exactly those, tests/test_migrations.py checks), else what the migrations build."""
    if revision == head_revision():
        from rvuedge.models import metadata

        tables = {t.name: frozenset(c.name for c in t.columns) for t in metadata.sorted_tables}
        return {**tables, "alembic_version": frozenset({"version_num"})}
    return _built(revision)


@lru_cache(maxsize=4)
def _built(revision: str) -> Schema:
    with tempfile.TemporaryDirectory(prefix="rvuedge-schema-") as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'reference.db'}")
        try:
            upgrade(engine, revision)
        finally:
            engine.dispose()
        connection = sqlite3.connect(Path(folder) / "reference.db")
        try:
            return tables_of(connection)
        finally:
            connection.close()


def tables_of(connection: sqlite3.Connection) -> Schema:
    """The file's tables and columns; a full-text index (a virtual table and the shadow tables
    it keeps) is derived from the catalog and rebuilt from it, so it is left out."""
    rows = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = [n for n, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    names = [
        n for n, _ in rows if n not in virtual and not any(n.startswith(f"{v}_") for v in virtual)
    ]
    return {
        name: frozenset(r[1] for r in connection.execute(f'PRAGMA table_info("{name}")'))
        for name in names
    }


def schema_mismatch(connection: sqlite3.Connection, revision: str) -> str | None:
    """What differs between the file's tables and columns and those of `revision`, and any
    foreign key that points at nothing; None when the file is what it claims."""
    problems = _differences(schema_at(revision), tables_of(connection))
    if problems:
        return f"it does not hold schema {revision}: " + "; ".join(problems)
    broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        return (
            f"{len(broken)}{'+' if len(broken) >= 1000 else ''} row(s) point at rows that do "
            f"not exist (foreign keys of {', '.join(tables)})"
        )
    return None


def dump_tables(schema_sql: str) -> Schema:
    """The tables and columns a PostgreSQL dump creates, read from `pg_restore --schema-only`'s
    SQL: pg_dump writes each table as `CREATE TABLE public.name (` with one column per line and
    its constraints apart (ALTER TABLE), so the lines up to `);` are the columns."""
    tables: dict[str, frozenset[str]] = {}
    name: str | None = None
    columns: set[str] = set()
    for line in schema_sql.splitlines():
        if name is None:
            if line.startswith("CREATE TABLE ") and line.rstrip().endswith("("):
                name = _unquote(line.split()[2].split(".")[-1])
                columns = set()
        elif line.startswith(")"):
            tables[name] = frozenset(columns)
            name = None
        elif line.strip() and not line.strip().startswith("CONSTRAINT "):
            columns.add(_unquote(line.split()[0]))
    return tables


def _unquote(identifier: str) -> str:
    return identifier[1:-1].replace('""', '"') if identifier.startswith('"') else identifier


def dump_mismatch(tables: Schema, revision: str) -> str | None:
    """What differs between a dump's tables and columns and those of `revision` (the foreign
    keys are checked by the restore itself: it runs in one transaction, so a row pointing at
    nothing fails the constraint and leaves the database as it was)."""
    problems = _differences(schema_at(revision), tables)
    return f"it does not hold schema {revision}: " + "; ".join(problems) if problems else None


def _differences(expected: Schema, found: Schema) -> list[str]:
    problems: list[str] = []
    missing = sorted(expected.keys() - found.keys())
    extra = sorted(found.keys() - expected.keys())
    if missing:
        problems.append(f"table(s) missing: {', '.join(missing)}")
    if extra:
        problems.append(f"table(s) not of this schema: {', '.join(extra)}")
    for table in sorted(expected.keys() & found.keys()):
        lost = sorted(expected[table] - found[table])
        added = sorted(found[table] - expected[table])
        if lost:
            problems.append(f"{table} lacks column(s) {', '.join(lost)}")
        if added:
            problems.append(f"{table} has column(s) not of this schema: {', '.join(added)}")
    return problems
