"""The case log's documents: a CSV in the order of the ACGME entry form (copy it row by row) and
a PDF defined-category and minimums report for the programme director (reportlab)."""

import csv
import io
from datetime import date
from html import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from rvuedge import __version__
from rvuedge.residency.schemas import CaseLogRow, CountOut, ProgressOut

CSV_COLUMNS = (
    "date",
    "case_id",
    "resident_year",
    "site",
    "attending",
    "role",
    "codes",
    "robotic",
    "entered_in_acgme",
)
MARGIN = 0.6 * inch
_base = getSampleStyleSheet()
TITLE = ParagraphStyle("cl_title", _base["Title"], fontName="Helvetica-Bold", fontSize=16,
                       alignment=0, spaceAfter=2)  # fmt: skip
BODY = ParagraphStyle("cl_body", _base["BodyText"], fontName="Helvetica", fontSize=9, leading=12)
H2 = ParagraphStyle("cl_h2", BODY, fontName="Helvetica-Bold", fontSize=12, leading=15,
                    spaceBefore=8, spaceAfter=4)  # fmt: skip
GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.Color(0.93, 0.93, 0.93)]),
    ]
)


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_bytes(rows: list[CaseLogRow]) -> bytes:
    """One line per case: date, case id, resident year, site, attending, role, the codes with the
    primary first (space-separated), robotic (yes/no), entered in the ACGME (yes/no)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow(
            [
                r.date_of_service.isoformat(),
                r.case_id,
                "" if r.pgy is None else f"PGY{r.pgy}",
                _cell(r.site),
                _cell(r.attending),
                r.role,
                " ".join(r.codes),
                "yes" if r.robotic else "no",
                "yes" if r.entered_at else "no",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _num(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def _total_row(label: str, c: CountOut) -> list[str]:
    return [label, _num(c.count), _num(c.minimum), _num(c.remaining)]


def pdf_bytes(progress: ProgressOut, *, name: str, today: date) -> bytes:
    """The defined-category report (cases per category split by role, with the total-major line)
    and the minimums report, with the counting rules."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=letter,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title="Case log: defined categories and minimums",
        author=name,
        creator=f"rvuedge {__version__}",
    )
    roles = list(progress.by_role)
    story: list = [
        Paragraph("Case log: defined categories and minimums", TITLE),
        Paragraph(
            escape(
                f"{name} · {progress.specialty_name} · PGY {progress.pgy} · "
                f"as of {today.isoformat()} · {progress.cases} cases with a role "
                f"({progress.not_entered} not yet entered in the ACGME system)"
            ),
            BODY,
        ),
        Paragraph("Minimums", H2),
    ]
    totals = [
        ["", "Cases", "Minimum", "Remaining"],
        _total_row("Total major", progress.total_major),
        _total_row("Chief year", progress.chief_year),
        _total_row("Teaching assistant", progress.teaching_assistant),
    ]
    story.append(Table(totals, colWidths=[2.6 * inch, 1 * inch, 1 * inch, 1 * inch], style=GRID))
    story.append(Paragraph("Defined categories by role", H2))
    header = ["Category", *roles, "Counted", "Minimum", "Remaining"]
    body = [header, ["Total major", *(_num(progress.by_role[r]) for r in roles),
                     _num(progress.total_major.count), _num(progress.total_major.minimum),
                     _num(progress.total_major.remaining)]]  # fmt: skip
    for c in progress.categories:
        label = ("    " if c.parent else "") + c.category
        body.append(
            [
                Paragraph(escape(label), BODY),
                *(_num(c.by_role.get(r, 0)) for r in roles),
                _num(c.counted),
                _num(c.minimum),
                _num(c.remaining),
            ]
        )
    width = 7.3 * inch
    numbers = 0.6 * inch
    first = width - numbers * (len(roles) + 3)
    story.append(
        Table(body, colWidths=[first] + [numbers] * (len(roles) + 3), style=GRID, repeatRows=1)
    )
    story.append(Paragraph("By post-graduate year", H2))
    years = [["Year", "Cases", "Total major", *roles]]
    for y in progress.by_pgy:
        years.append(
            [
                "unknown" if y.pgy is None else f"PGY {y.pgy}",
                _num(y.cases),
                _num(y.total_major),
                *(_num(y.by_role.get(r, 0)) for r in roles),
            ]
        )
    story.append(Table(years, style=GRID))
    story.append(Paragraph("How cases are counted", H2))
    for rule in progress.rules:
        story.append(Paragraph(escape(rule), BODY))
    story.append(Spacer(1, 6))
    story.append(
        Paragraph(
            escape(
                f"Minimums: {progress.minimums_source}. Mapping years imported: "
                + (", ".join(str(y) for y in progress.mapping_years) or "none")
                + ". This report is the resident's own log, not the ACGME's record."
            ),
            BODY,
        )
    )
    doc.build(story)
    return buffer.getvalue()
