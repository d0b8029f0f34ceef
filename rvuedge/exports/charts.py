"""The report's charts as reportlab drawings: placed in the PDF as they are, and rendered to SVG
for the phone, so both show the same figures. Black, white and greys only, with dashes and
markers telling the lines apart: they stay readable on a black-and-white printer."""

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from rvuedge.calc.benchmark import ordinal
from rvuedge.calc.year_view import YearInView, cents
from rvuedge.exports.caselog import NO_CASES
from rvuedge.exports.figures import MonthFigure, goal_path, months_through
from rvuedge.reports import schemas as rs

FONT, BOLD = "Helvetica", "Helvetica-Bold"
INK = colors.black
BAR = colors.Color(0.62, 0.62, 0.62)  # mid grey: distinct from black lines, visible on paper
GRID = colors.Color(0.85, 0.85, 0.85)
MUTED = colors.Color(0.35, 0.35, 0.35)
DASH = [5, 3]
DOT = [1.5, 2.5]
MONTH_NAMES = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def nice_step(top: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 x 10^n) giving about `ticks` intervals up to top."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def whole(value: Decimal) -> Decimal:
    """A figure to the nearest whole number, half up (as a person reads 125.50: 126)."""
    return value.quantize(Decimal(1), ROUND_HALF_UP)


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.1f}"


class _Frame:
    """A plotting area inside a drawing, with a y scale from 0 (or y_min) to a round top."""

    def __init__(self, drawing: Drawing, *, left: float, bottom: float, right: float, top: float):
        self.d = drawing
        self.x0, self.y0 = left, bottom
        self.w, self.h = drawing.width - left - right, drawing.height - bottom - top
        self.y_min, self.y_max = 0.0, 1.0

    def y_scale(self, highest: float, *, lowest: float = 0.0, label: str = "") -> None:
        step = nice_step(max(highest - lowest, 1e-9))
        self.y_min = math.floor(lowest / step) * step
        self.y_max = max(math.ceil(highest / step) * step, self.y_min + step)
        tick = self.y_min
        while tick <= self.y_max + step / 1000:
            y = self.y(tick)
            self.d.add(Line(self.x0, y, self.x0 + self.w, y, strokeColor=GRID, strokeWidth=0.5))
            self.d.add(String(self.x0 - 4, y - 3, _number(tick), fontName=FONT, fontSize=7,
                              textAnchor="end", fillColor=INK))  # fmt: skip
            tick += step
        if label:
            self.d.add(String(self.x0 - 4, self.y0 + self.h + 7, label, fontName=FONT,
                              fontSize=7, textAnchor="start", fillColor=MUTED))  # fmt: skip

    def y(self, value: float) -> float:
        return self.y0 + (value - self.y_min) / (self.y_max - self.y_min) * self.h

    def axis(self) -> None:
        self.d.add(Line(self.x0, self.y0, self.x0 + self.w, self.y0, strokeColor=INK,
                        strokeWidth=0.8))  # fmt: skip


def _title(d: Drawing, text: str) -> None:
    d.add(String(0, d.height - 12, text, fontName=BOLD, fontSize=10, fillColor=INK))


def _legend(d: Drawing, items: list[tuple[str, str]], *, y: float | None = None) -> None:
    """Legend entries: (style, label); style is 'bar', 'solid', 'dash', 'dot' or 'marker'."""
    x, y = d.width, (d.height - 11) if y is None else y
    for style, label in reversed(items):
        width = stringWidth(label, FONT, 7) + 10
        x -= width
        d.add(String(x, y, label, fontName=FONT, fontSize=7, fillColor=INK))
        x -= 22
        if style == "bar":
            d.add(Rect(x + 4, y - 1, 14, 7, fillColor=BAR, strokeColor=INK, strokeWidth=0.5))
        elif style == "marker":
            d.add(Circle(x + 11, y + 2.5, 3, fillColor=INK, strokeColor=INK))
        else:
            d.add(Line(x + 2, y + 2.5, x + 20, y + 2.5, strokeColor=INK, strokeWidth=1.5,
                       strokeDashArray={"dash": DASH, "dot": DOT}.get(style)))  # fmt: skip
        x -= 6


