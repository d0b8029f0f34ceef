"""The case log as an Excel workbook, written by openpyxl in write-only mode (rows go to disk as
they are appended, so a long log does not grow memory): Lines, Monthly (with a native bar chart
of the months and the goal as a line), By code and Benchmark."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from rvuedge.calc.categories import category_of
from rvuedge.exports.caselog import NO_CASES, Kind, LogColumn, LogLine, RunningTotals
from rvuedge.exports.cells import starts_like_formula
from rvuedge.exports.figures import share
from rvuedge.exports.inputs import ReportInputs
from rvuedge.exports.pdf_report import basis_text

FORMATS = {
    Kind.DATE: "yyyy-mm-dd",
    Kind.INT: "0",
    Kind.WRVU: "#,##0.00",
    Kind.EXACT: "0.00####",
    Kind.FACTOR: "0.0000",
    Kind.MONEY: "#,##0.00",
}
MONTH = "mmm yyyy"
PERCENT = "0.0%"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")  # light grey: survives black-and-white print


class _Sheet:
    """A write-only sheet with typed cells: text is always text (never a formula)."""

    def __init__(self, workbook: Workbook, title: str, widths: list[int], headers: list[str]):
        self.ws: WriteOnlyWorksheet = workbook.create_sheet(title)
        for index, width in enumerate(widths, start=1):
            if index <= len(headers):  # wide enough for its bold header on one line
                width = max(width, len(headers[index - 1]) + 1)
            self.ws.column_dimensions[get_column_letter(index)].width = width
        self.rows = 0

    def cell(self, value: Any, number_format: str | None = None, *, bold: bool = False) -> Any:
        cell = WriteOnlyCell(self.ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # a value like "=HYPERLINK(...)" stays text
            if starts_like_formula(value):
                cell.quotePrefix = True  # and stays text when edited in Excel
        elif number_format and value is not None:
            cell.number_format = number_format
        if bold:
            cell.font = BOLD
        return cell

    def header(self, titles: list[str]) -> None:
        row = []
        for title in titles:
            cell = self.cell(title, bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="top")
            row.append(cell)
        self.append(row)

    def append(self, row: list[Any]) -> None:
        self.ws.append(row)
        self.rows += 1


def _blank_as_none(value: object) -> object:
    return None if value == "" else value


def write_workbook(
    out: IO[bytes],
    *,
    inputs: ReportInputs,
    lines: Iterable[LogLine],
    columns: list[LogColumn],
) -> RunningTotals:
    """Write the workbook to out; returns the Lines sheet's totals."""
    workbook = Workbook(write_only=True)
    totals = _lines_sheet(workbook, lines, columns)
    _monthly_sheet(workbook, inputs)
    _by_code_sheet(workbook, inputs)
    _benchmark_sheet(workbook, inputs)
    workbook.save(out)
    return totals


def _lines_sheet(
    workbook: Workbook, lines: Iterable[LogLine], columns: list[LogColumn]
) -> RunningTotals:
    headers = [c.header for c in columns]
    sheet = _Sheet(workbook, "Lines", [c.width for c in columns], headers)
    sheet.ws.freeze_panes = "C2"  # header row, date and case id stay in view
    sheet.header(headers)
    totals = RunningTotals()
    for line in lines:
        totals.add(line)
        sheet.append(
            [sheet.cell(_blank_as_none(c.value(line)), FORMATS.get(c.kind)) for c in columns]
        )
    if totals.lines == 0:
        sheet.append([sheet.cell(NO_CASES)])
        return totals
    sheet.ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{totals.lines + 1}"
    sheet.append([])
    wanted = {
        "Credited wRVU": (totals.credited, FORMATS[Kind.WRVU]),
        "Work-only value ($)": (totals.work_only_value, FORMATS[Kind.MONEY]),
        "Estimated payment ($)": (totals.estimated_payment, FORMATS[Kind.MONEY]),
    }
    row = [sheet.cell(f"Total: {totals.cases} cases, {totals.lines} lines", bold=True)]
    for column in columns[1:]:
        value, number_format = wanted.get(column.header, (None, None))
        row.append(sheet.cell(value, number_format, bold=True))
    sheet.append(row)
    return totals


MONTHLY_HEADERS = [
    "Month",
    "From",
    "To",
    "Cases",
    "Lines",
    "Credited wRVU",
    "Work-only value ($)",
    "Estimated payment ($)",
    "Monthly goal (wRVU)",
    "Cumulative wRVU",
    "Cumulative goal",
    "Cumulative vs goal",
]


