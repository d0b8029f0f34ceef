"""The productivity report as a Letter-size PDF (reportlab): who and when, the headline tiles,
the month chart against the goal, cumulative progress and pace, case mix, the top codes, the
benchmark position, and the method in words. Standard PDF fonts, black and greys only."""

import io
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from rvuedge import __version__
from rvuedge.calc.benchmark import ordinal
from rvuedge.calc.years import months_left_words
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
    TITLE,
    TOP_CODES,
    WIDTH,
    NumberedCanvas,
    data_table,
    money,
    para,
    tile_row,
    wrvu,
)
from rvuedge.reports import schemas as rs
from rvuedge.reports.schemas import BreakdownRow


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
    return tile_row(
        [
            (wrvu(inputs.credited), "credited wRVU"),
            (f"{inputs.cases:,}", "cases"),
            (money(inputs.work_only), "work-only value"),
            (money(inputs.payment), "estimated payment"),
            (percentile, "benchmark percentile"),
        ]
    )


def _year_box(inputs: ReportInputs) -> list:
    """The physician's year in view: the same to date, pace, still to log and per remaining
    month as the summary, the benchmark and the pay report."""
    year = inputs.year
    what = f"Fiscal year {year.year.label}" if year.year.is_fiscal else f"Year {year.year.label}"
    still, per_month = year.still_to_log, year.per_remaining_month
    tiles = [
        (wrvu(year.to_date), f"to date (day {year.days_elapsed} of {year.days_in_year})"),
        (wrvu(year.projected_year_end), "pace: projected year end"),
        (wrvu(year.annual_goal) if year.annual_goal is not None else "none", "annual goal"),
        (wrvu(still) if still is not None else "n/a", "still to log"),
        (
            wrvu(per_month) if per_month is not None else "n/a",
            f"a month, {months_left_words(year.months_left)}",
        ),
    ]
    table = tile_row(tiles, padding=5)
    caption = (
        f"{what}, {year.year.start:%B %-d, %Y} to {year.year.end:%B %-d, %Y}, as of "
        f"{year.as_of:%B %-d, %Y}"
    )
    return [Spacer(1, 6), para(caption, SMALL), Spacer(1, 2), table]


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
                wrvu(m.goal_in_period) if m.goal_in_period is not None else "",
                f"{versus:+,.2f}" if versus is not None else "",
            ]
        )
    goals = [m.goal_in_period for m in inputs.months if m.goal_in_period is not None]
    last = inputs.months[-1].versus_goal if inputs.months else None
    rows.append(
        [
            "Total",
            f"{inputs.cases:,}",
            f"{sum(m.lines for m in inputs.months):,}",
            wrvu(inputs.credited),
            money(inputs.work_only),
            money(inputs.payment),
            wrvu(sum(goals, Decimal(0))) if goals else "",
            f"{last:+,.2f}" if last is not None else "",
        ]
    )
    widths = [1.2, 0.55, 0.55, 1.0, 1.05, 1.0, 0.7, 1.25]
    return data_table(rows, [w * inch for w in widths], total_row=True)


def _codes_title(inputs: ReportInputs) -> str:
    count = len(inputs.breakdown.by_code)
    if count <= TOP_CODES + 1:
        return f"By code (all {count})"
    return f"By code: the top {TOP_CODES} of {count}, the other {count - TOP_CODES} in one row"


def _top_codes(inputs: ReportInputs) -> Table:
    """Every code, or the top ones and one row for the others; the rows add up to the total."""
    rows: list[list] = [["Code", "Name", "Cases", "Lines", "Credited wRVU", "Share"]]
    name_style = ParagraphStyle("name", BODY, fontSize=8, leading=9.5)
    codes = inputs.breakdown.by_code
    shown, rest = (
        (codes, []) if len(codes) <= TOP_CODES + 1 else (codes[:TOP_CODES], codes[TOP_CODES:])
    )

    def row(key: str, name: str, cases: str, lines: int, credited: Decimal) -> list:
        return [
            key,
            para(name, name_style),
            cases,
            f"{lines:,}",
            wrvu(credited),
            f"{share(credited, inputs.credited) * 100:.1f}%",
        ]

    for r in shown:
        rows.append(
            row(
                r.key,
                inputs.code_names.get(r.key, ""),
                f"{r.cases:,}",
                r.lines,
                Decimal(r.credited_wrvu),
            )
        )
    if rest:
        rows.append(row(f"Other ({len(rest)} codes)", _other_names(rest), "", *_sums(rest)))
    rows.append(row("Total", "", f"{inputs.cases:,}", *_sums(codes)))
    widths = [1.05, 3.45, 0.55, 0.55, 1.0, 0.7]
    table = data_table(rows, [w * inch for w in widths], total_row=True)
    table.setStyle(TableStyle([("ALIGN", (1, 0), (1, -1), "LEFT")]))
    return table


