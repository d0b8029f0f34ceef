"""A digest of a release's values, and one of its descriptors, kept in app_meta beside the rows.

Whether a file holds the values already stored (the seed's copy of its release, or the same
release in a file with other bytes) is then one lookup and a hash of the parsed file, instead of
reading every stored row back. Each digest is written in the transaction that writes the rows
(the seed's load and every import); a release without one (a database loaded before digests
were kept) is compared row by row as before, and gets its digests with its next import.

A digest covers every value, in (HCPCS, modifier) order, each written by value: 1.50 and 1.5
are the same number, so the seed's copy and the file's agree whatever their formatting.
"""

import hashlib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import text

_KEYS = {"values": "rvu_values:{}", "descriptors": "rvu_descriptors:{}"}
_READ = text("SELECT key, value FROM app_meta WHERE key IN (:values, :descriptors)")
_DELETE = text("DELETE FROM app_meta WHERE key = :key")
_INSERT = text("INSERT INTO app_meta (key, value) VALUES (:key, :value)")


def _canonical(value: Any) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return str(value.normalize())
    return str(value)


def digest(columns: Mapping[str, Sequence[Any]], fields: Sequence[str]) -> str:
    """SHA-256 of the fields of every row, rows in (hcpcs, modifier) order, from the values by
    column; each distinct value of a column is written out once (a release repeats "0.00"
    thousands of times)."""
    keys = list(zip(columns["hcpcs"], columns["modifier"], strict=True))
    order = sorted(range(len(keys)), key=keys.__getitem__)
    in_order = order == list(range(len(keys)))  # CMS files are: no column to rearrange
    total = hashlib.sha256(str(len(keys)).encode())
    for name in fields:
        # A column the file lacks (2025 files have no PRIC IND) is None on every row.
        cells: Sequence[Any] = [None] * len(keys)
        if name in columns:
            cells = columns[name] if in_order else list(map(columns[name].__getitem__, order))
        spelled = {cell: _canonical(cell) for cell in set(cells)}
        total.update(f"\x1e{name}\x1d".encode())
        total.update("\x1f".join(map(spelled.__getitem__, cells)).encode("utf-8", "replace"))
    return total.hexdigest()


def digest_rows(rows: Sequence[dict[str, Any]], fields: Sequence[str]) -> str:
    """digest() of rows given as dicts (a missing field is None)."""
    names = {"hcpcs", "modifier", *fields}
    return digest({name: [row.get(name) for row in rows] for name in names}, fields)


def stored(db: Any, release: str) -> dict[str, str | None]:
    """The release's stored digests ("values", "descriptors"); None where none is kept."""
    keys = {kind: key.format(release) for kind, key in _KEYS.items()}
    found = dict(db.execute(_READ, keys).all())
    return {kind: found.get(key) for kind, key in keys.items()}


def store(db: Any, release: str, *, values: str, descriptors: str | None) -> None:
    """Keep the release's digests (descriptors None: the rows hold none, as the seed's)."""
    for kind, value in (("values", values), ("descriptors", descriptors)):
        key = _KEYS[kind].format(release)
        db.execute(_DELETE, {"key": key})
        if value is not None:
            db.execute(_INSERT, {"key": key, "value": value})
