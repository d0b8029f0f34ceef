"""Read an uploaded CSV or XLSX into a header and rows of cells. Pure: bytes in, cells out.

Every refusal names what was wrong (and where), so a physician can fix the file: empty files,
binary or UTF-16 files, text that is not UTF-8, old .xls workbooks, files with too many rows.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

MAX_ROWS = 50_000
# A quoted cell may span lines (a note of a few lines), within these bounds.
MAX_CELL_LINES = 10
MAX_CELL_CHARS = 2_000
HEADER_SEARCH_ROWS = 20
# Control characters no cell may hold (tab, line feed and carriage return shape the file).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
Cell = str | int | float | date | datetime | None


class FileProblem(Exception):
    """The file cannot be read; `errors` lists each problem with its row and column if known."""

    def __init__(self, detail: str, errors: list[dict[str, Any]] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or [{"row": None, "column": None, "msg": detail}]


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    header: list[str]
    header_row: int  # 1-based row number of the header in the file
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)  # (row number, cells)
    data_lines: int = 0  # rows of the file below the header, blank ones included
    blank_rows: int = 0  # of those, the blank ones (left out)


def read_table(content: bytes, filename: str, *, header_hint: Any = None) -> Table:
    """The table in an uploaded file. `header_hint(header) -> bool` picks the header row among
    the first rows (reports often start with a title banner); default: the first non-empty row."""
    if not content.strip():
        raise FileProblem("The file is empty.")
    if content.startswith(b"PK\x03\x04"):
        grid, kind = _xlsx_grid(content), "xlsx"
    elif content.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            "This is an old Excel .xls workbook; save it as .xlsx or as CSV UTF-8 and try again."
        )
    else:
        grid, kind = _csv_grid(_decode(content)), "csv"
    return _with_header(grid, kind, header_hint, filename)


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem("The file is UTF-16 text; save it as CSV UTF-8 and try again.")
    head = content[:65536]
    if head.count(b"\x00") * 10 > len(head):  # a stray NUL is named below, with its line
        raise FileProblem(
            "The file is binary (or UTF-16 without a byte-order mark), not CSV or XLSX text."
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise FileProblem(
            f"The file is not UTF-8 text (byte 0x{content[exc.start]:02x} on row {line}); "
            "save it as CSV UTF-8 and try again.",
            [{"row": line, "column": None, "msg": "not UTF-8 text"}],
        ) from None
    found = _CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise FileProblem(
            f"Line {line} holds a control character (U+{ord(found.group()):04X}, such as NUL); "
            "remove it and try again.",
            [{"row": line, "column": None, "msg": "control character"}],
        )
    return text


def _csv_grid(text: str) -> list[tuple[int, list[Cell]]]:
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    # strict: a quote left open at the end of the file is an error, not a cell that swallows
    # every row after it (the csv module's default reads it as one long cell, silently).
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True)
    grid: list[tuple[int, list[Cell]]] = []
    width = 0  # cells in the first row: what a row of this file looks like
    start = 1
    try:
        for row in reader:
            if len(grid) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise FileProblem(f"The file has more than {MAX_ROWS} rows; split it.")
            if reader.line_num > start:
                _check_multiline(row, start, reader.line_num, width, dialect)
            grid.append((start, list(row)))
            width = width or len(row)
            start = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise _open_quote(start, reader.line_num) from None
        raise FileProblem(
            f"Row {start} cannot be read as CSV: {exc}.",
            [{"row": start, "column": None, "msg": str(exc)}],
        ) from None
    return grid


def _check_multiline(row: list[str], start: int, end: int, width: int, dialect: Any) -> None:
    """A quoted cell may hold a line break (a note of two lines), but a cell that runs past a
    sane length, or whose lines read as rows of the file, is a quote left open: its rows would
    be lost into one cell."""
    for cell in row:
        if "\n" not in cell and "\r" not in cell:
            continue
        lines = cell.splitlines()
        looks_like_rows = width > 1 and any(
            len(next(csv.reader([line], dialect), [])) >= width for line in lines[1:]
        )
        if looks_like_rows or len(lines) > MAX_CELL_LINES or len(cell) > MAX_CELL_CHARS:
            raise _open_quote(start, end)


def _open_quote(start: int, end: int) -> FileProblem:
    return FileProblem(
        f'Row {start} opens a quoted cell (") that runs to line {end}: the rows in between '
        "would be read as one cell and lost. Close or remove the quote on that row.",
        [{"row": start, "column": None, "msg": f"quote opened here runs to line {end}"}],
    )


def _xlsx_grid(content: bytes) -> list[tuple[int, list[Cell]]]:
    from rvuedge.imports.xlsx import read_xlsx  # here: xlsx.py reads this module's types

    return read_xlsx(content, max_rows=MAX_ROWS + HEADER_SEARCH_ROWS + 1)


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _with_header(
    grid: list[tuple[int, list[Cell]]], kind: str, header_hint: Any, filename: str
) -> Table:
    filled = [(n, cells) for n, cells in grid if not all(is_blank(c) for c in cells)]
    if not filled:
        raise FileProblem(f"{filename or 'The file'} has no rows.")
    header_at = 0
    if header_hint is not None:
        for i, (_, cells) in enumerate(filled[:HEADER_SEARCH_ROWS]):
            if header_hint([_text(c) for c in cells]):
                header_at = i
                break
    header_row, header_cells = filled[header_at]
    header = [_text(c) for c in header_cells]
    rows = filled[header_at + 1 :]
    if len(rows) > MAX_ROWS:
        raise FileProblem(f"The file has more than {MAX_ROWS} rows; split it.")
    data_lines = sum(1 for n, _ in grid if n > header_row)
    return Table(
        kind=kind,
        header=header,
        header_row=header_row,
        rows=rows,
        data_lines=data_lines,
        blank_rows=data_lines - len(rows),
    )


def _text(cell: Cell) -> str:
    return "" if cell is None else str(cell).strip()