def _monthly_sheet(workbook: Workbook, inputs: ReportInputs) -> None:
    sheet = _Sheet(
        workbook, "Monthly", [10, 11, 11, 6, 6, 10, 12, 12, 10, 11, 11, 11], MONTHLY_HEADERS
    )
    sheet.ws.freeze_panes = "B2"
    sheet.header(MONTHLY_HEADERS)
    wrvu, money, n = FORMATS[Kind.WRVU], FORMATS[Kind.MONEY], FORMATS[Kind.INT]
    for m in inputs.months:
        sheet.append(
            [
                sheet.cell(m.start.replace(day=1), MONTH),
                sheet.cell(m.start, FORMATS[Kind.DATE]),
                sheet.cell(m.end, FORMATS[Kind.DATE]),
                sheet.cell(m.cases, n),
                sheet.cell(m.lines, n),
                sheet.cell(m.credited, wrvu),
                sheet.cell(m.work_only, money),
                sheet.cell(m.payment, money),
                sheet.cell(m.goal, wrvu),
                sheet.cell(m.cumulative, wrvu),
                sheet.cell(m.cumulative_goal, wrvu),
                sheet.cell(m.versus_goal, "+#,##0.00;-#,##0.00;0.00"),
            ]
        )
    count = len(inputs.months)
    sheet.append(
        [
            sheet.cell("Total", bold=True),
            sheet.cell(inputs.start, FORMATS[Kind.DATE], bold=True),
            sheet.cell(inputs.end, FORMATS[Kind.DATE], bold=True),
            sheet.cell(inputs.cases, n, bold=True),
            sheet.cell(sum(m.lines for m in inputs.months), n, bold=True),
            sheet.cell(inputs.credited, wrvu, bold=True),
            sheet.cell(inputs.work_only, money, bold=True),
            sheet.cell(inputs.payment, money, bold=True),
        ]
    )
    sheet.append([])
    _year_rows(sheet, inputs)
    sheet.append([])
    notes = [
        "The same figures as /api/v1/reports/totals?period=month for this range.",
        "The first and last months are clipped to the range.",
        inputs.totals.dollars_note,
        inputs.monthly_goal_text,
        "The cumulative goal accrues by day: a month the range cuts short counts its goal for "
        "the days it covers (the goal x days covered / days in the month).",
        inputs.year.pace_text(),
        inputs.year.goal_text() or "No annual goal in the profile: nothing to count down.",
    ]
    if not inputs.has_cases:
        notes.insert(0, NO_CASES)
    for note in notes:
        sheet.append([sheet.cell(note)])
    chart = _monthly_chart(sheet.ws, count, with_goal=inputs.monthly_goal is not None)
    sheet.ws.add_chart(chart, f"A{sheet.rows + 2}")  # under the table: one printed page wide
    sheet.ws.page_setup.orientation = "landscape"
    sheet.ws.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.ws.page_setup.fitToWidth = 1
    sheet.ws.page_setup.fitToHeight = 1 + count // 30  # table and chart: a page per 30 months


YEAR_LABELS = {
    "year": "Your year",
    "to_date": "wRVU to date",
    "days": "Days elapsed",
    "pace": "Pace: projected year end",
    "goal": "Annual goal",
    "still": "Still to log",
    "months": "Months left (this one included)",
    "per_month": "Per remaining month",
}


def _year_rows(sheet: _Sheet, inputs: ReportInputs) -> None:
    """The year in view as label and value cells: the same figures as every other face."""
    year = inputs.year
    wrvu, n = FORMATS[Kind.WRVU], FORMATS[Kind.INT]
    span = f"{year.year.label}: {year.year.start.isoformat()} to {year.year.end.isoformat()}"
    rows: list[tuple[str, Any, str | None]] = [
        ("year", f"{span}, as of {year.as_of.isoformat()}", None),
        ("to_date", year.to_date, wrvu),
        ("days", year.days_elapsed, n),
        ("pace", year.projected_year_end, wrvu),
        ("goal", year.annual_goal, wrvu),
        ("still", year.still_to_log, wrvu),
        ("months", year.months_left, n),
        ("per_month", year.per_remaining_month, wrvu),
    ]
    for key, value, number_format in rows:
        if value is None:
            value = "no annual goal in the profile"
        elif isinstance(value, Decimal):
            value = value.quantize(Decimal("0.01"), ROUND_HALF_UP)  # as shown everywhere
        # The label runs over the empty columns after it; the value sits under Credited wRVU.
        label = sheet.cell(YEAR_LABELS[key], bold=True)
        sheet.append([label, None, None, None, None, sheet.cell(value, number_format)])


def _monthly_chart(ws: WriteOnlyWorksheet, count: int, *, with_goal: bool) -> BarChart:
    """Bars of credited wRVU per month; the goal as a dashed black line (readable in grey)."""
    months = Reference(ws, min_col=1, min_row=2, max_row=count + 1)
    bars = BarChart()
    bars.type = "col"
    bars.title = "Credited wRVU by month"
    bars.y_axis.title = "wRVU"
    bars.y_axis.scaling.min = 0  # bars measured from zero, not from the lowest month
    bars.y_axis.majorGridlines = None
    bars.x_axis.number_format = MONTH
    bars.x_axis.delete = False
    bars.y_axis.delete = False
    bars.legend.position = "b"
    bars.height, bars.width = 9, 18
    bars.add_data(Reference(ws, min_col=6, min_row=1, max_row=count + 1), titles_from_data=True)
    bars.set_categories(months)
    bar = bars.series[0]
    bar.graphicalProperties.solidFill = "7F7F7F"
    bar.graphicalProperties.line.solidFill = "000000"
    if with_goal:
        goal = LineChart()
        goal.add_data(Reference(ws, min_col=9, min_row=1, max_row=count + 1), titles_from_data=True)
        goal.set_categories(months)
        line = goal.series[0]
        line.graphicalProperties.line.solidFill = "000000"
        line.graphicalProperties.line.dashStyle = "dash"
        line.graphicalProperties.line.width = 28575  # 2.25 pt
        line.smooth = False
        bars += goal
    return bars


