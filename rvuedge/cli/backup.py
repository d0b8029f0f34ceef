"""`rvuedge backup` and `rvuedge restore`."""

from pathlib import Path

import typer

from rvuedge.cli.base import database_url, fail, open_engine, say


def backup(path: Path = typer.Argument(..., help="The new backup file.")) -> None:
    """Copy the database into a new FILE while the server runs, and verify the copy."""
    from rvuedge.config import get_settings
    from rvuedge.storage import backup as backups
    from rvuedge.storage.integrity import sqlite_file

    settings = get_settings()
    open_engine()
    url = database_url()
    database = sqlite_file(url)
    try:
        if database is None:
            if not url.startswith("postgresql"):
                fail("an in-memory database cannot be backed up")
            backups.backup_postgres(url, path)
            say(f"backup written to {path} (pg_dump custom format; pg_restore reads it)")
            return
        copy = backups.backup_sqlite(
            database, path, busy_timeout_ms=settings.SQLITE_BUSY_TIMEOUT_MS
        )
    except backups.BackupFailed as exc:
        fail(str(exc))
    say(
        f"backup of {database} written to {path}: integrity ok, schema {copy.revision}; "
        f"{copy.summary()}"
    )


def restore(path: Path = typer.Argument(..., help="A file made by `rvuedge backup`.")) -> None:
    """Replace the database with a backup (refused while a server uses the database)."""
    from rvuedge.storage import backup as backups
    from rvuedge.storage.integrity import schema_problem, sqlite_file
    from rvuedge.storage.serving import DatabaseInUse

    url = database_url()
    database = sqlite_file(url)
    try:
        if database is None:
            if not url.startswith("postgresql"):
                fail("an in-memory database cannot be restored")
            open_engine()
            backups.restore_postgres(url, path, other_sessions=_other_postgres_sessions())
            say(f"restored {path} into the database; start the servers again")
            return
        open_engine()
        copy, kept = backups.restore_sqlite(path, database)
    except (backups.BackupFailed, DatabaseInUse) as exc:
        fail(f"{exc}; nothing was changed")
    say(f"restored {path} into {database}: integrity ok, schema {copy.revision}; {copy.summary()}")
    if kept is not None:
        say(f"the database it replaced is kept as {kept} (delete it when satisfied)")
    if schema_problem(copy.revision):
        say("the backup's schema is older: rvuedge serve (or db upgrade) brings it up")


def _other_postgres_sessions() -> int:
    from sqlalchemy import text

    from rvuedge.db import get_engine

    with get_engine().connect() as connection:
        return connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
