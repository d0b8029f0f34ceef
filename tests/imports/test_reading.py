"""Reading uploaded files, recognising columns and planning cases: pure, no database."""

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import Workbook

from rvuedge.imports import values
from rvuedge.imports.columns import LOG_FIELDS, REPORT_FIELDS, Field, MappingProblem
from rvuedge.imports.plan import plan_cases
from rvuedge.imports.reader import read_upload
from rvuedge.imports.tabular import FileProblem, read_table

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-03-05", date(2026, 3, 5)),
        ("2026-03-05T14:30:00", date(2026, 3, 5)),
        ("2026-03-05 14:30:00", date(2026, 3, 5)),
        ("03/05/2026", date(2026, 3, 5)),
        ("3/5/2026", date(2026, 3, 5)),
        ("3/5/26", date(2026, 3, 5)),
        ("46086", date(2026, 3, 5)),  # Excel serial number as text
        (46086, date(2026, 3, 5)),
        (46086.5, date(2026, 3, 5)),  # a serial with a time of day
        (datetime(2026, 3, 5, 7, 0, tzinfo=UTC), date(2026, 3, 5)),
        (date(2026, 3, 5), date(2026, 3, 5)),
    ],
)
def test_dates(cell, expected) -> None:  # noqa: ANN001
    assert values.read_date(cell) == expected


@pytest.mark.parametrize("cell", ["March 5", "2026-02-30", "13/45/2026", "05.03.2026x", "-3"])
def test_not_dates(cell) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match="date"):
        values.read_date(cell)


@pytest.mark.parametrize("cell", ["05.03.2026", "05-03-2026", "13.03.2026", "5.3.26", "03-05-26"])
def test_a_dotted_or_dashed_date_is_never_guessed(cell: str) -> None:
    """05.03.2026 was read as May 3 without a word; it may be 5 March."""
    with pytest.raises(ValueError, match="date_format"):
        values.read_date(cell)


@pytest.mark.parametrize(
    ("cell", "order", "expected"),
    [
        ("05.03.2026", "dmy", date(2026, 3, 5)),
        ("05.03.2026", "mdy", date(2026, 5, 3)),
        ("05/03/2026", "dmy", date(2026, 3, 5)),  # a UK file's slashes
        ("13-03-2026", "dmy", date(2026, 3, 13)),
        ("2026-03-05", "dmy", date(2026, 3, 5)),  # ISO stays ISO
    ],
)
def test_a_stated_date_format_reads_day_month_dates(cell: str, order: str, expected: date) -> None:
    assert values.read_date(cell, order) == expected


def test_the_mapping_states_the_date_format() -> None:
    content = b"Date,CPT\n05.03.2026,47562\n13.03.2026,44970\n"
    with pytest.raises(MappingProblem, match="date_format 'D.M.Y' is not one of"):
        read_upload(content, "log.csv", mapping={"date_format": "D.M.Y"}, allowed=LOG_FIELDS)
    read = read_upload(
        content, "log.csv", mapping={"date_format": "DD.MM.YYYY"}, allowed=LOG_FIELDS
    )
    plan = plan_cases(read.table, read.columns, today=TODAY, date_order=read.date_order)
    assert [c.date_of_service for c in plan.cases] == [date(2026, 3, 5), date(2026, 3, 13)]
    read = read_upload(content, "log.csv", mapping=None, allowed=LOG_FIELDS)
    plan = plan_cases(read.table, read.columns, today=TODAY, date_order=read.date_order)
    assert plan.cases == [] and [p.row for p in plan.problems] == [2, 3]
    assert "date_format" in plan.problems[0].msg


