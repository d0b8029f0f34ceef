"""A reconciliation as a dispute list for the billing office: CSV, or XLSX with a summary, the
dispute list, the matched pairs and the totals by month. Text cells are escaped against formula
injection with the exports' own escaping (exports.cells)."""

import csv
import io
from datetime import date
from decimal import Decimal

from rvuedge.exports.cells import escape_formula
from rvuedge.reconciliation.schemas import ReconciliationOut

Cell = str | int | Decimal | date | None


def safe_row(values: list[Cell]) -> list[Cell]:
    """Text a spreadsheet would run as a formula gets its apostrophe; numbers stay numbers."""
    return [escape_formula(v) if isinstance(v, str) else v for v in values]


DISPUTE_HEADER = [
    "Finding",
    "Date of service",
    "Code",
    "Modifiers",
    "Units",
    "Log wRVU",
    "Employer wRVU",
    "Difference (employer - log)",
    "Estimated value ($)",
    "Likely reason",
    "Encounter",
    "Employer rows",
    "Case id",
]


def dispute_rows(out: ReconciliationOut) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for m in out.missing_from_employer:
        rows.append(
            [
                "Missing from the employer's report",
                m.date_of_service,
                m.code,
                " ".join(m.modifiers),
                m.units,
                m.credited_wrvu,
                None,
                -m.credited_wrvu,
                m.estimated_value,
                "logged, not on the employer's report",
                m.encounter_ref,
                None,
                str(m.case_id),
            ]
        )
    for p in out.credit_differs:
        rows.append(
            [
                "Credit differs",
                p.logged.date_of_service,
                p.logged.code,
                " ".join(p.logged.modifiers),
                p.logged.units,
                p.logged.credited_wrvu,
                p.employer.wrvu,
                p.difference,
                None,
                p.reason,
                p.employer.encounter_ref or p.logged.encounter_ref,
                _rows(p.employer.rows),
                str(p.logged.case_id),
            ]
        )
    for e in out.not_in_log:
        rows.append(
            [
                "Not in the log",
                e.date_of_service,
                e.code,
                " ".join(e.modifiers),
                e.units,
                None,
                e.wrvu,
                e.wrvu,
                None,
                "on the employer's report, not in the log (forgotten, or not this physician's)",
                e.encounter_ref,
                _rows(e.rows),
                None,
            ]
        )
    return rows


def _rows(rows: list[int]) -> str:
    return " ".join(str(r) for r in rows)


def to_csv(out: ReconciliationOut) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(DISPUTE_HEADER)
    for row in dispute_rows(out):
        writer.writerow(safe_row(["" if v is None else v for v in row]))
    return buffer.getvalue().encode("utf-8")


def to_xlsx(out: ReconciliationOut) -> bytes:
    from openpyxl import Workbook  # imported here: only this export needs it

    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    t = out.totals
    rows: list[list[Cell]] = [
        ["Reconciliation", str(out.id)],
        ["Period", f"{out.start} to {out.end}"],
        ["Employer's file", out.filename],
        ["Date tolerance (days)", out.tolerance_days],
        ["Logged wRVU", t.logged_wrvu],
        ["Employer wRVU", t.employer_wrvu],
        ["Difference (employer - log)", t.difference],
        ["Missing from the employer's report (wRVU)", t.missing_wrvu],
        ["Missing, estimated value ($)", t.missing_value],
        ["Credit differences (wRVU)", t.credit_differs_wrvu],
        ["Matched lines", out.counts.matched],
        ["Lines whose credit differs", out.counts.credit_differs],
        ["Logged lines missing from the report", out.counts.missing_from_employer],
        ["Report lines not in the log", out.counts.not_in_log],
        ["How the value is estimated", out.value_method],
    ]
    for row in rows:
        summary.append(safe_row(row))
    disputes = book.create_sheet("Dispute list")
    disputes.append(DISPUTE_HEADER)
    for row in dispute_rows(out):
        disputes.append(safe_row(row))
    matched = book.create_sheet("Matched")
    matched.append(
        [
            "Date of service",
            "Code",
            "Modifiers",
            "Units",
            "Log wRVU",
            "Employer wRVU",
            "Paired by",
            "Days apart",
            "Encounter",
            "Employer rows",
            "Case id",
        ]
    )
    for p in out.matched:
        matched.append(
            safe_row(
                [
                    p.logged.date_of_service,
                    p.logged.code,
                    " ".join(p.logged.modifiers),
                    p.logged.units,
                    p.logged.credited_wrvu,
                    p.employer.wrvu,
                    p.paired_by,
                    p.days_apart,
                    p.employer.encounter_ref or p.logged.encounter_ref,
                    _rows(p.employer.rows),
                    str(p.logged.case_id),
                ]
            )
        )
    months = book.create_sheet("By month")
    months.append(["Month", "Logged wRVU", "Employer wRVU", "Difference (employer - log)"])
    for m in out.months:
        months.append(safe_row([m.month, m.logged_wrvu, m.employer_wrvu, m.difference]))
    for sheet in book.worksheets:
        for column in sheet.columns:
            width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
