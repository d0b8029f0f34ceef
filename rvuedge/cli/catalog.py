"""Reference data, for an operator: `rvuedge seed`, `import-rvu`, `import-gpci`, `releases`,
`import-benchmarks`."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from rvuedge.cli.base import (
    FORCE_HELP,
    console,
    database,
    engine_at_head,
    fail,
    out,
    report_overrides,
)
from rvuedge.cli.cases import report_provisional

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from rvuedge.cases.schemas import RevalueOut

seed_app = typer.Typer(help="The reference data shipped with rvuedge.", no_args_is_help=True)


@seed_app.command("load")
def seed_load(force: bool = typer.Option(False, help="Reload even when unchanged.")) -> None:
    """Load the seed (common codes, their CMS numbers, category distributions)."""
    from rvuedge.cases.provisional import settle_provisional
    from rvuedge.catalog.seed import load_seed
    from rvuedge.config import get_settings
    from rvuedge.timeutil import utc_now

    with database() as session:
        outcome = load_seed(session, get_settings().SEED_DIR, force=force)
        settled = settle_provisional(session, now=utc_now())
    console.print(f"seed {outcome}")
    report_provisional(settled)


@seed_app.command("build")
def seed_build(
    paths: list[Path] = typer.Argument(..., help="PPRRVU CSV files or RVU zips."),
    gpci: list[Path] = typer.Option([], help="GPCI files (Addendum E) to ship, one per year."),
) -> None:
    """Regenerate the seed's CMS numbers from CMS files (see rvuedge/seed/README.md)."""
    from rvuedge.catalog.seed import build_seed
    from rvuedge.config import get_settings
    from rvuedge.failures import ImportFailed

    try:
        counts = build_seed(get_settings().SEED_DIR, paths, gpci)
    except ImportFailed as exc:
        fail(str(exc))
    console.print(f"seed rebuilt: {counts}")


def import_rvu(
    path: Path,
    force: bool = typer.Option(False, help=FORCE_HELP),
    proposed: bool = typer.Option(
        False, help="A proposed rule's numbers: compared against, never used to value a case."
    ),
) -> None:
    """Import a CMS PPRRVU release: the quarterly zip (RVU26C.zip) or the PPRRVU*.csv in it."""
    # Plain statements on the engine's connection: neither the ORM nor the models are imported
    # unless a provisional case is there to revalue (start-up is much of this command's time).
    import gc

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
    from rvuedge.catalog.importer import import_release, unchanged_release
    from rvuedge.engine import reading
    from rvuedge.failures import ImportFailed

    # The import builds a few hundred thousand objects that live until it ends: the cyclic
    # collector's passes over them found nothing to free and cost a third of its time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:>6}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            name, data = read_rvu_source(path)
            engine = engine_at_head()
            with reading(engine).connect() as connection:  # the same file again: one lookup
                same = unchanged_release(
                    connection, sha256=hashlib.sha256(data).hexdigest(), proposed=proposed
                )
            if same is not None:
                label = f"{same.name} (proposed)" if proposed else same.name
                progress.stop()
                console.print(f"release {label}: unchanged ({same.row_count} rows)")
                return
            lines = data.count(b"\n") or 1
            reading_file = progress.add_task(f"reading {name}", total=lines)
            parsed = parse_rvu_bytes(
                data, name, progress=lambda n: progress.update(reading_file, completed=n)
            )
            progress.update(reading_file, completed=lines)
            writing = progress.add_task(f"storing {parsed.name}", total=parsed.row_count)
            with engine.begin() as connection:  # all or nothing: committed at the end
                result = import_release(
                    connection,
                    parsed,
                    force=force,
                    proposed=proposed,
                    progress=lambda n: progress.update(writing, completed=n),
                )
                # Same transaction: the release and the cases it revalues land together or not.
                settled = _settle_provisional(connection)
    except ImportFailed as exc:
        fail(f"{exc}; nothing was written")
    finally:
        if collecting:
            gc.enable()
    report_overrides(result.overridden)
    label = f"{result.release} (proposed)" if proposed else result.release
    console.print(f"release {label}: {result.outcome} ({result.rows} rows)")
    if settled is not None:
        report_provisional(settled)


def _settle_provisional(connection: Connection) -> RevalueOut | None:
    """Revalue the provisional cases the import can move, in its transaction; None (and the case
    modules never imported) when no live case is provisional."""
    if (
        connection.exec_driver_sql(
            "SELECT 1 FROM logged_case WHERE provisional AND deleted_at IS NULL LIMIT 1"
        ).first()
        is None
    ):
        return None
    from sqlmodel import Session

    from rvuedge.cases.provisional import settle_provisional
    from rvuedge.timeutil import utc_now

    with Session(bind=connection) as session:  # joins the import's transaction, never commits
        settled = settle_provisional(session, now=utc_now())
        session.flush()
    return settled


def import_gpci(path: Path, force: bool = typer.Option(False, help=FORCE_HELP)) -> None:
    """Import a CMS GPCI file (Addendum E), CSV or fixed-width TXT."""
    from rvuedge.catalog.gpci_file import parse_gpci_file
    from rvuedge.catalog.gpci_import import import_gpci_file
    from rvuedge.failures import ImportFailed

    try:
        parsed = parse_gpci_file(path)
        with database() as session:
            result = import_gpci_file(session, parsed, force=force)
    except ImportFailed as exc:
        fail(f"{exc}; nothing was written")
    report_overrides(result.overridden)
    console.print(f"GPCI {result.release}: {result.outcome} ({result.rows} localities)")


def releases() -> None:
    """List the imported fee-schedule releases."""
    from rich.table import Table
    from sqlmodel import col, select

    from rvuedge.catalog.models import FeeScheduleRelease

    table = Table("release", "effective", "CF", "rows", "descriptors", "source")
    # Proposed releases are listed too, labelled (they never value a case).
    with database() as session:
        for r in session.exec(
            select(FeeScheduleRelease).order_by(col(FeeScheduleRelease.effective_date))
        ):
            table.add_row(
                f"{r.name} (proposed)" if r.proposed else r.name,
                str(r.effective_date),
                str(r.conversion_factor),
                str(r.row_count),
                "yes" if r.has_descriptors else "no (seed)",
                r.source_filename,
            )
    out(table)


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
        with database() as session:
            counts = import_tables(session, rows)
    except ImportFailed as exc:
        fail(f"{exc}; nothing was written")
    console.print(
        f"{len(rows)} table(s): {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged"
    )
