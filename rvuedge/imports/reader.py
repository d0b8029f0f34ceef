"""An uploaded file to a table and its columns: what both imports and reconciliations read. Pure."""

from dataclasses import dataclass
from typing import Any

from rvuedge.imports.columns import (
    ColumnChoice,
    Field,
    MappingProblem,
    apply_mapping,
    looks_like_header,
    recognise,
)
from rvuedge.imports.tabular import FileProblem, Table, read_table
from rvuedge.imports.values import DATE_FORMATS

REQUIRED = (Field.DATE_OF_SERVICE, Field.CODE)


@dataclass
class ReadFile:
    table: Table
    columns: dict[Field, ColumnChoice]
    date_order: str | None = None  # the mapping's date_format: "mdy", "dmy" or "ymd"

    def columns_out(self) -> list[dict[str, Any]]:
        return [
            {"field": c.field.value, "column": c.header, "index": c.index + 1, "how": c.how}
            for c in sorted(self.columns.values(), key=lambda c: c.index)
        ]

    def unused_columns(self) -> list[str]:
        used = {c.index for c in self.columns.values()}
        return [h for i, h in enumerate(self.table.header) if i not in used and h]


def read_upload(
    content: bytes, filename: str, *, mapping: dict[str, Any] | None, allowed: frozenset[Field]
) -> ReadFile:
    """The file's table and the column of each field; FileProblem or MappingProblem otherwise."""
    mapping = dict(mapping or {})
    date_order = _date_order(mapping.pop("date_format", None))
    table = read_table(content, filename, header_hint=looks_like_header(allowed))
    columns = apply_mapping(table.header, recognise(table.header, allowed), mapping, allowed)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        names = " and ".join(f"a {f.value.replace('_', ' ')}" for f in missing)
        raise FileProblem(
            f"No column holds {names} (columns on row {table.header_row}: "
            f"{', '.join(h for h in table.header if h) or 'none'}); "
            'name it with the mapping, e.g. {"' + missing[0].value + '": "Your column"}.',
            [
                {"row": table.header_row, "column": None, "msg": f"no {f.value} column"}
                for f in missing
            ],
        )
    if not table.rows:
        raise FileProblem("The file has a header but no rows.")
    return ReadFile(table, columns, date_order)


def _date_order(value: Any) -> str | None:
    """The mapping's date_format: how the file writes its day-month dates."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip().upper() in DATE_FORMATS:
        return DATE_FORMATS[value.strip().upper()]
    raise MappingProblem(
        f"date_format {value!r} is not one of {', '.join(DATE_FORMATS)}.",
        [{"row": None, "column": "date_format", "msg": "unknown date format"}],
    )


__all__ = ["FileProblem", "MappingProblem", "ReadFile", "read_upload"]
