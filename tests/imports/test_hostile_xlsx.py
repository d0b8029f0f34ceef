"""Hostile workbooks (issue 22): entity declarations, a declared dimension of 16,384 columns, a
cell far to the right, too many cells, a zip bomb and numbers no cell should hold. Each is a
FileProblem (a 422) saying what is wrong, read within bounded memory."""

import tracemalloc

import pytest
from fastapi.testclient import TestClient

from rvuedge.imports import xlsx
from rvuedge.imports.columns import LOG_FIELDS
from rvuedge.imports.plan import plan_cases
from rvuedge.imports.reader import read_upload
from rvuedge.imports.tabular import FileProblem, read_table
from tests.conftest import TODAY
from tests.factories import make_user
from tests.imports import hostile_files as hostile


def test_a_plain_workbook_still_reads() -> None:
    table = read_table(hostile.plain_log(), "log.xlsx")
    assert table.header == ["Date", "CPT", "Units"]
    assert [cells for _, cells in table.rows] == [
        ["2026-03-02", "47562", 1],
        ["2026-03-03", "44970", 1],
    ]


@pytest.mark.parametrize("build", [hostile.entity_expansion, hostile.external_entity])
def test_entity_declarations_are_refused(build) -> None:  # noqa: ANN001
    with pytest.raises(FileProblem, match="declares a DOCTYPE or entities"):
        read_table(build(), "log.xlsx")


def test_the_declared_dimension_is_ignored_and_memory_stays_small() -> None:
    """A1:XFD1000 declared over 1,000 short rows: read as 3 cells a row, not 16,384."""
    content = hostile.declared_dimension(rows=1_000)
    tracemalloc.start()
    try:
        table = read_table(content, "log.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(table.rows) == 999 and max(len(cells) for _, cells in table.rows) == 3
    # Padded to the declared width the rows alone took 16.4 million cells (over 130 MB).
    assert peak < 30 * 1024 * 1024, peak


def test_a_cell_past_the_column_cap_is_refused_naming_it() -> None:
    with pytest.raises(FileProblem, match="Cell XFD4 is past column CV") as caught:
        read_table(hostile.cell_far_right(), "log.xlsx")
    assert caught.value.errors[0]["row"] == 4


def test_too_many_cells_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_CELLS", 50)
    with pytest.raises(FileProblem, match="more than 50 cells"):
        read_table(hostile.declared_dimension(rows=40), "log.xlsx")


def test_too_many_rows_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(FileProblem, match="more than 30 rows"):
        xlsx.read_xlsx(hostile.declared_dimension(rows=40), max_rows=30)


def test_a_part_that_unpacks_past_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 1024 * 1024)
    content = hostile.packed_part(3 * 1024 * 1024)
    assert len(content) < 20_000  # a small file...
    with pytest.raises(FileProblem, match="unpacks to more than 1 MB"):  # ...that unpacks big
        read_table(content, "log.xlsx")


@pytest.mark.parametrize("stored", ["1e999999", "9" * 5000, "inf", "NaN", "-Infinity"])
def test_a_number_no_cell_should_hold_is_a_row_problem_or_refused(stored: str) -> None:
    try:
        read = read_upload(hostile.units_cell(stored), "log.xlsx", mapping=None, allowed=LOG_FIELDS)
    except FileProblem:
        return  # the sheet cannot be read at all: refused as a whole
    plan = plan_cases(read.table, read.columns, today=TODAY)
    assert plan.cases == [] and [(p.row, p.column) for p in plan.problems] == [(2, "Units")]


def test_both_uploads_answer_422_for_an_entity_workbook(client: TestClient) -> None:
    user = make_user(client)
    for build in (hostile.entity_expansion, hostile.external_entity):
        files = {"file": ("log.xlsx", build())}
        r = client.post("/api/v1/imports", headers=user.headers, files=files)
        assert r.status_code == 422 and "DOCTYPE" in r.json()["detail"], r.text
        r = client.post(
            "/api/v1/reconciliations",
            headers=user.headers,
            files=files,
            data={"start": "2026-03-01", "end": "2026-03-31"},
        )
        assert r.status_code == 422 and "DOCTYPE" in r.json()["detail"], r.text
