"""The productivity report as a Letter-size PDF (reportlab): who and when, the headline tiles,
the month chart against the goal, cumulative progress and pace, case mix, the top codes, the
benchmark position, and the method in words. Standard PDF fonts, black and greys only."""

import io
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from rvuedge import __version__
from rvuedge.calc.benchmark import ordinal
from rvuedge.exports import charts
from rvuedge.exports.caselog import NO_CASES
from rvuedge.exports.figures import MonthFigure, share
from rvuedge.exports.inputs import ReportInputs
from rvuedge.exports.next_year_page import next_year_page
from rvuedge.exports.pdf_style import (
    BODY,
    H2,
    MARGIN,
    SMALL,
    TILE_LABEL,
    TILE_VALUE,
    TITLE,
    TOP_CODES,
    WIDTH,
    NumberedCanvas,
    data_table,
    money,
    para,
    wrvu,
)


def _tiles(inputs: ReportInputs) -> Table:
    report = inputs.benchmark
    if report is None:
        percentile = "n/a"
    elif report.percentile is not None:
        percentile = ordinal(round(report.percentile))
    else:  # outside the table's points
        known = sorted(int(k[1:]) for k in report.table.points)
        edge = known[0] if report.position == "below" else known[-1]
        percentile = f"{report.position} {ordinal(edge)}"
    tiles = [
        (wrvu(inputs.credited), "credited wRVU"),
        (f"{inputs.cases:,}", "cases"),
        (money(inputs.work_only), "work-only value"),
        (money(inputs.payment), "estimated payment"),
        (percentile, "benchmark percentile"),
    ]
    table = Table(
        [[para(v, TILE_VALUE) for v, _ in tiles], [para(label, TILE_LABEL) for _, label in tiles]],
        colWidths=[WIDTH / 5] * 5,
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("LINEAFTER", (0, 0), (-2, -1), 0.5, colors.black),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 7),
            ]
        )
    )
    return table


def _header(inputs: ReportInputs) -> list:
    user = inputs.user
    who = [user.display_name]
    who.append(user.specialty or "no specialty set")
    who.append(f"{Decimal(user.clinical_fte):.2f} clinical FTE")
    period = f"{inputs.start:%B %-d, %Y} to {inputs.end:%B %-d, %Y}"
    releases = ", ".join(inputs.releases) or "none"
    provisional = (
        f" {inputs.provisional_lines} line(s) provisional (see Method)."
        if inputs.provisional_lines
        else ""
    )
    return [
        para("wRVU productivity report", TITLE),
        para(" · ".join(who), ParagraphStyle("who", BODY, fontSize=11, leading=14)),
        para(
            f"Period: {period} (dates of service). "
            f"CMS fee-schedule releases used: {releases}.{provisional}"
        ),
        Spacer(1, 8),
    ]


def _month_label(m: MonthFigure) -> str:
    """2026-11, or 2026-11 (1-27) for a month the period cuts short."""
    whole = m.start.day == 1 and (m.end + timedelta(days=1)).day == 1
    return m.label if whole else f"{m.label} ({m.start.day}-{m.end.day})"


def _monthly_table(inputs: ReportInputs) -> Table:
    rows: list[list] = [
        [
            "Month",
            "Cases",
            "Lines",
            "Credited wRVU",
            "Work-only value",
            "Est. payment",
            "Goal",
            "Cumulative vs goal",
        ]  # fmt: skip
    ]
    for m in inputs.months:
        versus = m.versus_goal
        rows.append(
            [
                _month_label(m),
                f"{m.cases:,}",
                f"{m.lines:,}",
                wrvu(m.credited),
                money(m.work_only),
                money(m.payment),
                wrvu(m.goal) if m.goal is not None else "",
                f"{versus:+,.2f}" if versus is not None else "",
            ]
        )
    rows.append(
        [
            "Total",
            f"{inputs.cases:,}",
            f"{sum(m.lines for m in inputs.months):,}",
            wrvu(inputs.credited),
            money(inputs.work_only),
            money(inputs.payment),
            "",
            "",
        ]
    )
    widths = [1.2, 0.55, 0.55, 1.0, 1.05, 1.0, 0.7, 1.25]
    return data_table(rows, [w * inch for w in widths], total_row=True)


def _top_codes(inputs: ReportInputs) -> Table:
    rows: list[list] = [["Code", "Name", "Cases", "Lines", "Credited wRVU", "Share"]]
    name_style = ParagraphStyle("name", BODY, fontSize=8, leading=9.5)
    for r in inputs.breakdown.by_code[:TOP_CODES]:
        rows.append(
            [
                r.key,
                para(inputs.code_names.get(r.key, ""), name_style),
                f"{r.cases:,}",
                f"{r.lines:,}",
                wrvu(Decimal(r.credited_wrvu)),
                f"{share(Decimal(r.credited_wrvu), inputs.credited) * 100:.1f}%",
            ]
        )
    widths = [0.6, 3.9, 0.55, 0.55, 1.0, 0.7]
    table = data_table(rows, [w * inch for w in widths])
    table.setStyle(TableStyle([("ALIGN", (1, 0), (1, -1), "LEFT")]))
    return table


