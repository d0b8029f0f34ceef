"""The case log, for an operator: `rvuedge revalue`, `rvuedge import-cases`, and what settling
provisional cases did (shared by the commands that load fee-schedule releases)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from rvuedge.cli.base import console, database, fail, out

if TYPE_CHECKING:
    from rvuedge.cases.schemas import RevalueOut


def report_provisional(result: RevalueOut) -> None:
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
        out(table)
    for skipped in result.skipped:
        console.print(f"[yellow]still provisional:[/yellow] {skipped.case_id}: {skipped.reason}")
    console.print(
        f"{len(result.changed)} provisional case(s) revalued, "
        f"{result.wrvu_change:+.2f} wRVU in total; {len(result.skipped)} left as they were"
    )


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
        fail(f"dates must be YYYY-MM-DD: {exc}")
    result = RevalueOut(examined=0, changed=[], skipped=[])
    try:
        with database() as session:
            user = None
            if email:
                user = user_service.get_by_email(session, email)
                if user is None:
                    fail(f"no account with email {email}")
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
        fail(exc.detail)
    except KeyboardInterrupt:
        fail(
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
    out(table)
    for skipped in result.skipped:
        console.print(f"[yellow]left as it was:[/yellow] {skipped.case_id}: {skipped.reason}")
    console.print(
        f"{result.examined} case(s) examined, {len(result.changed)} changed, "
        f"{len(result.skipped)} left as they were"
    )


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
        fail(f"{path}: no such file")
    limit = get_settings().MAX_UPLOAD_BYTES
    if path.stat().st_size > limit:
        fail(f"{path} is larger than the upload limit of {limit} bytes; split it")
    try:
        with database() as session:
            account = user_service.get_by_email(session, user)
            if account is None:
                fail(f"no account with email {user}")
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
            result = import_service.import_out(record)
    except AppError as exc:
        for error in exc.extra.get("errors", [])[:50]:
            console.print(f"  row {error.get('row')}, {error.get('column')}: {error.get('msg')}")
        fail(f"{exc.detail}; nothing was written")
    table = Table("field", "column", "how")
    for column in result.columns:
        table.add_row(column.field, column.column, column.how)
    out(table)
    for skipped in result.skipped_rows:
        console.print(
            f"[yellow]left out:[/yellow] row {skipped.row}, {skipped.column}: {skipped.msg}"
        )
    verb = "created" if commit else "would create"
    console.print(
        f"import {result.id}: {result.rows_read} rows; {verb} {result.cases_to_create} case(s) "
        f"adding {result.wrvu_to_add} wRVU; {result.already_logged} look(s) logged already"
        + ("" if commit else f"; commit with POST /api/v1/imports/{result.id}/commit or --commit")
    )
