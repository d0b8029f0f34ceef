"""The PDF documents' page size, fonts, paragraph styles and table helpers (reportlab)."""

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Paragraph,
    Table,
    TableStyle,
)

from rvuedge.exports import charts

MARGIN = 0.6 * inch
WIDTH = letter[0] - 2 * MARGIN
TOP_CODES = 15
LIGHT = colors.Color(0.9, 0.9, 0.9)

_base = getSampleStyleSheet()
TITLE = ParagraphStyle("title", _base["Title"], fontName=charts.BOLD, fontSize=18, spaceAfter=2,
                       alignment=0)  # fmt: skip
BODY = ParagraphStyle("body", _base["BodyText"], fontName=charts.FONT, fontSize=9, leading=12)
SMALL = ParagraphStyle("small", BODY, fontSize=8, leading=10, textColor=charts.MUTED)
H2 = ParagraphStyle("h2", BODY, fontName=charts.BOLD, fontSize=12, leading=15, spaceBefore=8,
                    spaceAfter=4)  # fmt: skip
TILE_VALUE = ParagraphStyle("tile", BODY, fontName=charts.BOLD, fontSize=15, leading=18,
                            alignment=TA_CENTER)  # fmt: skip
TILE_LABEL = ParagraphStyle("tile_label", SMALL, alignment=TA_CENTER, textColor=colors.black)


def _half_up(value: Decimal) -> Decimal:
    # Python formats a Decimal half-even (135.685 -> "135.68"); the method and every screen
    # round half up (135.69), so the PDF rounds first.
    return Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)


def money(value: Decimal) -> str:
    return f"${_half_up(value):,.2f}"


def wrvu(value: Decimal) -> str:
    return f"{_half_up(value):,.2f}"


def para(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(text), style)


class NumberedCanvas(Canvas):
    """Writes the footer and "page N of M" once the number of pages is known."""

    def __init__(self, *args, footer: str = "", **kwargs):  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.footer = footer
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(charts.FONT, 7.5)
            self.setFillColor(charts.MUTED)
            self.drawString(MARGIN, 0.4 * inch, self.footer)
            self.drawRightString(
                letter[0] - MARGIN, 0.4 * inch, f"page {number} of {len(self._pages)}"
            )
            super().showPage()
        super().save()


def data_table(rows: list[list], widths: list[float], *, total_row: bool = False) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), charts.FONT, 8),
        ("FONT", (0, 0), (-1, 0), charts.BOLD, 8),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if total_row:
        style += [
            ("FONT", (0, -1), (-1, -1), charts.BOLD, 8),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
        ]
    table.setStyle(TableStyle(style))
    return table


def tile_row(tiles: list[tuple[str, str]], *, padding: float = 7) -> Table:
    """Boxed tiles side by side: each a big value over a small label."""
    table = Table(
        [[para(v, TILE_VALUE) for v, _ in tiles], [para(label, TILE_LABEL) for _, label in tiles]],
        colWidths=[WIDTH / len(tiles)] * len(tiles),
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("LINEAFTER", (0, 0), (-2, -1), 0.5, colors.black),
                ("TOPPADDING", (0, 0), (-1, 0), padding),
                ("BOTTOMPADDING", (0, -1), (-1, -1), padding),
            ]
        )
    )
    return table