def _empty(d: Drawing, message: str = NO_CASES) -> Drawing:
    d.add(String(d.width / 2, d.height / 2, message, fontName=FONT, fontSize=10,
                 textAnchor="middle", fillColor=MUTED))  # fmt: skip
    return d


def _month_label(start: date, index: int) -> str:
    name = MONTH_NAMES[start.month - 1]
    return f"{name} {start.year % 100:02d}" if index == 0 or start.month == 1 else name


def monthly_chart(
    months: list[MonthFigure], goal: Decimal | None, *, width: float = 504, height: float = 190
) -> Drawing:
    """Credited wRVU per month as grey bars with their values; the monthly goal dashed."""
    d = Drawing(width, height)
    _title(d, "Credited wRVU by month")
    legend = [("bar", "credited wRVU")] + ([("dash", f"monthly goal ({goal:,})")] if goal else [])
    _legend(d, legend)
    if not any(m.lines for m in months):
        return _empty(d)
    frame = _Frame(d, left=34, bottom=22, right=4, top=34)
    highest = max([float(m.credited) for m in months] + [float(goal or 0)])
    frame.y_scale(highest * 1.08, label="wRVU")
    slot = frame.w / len(months)
    every = max(1, math.ceil(len(months) / 24))  # at most 24 labels
    for i, m in enumerate(months):
        x = frame.x0 + i * slot
        top = frame.y(float(m.credited))
        d.add(Rect(x + slot * 0.15, frame.y0, slot * 0.7, top - frame.y0, fillColor=BAR,
                   strokeColor=INK, strokeWidth=0.4))  # fmt: skip
        if len(months) <= 24 and m.credited:
            value = f"{m.credited:,.2f}" if len(months) <= 12 else f"{m.credited:,.0f}"
            # Inside the bar's top when it is tall enough, clear of a goal line drawn across.
            label_y = top - 9 if top - frame.y0 > 14 else top + 2
            d.add(String(x + slot / 2, label_y, value, fontName=FONT, fontSize=6.5,
                         textAnchor="middle", fillColor=INK))  # fmt: skip
        if i % every == 0:
            d.add(String(x + slot / 2, frame.y0 - 10, _month_label(m.start, i), fontName=FONT,
                         fontSize=7, textAnchor="middle", fillColor=INK))  # fmt: skip
    if goal:
        y = frame.y(float(goal))
        d.add(Line(frame.x0, y, frame.x0 + frame.w, y, strokeColor=INK, strokeWidth=1.5,
                   strokeDashArray=DASH))  # fmt: skip
    frame.axis()
    return d


