"""A new case and its lines as plain rows: the values a Core insert stores and the answer is built
from, with no ORM object (issue 26: building SQLModel instances was about a tenth of the CPU of
logging a case, and an import values thousands).

A row carries every column of its table but a line's autoincrement id; the columns not given
take the defaults below, which match the models' (tests/cases/test_rows.py checks that every
column is covered and the defaults agree, so a new column cannot be left out of the inserts)."""

from types import SimpleNamespace
from typing import Any

# The columns of logged_case a new case may leave out, with the model's defaults.
CASE_DEFAULTS: dict[str, Any] = {
    "site": None,
    "locality": None,
    "setting_source": None,
    "role": "surgeon",
    "related_case_id": None,
    "note": None,
    "encounter_ref": None,
    "import_id": None,
    "release_note": None,
    "provisional": False,
    "payment_locality": None,
    "version": 1,
    "change_seq": 0,
    "deleted_at": None,
}


class Row(SimpleNamespace):
    """Attributes named as the table's columns, read like a model instance's."""

    def values(self) -> dict[str, Any]:
        """The column values, as a Core insert takes them."""
        return dict(vars(self))


class CaseRow(Row):
    """A new case (logged_case), before or after its insert."""

    def __init__(self, **values: Any) -> None:
        super().__init__(**(CASE_DEFAULTS | values))


class LineRow(Row):
    """A new credited line (case_line) without its autoincrement id: every other column given."""
