"""The case log as CSV, produced a page at a time: UTF-8 with a byte-order mark (so Excel reads
accents right), a header row, CRLF line ends, ISO dates, plain decimals, text escaped against
formula injection."""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from rvuedge.exports.caselog import NO_CASES, Kind, LogColumn, LogLine, plain
from rvuedge.exports.cells import escape_formula

BOM = "\ufeff"
CHUNK_LINES = 500


def csv_cell(value: object, kind: Kind) -> str:
    if value is None:
        return ""
    if kind == Kind.TEXT:
        return escape_formula(str(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f") if kind in (Kind.WRVU, Kind.MONEY) else plain(value)
    return str(value)


def csv_chunks(lines: Iterable[LogLine], columns: list[LogColumn]) -> Iterator[bytes]:
    """The whole file as a stream of byte chunks of about CHUNK_LINES rows each."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([escape_formula(c.header) for c in columns])
    count = 0
    for line in lines:
        writer.writerow([csv_cell(c.value(line), c.kind) for c in columns])
        count += 1
        if count % CHUNK_LINES == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if count == 0:
        writer.writerow([NO_CASES])
    yield buffer.getvalue().encode()