def _by_code_sheet(workbook: Workbook, inputs: ReportInputs) -> None:
    headers = ["Code", "Name", "Category", "Cases", "Lines", "Base wRVU", "Credited wRVU", "Share"]
    sheet = _Sheet(workbook, "By code", [8, 44, 24, 7, 7, 11, 11, 9], headers)
    sheet.ws.freeze_panes = "A2"
    sheet.header(headers)
    wrvu, n = FORMATS[Kind.WRVU], FORMATS[Kind.INT]
    rows = inputs.breakdown.by_code
    for r in rows:
        sheet.append(
            [
                sheet.cell(r.key),
                sheet.cell(inputs.code_names.get(r.key)),
                sheet.cell(str(category_of(r.key))),
                sheet.cell(r.cases, n),
                sheet.cell(r.lines, n),
                sheet.cell(Decimal(r.base_wrvu), wrvu),
                sheet.cell(Decimal(r.credited_wrvu), wrvu),
                sheet.cell(share(Decimal(r.credited_wrvu), inputs.credited), PERCENT),
            ]
        )
    if not rows:
        sheet.append([sheet.cell(NO_CASES)])
        return
    sheet.append(
        [
            sheet.cell("Total", bold=True),
            sheet.cell(f"{len(rows)} codes", bold=True),
            None,
            sheet.cell(inputs.cases, n, bold=True),
            sheet.cell(sum(r.lines for r in rows), n, bold=True),
            None,
            sheet.cell(inputs.credited, wrvu, bold=True),
            None,
        ]
    )
    sheet.append([])
    sheet.append(
        [
            sheet.cell(
                "A case with several codes counts once under each of them; "
                "the total counts it once."
            )
        ]
    )


def _benchmark_sheet(workbook: Workbook, inputs: ReportInputs) -> None:
    sheet = _Sheet(workbook, "Benchmark", [22, 18, 16, 20, 20], [])
    report = inputs.benchmark
    if report is None:
        sheet.append([sheet.cell("No benchmark", bold=True)])
        sheet.append([sheet.cell(inputs.benchmark_note or "")])
        return
    table = report.table
    wrvu = FORMATS[Kind.WRVU]
    facts: list[tuple[str, Any, str | None]] = [
        ("Table", f"{table.source}, {table.survey_year}", None),
        ("Specialty", f"{table.specialty} ({table.setting})", None),
        ("Metric", "Annual wRVU per 1.0 FTE", None),
        ("Basis", basis_text(report), None),  # in words, as the PDF says it
        ("Period", f"{report.period_start.isoformat()} to {report.period_end.isoformat()}", None),
        ("wRVU in the period", Decimal(report.wrvu_in_period), wrvu),
        ("Annual wRVU", Decimal(report.annual_wrvu), wrvu),
        ("Clinical FTE", Decimal(report.clinical_fte), "0.00"),
        ("Your wRVU per 1.0 FTE", Decimal(report.wrvu_per_fte), wrvu),
        ("Your percentile", report.percentile and Decimal(report.percentile), "0.0"),
        ("Where you stand", report.rank_text, None),
    ]
    for label, value, number_format in facts:
        sheet.append([sheet.cell(label, bold=True), sheet.cell(value, number_format)])
    sheet.append([])
    sheet.header(
        [
            "Percentile",
            "wRVU per 1.0 FTE",
            "Your wRVU",
            "Still to log (wRVU)",
            "Per remaining month",
        ]
    )
    needed = {t.percentile: t for t in report.to_reach}
    fte = Decimal(report.clinical_fte)
    for key, value in sorted(table.points.items(), key=lambda kv: int(kv[0][1:])):
        percentile = int(key[1:])
        target = needed.get(percentile)
        sheet.append(
            [
                sheet.cell(percentile, "0"),
                sheet.cell(Decimal(value), wrvu),
                sheet.cell((Decimal(value) * fte).quantize(Decimal("0.01"), ROUND_HALF_UP), wrvu),
                sheet.cell(Decimal(target.still_needed) if target else "reached", wrvu),
                sheet.cell(
                    Decimal(target.per_remaining_month)
                    if target and target.per_remaining_month is not None
                    else None,
                    wrvu,
                ),
            ]
        )
    sheet.append([])
    sheet.append([sheet.cell("Method", bold=True), sheet.cell(report.method)])
    if report.caveat:
        sheet.append([sheet.cell("Caveat", bold=True), sheet.cell(report.caveat)])