def _benchmark(inputs: ReportInputs) -> list:
    report = inputs.benchmark
    flow: list = [para("Benchmark", H2)]
    flow.append(charts.benchmark_chart(report, inputs.benchmark_note, width=WIDTH))
    if report is None:
        flow.append(para("Set a specialty in your profile to be placed on a benchmark table."))
        return flow
    flow.append(
        para(
            f"Your annual wRVU per 1.0 FTE: {wrvu(Decimal(report.wrvu_per_fte))} "
            f"({report.rank_text}). Table: {report.table.source}, {report.table.survey_year}, "
            f"{report.table.specialty} ({report.table.setting}); basis {report.basis}, "
            f"{report.period_start} to {report.period_end}."
        )
    )
    if report.to_reach:
        rows: list[list] = [["To reach", "wRVU per 1.0 FTE", "Still needed", "Per remaining month"]]
        for t in report.to_reach:
            rows.append(
                [
                    f"{ordinal(t.percentile)} percentile",
                    wrvu(Decimal(t.wrvu_per_fte)),
                    wrvu(Decimal(t.still_needed)),
                    wrvu(Decimal(t.per_remaining_month))
                    if t.per_remaining_month is not None
                    else "",
                ]
            )
        flow += [Spacer(1, 4), data_table(rows, [1.6 * inch, 1.5 * inch, 1.4 * inch, 1.6 * inch])]
    return flow


def _method(inputs: ReportInputs) -> list:
    flow = [para("Method", H2)]
    paragraphs = [
        "Each logged line is credited with the work RVU of the CMS Physician Fee Schedule release "
        "in force on its date of service, copied onto the line when it was logged, then adjusted "
        "by the crediting rules (multiple procedures, bilateral, assistant, co-surgeon and the "
        "other modifiers), each adjustment shown line by line in the case log export. Totals add "
        "the exact values and round half up to 0.01 wRVU or one cent only when shown.",
        "Work-only value is credited wRVU times the conversion factor of each line's release. "
        "Estimated payment applies the same credit share to the line's total RVUs for its "
        "setting (with the locality's GPCIs when the profile named one).",
        "The monthly goal is the profile's monthly goal, or a twelfth of its annual goal; months "
        "at the edges of the period are clipped to it but keep the full goal.",
    ]
    if inputs.pace:
        paragraphs.append(inputs.pace.text)
    if inputs.benchmark:
        paragraphs.append(inputs.benchmark.method)
    for text in paragraphs:
        flow.append(para(text))
        flow.append(Spacer(1, 3))
    if inputs.benchmark and inputs.benchmark.caveat:
        caveat = ParagraphStyle("caveat", BODY, fontName=charts.BOLD)
        flow.append(para(f"Sample data: {inputs.benchmark.caveat}", caveat))
    if inputs.provisional_lines:
        flow.append(
            para(
                f"{inputs.provisional_lines} line(s) are provisional: valued with another release "
                "than the one in force on their date, which was not imported yet. Importing that "
                "release (and revaluing) settles them; the case log marks each one.",
                SMALL,
            )
        )
    return flow


def numbered_pdf(story: list, *, title: str, author: str, footer: str) -> bytes:
    """The story laid out on Letter pages with these margins, `footer` and "page N of M" at the
    foot of every page."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=letter,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=0.75 * inch,
        title=title,
        author=author,
        creator=f"rvuedge {__version__}",
    )
    doc.build(story, canvasmaker=partial(NumberedCanvas, footer=footer))
    return buffer.getvalue()


def produced_text(produced_at: datetime, time_zone: str) -> str:
    """When a document was made, in the user's zone: 2026-11-27T10:00-05:00 (America/New_York)."""
    local = produced_at.astimezone(ZoneInfo(time_zone))
    return f"{local.isoformat(timespec='minutes')} ({time_zone})"


def render_pdf(inputs: ReportInputs) -> bytes:
    story: list = _header(inputs) + [_tiles(inputs), Spacer(1, 10)]
    if not inputs.has_cases:
        story.append(para(f"{NO_CASES[0].upper()}{NO_CASES[1:]}.", H2))
    story += [
        charts.monthly_chart(inputs.months, inputs.monthly_goal, width=WIDTH),
        Spacer(1, 12),
        charts.cumulative_chart(
            inputs.months,
            start=inputs.start,
            pace=inputs.pace,
            annual_goal=inputs.annual_goal,
            width=WIDTH,
        ),
        Spacer(1, 6),
    ]
    if inputs.pace:
        story.append(para(inputs.pace.text, SMALL))
    story += [
        PageBreak(),
        para("Month by month", H2),
        _monthly_table(inputs),
        Spacer(1, 10),
        KeepTogether(
            [charts.case_mix_chart(inputs.breakdown.by_category, inputs.credited, width=WIDTH)]
        ),
        para(f"Top {TOP_CODES} codes", H2),
    ]
    story.append(_top_codes(inputs) if inputs.breakdown.by_code else para(NO_CASES))
    story += [PageBreak(), *_benchmark(inputs), *_method(inputs)]
    if inputs.release_impact is not None or inputs.forecast is not None:
        story += [PageBreak(), *next_year_page(inputs)]

    return numbered_pdf(
        story,
        title=f"wRVU productivity report, {inputs.start} to {inputs.end}",
        author=inputs.user.display_name,
        footer=f"rvuedge productivity report · {inputs.user.display_name} · produced "
        f"{produced_text(inputs.produced_at, inputs.user.time_zone)}",
    )
