"""Backups taken while the server runs, and restoring one. SQLite here; PostgreSQL via pg_dump.

Why not `cp rvuedge.db`: in WAL mode the newest committed cases live in `rvuedge.db-wal` until a
checkpoint copies them into the main file, so a copy of the main file alone misses them, and a
copy taken during a checkpoint can be torn. SQLite's online backup API copies every page as of
one read snapshot (committed cases included, writers never blocked) into a single file.
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, inspect, make_url, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

from rvuedge.db import reading
from rvuedge.storage import serving
from rvuedge.storage.integrity import schema_problem, sqlite_damage
from rvuedge.storage.schema_check import dump_mismatch, dump_tables, schema_mismatch

SQLITE_MAGIC = b"SQLite format 3\x00"
# The tables whose row counts a backup reports (what an operator recognises).
COUNTED = {
    "user_account": "accounts",
    "logged_case": "cases",
    "case_line": "case lines",
    "fee_schedule_release": "releases",
    "fee_schedule_row": "fee-schedule rows",
    "gpci_locality": "GPCI localities",
    "benchmark_table": "benchmark tables",
}


class BackupFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Copy:
    path: Path
    counts: dict[str, int]
    revision: str | None

    def summary(self) -> str:
        return ", ".join(f"{n:,} {label}" for label, n in self.counts.items())


def _counts(connection: sqlite3.Connection) -> dict[str, int]:
    present = {
        r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    return {
        label: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
        for table, label in COUNTED.items()
        if table in present
    }


def _revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def private_file(path: Path) -> None:
    """Create `path` empty, readable and writable by its owner only (0600, whatever the umask):
    a backup holds every password hash and the whole case log."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    os.chmod(path, 0o600)


def database_counts(engine: Engine) -> dict[str, int]:
    """The row counts a backup reports, read from a live database (either engine)."""
    with reading(engine).connect() as connection:
        return database_counts_in(connection)


def database_counts_in(connection: Connection) -> dict[str, int]:
    present = set(inspect(connection).get_table_names())
    return {
        label: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()  # noqa: S608
        for table, label in COUNTED.items()
        if table in present
    }


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_sqlite(database: Path, target: Path, *, busy_timeout_ms: int = 15000) -> Copy:
    """Copy `database` into `target` (a new file) as of one moment, then verify the copy."""
    if not database.exists():
        raise BackupFailed(f"{database}: no such database")
    if target.exists():
        raise BackupFailed(
            f"{target} already exists; name a new file (backups are never overwritten)"
        )
    if not target.parent.is_dir():
        raise BackupFailed(f"{target.parent}: no such directory")
    partial = target.with_name(target.name + ".partial")
    private_file(partial)  # an empty file is an empty database to SQLite
    source = sqlite3.connect(database, timeout=busy_timeout_ms / 1000)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)  # all pages in one step: one consistent snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        damage = sqlite_damage(copy, thorough=True)
        if damage:
            raise BackupFailed(
                f"the copy fails its integrity check ({damage}); the source may be damaged"
            )
        result = Copy(target, _counts(copy), _revision(copy))
    except BaseException:
        copy.close()
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    copy.close()
    _fsync(partial)
    os.replace(partial, target)
    _fsync(target.parent)
    return result