def cumulative_chart(
    months: list[MonthFigure],
    *,
    start: date,
    year: YearInView | None,
    annual_goal: Decimal | None,
    width: float = 504,
    height: float = 190,
) -> Drawing:
    """Cumulative credit (solid, with a marker at each month's end) against the cumulative goal
    (dashed, accruing by day), the annual goal (a thin line) and where the year's pace leads
    (dotted). `year` is given when the period is the year to date: the axis then runs to the
    year's end, with the annual goal, and the pace while the year is in progress."""
    d = Drawing(width, height)
    _title(d, "Cumulative wRVU against the goal")
    has_goal = bool(months) and months[0].cumulative_goal is not None
    pace = year is not None and year.in_progress
    legend = [("marker", "cumulative wRVU")]
    if has_goal:
        legend.append(("dash", "cumulative goal"))
    if pace:
        legend.append(("dot", "at this pace"))
    _legend(d, legend)
    if not any(m.lines for m in months):
        return _empty(d)
    first = start
    horizon = year.year.end if year else months[-1].end
    span = max((horizon - first).days + 1, 1)
    frame = _Frame(d, left=40, bottom=22, right=40, top=34)

    def x(day: date) -> float:
        return frame.x0 + ((day - first).days + 1) / span * frame.w

    goal_points = [(x(day), float(value)) for day, value in goal_path(months, horizon)]
    values = [float(m.cumulative) for m in months] + [v for _, v in goal_points]
    if year and pace:
        values.append(float(year.projected_year_end))
    show_annual = annual_goal is not None and year is not None
    if show_annual:
        values.append(float(annual_goal or 0))
    frame.y_scale(max(values) * 1.05, label="wRVU")
    axis_months = months_through(first, horizon)
    every = max(1, math.ceil(len(axis_months) / 24))
    for i, month in enumerate(axis_months):
        tick_x = frame.x0 + max((month - first).days, 0) / span * frame.w
        d.add(Line(tick_x, frame.y0, tick_x, frame.y0 - 3, strokeColor=INK, strokeWidth=0.5))
        if i % every == 0:
            d.add(String(tick_x + 2, frame.y0 - 11, _month_label(month, i), fontName=FONT,
                         fontSize=7, fillColor=INK))  # fmt: skip
    if show_annual and annual_goal is not None:
        y = frame.y(float(annual_goal))
        d.add(Line(frame.x0, y, frame.x0 + frame.w, y, strokeColor=MUTED, strokeWidth=0.8))
        d.add(String(frame.x0 + frame.w + 3, y + 2, f"goal {annual_goal:,.0f}", fontName=FONT,
                     fontSize=7, fillColor=INK))  # fmt: skip
    if goal_points:
        points = [frame.x0, frame.y0] + [c for px, v in goal_points for c in (px, frame.y(v))]
        d.add(PolyLine(points, strokeColor=INK, strokeWidth=1.2, strokeDashArray=DASH))
    actual = [(x(m.end), frame.y(float(m.cumulative))) for m in months]
    d.add(PolyLine([frame.x0, frame.y0] + [c for p in actual for c in p], strokeColor=INK,
                   strokeWidth=2))  # fmt: skip
    for px, py in actual:
        d.add(Circle(px, py, 2.4, fillColor=INK, strokeColor=INK))
    if year and pace:
        last_x, last_y = actual[-1]
        end_x, end_y = x(year.year.end), frame.y(float(year.projected_year_end))
        d.add(Line(last_x, last_y, end_x, end_y, strokeColor=INK, strokeWidth=1.5,
                   strokeDashArray=DOT))  # fmt: skip
        d.add(
            String(
                end_x + 3,
                end_y - 9,
                f"{whole(cents(year.projected_year_end)):,}",  # as 125.50 reads: 126
                fontName=FONT,
                fontSize=7,
                fillColor=INK,
            )
        )  # fmt: skip (under the end: the goal's label sits above)
    frame.axis()
    return d


def case_mix_chart(
    rows: list[rs.BreakdownRow], total: Decimal, *, width: float = 504, height: float | None = None
) -> Drawing:
    """Credited wRVU by category, as horizontal bars with the value and share written out."""
    height = height or 40 + 16 * max(len(rows), 1)
    d = Drawing(width, height)
    _title(d, "Case mix by category")
    if not rows:
        return _empty(d)
    label_width, value_width = 150, 90
    bar_room = width - label_width - value_width
    top = max(float(r.credited_wrvu) for r in rows) or 1.0
    for i, r in enumerate(rows):
        y = height - 34 - i * 16
        length = float(r.credited_wrvu) / top * bar_room
        share = (Decimal(r.credited_wrvu) / total * 100) if total else Decimal(0)
        d.add(String(0, y + 2, r.key, fontName=FONT, fontSize=8, fillColor=INK))
        d.add(Rect(label_width, y, max(length, 0.5), 10, fillColor=BAR, strokeColor=INK,
                   strokeWidth=0.4))  # fmt: skip
        d.add(String(label_width + length + 4, y + 2,
                     f"{Decimal(r.credited_wrvu):,.2f} ({share:.0f}%)", fontName=FONT,
                     fontSize=8, fillColor=INK))  # fmt: skip
    return d


