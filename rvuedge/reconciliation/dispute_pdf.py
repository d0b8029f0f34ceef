"""A reconciliation as a printed dispute list for the billing office (reportlab, Letter): who, the
period, the employer's file and the date tolerance; the totals and the counts; the lines missing
from the employer's report, the lines credited differently and the report's lines not in the log,
each a table whose header row repeats on every page; the totals by month.

The rows are the CSV's and the workbook's (export.dispute_rows), picked by their DISPUTE_HEADER
column; fonts, styles, tables and the "page N of M" footer are the productivity report's
(exports.pdf_report): standard PDF fonts, black and greys only, so it prints in black and white.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from rvuedge.exports import charts
from rvuedge.exports.pdf_report import (
    BODY,
    H2,
    SMALL,
    TITLE,
    WIDTH,
    data_table,
    money,
    numbered_pdf,
    para,
    produced_text,
    wrvu,
)
from rvuedge.reconciliation.export import DISPUTE_HEADER, Cell, dispute_rows
from rvuedge.reconciliation.schemas import ReconciliationOut
from rvuedge.users.models import User

CELL = ParagraphStyle("cell", BODY, fontSize=8, leading=9.5)
HEAD = ParagraphStyle("head", CELL, fontName=charts.BOLD)
HEAD_NUMBER = ParagraphStyle("head_number", HEAD, alignment=TA_RIGHT)
NOTE = ParagraphStyle("note", SMALL, spaceAfter=3)
LINE = ParagraphStyle("line", BODY, spaceBefore=2)
# Room a section needs at the foot of a page to start there: its heading, note and a few rows.
SECTION_START = 1.3 * inch
NOT_GIVEN = "n/a"
# A printed list stops here (about 25 pages a section); the CSV and XLSX exports hold every line.
# A 50,000-line list took 163 s to print in full.
MAX_SECTION_LINES = 1_000
TABLE_ROWS = 200


def _capped(count: int) -> str:
    return (
        f"The first {MAX_SECTION_LINES:,} of these {count:,} lines are printed below; the full "
        "list is in the CSV or XLSX export of this reconciliation (format=csv or format=xlsx)."
    )


@dataclass(frozen=True)
class Column:
    source: str  # its name in export.DISPUTE_HEADER
    label: str
    inches: float | None  # None: what the others leave of the page width
    kind: str = "text"  # text, date, units, wrvu, signed or money

    @property
    def number(self) -> bool:
        return self.kind not in {"text", "date"}


@dataclass(frozen=True)
class Section:
    finding: str  # the Finding column of export.dispute_rows
    note: str
    columns: list[Column]


DATE = Column("Date of service", "Date of service", 0.8, "date")
CODE = Column("Code", "Code", 0.55)
MODIFIERS = Column("Modifiers", "Modifiers", 0.75)
UNITS = Column("Units", "Units", 0.45, "units")
LOG_WRVU = Column("Log wRVU", "Log wRVU", 0.7, "wrvu")
EMPLOYER_WRVU = Column("Employer wRVU", "Employer wRVU", 0.75, "wrvu")
EMPLOYER_ROWS = Column("Employer rows", "Employer rows", 0.8)
ENCOUNTER = Column("Encounter", "Encounter", None)

SECTIONS = [
    Section(
        "Missing from the employer's report",
        "Logged lines with credit that the employer's report lacks: ask for them to be credited. "
        "The estimated value is what the line adds to pay under the pay plan (see the summary).",
        [
            DATE,
            CODE,
            MODIFIERS,
            UNITS,
            LOG_WRVU,
            Column("Estimated value ($)", "Estimated value", 0.95, "money"),
            ENCOUNTER,
        ],
    ),
    Section(
        "Credit differs",
        "Lines on both, credited differently. Difference is employer minus log: below zero, the "
        "employer credited less. Modifiers are the log's.",
        [
            DATE,
            CODE,
            MODIFIERS,
            LOG_WRVU,
            EMPLOYER_WRVU,
            Column("Difference (employer - log)", "Difference", 0.75, "signed"),
            Column("Likely reason", "Likely reason", None),
            EMPLOYER_ROWS,
        ],
    ),
    Section(
        "Not in the log",
        "Lines on the employer's report with no logged line: forgotten in the log, or not this "
        "physician's. Employer rows are the rows of the employer's file.",
        [DATE, CODE, MODIFIERS, UNITS, EMPLOYER_WRVU, EMPLOYER_ROWS, ENCOUNTER],
    ),
]


def _signed(value: Decimal) -> str:
    return f"{value:+,.2f}"


def _given(value: Decimal | None, show: Callable[[Decimal], str]) -> str:
    return NOT_GIVEN if value is None else show(value)


def _widths(columns: list[Column]) -> list[float]:
    fixed = sum(c.inches or 0 for c in columns) * inch
    rest = [c for c in columns if c.inches is None]
    return [c.inches * inch if c.inches else (WIDTH - fixed) / len(rest) for c in columns]


def _cell(value: Cell, kind: str) -> object:
    if value is None or value == "":
        return NOT_GIVEN if kind in {"wrvu", "signed", "money"} else ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return {"wrvu": wrvu, "money": money, "signed": _signed}[kind](value)
    if isinstance(value, int):
        return f"{value:,}"
    return para(value, CELL)  # wraps within its column


def _table_of(rows: list[list[Cell]], columns: list[Column]) -> Table:
    at = [DISPUTE_HEADER.index(c.source) for c in columns]
    body = [[para(c.label, HEAD_NUMBER if c.number else HEAD) for c in columns]]
    body += [[_cell(row[i], c.kind) for i, c in zip(at, columns, strict=True)] for row in rows]
    table = data_table(body, _widths(columns))
    table.setStyle(
        TableStyle(
            [("ALIGN", (i, 0), (i, -1), "LEFT") for i, c in enumerate(columns) if not c.number]
            + [("VALIGN", (0, 0), (-1, -1), "TOP"), ("VALIGN", (0, 0), (-1, 0), "BOTTOM")]
            + [("LINEBELOW", (0, 1), (-1, -1), 0.25, charts.GRID)]
        )
    )
    return table


def _header(out: ReconciliationOut, user: User, produced_at: datetime) -> list[Flowable]:
    who = f"{user.display_name} · {user.specialty or 'no specialty set'}"
    days = "day" if out.tolerance_days == 1 else "days"
    compared = out.created_at.astimezone(ZoneInfo(user.time_zone))
    return [
        para("wRVU reconciliation: dispute list", TITLE),
        para(who, ParagraphStyle("who", BODY, fontSize=11, leading=14)),
        para(f"Period: {out.start:%B %-d, %Y} to {out.end:%B %-d, %Y} (dates of service).", LINE),
        para(
            f"Employer's report: {out.filename}. Date tolerance: {out.tolerance_days} {days} "
            "(service dates that far apart still pair).",
            LINE,
        ),
        para(
            f"Compared with the log on {compared:%B %-d, %Y}; "
            f"produced {produced_text(produced_at, user.time_zone)}.",
            LINE,
        ),
        Spacer(1, 8),
    ]


def _summary(out: ReconciliationOut) -> list[Flowable]:
    t, n = out.totals, out.counts
    nothing_missing = not out.missing_from_employer  # nothing to value: not "no plan"
    figures = [
        ("Logged wRVU", wrvu(t.logged_wrvu)),
        ("Employer wRVU", _given(t.employer_wrvu, wrvu)),
        ("Difference (employer - log)", _given(t.difference, _signed)),
        ("Missing wRVU", wrvu(t.missing_wrvu)),
        (
            "Missing, estimated value",
            money(Decimal(0)) if nothing_missing else _given(t.missing_value, money),
        ),
        ("Credit differences (wRVU)", _given(t.credit_differs_wrvu, _signed)),
    ]
    counts = [
        ("Matched", f"{n.matched:,}"),
        ("Credit differs", f"{n.credit_differs:,}"),
        ("Missing from the employer's report", f"{n.missing_from_employer:,}"),
        ("Not in the log", f"{n.not_in_log:,}"),
        ("Outside the period (not compared)", f"{n.outside_period:,}"),
        ("", ""),
    ]
    rows: list[list] = [["Totals", "wRVU", "Lines", "Count"]]
    rows += [[*figure, *count] for figure, count in zip(figures, counts, strict=True)]
    table = data_table(rows, [2.0 * inch, 1.3 * inch, 2.9 * inch, WIDTH - 6.2 * inch])
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (2, 0), (2, -1), "LEFT"),
                ("LINEAFTER", (1, 0), (1, -1), 0.5, charts.MUTED),
                ("LEFTPADDING", (2, 0), (2, -1), 10),
            ]
        )
    )
    if nothing_missing:
        method = "Nothing logged is missing from the employer's report: there is nothing to value."
    elif out.value_method:
        method = f"How the value is estimated: {out.value_method}"
    else:
        method = "The missing lines are not valued: no pay plan covers their dates."
    return [table, Spacer(1, 4), para(method, SMALL)]


def _months(out: ReconciliationOut) -> Table:
    rows: list[list] = [["Month", "Logged wRVU", "Employer wRVU", "Difference (employer - log)"]]
    months = [(m.month, m.logged_wrvu, m.employer_wrvu, m.difference) for m in out.months]
    t = out.totals
    for label, logged, employer, difference in [
        *months,
        ("Total", t.logged_wrvu, t.employer_wrvu, t.difference),
    ]:
        rows.append([label, wrvu(logged), _given(employer, wrvu), _given(difference, _signed)])
    table = data_table(rows, [1.2 * inch, 1.3 * inch, 1.3 * inch, 1.9 * inch], total_row=True)
    table.hAlign = "LEFT"
    return table


def to_pdf(out: ReconciliationOut, *, user: User, produced_at: datetime) -> bytes:
    """The dispute list as a Letter-size PDF; times in the user's time zone."""
    rows = dispute_rows(out)
    story: list[Flowable] = [*_header(out, user, produced_at), *_summary(out)]
    for section in SECTIONS:
        found = [row for row in rows if row[0] == section.finding]
        story += [
            CondPageBreak(SECTION_START),
            para(f"{section.finding} ({len(found):,})", H2),
            para(section.note, NOTE),
        ]
        if len(found) > MAX_SECTION_LINES:
            story.append(para(_capped(len(found)), NOTE))
            found = found[:MAX_SECTION_LINES]
        # In tables of a few pages each: splitting one table of thousands of rows over pages
        # costs reportlab time that grows with the square of its rows.
        for start in range(0, len(found), TABLE_ROWS):
            story.append(_table_of(found[start : start + TABLE_ROWS], section.columns))
        if not found:
            story.append(para("None."))
    story.append(KeepTogether([para("Totals by month", H2), _months(out)]))

    return numbered_pdf(
        story,
        title=f"wRVU reconciliation: dispute list, {out.start} to {out.end}",
        author=user.display_name,
        footer=f"rvuedge dispute list · {user.display_name} · {out.start} to {out.end} · "
        f"produced {produced_text(produced_at, user.time_zone)}",
    )
