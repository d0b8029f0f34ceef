"""Hostile XLSX workbooks, built from scratch: the files of the attack on the uploads (issue 22).

Each is a minimal workbook whose first sheet's XML is written by hand, so a test (and
bench/hostile_inputs.py) can make exactly the file it needs.
"""

import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Log" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def cell(ref: str, value: object) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def rows_xml(rows: list[list[object]], *, first: int = 1) -> str:
    out = []
    for offset, values in enumerate(rows):
        number = first + offset
        cells = "".join(cell(f"{chr(65 + i)}{number}", v) for i, v in enumerate(values))
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


LOG = [["Date", "CPT", "Units"], ["2026-03-02", "47562", 1], ["2026-03-03", "44970", 1]]


def workbook(
    sheet_data: str,
    *,
    dimension: str = "A1:C3",
    doctype: str = "",
    extra_parts: dict[str, bytes] | None = None,
) -> bytes:
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        f'<worksheet xmlns="{NS}"><dimension ref="{dimension}"/>'
        f"<sheetData>{sheet_data}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra_parts or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def plain_log() -> bytes:
    return workbook(rows_xml(LOG))


def entity_expansion() -> bytes:
    """A billion laughs, in small: each entity ten of the one before."""
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 9)
    )
    return workbook(
        rows_xml(LOG[:1]) + '<row r="2"><c r="A2" t="inlineStr"><is><t>&a8;</t></is></c></row>',
        doctype=f"<!DOCTYPE worksheet [{entities}]>",
    )


def external_entity() -> bytes:
    return workbook(
        rows_xml(LOG[:1]) + '<row r="2"><c r="A2" t="inlineStr"><is><t>&x;</t></is></c></row>',
        doctype='<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/hostname">]>',
    )


def declared_dimension(rows: int = 10_000) -> bytes:
    """A few KB that declare A1:XFD10000: the reader padded every row to 16,384 cells."""
    data = rows_xml(LOG[:1]) + rows_xml([["2026-03-02", "47562", 1]] * (rows - 1), first=2)
    return workbook(data, dimension=f"A1:XFD{rows}")


def cell_far_right() -> bytes:
    return workbook(rows_xml(LOG) + '<row r="4"><c r="XFD4"><v>1</v></c></row>')


def units_cell(value: str) -> bytes:
    """A units cell whose stored number is `value` as written in the XML (e.g. 1e999999)."""
    data = rows_xml(LOG[:1]) + (
        '<row r="2">'
        + cell("A2", "2026-03-02")
        + cell("B2", "47562")
        + f'<c r="C2"><v>{value}</v></c></row>'
    )
    return workbook(data)


def packed_part(size: int) -> bytes:
    """A small file with a part that unpacks to `size` bytes (a zip bomb, in small)."""
    return workbook(rows_xml(LOG), extra_parts={"xl/padding.xml": b" " * size})
