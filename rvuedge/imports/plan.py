"""From rows of a past log to the cases they describe. Pure.

Rows with the same date of service and the same case (or encounter) number are one case, in the
order of the file; without a case number every row is a case of its own.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rvuedge.imports import values
from rvuedge.imports.columns import MODIFIER_FIELDS, ColumnChoice, Field
from rvuedge.imports.tabular import Cell, Table

EARLIEST_DATE = date(2000, 1, 1)
MAX_LINES_PER_CASE = 30
REF_LIMIT = 40
SITE_LIMIT = 100
NOTE_LIMIT = 280


@dataclass(frozen=True, slots=True)
class PlannedLine:
    row: int
    code: str
    modifiers: tuple[str, ...]
    units: int


@dataclass(slots=True)
class PlannedCase:
    rows: list[int]
    date_of_service: date
    encounter_ref: str | None
    setting: str | None
    site: str | None
    role: str | None
    note: str | None
    lines: list[PlannedLine] = field(default_factory=list)

    def signature(self) -> tuple[date, tuple[tuple[str, tuple[str, ...], int], ...]]:
        """What makes two cases "the same" when no case number says so: date and lines."""
        return self.date_of_service, line_signature(
            (line.code, line.modifiers, line.units) for line in self.lines
        )


def line_signature(lines: Any) -> tuple[tuple[str, tuple[str, ...], int], ...]:
    return tuple(sorted((code, tuple(sorted(mods)), units) for code, mods, units in lines))


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str | None
    msg: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "msg": self.msg}


@dataclass
class Plan:
    cases: list[PlannedCase]
    problems: list[RowProblem]
    rows_read: int


def check_date(value: date, *, today: date) -> None:
    if value < EARLIEST_DATE:
        raise ValueError(f"{value} is before {EARLIEST_DATE}")
    if value > today + timedelta(days=1):
        raise ValueError(f"{value} is in the future (today is {today})")


def plan_cases(
    table: Table,
    columns: dict[Field, ColumnChoice],
    *,
    today: date,
    date_order: str | None = None,
) -> Plan:
    problems: list[RowProblem] = []
    cases: list[PlannedCase] = []
    by_key: dict[tuple[date, str], PlannedCase] = {}
    fields: list[tuple[str, Field, Callable[[Cell], Any]]] = [
        ("date", Field.DATE_OF_SERVICE, _dated(today, date_order)),
        ("code", Field.CODE, _required(values.read_code, "no code")),
        ("modifiers", Field.MODIFIERS, values.read_modifiers),
        ("units", Field.UNITS, values.read_units),
        ("setting", Field.SETTING, values.read_setting),
        ("role", Field.ROLE, values.read_role),
        ("site", Field.SITE, lambda c: values.read_text(c, limit=SITE_LIMIT)),
        ("ref", Field.ENCOUNTER_REF, lambda c: values.read_text(c, limit=REF_LIMIT)),
        ("note", Field.NOTE, lambda c: values.read_text(c, limit=NOTE_LIMIT)),
    ]
    # A column the file does not have reads the same on every row: read it once (a 50,000-row
    # file with three columns would otherwise parse six empty cells per row).
    absent: dict[str, Any] = {}
    for name, target, reader in fields:
        if target not in columns:
            try:
                absent[name] = reader(None)
            except ValueError:
                pass  # required: each row reports it
    mapped = [(name, columns.get(target), reader) for name, target, reader in fields]
    mapped = [m for m in mapped if m[0] not in absent]
    extra_columns = [columns[t] for t in MODIFIER_FIELDS if t in columns]
    for number, cells in table.rows:
        width = len(cells)
        bad = False
        parsed: dict[str, Any] = dict(absent)
        for name, choice, reader in mapped:
            cell = cells[choice.index] if choice is not None and choice.index < width else None
            try:
                parsed[name] = reader(cell)
            except ValueError as exc:
                problems.append(RowProblem(number, choice.header if choice else None, str(exc)))
                bad = True
        extra: list[str] = []
        for choice in extra_columns:
            try:
                extra += values.read_modifiers(
                    cells[choice.index] if choice.index < width else None
                )
            except ValueError as exc:
                problems.append(RowProblem(number, choice.header, str(exc)))
                bad = True
        if bad:
            continue
        code, code_mods = parsed["code"]
        modifiers = tuple(dict.fromkeys([*code_mods, *parsed["modifiers"], *extra]))
        if len(modifiers) > 4:
            column = columns.get(Field.MODIFIERS) or columns.get(Field.MODIFIER_1)
            problems.append(
                RowProblem(number, column.header if column else None, "more than 4 modifiers")
            )
            continue
        line = PlannedLine(number, code, modifiers, parsed["units"])
        ref = parsed["ref"]
        key = (parsed["date"], ref) if ref else None
        case = by_key.get(key) if key else None
        if case is None:
            case = PlannedCase(
                rows=[],
                date_of_service=parsed["date"],
                encounter_ref=ref,
                setting=parsed["setting"],
                site=parsed["site"],
                role=parsed["role"],
                note=parsed["note"],
            )
            cases.append(case)
            if key:
                by_key[key] = case
        elif not _agrees(case, parsed, number, columns, problems):
            continue
        if len(case.lines) == MAX_LINES_PER_CASE:
            problems.append(
                RowProblem(number, None, f"case {ref} has more than {MAX_LINES_PER_CASE} lines")
            )
            continue
        case.rows.append(number)
        case.lines.append(line)
    return Plan(cases=cases, problems=problems, rows_read=len(table.rows))


def _agrees(
    case: PlannedCase,
    parsed: dict[str, Any],
    number: int,
    columns: dict[Field, ColumnChoice],
    problems: list[RowProblem],
) -> bool:
    """Rows of one case must agree on its setting, site and role (a note may be on any row)."""
    ok = True
    for name, target in (("setting", Field.SETTING), ("site", Field.SITE), ("role", Field.ROLE)):
        mine, theirs = getattr(case, name), parsed[name]
        if theirs is not None and mine is not None and theirs != mine:
            problems.append(
                RowProblem(
                    number,
                    columns[target].header,
                    f"case {case.encounter_ref} has {name} {mine!r} on row {case.rows[0]}, "
                    f"{theirs!r} here",
                )
            )
            ok = False
        elif mine is None and theirs is not None:
            setattr(case, name, theirs)
    if ok and parsed["note"] and not case.note:
        case.note = parsed["note"]
    return ok


def _required(reader: Callable[[Cell], Any], what: str) -> Callable[[Cell], Any]:
    def read(cell: Cell) -> Any:
        if values.is_blank(cell):
            raise ValueError(what)
        return reader(cell)

    return read


def _dated(today: date, order: str | None) -> Callable[[Cell], date]:
    def read(cell: Cell) -> date:
        if values.is_blank(cell):
            raise ValueError("no date of service")
        value = values.read_date(cell, order)
        check_date(value, today=today)
        return value

    return read
