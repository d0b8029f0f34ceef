"""NUL and other control characters are refused in every text a request or a file carries (tab
and newline in notes only); names and sites are trimmed (issue 22)."""

import pytest

from rvuedge.imports.tabular import FileProblem, read_table

CASE = {"date_of_service": "2026-08-03", "setting": "facility", "lines": [{"code": "47562"}]}


def _refused(response, loc: list) -> None:  # noqa: ANN001
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert loc in [e["loc"] for e in response.json()["errors"]], response.text


def test_control_characters_in_json_are_refused_naming_the_field(client, user) -> None:  # noqa: ANN001
    for body, loc in (
        ({**CASE, "note": "a\u0000b"}, ["body", "note"]),
        ({**CASE, "note": "bell\u0007"}, ["body", "note"]),
        ({**CASE, "note": "carriage\rreturn"}, ["body", "note"]),
        ({**CASE, "note": "del\u007f"}, ["body", "note"]),
        ({**CASE, "site": "Main\u0000OR"}, ["body", "site"]),
        ({**CASE, "site": "Main\tOR"}, ["body", "site"]),
        ({**CASE, "lines": [{"code": "47562", "modifiers": ["5\u00000"]}]}, None),
    ):
        r = client.post("/api/v1/cases", headers=user.headers, json=body)
        if loc is None:
            assert r.status_code == 422, r.text
        else:
            _refused(r, loc)
    assert client.get("/api/v1/cases", headers=user.headers).json()["total"] == 0
    r = client.patch("/api/v1/me", headers=user.headers, json={"display_name": "Dr\u0000X"})
    _refused(r, ["body", "display_name"])
    r = client.get("/api/v1/codes", headers=user.headers, params={"q": "chole\u0000"})
    _refused(r, ["query", "q"])


def test_notes_keep_tabs_and_line_breaks_and_sites_are_trimmed(client, user) -> None:  # noqa: ANN001
    body = {**CASE, "note": "line one\n\tline two", "site": "  \tMain OR \n"}
    r = client.post("/api/v1/cases", headers=user.headers, json=body)
    assert r.status_code == 201, r.text
    assert r.json()["note"] == "line one\n\tline two" and r.json()["site"] == "Main OR"
    r = client.post(
        "/api/v1/me/templates",
        headers=user.headers,
        json={"name": "  lap chole ", "lines": [{"code": "47562"}]},
    )
    assert r.status_code == 201 and r.json()["name"] == "lap chole", r.text
    r = client.post(
        "/api/v1/me/templates",
        headers=user.headers,
        json={"name": " \t ", "lines": [{"code": "47562"}]},
    )
    _refused(r, ["body", "name"])


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x1b", "\x7f", "\u0085"])
def test_a_csv_with_a_control_character_is_refused_naming_the_line(bad: str) -> None:
    content = f"Date,CPT,Note\n2026-03-02,47562,ok\n2026-03-03,44970,bad{bad}note\n".encode()
    with pytest.raises(FileProblem, match="Line 3 holds a control character") as caught:
        read_table(content, "log.csv")
    assert caught.value.errors[0]["row"] == 3


def test_an_xlsx_cell_with_a_control_character_is_refused_naming_it() -> None:
    """XML refuses NUL and most C0 characters itself (the sheet cannot be read: a 422); the C1
    controls it allows are refused by name."""
    from tests.imports import hostile_files as hostile

    content = hostile.workbook(
        hostile.rows_xml([["Date", "CPT", "Note"], ["2026-03-02", "47562", "a\u0085b"]])
    )
    with pytest.raises(FileProblem, match="Cell C2 holds a control character"):
        read_table(content, "log.xlsx")
