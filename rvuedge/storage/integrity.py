"""Is this database fit to serve? A damaged file or a schema of another version is refused."""

import sqlite3
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from rvuedge.engine import reading
from rvuedge.migrations import alembic_config, at_head

RESTORE_HINT = "stop and restore the latest backup: rvuedge restore BACKUP_FILE"


def sqlite_file(url: str) -> Path | None:
    """The database file of an SQLite URL; None for PostgreSQL or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def sqlite_damage(connection: sqlite3.Connection, *, thorough: bool = False) -> str | None:
    """What SQLite's own check finds wrong with the file, in one line; None when it is sound."""
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        rows = [r[0] for r in connection.execute(f"PRAGMA {pragma}(5)")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if rows == ["ok"] else " ".join("; ".join(rows).split())


# Alembic is imported where it is used: the CLI imports this module for sqlite_file() on every
# command, most of which never look at a revision.


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {r.revision for r in script.walk_revisions()}


def schema_problem(revision: str | None) -> str | None:
    """Why a database at `revision` cannot be served by this rvuedge, or None."""
    head = head_revision()
    if revision == head:
        return None
    if revision is None:
        return "it has no rvuedge schema; run: rvuedge db upgrade (rvuedge serve does it)"
    if revision in known_revisions():
        return f"its schema is at {revision}, this rvuedge needs {head}; run: rvuedge db upgrade"
    return f"its schema {revision} is unknown to this rvuedge (written by a newer version?)"


def damage_problem(engine: Engine) -> str | None:
    """One line saying the SQLite file is damaged, or None (also for PostgreSQL)."""
    path = sqlite_file(engine.url.render_as_string(hide_password=False))
    if path is None or not path.exists():
        return None
    connection = sqlite3.connect(path)
    try:
        damage = sqlite_damage(connection)
    finally:
        connection.close()
    return f"database {path} is damaged ({damage}); {RESTORE_HINT}" if damage else None


def startup_problem(engine: Engine) -> str | None:
    """One line saying why the server must not start on this database, or None."""
    path = sqlite_file(engine.url.render_as_string(hide_password=False))
    where = str(path) if path else engine.url.render_as_string(hide_password=True)
    if path is not None and not path.exists():
        return f"database {where}: no such file; run: rvuedge db upgrade (or rvuedge serve)"
    if problem := damage_problem(engine):
        return problem
    if at_head(engine):  # the usual case, told without Alembic (its import holds ~10 MB)
        return None
    from alembic.runtime.migration import MigrationContext

    try:
        with reading(engine).connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
    except DBAPIError as exc:
        return f"database {where} cannot be read ({exc.orig}); {RESTORE_HINT}"
    problem = schema_problem(revision)
    return f"database {where}: {problem}" if problem else None
