"""Export services: the case log (CSV, XLSX) and the documents made from the reports.

The case log reads in pages, each in a short transaction of its own (see caselog.py), so the
request's own session is released first: `release()`."""

import tempfile
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from enum import StrEnum
from typing import IO

from sqlalchemy.engine import Engine
from sqlmodel import Session

from rvuedge.db import reading
from rvuedge.exports.caselog import NO_CASES, iter_log_lines, log_columns
from rvuedge.exports.csv_file import csv_chunks
from rvuedge.exports.inputs import DEFAULT_BASIS, ReportInputs, gather
from rvuedge.users.models import User

SPOOL_BYTES = 4 * 1024 * 1024  # a workbook larger than this waits on disk, not in memory


class CaseLogFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "svg": "image/svg+xml",
}


def file_name(kind: str, start: date, end: date, extension: str) -> str:
    return f"rvuedge-{kind}-{start.isoformat()}-to-{end.isoformat()}.{extension}"


def release(session: Session) -> Engine:
    """End the request's read transaction (objects keep what they loaded) and return the engine:
    the case log then reads in short transactions of its own while the file is produced."""
    bind = session.get_bind()
    session.close()
    return bind  # type: ignore[return-value]


def case_log_csv(
    bind: Engine, *, user_id: uuid.UUID, start: date, end: date, include_notes: bool
) -> Iterator[bytes]:
    lines = iter_log_lines(bind, user_id=user_id, start=start, end=end)
    return csv_chunks(lines, log_columns(include_notes=include_notes))


def case_log_xlsx(
    bind: Engine,
    *,
    user: User,
    start: date,
    end: date,
    today: date,
    produced_at: datetime,
    include_notes: bool,
    basis: str = DEFAULT_BASIS,
) -> IO[bytes]:
    """The workbook in a spooled temporary file, rewound; the caller closes it."""
    from rvuedge.exports.workbook import write_workbook  # openpyxl: 8 MB a server rarely needs

    inputs = report_inputs(
        bind, user=user, start=start, end=end, today=today, produced_at=produced_at, basis=basis
    )
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    try:
        write_workbook(
            out,
            inputs=inputs,
            lines=iter_log_lines(bind, user_id=user.id, start=start, end=end),
            columns=log_columns(include_notes=include_notes),
        )
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def report_inputs(
    bind: Engine,
    *,
    user: User,
    start: date,
    end: date,
    today: date,
    produced_at: datetime,
    basis: str = DEFAULT_BASIS,
) -> ReportInputs:
    with Session(reading(bind)) as session:
        return gather(
            session,
            user=user,
            start=start,
            end=end,
            today=today,
            produced_at=produced_at,
            basis=basis,
        )


def iter_file(handle: IO[bytes], chunk: int = 64 * 1024) -> Iterator[bytes]:
    """Stream a file in chunks, closing it at the end."""
    try:
        while data := handle.read(chunk):
            yield data
    finally:
        handle.close()


class ChartName(StrEnum):
    MONTHLY = "monthly"
    CUMULATIVE = "cumulative"
    CASE_MIX = "case_mix"
    BENCHMARK = "benchmark"


CHART_TITLES = {
    ChartName.MONTHLY: "Credited wRVU by month against the monthly goal",
    ChartName.CUMULATIVE: "Cumulative wRVU against the goal, with the pace to the year's end",
    ChartName.CASE_MIX: "Credited wRVU by category",
    ChartName.BENCHMARK: "Annual wRVU per 1.0 FTE on the benchmark table's percentile curve",
}


def productivity_pdf(inputs: ReportInputs) -> bytes:
    from rvuedge.exports.pdf_report import render_pdf

    return render_pdf(inputs)


def chart_svg(inputs: ReportInputs, name: ChartName) -> str:
    from rvuedge.exports import charts

    if name == ChartName.MONTHLY:
        drawing = charts.monthly_chart(inputs.months, inputs.monthly_goal)
        described = ", ".join(f"{m.label}: {m.credited}" for m in inputs.months)
    elif name == ChartName.CUMULATIVE:
        drawing = charts.cumulative_chart(
            inputs.months,
            start=inputs.start,
            year=inputs.year if inputs.year_to_date else None,
            annual_goal=inputs.annual_goal,
        )
        described = " ".join(
            [f"{inputs.credited} wRVU from {inputs.start} to {inputs.end}.", inputs.year.method()]
        )
    elif name == ChartName.CASE_MIX:
        drawing = charts.case_mix_chart(inputs.breakdown.by_category, inputs.credited)
        described = ", ".join(f"{r.key}: {r.credited_wrvu}" for r in inputs.breakdown.by_category)
    else:
        drawing = charts.benchmark_chart(inputs.benchmark, inputs.benchmark_note)
        report = inputs.benchmark
        described = (
            f"{report.wrvu_per_fte} wRVU per 1.0 FTE: {report.rank_text}."
            if report
            else inputs.benchmark_note or ""
        )
    if not inputs.has_cases and name != ChartName.BENCHMARK:
        described = NO_CASES
    return charts.to_svg(drawing, title=CHART_TITLES[name], description=described)