def _sums(rows: list[BreakdownRow]) -> tuple[int, Decimal]:
    return sum(r.lines for r in rows), sum((Decimal(r.credited_wrvu) for r in rows), Decimal(0))


def _other_names(rows: list[BreakdownRow]) -> str:
    codes = ", ".join(r.key for r in rows[:12])
    return codes + (f" and {len(rows) - 12} more" if len(rows) > 12 else "")


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
            f"{report.table.specialty} ({report.table.setting}); {basis_text(report)}, "
            f"{report.period_start} to {report.period_end}. To finish the year at a point: its "
            f"wRVU per 1.0 FTE x your {report.clinical_fte} FTE, minus the "
            f"{wrvu(Decimal(report.wrvu_in_period))} wRVU of the period."
        )
    )
    if report.to_reach:
        rows: list[list] = [
            ["To reach", "per 1.0 FTE", "Your wRVU", "Still to log", "Per remaining month"]
        ]
        for t in report.to_reach:
            rows.append(
                [
                    f"{ordinal(t.percentile)} percentile",
                    wrvu(Decimal(t.wrvu_per_fte)),
                    wrvu(Decimal(t.target_wrvu)),
                    wrvu(Decimal(t.still_needed)),
                    wrvu(Decimal(t.per_remaining_month))
                    if t.per_remaining_month is not None
                    else "",
                ]
            )
        widths = [1.5, 1.2, 1.2, 1.2, 1.5]
        flow += [Spacer(1, 4), data_table(rows, [w * inch for w in widths])]
    return flow


def basis_text(report: rs.BenchmarkReport) -> str:
    """The benchmark's basis in words."""
    basis = report.basis
    if basis == "fiscal_ytd_annualized":
        return f"your year {report.year.label} to date, annualized at its pace"
    if basis == "ytd_annualized":
        return "the calendar year to date, annualized"
    if basis == "trailing_12_months":
        return "the last twelve months"
    return (
        basis.replace("calendar_year:", "calendar year ")
        .replace("fiscal_year:", "fiscal year ")
        .replace("fiscal_year", "the current fiscal year")
    )


def _method(inputs: ReportInputs) -> list:
    flow = [para("Method", H2)]
    paragraphs = [
        "Each logged line is credited with the work RVU of the CMS Physician Fee Schedule release "
        "in force on its date of service (or, under a contract year, the release your crediting "
        "setting names), copied onto the line when it was logged, then adjusted "
        "by the crediting rules (multiple procedures, bilateral, assistant, co-surgeon and the "
        "other modifiers), each adjustment shown line by line in the case log export. Each line "
        "is credited in hundredths of a wRVU (its exact credit rounded half up), and every total "
        "adds those line credits, so months, codes and the year agree to the hundredth.",
        "Work-only value is credited wRVU times the conversion factor of each line's release. "
        "Estimated payment applies the same credit share to the line's total RVUs for its "
        "setting (with the locality's GPCIs when the profile named one). "
        + inputs.totals.dollars_note,
        inputs.monthly_goal_text
        + " The cumulative goal accrues by day: a month the period cuts short counts its goal "
        "for the days it covers (the goal x days covered / days in the month).",
        inputs.year.method(),
    ]
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
    story: list = _header(inputs) + [
        _tiles(inputs),
        para(inputs.totals.dollars_note, SMALL),
        *_year_box(inputs),
        Spacer(1, 10),
    ]
    if not inputs.has_cases:
        story.append(para(f"{NO_CASES[0].upper()}{NO_CASES[1:]}.", H2))
    story += [
        charts.monthly_chart(inputs.months, inputs.monthly_goal, width=WIDTH),
        Spacer(1, 12),
        charts.cumulative_chart(
            inputs.months,
            start=inputs.start,
            year=inputs.year if inputs.year_to_date else None,
            annual_goal=inputs.annual_goal,
            width=WIDTH,
        ),
        Spacer(1, 6),
        para(inputs.year.pace_text(), SMALL),
    ]
    story += [
        PageBreak(),
        para("Month by month", H2),
        _monthly_table(inputs),
        Spacer(1, 10),
        KeepTogether(
            [charts.case_mix_chart(inputs.breakdown.by_category, inputs.credited, width=WIDTH)]
        ),
        para(_codes_title(inputs), H2),
    ]
    story.append(_top_codes(inputs) if inputs.breakdown.by_code else para(NO_CASES))
    story += [PageBreak(), *_benchmark(inputs), *_method(inputs)]
    if inputs.release_impact is not None or inputs.forecast is not None:
        # A new page only when little of this one is left: a method running a paragraph over
        # left a page holding that paragraph alone.
        story += [CondPageBreak(4 * inch), *next_year_page(inputs)]

    return numbered_pdf(
        story,
        title=f"wRVU productivity report, {inputs.start} to {inputs.end}",
        author=inputs.user.display_name,
        footer=f"rvuedge productivity report · {inputs.user.display_name} · produced "
        f"{produced_text(inputs.produced_at, inputs.user.time_zone)}",
    )