@pytest.mark.parametrize(
    ("cell", "code", "modifiers"),
    [
        ("47562", "47562", []),
        (" 47562 ", "47562", []),
        (47562, "47562", []),
        (47562.0, "47562", []),
        (100, "00100", []),  # a spreadsheet dropped the leading zeros
        ("g0121", "G0121", []),
        ("49505-RT", "49505", ["RT"]),
        ("27447 50", "27447", ["50"]),
    ],
)
def test_codes(cell, code, modifiers) -> None:  # noqa: ANN001
    assert values.read_code(cell) == (code, modifiers)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(None, []), ("", []), ("50", ["50"]), (50, ["50"]), ("rt, lt", ["RT", "LT"]), ("-80", ["80"])],
)
def test_modifiers(cell, expected) -> None:  # noqa: ANN001
    assert values.read_modifiers(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"), [("11", "non_facility"), (22, "facility"), ("ASC", "facility")]
)
def test_settings(cell, expected) -> None:  # noqa: ANN001
    assert values.read_setting(cell) == expected


def test_units() -> None:
    assert values.read_units("") == 1
    assert values.read_units("2") == 2
    assert values.read_units("-1", allow_negative=True) == -1
    for bad in ("0", "-1", "1.5", "lots", "100"):
        with pytest.raises(ValueError):
            values.read_units(bad)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n  \n", "empty"),
        ("Date,CPT\n2026-01-05,47562\n".encode("utf-16"), "UTF-16"),
        (b"\x00\x01\x02binary\x00stuff", "binary"),
        (b"Date,CPT,Note\n2026-01-05,47562,caf\xe9\n", "not UTF-8"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", ".xls"),
        (b"PK\x03\x04not really a zip", "XLSX"),
    ],
)
def test_unreadable_files(content: bytes, message: str) -> None:
    with pytest.raises(FileProblem, match=message):
        read_table(content, "log.csv")


def test_header_after_a_banner_and_separators() -> None:
    content = (
        b"Productivity report;;\nDr. Example, Jan 2026;;\n;;\n"
        b"Svc Date;CPT Code;Qty\n01/05/2026;47562;1\n"
    )
    read = read_upload(content, "r.csv", mapping=None, allowed=REPORT_FIELDS)
    assert read.table.header_row == 4
    assert {f: c.header for f, c in read.columns.items()} == {
        Field.DATE_OF_SERVICE: "Svc Date",
        Field.CODE: "CPT Code",
        Field.UNITS: "Qty",
    }


def test_missing_columns_name_what_is_there() -> None:
    with pytest.raises(FileProblem, match="date of service.*Day, Procedure") as caught:
        read_upload(b"Day,Procedure\nx,47562\n", "log.csv", mapping=None, allowed=LOG_FIELDS)
    assert caught.value.errors[0]["row"] == 1


def test_mapping_overrides_and_validates() -> None:
    content = b"Day,Procedure,Comment\n2026-01-05,47562,x\n"
    read = read_upload(
        content, "log.csv", mapping={"date_of_service": "day", "note": None}, allowed=LOG_FIELDS
    )
    assert read.columns[Field.DATE_OF_SERVICE].how == "set by the mapping"
    assert Field.NOTE not in read.columns
    with pytest.raises(MappingProblem, match="no column 'When'"):
        read_upload(content, "log.csv", mapping={"date_of_service": "When"}, allowed=LOG_FIELDS)
    with pytest.raises(MappingProblem, match="unknown field"):
        read_upload(content, "log.csv", mapping={"patient": 1}, allowed=LOG_FIELDS)


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_dates_numbers_and_formulas() -> None:
    content = _xlsx(
        [
            ["DOS", "CPT", "Mod 1", "Mod 2", "Units", "Encounter"],
            [date(2026, 2, 3), 47562, None, None, 1, "E1"],
            [46056, "49505", "RT", "51", "=1+0", "E1"],
        ]
    )
    read = read_upload(content, "log.xlsx", mapping=None, allowed=LOG_FIELDS)
    assert read.table.kind == "xlsx"
    plan = plan_cases(read.table, read.columns, today=TODAY)
    # A formula cell is read as its cached value; openpyxl wrote none, so units is blank -> 1.
    assert [p.as_dict() for p in plan.problems] == []
    (case,) = plan.cases
    assert case.date_of_service == date(2026, 2, 3) and case.encounter_ref == "E1"
    assert [(x.code, x.modifiers, x.units) for x in case.lines] == [
        ("47562", (), 1),
        ("49505", ("RT", "51"), 1),
    ]


