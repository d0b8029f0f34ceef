"""`rvuedge db`: the schema (Alembic migrations): upgrade, current, history, downgrade."""

import typer

from rvuedge.cli.base import YES_HELP, confirm, fail, open_engine, out, say

db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION (default: the newest). Creates a missing SQLite file."""
    from rvuedge.migrations import current_revision, upgrade

    engine = open_engine(may_create=True)
    before = current_revision(engine)
    upgrade(engine, revision)
    after = current_revision(engine)
    say(f"database at {after}" + ("" if after != before else " (unchanged)"))


@db_app.command("current")
def db_current() -> None:
    """The database's schema revision, and whether it is this rvuedge's newest (head)."""
    from rvuedge.migrations import current_revision, head_revision, pending_revisions

    engine = open_engine()
    current, head = current_revision(engine), head_revision()
    if current == head:
        out(f"{current} (head)", highlight=False)
        return
    pending = pending_revisions(current)
    if pending is None:
        out(f"{current} (unknown to this rvuedge {head}: written by a newer version?)")
    else:
        out(
            f"{current or 'empty (no schema)'}: {len(pending)} migration(s) to apply to reach "
            f"{head}; run `rvuedge db upgrade`",
            highlight=False,
        )


@db_app.command("history")
def db_history() -> None:
    """Every migration this rvuedge knows, oldest first; the database's current one marked."""
    from rich.table import Table

    from rvuedge.migrations import current_revision, revisions

    current = current_revision(open_engine())
    table = Table("", "revision", "what it does")
    for revision, doc in revisions():
        table.add_row("->" if revision == current else "", revision, doc)
    out(table)


@db_app.command("downgrade")
def db_downgrade(
    revision: str = typer.Argument(..., help="The revision to go back to ('base': empty)."),
    yes: bool = typer.Option(False, "--yes", "-y", help=YES_HELP),
) -> None:
    """Revert migrations down to REVISION. Asks first: the tables they drop lose their rows."""
    from rvuedge.migrations import current_revision, downgrade, revisions

    engine = open_engine()
    known = [r for r, _ in revisions()]
    if revision != "base" and not revision.startswith("-") and revision not in known:
        fail(f"unknown revision {revision!r}; see `rvuedge db history`")
    current = current_revision(engine)
    confirm(
        f"Revert the schema from {current} to {revision}? Tables and columns it removes are "
        "dropped with their data.",
        yes=yes,
    )
    downgrade(engine, revision)
    say(f"database at {current_revision(engine) or 'base (empty)'}")
