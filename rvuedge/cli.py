"""The operator's command line: `rvuedge --help`.

Every command that reads or writes the database first brings its schema to head (as `serve`
does), and every failure ends in one line on stderr and exit status 1, never a traceback.
"""

# Start-up matters (`rvuedge --help` should answer at once): the application, the database layer
# and their libraries are imported inside the commands that use them, never at module level.
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
import typer
from rich.console import Console
from rich.markup import escape

from rvuedge.crediting.cli import presets_app
from rvuedge.exports.cli import export_app

if TYPE_CHECKING:
    from sqlmodel import Session

    from rvuedge.cases.schemas import RevalueOut
    from rvuedge.config import Settings

console = Console(stderr=True)


def _fail(message: str) -> NoReturn:
    one_line = " ".join(message.split())
    console.print(f"[red]error:[/red] {escape(one_line)}", soft_wrap=True, highlight=False)
    raise typer.Exit(code=1)


def _report_overrides(overridden: tuple[str, ...]) -> None:
    for reason in overridden:
        console.print(
            f"[yellow]--force overrode:[/yellow] {escape(reason)}", soft_wrap=True, highlight=False
        )


FORCE_HELP = "Import even a file that looks incomplete (the output says what was overridden)."


def describe(exc: BaseException) -> str:
    """One line that tells an operator what went wrong (no traceback, no SQL)."""
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    from rvuedge.failures import AppError

    if isinstance(exc, AppError):
        text = exc.detail
    elif isinstance(exc, DBAPIError):
        text = f"database error: {exc.orig}"
        if "locked" in text:
            text += " (another process holds the database; try again when it is done)"
    elif isinstance(exc, SQLAlchemyError):
        text = f"database error: {exc}"
    elif isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        text = f"{exc.strerror or exc}{where}"
    else:
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return " ".join(text.split())


class _OneLineErrors(typer.core.TyperGroup):
    """Turns any exception a command lets escape into one line and exit status 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            _fail(describe(exc))


app = typer.Typer(
    cls=_OneLineErrors,
    help="rvuedge: wRVU tracking backend.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
seed_app = typer.Typer(help="The reference data shipped in seed/.", no_args_is_help=True)
users_app = typer.Typer(help="Accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(seed_app, name="seed")
app.add_typer(users_app, name="users")
app.add_typer(export_app, name="export")
app.add_typer(presets_app, name="credit-presets")


@contextmanager
def _database() -> Iterator[Session]:
    """A unit of work on a database whose schema is at head (migrated first, as serve does)."""
    from rvuedge.db import get_engine, session_scope
    from rvuedge.migrations import upgrade

    upgrade(get_engine())
    with session_scope() as session:
        yield session


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    from rvuedge.db import get_engine
    from rvuedge.migrations import upgrade

    upgrade(get_engine(), revision)
    console.print(f"database at {revision}")


@db_app.command("downgrade")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION (use 'base' for an empty database)."""
    from rvuedge.db import get_engine
    from rvuedge.migrations import downgrade

    downgrade(get_engine(), revision)
    console.print(f"database at {revision}")


@seed_app.command("load")
def seed_load(force: bool = typer.Option(False, help="Reload even when unchanged.")) -> None:
    """Load the seed (common codes, their CMS numbers, category distributions)."""
    from rvuedge.cases.provisional import settle_provisional
    from rvuedge.catalog.seed import load_seed
    from rvuedge.config import get_settings
    from rvuedge.timeutil import utc_now

    with _database() as session:
        outcome = load_seed(session, get_settings().SEED_DIR, force=force)
        settled = settle_provisional(session, now=utc_now())
    console.print(f"seed {outcome}")
    _report_provisional(settled)


@seed_app.command("build")
def seed_build(
    paths: list[Path] = typer.Argument(..., help="PPRRVU CSV files or RVU zips."),
    gpci: list[Path] = typer.Option([], help="GPCI files (Addendum E) to ship, one per year."),
) -> None:
    """Regenerate seed/ CMS numbers from CMS files (see seed/README.md)."""
    from rvuedge.catalog.seed import build_seed
    from rvuedge.config import get_settings
    from rvuedge.failures import ImportFailed

    try:
        counts = build_seed(get_settings().SEED_DIR, paths, gpci)
    except ImportFailed as exc:
        _fail(str(exc))
    console.print(f"seed rebuilt: {counts}")


