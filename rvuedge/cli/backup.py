"""`rvuedge backup` and `rvuedge restore`.

A backup is a new file readable by its owner only (it holds every password hash) and the command
prints what it holds (row counts). A restore checks the backup and that no server uses the
database, then asks before it replaces data (`--yes` in scripts), and keeps what it replaced:
the old SQLite file beside the new one, or a pg_dump of the PostgreSQL database taken first.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from rvuedge.cli.base import YES_HELP, confirm, database_url, fail, open_engine, say

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n:,} {label}" for label, n in counts.items()) or "no rvuedge tables"


def backup(path: Path = typer.Argument(..., help="The new backup file.")) -> None:
    """Copy the database into a new FILE (0600) while the server runs, verify it, and print
    what it holds."""
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
            dump = backups.backup_postgres(url, path)
            say(
                f"backup written to {path} (pg_dump custom format; pg_restore reads it): "
                f"schema {dump.revision}; {_summary(dump.counts)}"
            )
            return
        copy = backups.backup_sqlite(
            database, path, busy_timeout_ms=settings.SQLITE_BUSY_TIMEOUT_MS
        )
    except backups.BackupFailed as exc:
        fail(str(exc))
    say(
        f"backup of {database} written to {path}: integrity ok, schema {copy.revision}; "
        f"{_summary(copy.counts)}"
    )


def restore(
    path: Path = typer.Argument(..., help="A file made by `rvuedge backup`."),
    yes: bool = typer.Option(False, "--yes", "-y", help=YES_HELP),
) -> None:
    """Replace the database with a backup. Refused while a server uses the database; asks first
    when the database holds accounts or cases; keeps what it replaced."""
    from rvuedge.storage import backup as backups
    from rvuedge.storage.serving import DatabaseInUse

    url = database_url()
    try:
        if url.startswith("postgresql"):
            _restore_postgres(url, path, yes=yes)
        else:
            _restore_sqlite(url, path, yes=yes)
    except (backups.BackupFailed, DatabaseInUse) as exc:
        fail(f"{exc}; nothing was changed")


def _restore_sqlite(url: str, path: Path, *, yes: bool) -> None:
    from rvuedge.storage import backup as backups
    from rvuedge.storage import serving
    from rvuedge.storage.integrity import schema_problem, sqlite_file

    database = sqlite_file(url)
    if database is None:
        fail("an in-memory database cannot be restored")
    engine = open_engine()
    checked = backups.check_backup(path)
    if database.exists():
        with serving.exclusive(database):  # refused now, before asking, if a server runs
            pass
        live = _live_counts(engine)
        _confirm_over(live, f"{database}", checked.counts, path, yes=yes)
    copy, kept = backups.restore_sqlite(path, database)
    say(
        f"restored {path} into {database}: integrity ok, schema {copy.revision}; "
        f"{_summary(copy.counts)}"
    )
    if kept is not None:
        say(f"the database it replaced is kept as {kept} (delete it when satisfied)")
    if schema_problem(copy.revision):
        say("the backup's schema is older: rvuedge serve (or db upgrade) brings it up")


def _restore_postgres(url: str, path: Path, *, yes: bool) -> None:
    from rvuedge.config import get_settings
    from rvuedge.storage import backup as backups
    from rvuedge.storage.serving import DatabaseInUse

    engine = open_engine()
    backups.check_postgres_backup(path)  # before anything is touched, the safety dump included
    if others := _other_postgres_sessions():
        raise DatabaseInUse(
            f"{others} other session(s) are connected to the database; stop the servers first"
        )
    live = _live_counts(engine)
    _confirm_over(live, "the database", None, path, yes=yes)
    # What the restore replaces is dumped first, so a wrong file can be undone.
    folder = get_settings().DATA_DIR / "backups"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    safety = backups.backup_postgres(url, folder / f"before-restore-{stamp}.dump")
    say(f"the database as it was is saved in {safety.path.resolve()}: {_summary(safety.counts)}")
    backups.restore_postgres(url, path, other_sessions=_other_postgres_sessions())
    from rvuedge.db import get_engine

    restored = backups.database_counts(get_engine())
    say(f"restored {path} into the database: {_summary(restored)}; start the servers again")


def _live_counts(engine: Engine) -> dict[str, int] | None:
    """What the database holds now; None when it cannot be read (a damaged file)."""
    from sqlalchemy.exc import SQLAlchemyError

    from rvuedge.storage import backup as backups

    try:
        return backups.database_counts(engine)
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def _confirm_over(
    live: dict[str, int] | None,
    where: str,
    incoming: dict[str, int] | None,
    path: Path,
    *,
    yes: bool,
) -> None:
    """Ask before data is replaced; a database without accounts or cases is not asked about."""
    if live is not None and not (live.get("accounts") or live.get("cases")):
        return
    holds = f"which holds {_summary(live)}" if live is not None else "which cannot be read"
    coming = f" ({_summary(incoming)})" if incoming is not None else ""
    confirm(f"Replace {where}, {holds}, with {path}{coming}?", yes=yes)


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
