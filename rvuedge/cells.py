"""Cells written into CSV and XLSX exports, safe from spreadsheet formula injection.

A text cell that begins with = + - @ (or a tab or carriage return) would run as a formula when the
file is opened in a spreadsheet; such text is written with a leading apostrophe, which spreadsheets
show as text (OWASP's advice for CSV injection). Numbers stay numbers. Reuse this for every export.
"""

from datetime import date, datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | Decimal | date | datetime | None


def safe_cell(value: Cell) -> Cell:
    """The value to write: text that a spreadsheet would read as a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: list[Cell]) -> list[Cell]:
    return [safe_cell(v) for v in values]
