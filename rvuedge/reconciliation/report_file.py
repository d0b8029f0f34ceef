"""The employer's productivity report: rows to employer lines. Pure.

Billing extracts carry a date of service, often a post date and a void date, the code, modifiers
(one column or several), a quantity (a reversal is -1), sometimes a wRVU column and a charge or
encounter number. Rows with neither a date nor a code (totals, blank separators) are skipped.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rvuedge.calc.reconcile import EmployerLine
from rvuedge.imports import values
from rvuedge.imports.columns import MODIFIER_FIELDS, ColumnChoice, Field
from rvuedge.imports.plan import REF_LIMIT, RowProblem, check_date
from rvuedge.imports.tabular import Cell, Table, is_blank


@dataclass
class ReportLines:
    lines: list[EmployerLine] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    has_wrvu: bool = False


def read_report(
    table: Table,
    columns: dict[Field, ColumnChoice],
    *,
    today: date,
    date_order: str | None = None,
) -> ReportLines:
    out = ReportLines(has_wrvu=Field.WRVU in columns)

    def cell(cells: list[Cell], target: Field) -> Cell:
        choice = columns.get(target)
        if choice is None or choice.index >= len(cells):
            return None
        return cells[choice.index]

    for number, cells in table.rows:
        if is_blank(cell(cells, Field.DATE_OF_SERVICE)) and is_blank(cell(cells, Field.CODE)):
            out.skipped_rows.append(number)
            continue
        before = len(out.problems)

        def read(target: Field, reader: Any, _cells: list[Cell] = cells, _n: int = number) -> Any:
            try:
                return reader(cell(_cells, target))
            except ValueError as exc:
                out.problems.append(RowProblem(_n, columns[target].header, str(exc)))
                return None

        dos = read(Field.DATE_OF_SERVICE, lambda c: _date(c, today, date_order, required=True))
        code = read(Field.CODE, _code)
        mods = read(Field.MODIFIERS, values.read_modifiers) or []
        for target in MODIFIER_FIELDS:
            mods += read(target, values.read_modifiers) or []
        units = read(Field.UNITS, lambda c: values.read_units(c, allow_negative=True))
        wrvu = read(Field.WRVU, values.read_decimal)
        ref = read(Field.ENCOUNTER_REF, lambda c: values.read_text(c, limit=REF_LIMIT))
        post = read(Field.POST_DATE, lambda c: _date(c, today, date_order, required=False))
        void = read(Field.VOID_DATE, lambda c: _date(c, today, date_order, required=False))
        if len(out.problems) > before:
            continue
        code_text, code_mods = code
        modifiers = tuple(dict.fromkeys([*code_mods, *mods]))
        out.lines.append(
            EmployerLine(
                rows=(number,),
                date_of_service=dos,
                code=code_text,
                modifiers=modifiers,
                units=units,
                wrvu=wrvu,
                encounter_ref=ref,
                post_date=post,
                voided=void is not None,
            )
        )
    return out


def _date(cell: Cell, today: date, order: str | None, *, required: bool) -> date | None:
    if is_blank(cell):
        if required:
            raise ValueError("no date of service")
        return None
    value = values.read_date(cell, order)
    check_date(value, today=today)
    return value


def _code(cell: Cell) -> tuple[str, list[str]]:
    if is_blank(cell):
        raise ValueError("no code")
    return values.read_code(cell)