def check_backup(backup: Path) -> Copy:
    """A backup file fit to restore: an SQLite file that passes its integrity check and whose
    schema this rvuedge knows (an older one is fine: the next start upgrades it), holding every
    table and column of that schema and no foreign key that points at nothing."""
    if not backup.is_file():
        raise BackupFailed(f"{backup}: no such file")
    with open(backup, "rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise BackupFailed(f"{backup} is not an SQLite database")
    connection = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        damage = sqlite_damage(connection, thorough=True)
        if damage:
            raise BackupFailed(f"{backup} fails its integrity check ({damage})")
        revision = _revision(connection)
        problem = schema_problem(revision)
        if revision is None or (problem and "unknown" in problem):
            raise BackupFailed(f"{backup} cannot be restored: {problem}")
        # Every table and column of the version it claims, and its foreign keys, before the
        # database in use is touched.
        mismatch = schema_mismatch(connection, revision)
        if mismatch:
            raise BackupFailed(f"{backup} cannot be restored: {mismatch}")
        return Copy(backup, _counts(connection), revision)
    finally:
        connection.close()


def restore_sqlite(
    backup: Path, database: Path, *, busy_timeout_ms: int = 2000
) -> tuple[Copy, Path | None]:
    """Swap a checked copy of `backup` in for `database`, atomically.

    Refused while a server serves the database or another process writes to it. The database it
    replaces is kept beside it (returned) together with its -wal and -shm files, which are moved
    out of the way first: a stale -wal beside a restored file is what makes it "malformed"."""
    checked = check_backup(backup)
    staged = database.with_name(database.name + ".restoring")
    shutil.copyfile(backup, staged)
    _fsync(staged)
    try:
        with serving.exclusive(database):
            kept = _retire(database, busy_timeout_ms=busy_timeout_ms)
            os.replace(staged, database)
            _fsync(database.parent)
    finally:
        staged.unlink(missing_ok=True)
    return checked, kept


def _retire(database: Path, *, busy_timeout_ms: int) -> Path | None:
    """Set the current database aside (hard link, so `database` never goes missing)."""
    if not database.exists():
        return None
    connection = sqlite3.connect(database, timeout=busy_timeout_ms / 1000, isolation_level=None)
    try:
        # Nobody may be writing while the file is swapped; a healthy file is checkpointed first
        # so the copy kept aside is complete on its own.
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise serving.DatabaseInUse(
                f"another process is writing to {database}; stop it first"
            ) from None
    except sqlite3.DatabaseError:
        pass  # a damaged database (the usual reason to restore) is replaced as it is
    finally:
        connection.close()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = database.with_name(f"{database.name}.before-restore-{stamp}")
    os.link(database, kept)
    for suffix in ("-wal", "-shm"):
        side = database.with_name(database.name + suffix)
        if side.exists():
            os.replace(side, kept.with_name(kept.name + suffix))
    return kept


def pg_tool(name: str) -> str | None:
    return shutil.which(name)


def pg_environment(url: str) -> tuple[list[str], dict[str, str]]:
    """libpq connection arguments for a SQLAlchemy URL; the password travels in the environment."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    args = ["--dbname", parsed.database or ""]
    if parsed.host:
        args += ["--host", parsed.host]
    if parsed.port:
        args += ["--port", str(parsed.port)]
    if parsed.username:
        args += ["--username", parsed.username]
    return args, env


PG_HOWTO = (
    "PostgreSQL: back up with `pg_dump --format=custom --file=FILE DATABASE` and restore with "
    "`pg_restore --clean --if-exists --no-owner --dbname=DATABASE FILE` (PostgreSQL client tools)"
)


def backup_postgres(url: str, target: Path) -> Copy:
    """pg_dump of the database into a new file (0600), with the row counts and schema revision
    of exactly what it holds: they are read in the transaction whose snapshot pg_dump uses."""
    tool = pg_tool("pg_dump")
    if tool is None:
        raise BackupFailed(f"pg_dump is not installed. {PG_HOWTO}")
    if target.exists():
        raise BackupFailed(
            f"{target} already exists; name a new file (backups are never overwritten)"
        )
    if not target.parent.is_dir():
        raise BackupFailed(f"{target.parent}: no such directory")
    args, env = pg_environment(url)
    partial = target.with_name(target.name + ".partial")
    private_file(partial)
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as snapshot:
            snapshot.begin()
            name = snapshot.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            counts = database_counts_in(snapshot)
            revision = snapshot.execute(
                text("SELECT version_num FROM alembic_version")
            ).scalar_one_or_none()
            run = subprocess.run(  # noqa: S603
                [tool, "--format=custom", "--snapshot", name, "--file", str(partial), *args],
                env=env,
                capture_output=True,
                text=True,
            )
            snapshot.rollback()
    finally:
        engine.dispose()
    if run.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"pg_dump failed: {' '.join(run.stderr.split())[:300]}")
    listing = subprocess.run(  # noqa: S603
        [pg_tool("pg_restore") or "pg_restore", "--list", str(partial)],
        capture_output=True,
        text=True,
    )
    if listing.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"the dump does not read back: {' '.join(listing.stderr.split())[:300]}")
    os.replace(partial, target)
    return Copy(target, counts, revision)


def check_postgres_backup(backup: Path) -> str:
    """A pg_dump file fit to restore: one pg_restore reads, whose schema version this rvuedge
    knows, holding every table and column of that version (its revision is returned). Read from
    the file alone, before the database is touched."""
    tool = pg_tool("pg_restore")
    if tool is None:
        raise BackupFailed(f"pg_restore is not installed. {PG_HOWTO}")
    if not backup.is_file():
        raise BackupFailed(f"{backup}: no such file")

    def read(*args: str) -> str:
        run = subprocess.run(  # noqa: S603
            [tool, *args, "--file=-", str(backup)], capture_output=True, text=True
        )
        if run.returncode != 0:
            raise BackupFailed(
                f"{backup} is not a pg_dump file pg_restore can read: "
                f"{' '.join(run.stderr.split())[:300]}"
            )
        return run.stdout

    version = read("--data-only", "--table=alembic_version")
    revision = _copied_value(version)
    problem = schema_problem(revision)
    if revision is None or (problem and "unknown" in problem):
        raise BackupFailed(f"{backup} cannot be restored: {problem or 'no schema version in it'}")
    mismatch = dump_mismatch(dump_tables(read("--schema-only")), revision)
    if mismatch:
        raise BackupFailed(f"{backup} cannot be restored: {mismatch}")
    return revision


def _copied_value(data_sql: str) -> str | None:
    """The one value of a one-column, one-row table in pg_restore's COPY text, or None."""
    lines = data_sql.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("COPY ")]
    if not starts or starts[0] + 1 >= len(lines) or lines[starts[0] + 1] == "\\.":
        return None
    return lines[starts[0] + 1].strip() or None


def restore_postgres(url: str, backup: Path, *, other_sessions: int) -> None:
    check_postgres_backup(backup)
    if other_sessions:
        raise serving.DatabaseInUse(
            f"{other_sessions} other session(s) are connected to the database; "
            "stop the servers first"
        )
    tool = pg_tool("pg_restore")
    if tool is None:
        raise BackupFailed(f"pg_restore is not installed. {PG_HOWTO}")
    if not backup.is_file():
        raise BackupFailed(f"{backup}: no such file")
    args, env = pg_environment(url)
    run = subprocess.run(  # noqa: S603
        [tool, "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(backup)],
        env=env,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise BackupFailed(f"pg_restore failed: {' '.join(run.stderr.split())[:300]}")