@app.command("import-rvu")
def import_rvu(
    path: Path,
    force: bool = typer.Option(False, help=FORCE_HELP),
    proposed: bool = typer.Option(
        False, help="A proposed rule's numbers: compared against, never used to value a case."
    ),
) -> None:
    """Import a CMS PPRRVU release: the quarterly zip (RVU26C.zip) or the PPRRVU*.csv in it."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from rvuedge.cases.provisional import settle_provisional
    from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
    from rvuedge.catalog.importer import import_rvu_file
    from rvuedge.failures import ImportFailed
    from rvuedge.timeutil import utc_now

    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:>6}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            name, data = read_rvu_source(path)
            lines = data.count(b"\n") or 1
            reading = progress.add_task(f"reading {name}", total=lines)
            parsed = parse_rvu_bytes(
                data, name, progress=lambda n: progress.update(reading, completed=n)
            )
            progress.update(reading, completed=lines)
            writing = progress.add_task(f"storing {parsed.name}", total=len(parsed.rows))
            with _database() as session:
                result = import_rvu_file(
                    session,
                    parsed,
                    force=force,
                    proposed=proposed,
                    progress=lambda n: progress.update(writing, completed=n),
                )
                # Same transaction: the release and the cases it revalues land together or not.
                settled = settle_provisional(session, now=utc_now())
    except ImportFailed as exc:
        _fail(f"{exc}; nothing was written")
    _report_overrides(result.overridden)
    label = f"{result.release} (proposed)" if proposed else result.release
    console.print(f"release {label}: {result.outcome} ({result.rows} rows)")
    _report_provisional(settled)


def _report_provisional(result: RevalueOut) -> None:
    """What settling provisional cases did, for the operator (nothing when there were none)."""
    if not result.examined:
        return
    from rich.table import Column, Table

    table = Table(
        Column("case", no_wrap=True, min_width=36),
        "date",
        "old release",
        "new release",
        "old wRVU",
        "new wRVU",
    )
    for c in result.changed:
        table.add_row(
            str(c.case_id),
            str(c.date_of_service),
            c.old_release,
            c.new_release,
            str(c.old_total_wrvu),
            str(c.new_total_wrvu),
        )
    if result.changed:
        Console().print(table)
    for skipped in result.skipped:
        console.print(f"[yellow]still provisional:[/yellow] {skipped.case_id}: {skipped.reason}")
    console.print(
        f"{len(result.changed)} provisional case(s) revalued, "
        f"{result.wrvu_change:+.2f} wRVU in total; {len(result.skipped)} left as they were"
    )


@app.command("import-gpci")
def import_gpci(path: Path, force: bool = typer.Option(False, help=FORCE_HELP)) -> None:
    """Import a CMS GPCI file (Addendum E), CSV or fixed-width TXT."""
    from rvuedge.catalog.gpci_file import parse_gpci_file
    from rvuedge.catalog.importer import import_gpci_file
    from rvuedge.failures import ImportFailed

    try:
        parsed = parse_gpci_file(path)
        with _database() as session:
            result = import_gpci_file(session, parsed, force=force)
    except ImportFailed as exc:
        _fail(f"{exc}; nothing was written")
    _report_overrides(result.overridden)
    console.print(f"GPCI {result.release}: {result.outcome} ({result.rows} localities)")


@app.command("releases")
def releases() -> None:
    """List the imported fee-schedule releases."""
    from rich.table import Table
    from sqlmodel import select

    from rvuedge.catalog.models import FeeScheduleRelease

    table = Table("release", "effective", "CF", "rows", "descriptors", "source")
    # Proposed releases are listed too, labelled (they never value a case).
    with _database() as session:
        for r in session.exec(
            select(FeeScheduleRelease).order_by(FeeScheduleRelease.effective_date)
        ):
            table.add_row(
                f"{r.name} (proposed)" if r.proposed else r.name,
                str(r.effective_date),
                str(r.conversion_factor),
                str(r.row_count),
                "yes" if r.has_descriptors else "no (seed)",
                r.source_filename,
            )
    Console().print(table)


@users_app.command("create")
def users_create(
    email: str = typer.Option(..., help="Sign-in email."),
    display_name: str = typer.Option(..., help="Name shown in the app."),
    password: str = typer.Option(
        ..., prompt=True, hide_input=True, confirmation_prompt=True, envvar="RVUEDGE_NEW_PASSWORD"
    ),
) -> None:
    """Create an account (the password is prompted for, or read from RVUEDGE_NEW_PASSWORD)."""
    from pydantic import ValidationError

    from rvuedge.failures import AppError
    from rvuedge.users import service
    from rvuedge.users.schemas import RegisterIn

    try:
        data = RegisterIn(email=email, password=password, display_name=display_name)
        with _database() as session:
            user = service.register(session, data=data)
            user_id = user.id
    except ValidationError as exc:
        _fail("; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors()))
    except AppError as exc:
        _fail(exc.detail)
    console.print(f"created {email} ({user_id})")


@users_app.command("list")
def users_list() -> None:
    """List accounts."""
    from rich.table import Table

    from rvuedge.users import service

    table = Table("email", "name", "active", "specialty", "created")
    with _database() as session:
        for u in service.list_users(session):
            table.add_row(
                u.email,
                u.display_name,
                "yes" if u.is_active else "no",
                u.specialty or "",
                str(u.created_at)[:19],
            )
    Console().print(table)


@users_app.command("disable")
def users_disable(email: str) -> None:
    """Disable an account and sign out all of its devices."""
    from rvuedge.timeutil import utc_now
    from rvuedge.users import service

    with _database() as session:
        user = service.get_by_email(session, email)
        if user is None:
            _fail(f"no account with email {email}")
            return
        user.is_active = False
        session.add(user)
        revoked = service.revoke_all(session, user_id=user.id, now=utc_now(), reason="disabled")
    console.print(f"disabled {email}; {revoked} device session(s) signed out")


@app.command("revalue")
def revalue(
    start: str = typer.Option(..., help="First date of service, YYYY-MM-DD."),
    end: str = typer.Option(..., help="Last date of service, YYYY-MM-DD."),
    email: str | None = typer.Option(None, help="Only this user's cases (default: everyone's)."),
) -> None:
    """Recompute stored credit for cases in a date range (e.g. after importing a new release)."""
    from datetime import date

    from rich.table import Table

    from rvuedge.cases import service as case_service
    from rvuedge.cases.schemas import RevalueOut
    from rvuedge.failures import AppError
    from rvuedge.timeutil import utc_now
    from rvuedge.users import service as user_service

    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError as exc:
        _fail(f"dates must be YYYY-MM-DD: {exc}")
    result = RevalueOut(examined=0, changed=[], skipped=[])
    try:
        with _database() as session:
            user = None
            if email:
                user = user_service.get_by_email(session, email)
                if user is None:
                    _fail(f"no account with email {email}")
            # One short transaction per batch: the server's writes get in between batches.
            for result in case_service.revalue_batches(
                session, start=first, end=last, now=utc_now(), user=user
            ):
                session.commit()
                console.print(
                    f"{result.examined} case(s) examined through {result.through}, "
                    f"{len(result.changed)} changed so far"
                )
    except AppError as exc:
        _fail(exc.detail)
    except KeyboardInterrupt:
        _fail(
            f"interrupted after {result.examined} case(s); those are saved. Resume with "
            f"--start {result.through or first} --end {last}"
        )
    table = Table("case", "date", "old release", "new release", "old wRVU", "new wRVU")
    for c in result.changed:
        table.add_row(
            str(c.case_id),
            str(c.date_of_service),
            c.old_release,
            c.new_release,
            str(c.old_total_wrvu),
            str(c.new_total_wrvu),
        )
    Console().print(table)
    for skipped in result.skipped:
        console.print(f"[yellow]left as it was:[/yellow] {skipped.case_id}: {skipped.reason}")
    console.print(
        f"{result.examined} case(s) examined, {len(result.changed)} changed, "
        f"{len(result.skipped)} left as they were"
    )


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, help="Worker processes (use PostgreSQL for more than one)."),
) -> None:
    """Migrate the database, load the seed, and serve the API."""
    import uvicorn

    from rvuedge.cases.provisional import settle_provisional
    from rvuedge.catalog.seed import load_seed
    from rvuedge.config import get_settings
    from rvuedge.db import get_engine, session_scope
    from rvuedge.migrations import upgrade
    from rvuedge.security import InsecureConfiguration, secret_key
    from rvuedge.storage.integrity import damage_problem
    from rvuedge.timeutil import utc_now

    settings = get_settings()
    try:
        secret_key(settings)
    except InsecureConfiguration as exc:
        _fail(str(exc))
    if problem := damage_problem(get_engine()):
        _fail(problem)
    upgrade(get_engine())
    with session_scope() as session:
        outcome = load_seed(session, settings.SEED_DIR)
        settled = settle_provisional(session, now=utc_now()) if outcome == "loaded" else None
    console.print(f"database ready ({settings.DATABASE_URL}); seed {outcome}")
    if settled is not None:
        _report_provisional(settled)
    console.print(f"API docs: http://{host}:{port}/docs")
    options = proxy_options(settings)
    uvicorn.run("rvuedge.main:app", host=host, port=port, workers=workers, **options)


def proxy_options(settings: Settings) -> dict[str, Any]:
    """Believe X-Forwarded-For/-Proto only from the proxies named in RVUEDGE_TRUSTED_PROXIES.

    uvicorn's own default trusts 127.0.0.1, which would let any local client pick its address
    (and so dodge the per-address sign-in and registration limits).
    """
    trusted = settings.TRUSTED_PROXIES.strip()
    if not trusted:
        return {"proxy_headers": False, "server_header": False}
    return {"proxy_headers": True, "forwarded_allow_ips": trusted, "server_header": False}


@app.command("import-benchmarks")
def import_benchmarks(
    path: Path,
    encoding: str = typer.Option("utf-8", help="The file's text encoding, e.g. latin-1."),
) -> None:
    """Import benchmark tables from a CSV (columns in the README). All rows or nothing."""
    from rvuedge.benchmarks.csv_file import parse_benchmark_csv
    from rvuedge.benchmarks.service import import_tables
    from rvuedge.failures import ImportFailed

    try:
        rows = parse_benchmark_csv(path, encoding=encoding)
        with _database() as session:
            counts = import_tables(session, rows)
    except ImportFailed as exc:
        _fail(f"{exc}; nothing was written")
        return
    console.print(
        f"{len(rows)} table(s): {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged"
    )


@app.command("backup")
def backup(path: Path = typer.Argument(..., help="The new backup file.")) -> None:
    """Copy the database into a new FILE while the server runs, and verify the copy."""
    from rvuedge.config import get_settings
    from rvuedge.storage import backup as backups
    from rvuedge.storage.integrity import sqlite_file

    settings = get_settings()
    database = sqlite_file(settings.DATABASE_URL)
    try:
        if database is None:
            if not settings.DATABASE_URL.startswith("postgresql"):
                _fail("an in-memory database cannot be backed up")
            backups.backup_postgres(settings.DATABASE_URL, path)
            console.print(f"backup written to {path} (pg_dump custom format; pg_restore reads it)")
            return
        copy = backups.backup_sqlite(
            database, path, busy_timeout_ms=settings.SQLITE_BUSY_TIMEOUT_MS
        )
    except backups.BackupFailed as exc:
        _fail(str(exc))
    console.print(
        f"backup of {database} written to {path}: integrity ok, schema {copy.revision}; "
        f"{copy.summary()}",
        soft_wrap=True,
    )


@app.command("restore")
def restore(path: Path = typer.Argument(..., help="A file made by `rvuedge backup`.")) -> None:
    """Replace the database with a backup (refused while a server uses the database)."""
    from rvuedge.config import get_settings
    from rvuedge.storage import backup as backups
    from rvuedge.storage.integrity import schema_problem, sqlite_file
    from rvuedge.storage.serving import DatabaseInUse

    settings = get_settings()
    database = sqlite_file(settings.DATABASE_URL)
    try:
        if database is None:
            if not settings.DATABASE_URL.startswith("postgresql"):
                _fail("an in-memory database cannot be restored")
            backups.restore_postgres(
                settings.DATABASE_URL, path, other_sessions=_other_postgres_sessions()
            )
            console.print(f"restored {path} into the database; start the servers again")
            return
        copy, kept = backups.restore_sqlite(path, database)
    except (backups.BackupFailed, DatabaseInUse) as exc:
        _fail(f"{exc}; nothing was changed")
    console.print(
        f"restored {path} into {database}: integrity ok, schema {copy.revision}; {copy.summary()}",
        soft_wrap=True,
    )
    if kept is not None:
        console.print(
            f"the database it replaced is kept as {kept} (delete it when satisfied)", soft_wrap=True
        )
    if schema_problem(copy.revision):
        console.print("the backup's schema is older: rvuedge serve (or db upgrade) brings it up")


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


@app.command("import-cases")
def import_cases(
    path: Path = typer.Argument(..., help="The past log, CSV (UTF-8) or XLSX."),
    user: str = typer.Option(..., "--user", help="Email of the account the cases belong to."),
    mapping: str | None = typer.Option(
        None, help='Column overrides as JSON, e.g. \'{"date_of_service": "Svc Date"}\'.'
    ),
    skip_invalid_rows: bool = typer.Option(
        False, help="Leave out rows with problems instead of refusing the file."
    ),
    commit: bool = typer.Option(False, help="Create the cases (default: a dry run)."),
) -> None:
    """Bring a past log into an account: a dry run by default, --commit to create the cases."""
    from zoneinfo import ZoneInfo

    from rich.table import Table

    from rvuedge.config import get_settings
    from rvuedge.failures import AppError
    from rvuedge.imports import service as import_service
    from rvuedge.timeutil import utc_now
    from rvuedge.uploads import parse_mapping
    from rvuedge.users import service as user_service

    if not path.is_file():
        _fail(f"{path}: no such file")
    limit = get_settings().MAX_UPLOAD_BYTES
    if path.stat().st_size > limit:
        _fail(f"{path} is larger than the upload limit of {limit} bytes; split it")
    try:
        with _database() as session:
            account = user_service.get_by_email(session, user)
            if account is None:
                _fail(f"no account with email {user}")
                return
            now = utc_now()
            today = now.astimezone(ZoneInfo(account.time_zone)).date()
            record = import_service.preview_import(
                session,
                user=account,
                content=path.read_bytes(),
                filename=path.name,
                mapping=parse_mapping(mapping),
                skip_invalid_rows=skip_invalid_rows,
                today=today,
            )
            if commit:
                record = import_service.commit_import(
                    session, user=account, import_id=record.id, today=today, now=now
                )
            out = import_service.import_out(record)
    except AppError as exc:
        for error in exc.extra.get("errors", [])[:50]:
            console.print(f"  row {error.get('row')}, {error.get('column')}: {error.get('msg')}")
        _fail(f"{exc.detail}; nothing was written")
        return
    table = Table("field", "column", "how")
    for column in out.columns:
        table.add_row(column.field, column.column, column.how)
    Console().print(table)
    for skipped in out.skipped_rows:
        console.print(
            f"[yellow]left out:[/yellow] row {skipped.row}, {skipped.column}: {skipped.msg}"
        )
    verb = "created" if commit else "would create"
    console.print(
        f"import {out.id}: {out.rows_read} rows; {verb} {out.cases_to_create} case(s) "
        f"adding {out.wrvu_to_add} wRVU; {out.already_logged} look(s) logged already"
        + ("" if commit else f"; commit with POST /api/v1/imports/{out.id}/commit or --commit")
    )
