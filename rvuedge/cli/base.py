"""What every command shares: the consoles, one-line failures, confirmation, and the database.

The public API of the command line for its command groups: nothing here imports a command
group, so any of them may import this module without a cycle.

The database: every command that uses one first prints which (its URL with the password masked,
an SQLite file as an absolute path). A command run without the environment would otherwise
create `./rvuedge.db` and work on it unseen, so only `serve` and `db upgrade` (which the
Quickstart uses to create it) make a new SQLite file; others refuse unless `rvuedge --create`.
"""

# Start-up matters (`rvuedge --help` should answer at once): the application, the database layer
# and their libraries are imported inside the functions that use them, never at module level.
from __future__ import annotations

import atexit
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

console = Console(stderr=True)  # messages, progress, errors


def out(renderable: object, **options: Any) -> None:
    """A result (a table an operator may pipe on) on stdout. A new console each time, so it
    takes the terminal's width (COLUMNS) at the time of printing."""
    Console().print(renderable, **options)


FORCE_HELP = "Import even a file that looks incomplete (the output says what was overridden)."
YES_HELP = "Do not ask for confirmation (for scripts)."
# This command's options that concern the database (reset by the root command each time).
_command = {"may_create": False, "announced": False}


def start_command(*, create: bool) -> None:
    """Called by `rvuedge` before any command: `--create` lets it make a new SQLite file."""
    if not _ending:
        _ending.append(True)
        atexit.register(end_process)
    _command.update(may_create=create, announced=False)


_ending: list[bool] = []  # end_process() is registered (once per process)


def end_process() -> None:
    """At exit: close the pooled connections (the last close of an SQLite file checkpoints its
    WAL), then take what is alive out of the garbage collector's reach. The interpreter's own
    collections while it tears the modules down walked every object start-up had built: 0.1 to
    0.2 s of `import-rvu`'s wall time, for nothing to free."""
    engine = sys.modules.get("rvuedge.engine")
    if engine is not None and engine.get_engine.cache_info().currsize:
        engine.get_engine().dispose()
    gc.freeze()


def fail(message: str) -> NoReturn:
    """End the command with one line on stderr and exit status 1."""
    from rvuedge.observability.masking import mask

    one_line = " ".join(mask(message).split())
    console.print(f"[red]error:[/red] {escape(one_line)}", soft_wrap=True, highlight=False)
    raise typer.Exit(code=1)


def say(message: str) -> None:
    """One line for the operator on stderr, printed as is (no markup)."""
    console.print(escape(message), soft_wrap=True, highlight=False)


def warn(message: str) -> None:
    console.print(f"[yellow]warning:[/yellow] {escape(message)}", soft_wrap=True, highlight=False)


def report_overrides(overridden: tuple[str, ...]) -> None:
    for reason in overridden:
        console.print(
            f"[yellow]--force overrode:[/yellow] {escape(reason)}", soft_wrap=True, highlight=False
        )


def confirm(question: str, *, yes: bool) -> None:
    """Go on only if the operator agrees (or passed --yes); otherwise stop, changing nothing.
    With nothing to read the answer from (a script with no input), the answer is no."""
    if yes:
        return
    try:
        agreed = typer.confirm(question, default=False, err=True)
    except typer.Abort:
        agreed = False
    if not agreed:
        fail("not confirmed; nothing was changed (pass --yes to skip the question)")


def describe(exc: BaseException) -> str:
    """One line that tells an operator what went wrong (no traceback, no SQL, no secret)."""
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    from rvuedge.failures import AppError
    from rvuedge.observability.masking import mask

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
    return " ".join(mask(text).split())


class OneLineErrors(typer.core.TyperGroup):
    """Turns any exception a command lets escape into one line and exit status 1."""

    def invoke(self, ctx: Any) -> Any:  # typer's Context (its click, vendored or not)
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except Exception as exc:
            fail(describe(exc))


def database_url() -> str:
    from rvuedge.config import get_settings

    return get_settings().DATABASE_URL


def announce_database() -> str:
    """Print (once per command) the database this command uses, masked; return its URL."""
    from rvuedge.observability.masking import mask_url

    url = database_url()
    if not _command["announced"]:
        _command["announced"] = True
        say(f"database: {mask_url(url)}")
    return url


def open_engine(*, may_create: bool = False) -> Engine:
    """The configured database's engine, after saying which it is. A missing SQLite file is
    created only by the commands that may (`may_create`) or with `rvuedge --create`."""
    from rvuedge.engine import get_engine
    from rvuedge.storage.integrity import sqlite_file

    url = announce_database()
    path = sqlite_file(url)
    if path is not None and not path.exists() and not (may_create or _command["may_create"]):
        fail(
            f"database {path.resolve()} does not exist. Point RVUEDGE_DATABASE_URL at the "
            "server's database, or run `rvuedge --create ...` to make a new one"
        )
    return get_engine()


@contextmanager
def database(*, may_create: bool = False) -> Iterator[Session]:
    """A unit of work on the configured database, its schema brought to head first (as serve
    does): committed when the block ends, rolled back on an error."""
    from rvuedge.db import session_scope
    from rvuedge.migrations import upgrade

    engine = open_engine(may_create=may_create)
    upgrade(engine)
    with session_scope(engine) as session:
        yield session


def engine_at_head() -> Engine:
    """The configured database's engine, its schema brought to head first."""
    from rvuedge.migrations import upgrade

    engine = open_engine()
    upgrade(engine)
    return engine
