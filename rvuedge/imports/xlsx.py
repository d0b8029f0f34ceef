"""An uploaded XLSX workbook's first sheet as rows of cells, within bounds a hostile file cannot
push past. Pure: bytes in, cells out; every refusal is a FileProblem (a 422) saying what is wrong.

- The zip's parts are read in chunks before the workbook is opened: any part that declares a
  DOCTYPE (entity expansion, external entities) is refused, and so is a workbook whose parts
  unpack to more than MAX_UNPACKED_BYTES, however small the file (a zip bomb).
- The XML is then parsed by openpyxl, which goes through defusedxml (a dependency) as a second
  guard against entity declarations.
- The sheet's declared dimension is ignored (a 4.9 KB file declaring A1:XFD10000 made the reader
  pad every row to 16,384 cells: 11.6 s and 819 MB). Only the cells present are read, each with
  its column; a cell past MAX_COLUMNS, more than MAX_ROWS rows or more than MAX_CELLS cells is a
  refusal naming where.

Memory per upload is bounded by MAX_UNPACKED_BYTES (the shared strings are held in memory) plus
the rows kept; bench/hostile_inputs.py measures the peak (tracemalloc) for each hostile file.
"""

import io
import re
import zipfile
from datetime import date, datetime
from typing import Any

from rvuedge.imports.tabular import Cell, FileProblem

MAX_UNPACKED_BYTES = 120 * 1024 * 1024  # the parts of a 50,000-row log unpack to ~15 MB
MAX_COLUMNS = 100
MAX_CELLS = 1_500_000
SCAN_CHUNK = 1024 * 1024
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read_xlsx(content: bytes, *, max_rows: int) -> list[tuple[int, list[Cell]]]:
    """The first sheet's rows: (row number, cells), rows without cells left out."""
    _check_parts(content)
    from openpyxl import load_workbook  # imported here: only uploads of workbooks need it

    try:
        # data_only: a formula cell is read as the value Excel last computed, never as formula
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except FileProblem:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to open the file is the file's fault
        raise FileProblem(f"The file is not a readable XLSX workbook ({_short(exc)}).") from None
    try:
        return _rows(book, max_rows=max_rows)
    except FileProblem:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed XML, numbers or dates inside the sheet
        raise FileProblem(f"The workbook's sheet cannot be read ({_short(exc)}).") from None
    finally:
        book.close()


def _check_parts(content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileProblem(f"The file is not a readable XLSX workbook ({_short(exc)}).") from None
    unpacked = 0
    with archive:
        for info in archive.infolist():
            if info.file_size > MAX_UNPACKED_BYTES:
                raise _too_big()
            try:
                with archive.open(info) as part:
                    tail, first = b"", True
                    while chunk := part.read(SCAN_CHUNK):
                        if first and chunk[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00"):
                            raise FileProblem(
                                f"The workbook part {info.filename} is UTF-16 XML; save the "
                                "workbook again from Excel as .xlsx."
                            )
                        unpacked += len(chunk)
                        if unpacked > MAX_UNPACKED_BYTES:
                            raise _too_big()
                        if _DOCTYPE.search(tail + chunk):
                            raise FileProblem(
                                f"The workbook part {info.filename} declares a DOCTYPE or "
                                "entities, which a workbook saved by Excel never does; it is "
                                "refused. Save the sheet again as .xlsx or as CSV UTF-8.",
                                [{"row": None, "column": None, "msg": "XML entity declaration"}],
                            )
                        tail, first = chunk[-16:], False
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
                raise FileProblem(
                    f"The file is not a readable XLSX workbook ({_short(exc)})."
                ) from None


def _too_big() -> FileProblem:
    return FileProblem(
        f"The workbook unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB; "
        "split it or save it as CSV UTF-8."
    )


def _rows(book: Any, *, max_rows: int) -> list[tuple[int, list[Cell]]]:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser

    sheet = book.worksheets[0]
    grid: list[tuple[int, list[Cell]]] = []
    cells_read = 0
    # The rows as stored, each cell with its column: never padded to a declared dimension
    # (openpyxl's own iter_rows pads every row to the widest column, or to the declared one).
    with sheet._get_source() as source:  # noqa: SLF001 - the read-only sheet's XML stream
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,  # noqa: SLF001
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,  # noqa: SLF001
            timedelta_formats=book._timedelta_formats,  # noqa: SLF001
        )
        for number, stored in parser.parse():
            if not stored:
                continue
            if len(grid) >= max_rows:
                raise FileProblem(f"The workbook has more than {max_rows} rows; split it.")
            cells_read += len(stored)
            if cells_read > MAX_CELLS:
                raise FileProblem(
                    f"The workbook has more than {MAX_CELLS:,} cells (by row {number}); "
                    "keep only the columns of the log, or split it."
                )
            widest = max(c["column"] for c in stored)
            if widest > MAX_COLUMNS:
                where = f"{get_column_letter(widest)}{number}"
                raise FileProblem(
                    f"Cell {where} is past column {get_column_letter(MAX_COLUMNS)}: a log has at "
                    f"most {MAX_COLUMNS} columns. Delete the cells to the right of the log.",
                    [{"row": number, "column": where, "msg": f"past column {MAX_COLUMNS}"}],
                )
            row: list[Cell] = [None] * widest
            for cell in stored:
                row[cell["column"] - 1] = _cell(cell["value"], number, cell["column"])
            grid.append((number, row))
    return grid


def _cell(value: Any, row: int, column: int) -> Cell:
    if isinstance(value, str):
        if _CONTROL.search(value):
            from openpyxl.utils import get_column_letter

            where = f"{get_column_letter(column)}{row}"
            raise FileProblem(
                f"Cell {where} holds a control character (such as NUL); remove it.",
                [{"row": row, "column": where, "msg": "control character"}],
            )
        return value
    if value is None or isinstance(value, int | float | date | datetime):
        return value
    return str(value)  # times, durations, booleans: their text


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