def benchmark_chart(
    report: rs.BenchmarkReport | None, note: str | None, *, width: float = 504, height: float = 200
) -> Drawing:
    """The table's percentile curve (its points joined by straight lines, the same interpolation
    as the rank) with the physician's wRVU per 1.0 FTE marked on it."""
    d = Drawing(width, height)
    _title(d, "Where you stand: annual wRVU per 1.0 FTE")
    if report is None:
        return _empty(d, note or "no benchmark table")
    points = sorted((int(k[1:]), float(v)) for k, v in report.table.points.items())
    mine = float(report.wrvu_per_fte)
    _legend(d, [("solid", f"{report.table.specialty} table"), ("marker", "you")])
    frame = _Frame(d, left=34, bottom=26, right=70, top=34)
    lo = min(mine, points[0][1])
    hi = max(mine, points[-1][1])
    step = nice_step(hi - lo if hi > lo else hi)
    x_min = max(math.floor(lo * 0.9 / step) * step, 0.0) if mine >= points[0][1] else 0.0
    x_max = math.ceil(hi * 1.04 / step) * step

    def x(value: float) -> float:
        return frame.x0 + (value - x_min) / (x_max - x_min) * frame.w

    frame.y_scale(100, label="percentile")
    tick = x_min
    while tick <= x_max + step / 1000:
        d.add(String(x(tick), frame.y0 - 11, _number(tick), fontName=FONT, fontSize=7,
                     textAnchor="middle", fillColor=INK))  # fmt: skip
        tick += step
    d.add(String(frame.x0 + frame.w / 2, frame.y0 - 22, "annual wRVU per 1.0 FTE", fontName=FONT,
                 fontSize=7, textAnchor="middle", fillColor=MUTED))  # fmt: skip
    d.add(PolyLine([c for p, v in points for c in (x(v), frame.y(p))], strokeColor=INK,
                   strokeWidth=1.5))  # fmt: skip
    for p, v in points:
        d.add(Circle(x(v), frame.y(p), 2.5, fillColor=colors.white, strokeColor=INK))
        d.add(String(x(v) + 4, frame.y(p) - 8, f"{ordinal(p)}: {_number(v)}", fontName=FONT,
                     fontSize=7, fillColor=INK))  # fmt: skip
    if report.percentile is not None:
        my_y = frame.y(float(report.percentile))
        label = f"you: {_number(mine)} ({ordinal(round(report.percentile))} percentile)"
    else:
        my_y = frame.y(0) if report.position == "below" else frame.y(100)
        label = f"you: {_number(mine)} ({report.position} the table)"
    d.add(Line(x(mine), frame.y0, x(mine), my_y, strokeColor=INK, strokeWidth=0.8,
               strokeDashArray=DOT))  # fmt: skip
    d.add(Circle(x(mine), my_y, 4, fillColor=INK, strokeColor=INK))
    # The curve rises to the right, so above-left of the marker is clear (else below-right).
    if x(mine) - stringWidth(label, BOLD, 8) - 8 > frame.x0:
        d.add(String(x(mine) - 8, my_y + 4, label, fontName=BOLD, fontSize=8,
                     textAnchor="end", fillColor=INK))  # fmt: skip
    else:
        d.add(String(x(mine) + 8, max(my_y - 12, frame.y0 + 3), label, fontName=BOLD,
                     fontSize=8, fillColor=INK))  # fmt: skip
    frame.axis()
    return d


def to_svg(drawing: Drawing, *, title: str, description: str) -> str:
    """The drawing as an SVG document, with a title and description for screen readers."""
    svg = renderSVG.drawToString(drawing)
    svg = svg.replace("<title>...</title>", f"<title>{escape(title)}</title>", 1)
    return svg.replace("<desc>...</desc>", f"<desc>{escape(description)}</desc>", 1)
