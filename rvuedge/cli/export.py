"""`rvuedge export`: the same documents as the API, written to a file, for an operator."""

from datetime import date
from pathlib import Path

import typer

from rvuedge.cli.base import engine_at_head, fail

export_app = typer.Typer(
    help="Write a user's case log (CSV, XLSX) or productivity report (PDF) to a file.",
    no_args_is_help=True,
)

EMAIL = typer.Option(..., "--user", help="The account's sign-in email.")
START = typer.Option(None, help="First date of service, YYYY-MM-DD (default: fiscal year start).")
END = typer.Option(None, help="Last date of service, YYYY-MM-DD (default: today).")
OUTPUT = typer.Option(..., "--output", "-o", help="The file to write ('-' for standard output).")


def _dates(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    try:
        return (
            date.fromisoformat(start) if start else None,
            date.fromisoformat(end) if end else None,
        )
    except ValueError as exc:
        fail(f"dates must be YYYY-MM-DD: {exc}")


def _write(output: Path, chunks) -> int:  # noqa: ANN001 - an iterable of bytes
    size = 0
    if str(output) == "-":
        import sys

        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
            size += len(chunk)
        sys.stdout.buffer.flush()
        return size
    partial = output.with_name(output.name + ".partial")
    with partial.open("wb") as handle:  # a failure leaves no half-written file behind
        for chunk in chunks:
            handle.write(chunk)
            size += len(chunk)
    partial.replace(output)
    return size


def _context(email: str, start: str | None, end: str | None):  # noqa: ANN202
    """The account, its today and the range, or a one-line error."""
    from zoneinfo import ZoneInfo

    from sqlmodel import Session

    from rvuedge.db import reading
    from rvuedge.exports.inputs import resolve_range
    from rvuedge.failures import AppError
    from rvuedge.timeutil import utc_now
    from rvuedge.users import service as user_service

    first, last = _dates(start, end)
    engine = engine_at_head()  # the schema at head first, as every operator command does
    with Session(reading(engine)) as session:
        user = user_service.get_by_email(session, email)
        if user is None:
            fail(f"no account with email {email}")
        now = utc_now()
        today = now.astimezone(ZoneInfo(user.time_zone)).date()
        try:
            first, last = resolve_range(user, today=today, start=first, end=last)
        except AppError as exc:
            fail(exc.detail)
        session.expunge(user)
    return engine, user, now, today, first, last


@export_app.command("cases")
def export_cases(
    email: str = EMAIL,
    start: str | None = START,
    end: str | None = END,
    format: str = typer.Option("csv", help="csv or xlsx."),
    include_notes: bool = typer.Option(False, help="Add each case's note as the last column."),
    output: Path = OUTPUT,
) -> None:
    """The case log, one row per credited line (the same file as GET /api/v1/exports/cases)."""
    from rvuedge.exports import service

    if format not in {f.value for f in service.CaseLogFormat}:
        fail(f"unknown format {format!r}: use csv or xlsx")
    engine, user, now, today, first, last = _context(email, start, end)
    if format == "csv":
        chunks = service.case_log_csv(
            engine, user_id=user.id, start=first, end=last, include_notes=include_notes
        )
    else:
        chunks = service.iter_file(
            service.case_log_xlsx(
                engine,
                user=user,
                start=first,
                end=last,
                today=today,
                produced_at=now,
                include_notes=include_notes,
            )
        )
    size = _write(output, chunks)
    typer.echo(f"wrote {output} ({size:,} bytes, {first} to {last})", err=True)


@export_app.command("report")
def export_report(
    email: str = EMAIL,
    start: str | None = START,
    end: str | None = END,
    format: str = typer.Option("pdf", help="pdf (the only format of the report)."),
    basis: str = typer.Option(
        "fiscal_ytd_annualized", help="The benchmark's basis, as in /reports/benchmark."
    ),
    output: Path = OUTPUT,
) -> None:
    """The productivity report (the same PDF as GET /api/v1/reports/productivity.pdf)."""
    from rvuedge.exports import service
    from rvuedge.failures import AppError

    if format != "pdf":
        fail(f"unknown format {format!r}: the report is a pdf")
    engine, user, now, today, first, last = _context(email, start, end)
    try:
        inputs = service.report_inputs(
            engine, user=user, start=first, end=last, today=today, produced_at=now, basis=basis
        )
    except AppError as exc:
        fail(exc.detail)
    size = _write(output, [service.productivity_pdf(inputs)])
    typer.echo(f"wrote {output} ({size:,} bytes, {first} to {last})", err=True)
