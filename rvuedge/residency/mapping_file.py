"""The programme's CSV files: a code-to-category mapping and category minimums. Read whole and
checked before anything is stored; a bad row is a 422 naming the row (1 = the header)."""

import csv
import io
import re

from rvuedge.calc.acgme import Minimum
from rvuedge.failures import InvalidInput

# CPT (five digits, or four and a letter for Category II/III) or HCPCS Level II (a letter, four
# digits).
CODE = re.compile(r"^(\d{4}[0-9A-Z]|[A-Z]\d{4})$")
MAX_ROWS = 20_000
MAX_NAME = 100


def _rows(content: bytes, columns: tuple[str, ...], required: int) -> list[tuple[int, list[str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            "The file is not UTF-8 text; save it as CSV (UTF-8).",
            errors=[{"loc": ["body", "file"], "msg": "not UTF-8"}],
        ) from None
    grid = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text)), start=1)]
    grid = [(n, [cell.strip() for cell in row]) for n, row in grid if any(c.strip() for c in row)]
    if not grid:
        raise InvalidInput("The file is empty.", errors=[{"loc": ["body", "file"], "msg": "empty"}])
    header = [c.casefold() for c in grid[0][1]]
    if header[:required] != list(columns[:required]) or len(header) > len(columns):
        raise InvalidInput(
            f"Row 1: the header must be {','.join(columns[:required])}"
            + (f" (optionally ,{','.join(columns[required:])})" if len(columns) > required else "")
            + f"; found {','.join(grid[0][1])}.",
            errors=[{"loc": ["body", "file"], "msg": "bad header", "row": 1}],
        )
    body = grid[1:]
    if not body:
        raise InvalidInput(
            "The file has a header but no rows.",
            errors=[{"loc": ["body", "file"], "msg": "no rows"}],
        )
    if len(body) > MAX_ROWS:
        raise InvalidInput(
            f"The file has {len(body)} rows; at most {MAX_ROWS} are read.",
            errors=[{"loc": ["body", "file"], "msg": "too many rows"}],
        )
    for n, row in body:
        if len(row) > len(columns):
            _bad(n, None, f"has {len(row)} columns; expected at most {len(columns)}")
    return [(n, row + [""] * (len(columns) - len(row))) for n, row in body]


def _bad(row: int, column: str | None, msg: str) -> None:
    where = f"Row {row}" + (f", column {column}" if column else "")
    raise InvalidInput(
        f"{where}: {msg}.",
        errors=[{"loc": ["body", "file"], "msg": msg, "row": row, "column": column}],
    )


def _name(row: int, column: str, value: str) -> str:
    if not value:
        _bad(row, column, f"{column} is empty")
    if len(value) > MAX_NAME or any(ord(ch) < 32 for ch in value):
        _bad(row, column, f"{column} must be 1 to {MAX_NAME} printable characters")
    return value


def read_categories(content: bytes) -> list[tuple[str, str]]:
    """(code, category) pairs, duplicates dropped; a code may map to several categories."""
    out: dict[tuple[str, str], None] = {}
    for n, (code, category) in _rows(content, ("code", "category"), 2):
        code = code.upper()
        if not CODE.match(code):
            _bad(n, "code", f"{code!r} is not a CPT or HCPCS code (five characters, e.g. 47562)")
        out[(code, _name(n, "category", category))] = None
    return list(out)


def read_minimums(content: bytes) -> list[Minimum]:
    """Minimums in file order; `parent` names the category a sub-minimum belongs to. The names
    total_major, chief_year and teaching_assistant set the totals' minimums."""
    out: dict[str, Minimum] = {}
    where: dict[str, int] = {}
    for n, (category, minimum, parent) in _rows(content, ("category", "minimum", "parent"), 2):
        name = _name(n, "category", category)
        if not minimum.isdigit() or int(minimum) > 100_000:
            _bad(n, "minimum", f"{minimum!r} is not a whole number of cases (0 to 100000)")
        if name.casefold() in out:
            _bad(n, "category", f"{name!r} appears twice")
        above = _name(n, "parent", parent) if parent else None
        out[name.casefold()] = Minimum(name, int(minimum), above)
        where[name.casefold()] = n
    for key, m in out.items():
        if m.parent and m.parent.casefold() not in out:
            _bad(where[key], "parent", f"parent {m.parent!r} is not a category of the file")
    return list(out.values())