def _plan(text: str):  # noqa: ANN202
    read = read_upload(text.encode(), "log.csv", mapping=None, allowed=LOG_FIELDS)
    return plan_cases(read.table, read.columns, today=TODAY)


def test_grouping_by_date_and_case_number() -> None:
    plan = _plan(
        "date,cpt,modifiers,case number\n"
        "2026-01-05,47562,,A\n2026-01-05,49505,51,A\n2026-01-06,47562,,A\n"
        "2026-01-05,99213,,\n2026-01-05,99213,,\n"
    )
    assert [(c.date_of_service.day, c.encounter_ref, len(c.lines)) for c in plan.cases] == [
        (5, "A", 2),
        (6, "A", 1),
        (5, None, 1),
        (5, None, 1),
    ]


def test_row_problems_name_row_and_column() -> None:
    plan = _plan(
        "Date of Service,CPT,Units,Setting\n"
        "1900-01-01,47562,1,\n2027-06-01,47562,1,\n2026-01-05,475621,1,\n"
        "2026-01-05,47562,zero,\n2026-01-05,47562,1,moon\n,47562,1,\n2026-01-05,,1,\n"
    )
    assert [(p.row, p.column, p.msg) for p in plan.problems] == [
        (2, "Date of Service", "1900-01-01 is before 2000-01-01"),
        (3, "Date of Service", "2027-06-01 is in the future (today is 2026-11-27)"),
        (4, "CPT", "'475621' is not a CPT/HCPCS code (five letters or digits)"),
        (
            5,
            "Units",
            "'zero' is not a whole number from 1 to 99 "
            "(ASCII digits with an optional sign and decimal point only)",
        ),
        (
            6,
            "Setting",
            "'moon' is not a setting (facility, non_facility, or a place-of-service code)",
        ),
        (7, "Date of Service", "no date of service"),
        (8, "CPT", "no code"),
    ]
    assert plan.cases == []


def test_rows_of_one_case_must_agree() -> None:
    plan = _plan("date,cpt,case,setting\n2026-01-05,47562,A,facility\n2026-01-05,49505,A,office\n")
    assert len(plan.problems) == 1 and plan.problems[0].row == 3
    assert "setting" in plan.problems[0].msg


# --- A quote left open cannot swallow rows (issue 22) ---------------------------------------


@pytest.mark.parametrize(
    ("text", "end"),
    [
        # The attack's file: the quote is never closed, every later row went into one note.
        ('Date,CPT,Note\n2026-03-02,47562,"oops\n2026-03-03,44970,x\n2026-03-04,44970,y\n', 4),
        # Closed much later: the rows in between read as a cell of several rows.
        ('Date,CPT,Note\n2026-03-02,47562,"oops\n2026-03-03,44970,x\n2026-03-04,44970,y"\n', 4),
        # A cell far past any note's length.
        ('Date,CPT,Note\n2026-03-02,47562,"' + "word\n" * 20 + '"\n', 22),
    ],
)
def test_a_quote_left_open_is_refused_naming_its_row(text: str, end: int) -> None:
    with pytest.raises(FileProblem) as caught:
        read_table(text.encode(), "log.csv")
    assert caught.value.errors[0]["row"] == 2
    assert "Row 2 opens a quoted cell" in caught.value.detail
    assert caught.value.errors[0]["msg"] == f"quote opened here runs to line {end}"


def test_a_note_of_two_lines_is_one_cell_and_rows_keep_their_numbers() -> None:
    text = 'Date,CPT,Note\n2026-03-02,47562,"first line\nsecond line"\n\n2026-03-04,44970,y\n'
    table = read_table(text.encode(), "log.csv")
    assert [(n, cells[2]) for n, cells in table.rows] == [
        (2, "first line\nsecond line"),
        (5, "y"),
    ]
    assert (table.data_lines, table.blank_rows) == (3, 1)
