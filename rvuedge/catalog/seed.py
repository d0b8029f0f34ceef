"""The seed: every row of two CMS releases (numbers only), and names written for common codes.

`load_seed` makes a fresh install able to log and value every code CMS prices, without any
download. `build_seed` regenerates the CMS numbers of the seed from the CMS files with the
project's own importer. CMS short descriptors (AMA text) are never shipped.
"""

import csv
import gzip
import hashlib
import io
import json
import zlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, col, select

from rvuedge.catalog import release_digest
from rvuedge.catalog.category_stats import recompute_category_stats
from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
from rvuedge.catalog.gpci_file import parse_gpci_file
from rvuedge.catalog.gpci_import import import_gpci_file
from rvuedge.catalog.importer import VALUE_FIELDS, import_rvu_file
from rvuedge.catalog.models import (
    AppMeta,
    CodeAlias,
    CodeGuide,
    FeeScheduleRelease,
    FeeScheduleRow,
    GpciLocality,
)
from rvuedge.catalog.search import normalize_alias
from rvuedge.catalog.search_docs import rebuild_search_docs
from rvuedge.failures import ImportFailed

CODES_FILE = "codes.csv"
RELEASES_FILE = "releases.json"
ROWS_FILE = "rvu_rows.csv.gz"
ROWS_CHECKSUM_FILE = "rvu_rows.sha256"  # `sha256sum -c` format
BENCHMARK_SAMPLE_FILE = "benchmarks_public_sample.csv"
GPCI_FILE = "gpci.csv"
GPCI_FIELDS = [
    "year",
    "mac",
    "state",
    "locality_number",
    "name",
    "work_gpci",
    "work_gpci_unfloored",
    "pe_gpci",
    "mp_gpci",
    "source_filename",
]
SEED_META_KEY = "seed_sha256"

ROW_FIELDS = VALUE_FIELDS
DECIMAL_FIELDS = {
    "work_rvu",
    "nonfacility_pe_rvu",
    "facility_pe_rvu",
    "mp_rvu",
    "nonfacility_total",
    "facility_total",
    "pre_op",
    "intra_op",
    "post_op",
}
BOOL_FIELDS = {"not_used_for_payment", "nonfacility_na", "facility_na"}


class SeedDamaged(ImportFailed):
    """A seed file is truncated or does not match its checksum; nothing was loaded."""


@dataclass(frozen=True)
class SeedCode:
    hcpcs: str
    name: str
    plain_language: str
    aliases: list[str]
    specialties: list[str]


def read_codes(seed_dir: Path) -> list[SeedCode]:
    with (seed_dir / CODES_FILE).open(newline="", encoding="utf-8") as handle:
        return [
            SeedCode(
                hcpcs=r["code"].strip().upper(),
                name=r["name"].strip(),
                plain_language=r["plain_language"].strip(),
                aliases=[a.strip() for a in r["aliases"].split(";") if a.strip()],
                specialties=[x.strip() for x in r["specialties"].split(";") if x.strip()],
            )
            for r in csv.DictReader(handle)
        ]


def seed_digest(seed_dir: Path) -> str:
    digest = hashlib.sha256()
    for name in (
        CODES_FILE,
        RELEASES_FILE,
        ROWS_FILE,
        ROWS_CHECKSUM_FILE,
        BENCHMARK_SAMPLE_FILE,
        GPCI_FILE,
    ):
        digest.update((seed_dir / name).read_bytes())
    return digest.hexdigest()


def load_seed(session: Session, seed_dir: Path, *, force: bool = False) -> str:
    """Load the seed into a database; rerunning it changes nothing. Never commits.

    Every file is read and checked before anything is written: a damaged seed raises
    SeedDamaged with one line and leaves the database as it was.
    """
    digest = seed_digest(seed_dir)
    meta = session.get(AppMeta, SEED_META_KEY)
    if meta is not None and meta.value == digest and not force:
        return "unchanged"
    codes = read_codes(seed_dir)
    releases = json.loads((seed_dir / RELEASES_FILE).read_text(encoding="utf-8"))
    rows_by_release = read_seed_rows(seed_dir, releases)
    _load_guides(session, codes)
    for info in releases:
        _load_release(session, info, rows_by_release[info["name"]])
    rebuild_search_docs(session)
    _load_benchmark_sample(session, seed_dir)
    _load_gpcis(session, seed_dir)
    if meta is None:
        meta = AppMeta(key=SEED_META_KEY, value=digest)
    meta.value = digest
    session.add(meta)
    session.flush()
    return "loaded"


