"""The group dashboard as a file: one row per member and month, with the member's year to date
against goal, pace and benchmark position repeated on each of their rows (so a filter on a
member keeps them). CSV (UTF-8 with BOM, CRLF) or an XLSX sheet; text escaped against formulas."""

import csv
import io
from decimal import Decimal

from rvuedge.exports.cells import escape_formula
from rvuedge.groups.schemas import Dashboard

HEADERS = [
    "member",
    "user_id",
    "month",
    "cases",
    "credited_wrvu",
    "year_to_date_wrvu",
    "annual_goal",
    "goal_percent",
    "projected_year_end",
    "benchmark_percentile",
]


def rows(board: Dashboard) -> list[list[object]]:
    out: list[list[object]] = []
    for member in board.members:
        goal = member.annual_goal
        for month in member.months:
            out.append(
                [
                    escape_formula(member.display_name),
                    str(member.user_id),
                    month.label,
                    month.cases,
                    month.credited_wrvu,
                    member.pace.year_to_date,
                    goal.goal if goal else None,
                    goal.percent if goal else None,
                    member.pace.projected_year_end,
                    member.benchmark_percentile,
                ]
            )
    return out


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def as_csv(board: Dashboard) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows(board):
        writer.writerow([_text(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode()


def as_xlsx(board: Dashboard) -> bytes:
    from openpyxl import Workbook  # imported when a workbook is asked for: memory (README)

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Dashboard"
    sheet.append(HEADERS)
    for row in rows(board):
        sheet.append(row)
    for column in "EFGHIJ":
        for cell in sheet[column][1:]:
            cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