def read_seed_rows(
    seed_dir: Path, releases: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """The seed's fee-schedule rows by release, after checking checksum and row counts."""
    path = seed_dir / ROWS_FILE
    data = path.read_bytes()
    expected = (seed_dir / ROWS_CHECKSUM_FILE).read_text(encoding="utf-8").split()[0]
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise SeedDamaged(
            f"seed file {path} is damaged: its SHA-256 is {actual[:16]}..., "
            f"{ROWS_CHECKSUM_FILE} says {expected[:16]}... (reinstall rvuedge or run "
            "`rvuedge seed build`); nothing was written"
        )
    try:
        text = gzip.decompress(data).decode("utf-8")
    except (EOFError, OSError, zlib.error, UnicodeDecodeError) as exc:
        raise SeedDamaged(f"seed file {path} cannot be read ({exc}); nothing was written") from None
    rows: dict[str, list[dict[str, Any]]] = {info["name"]: [] for info in releases}
    for raw in csv.DictReader(io.StringIO(text)):
        name = raw.pop("release")
        if name not in rows or None in raw or None in raw.values():
            raise SeedDamaged(f"seed file {path} has a malformed row; nothing was written")
        rows[name].append(_typed_row(raw))
    for info in releases:
        if len(rows[info["name"]]) != info["row_count"]:
            raise SeedDamaged(
                f"seed file {path} holds {len(rows[info['name']])} rows of {info['name']}, "
                f"not {info['row_count']} (truncated?); nothing was written"
            )
    return rows


def _load_gpcis(session: Session, seed_dir: Path) -> None:
    """GPCIs of the seed's years; a year that already has localities (an import) is left alone."""
    with (seed_dir / GPCI_FILE).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    present = set(session.exec(select(GpciLocality.year).distinct()))
    for row in rows:
        if int(row["year"]) in present:
            continue
        session.add(
            GpciLocality(
                year=int(row["year"]),
                mac=row["mac"],
                state=row["state"],
                locality_number=row["locality_number"],
                name=row["name"],
                work_gpci=Decimal(row["work_gpci"]),
                work_gpci_unfloored=Decimal(row["work_gpci_unfloored"])
                if row["work_gpci_unfloored"]
                else None,
                pe_gpci=Decimal(row["pe_gpci"]),
                mp_gpci=Decimal(row["mp_gpci"]),
                source_filename=row["source_filename"],
            )
        )
    session.flush()


def _load_benchmark_sample(session: Session, seed_dir: Path) -> None:
    from rvuedge.benchmarks.csv_file import parse_benchmark_csv
    from rvuedge.benchmarks.service import import_tables

    import_tables(session, parse_benchmark_csv(seed_dir / BENCHMARK_SAMPLE_FILE), is_sample=True)


def _load_guides(session: Session, codes: list[SeedCode]) -> None:
    session.execute(delete(CodeAlias))
    session.execute(delete(CodeGuide))
    aliases: dict[tuple[str, str], int] = {}
    for code in codes:
        session.add(
            CodeGuide(
                hcpcs=code.hcpcs,
                name=code.name,
                plain_language=code.plain_language,
                aliases=code.aliases,
                specialties=code.specialties,
            )
        )
        # rank: 0 for the name, then 1, 2 ... in the order the seed lists the aliases (the
        # first is the code's main one); search orders codes sharing an alias by it.
        for rank, alias in [(0, code.name)] + [(1 + i, a) for i, a in enumerate(code.aliases)]:
            key = (normalize_alias(alias), code.hcpcs)
            if key[0] and key not in aliases:
                aliases[key] = rank
    session.flush()
    if aliases:
        session.execute(
            insert(CodeAlias),
            [{"alias": a, "hcpcs": h, "rank": r} for (a, h), r in aliases.items()],
        )


def _typed_row(raw: dict[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for key, value in raw.items():
        if key in DECIMAL_FIELDS:
            row[key] = Decimal(value)
        elif key in BOOL_FIELDS:
            row[key] = value == "1"
        else:
            row[key] = value or ("" if key == "modifier" else None)
    return row


def _load_release(session: Session, info: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    release = session.exec(
        select(FeeScheduleRelease).where(FeeScheduleRelease.name == info["name"])
    ).first()
    if release is not None and release.has_descriptors:
        return  # the operator imported this release's file; the seed never overwrites it
    if release is None:
        release = FeeScheduleRelease(
            name=info["name"],
            year=info["year"],
            quarter=info["quarter"],
            effective_date=date.fromisoformat(info["effective_date"]),
            conversion_factor=Decimal(info["conversion_factor"]),
            source_filename=info["source_filename"],
            source_sha256=info["source_sha256"],
            row_count=info["row_count"],
        )
    else:
        session.execute(delete(FeeScheduleRow).where(col(FeeScheduleRow.release_id) == release.id))
    release.released_on = (
        date.fromisoformat(info["released_on"]) if info.get("released_on") else None
    )
    release.row_count = info["row_count"]
    release.is_complete = True
    session.add(release)
    session.flush()
    assert release.id is not None
    # Core insert of the table, not the ORM bulk path: four times faster on first start.
    table = FeeScheduleRow.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    for start in range(0, len(rows), 5000):
        connection.execute(
            table.insert(), [{**r, "release_id": release.id} for r in rows[start : start + 5000]]
        )
    recompute_category_stats(session, release_id=release.id)
    # An import of this release's file compares its values with this digest (no descriptors).
    values = release_digest.digest_rows(rows, VALUE_FIELDS)
    release_digest.store(connection, release.name, values=values, descriptors=None)


def build_seed(
    seed_dir: Path, rvu_paths: list[Path], gpci_paths: list[Path] | None = None
) -> dict[str, int]:
    """Regenerate the seed's CMS numbers from CMS files, through the project's own importers."""
    from rvuedge.db import make_engine
    from rvuedge.migrations import upgrade

    codes = read_codes(seed_dir)
    wanted = {c.hcpcs for c in codes}
    engine = make_engine("sqlite://", poolclass=StaticPool)
    upgrade(engine)
    releases_out: list[dict[str, Any]] = []
    rows_out: list[dict[str, Any]] = []
    present: set[str] = set()
    with Session(engine) as session:
        for path in rvu_paths:
            name, data = read_rvu_source(path)
            parsed = parse_rvu_bytes(data, name)
            import_rvu_file(session, parsed)
        for path in gpci_paths or []:
            import_gpci_file(session, parse_gpci_file(path))
        gpci_out = [
            {f: ("" if getattr(g, f) is None else str(getattr(g, f))) for f in GPCI_FIELDS}
            for g in session.exec(
                select(GpciLocality).order_by(
                    col(GpciLocality.year), col(GpciLocality.mac), col(GpciLocality.locality_number)
                )
            )
        ]
        for release in session.exec(
            select(FeeScheduleRelease).order_by(col(FeeScheduleRelease.effective_date))
        ):
            rows = list(
                session.exec(select(FeeScheduleRow).where(FeeScheduleRow.release_id == release.id))
            )
            present |= {r.hcpcs for r in rows}
            for row in sorted(rows, key=lambda r: (r.hcpcs, r.modifier)):
                values = row.model_dump(include=set(ROW_FIELDS))
                rows_out.append({"release": release.name, **_csv_values(values)})
            releases_out.append(
                {
                    "name": release.name,
                    "year": release.year,
                    "quarter": release.quarter,
                    "effective_date": release.effective_date.isoformat(),
                    "released_on": release.released_on.isoformat() if release.released_on else None,
                    "conversion_factor": str(release.conversion_factor),
                    "source_filename": release.source_filename,
                    "source_sha256": release.source_sha256,
                    "row_count": release.row_count,
                }
            )
    # A named code may be new in one year or deleted in the other, but must be in some file.
    missing = sorted(wanted - present)
    if missing:
        raise ImportFailed(f"seed codes in none of the files: {missing}")
    (seed_dir / RELEASES_FILE).write_text(
        json.dumps(releases_out, indent=2) + "\n", encoding="utf-8"
    )
    _write_rows(seed_dir, rows_out)
    if gpci_out:
        _write_csv(seed_dir / GPCI_FILE, GPCI_FIELDS, gpci_out)
    return {"releases": len(releases_out), "rows": len(rows_out), "localities": len(gpci_out)}


def _write_rows(seed_dir: Path, rows: list[dict[str, Any]]) -> None:
    """The rows as gzipped CSV (reproducible: no timestamp or name in the header), and its sum."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=["release", *ROW_FIELDS], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    data = buffer.getvalue()
    (seed_dir / ROWS_FILE).write_bytes(data)
    (seed_dir / ROWS_CHECKSUM_FILE).write_text(
        f"{hashlib.sha256(data).hexdigest()}  {ROWS_FILE}\n", encoding="utf-8"
    )


def _csv_values(values: dict[str, Any]) -> dict[str, str]:
    out = {}
    for key in ROW_FIELDS:
        value = values.get(key)
        if isinstance(value, bool):
            out[key] = "1" if value else "0"
        elif value is None:
            out[key] = ""
        elif isinstance(value, Decimal):
            out[key] = f"{value:.2f}"
        else:
            out[key] = str(value)
    return out


def _write_csv(path: Path, fields: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
