"""A ZIP code's Medicare locality, from seed/zip_localities.csv (runs of ZIP codes derived from
CMS's ZIP5 file by scripts/derive-zip-localities.py; numbers only)."""

import bisect
import csv
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session, col, select

from rvuedge.catalog.models import GpciLocality
from rvuedge.config import get_settings
from rvuedge.failures import NotFound

FILE = "zip_localities.csv"


@lru_cache(maxsize=2)
def _runs(path: Path) -> tuple[list[int], list[int], list[str]]:
    firsts: list[int] = []
    lasts: list[int] = []
    keys: list[str] = []
    with path.open(encoding="ascii", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            firsts.append(int(row["first"]))
            lasts.append(int(row["last"]))
            keys.append(row["locality"])
    return firsts, lasts, keys


def locality_key(zip_code: str, *, seed_dir: Path | None = None) -> str | None:
    """The MAC-locality key of a five-digit ZIP code, or None when no run covers it."""
    path = (seed_dir or get_settings().SEED_DIR) / FILE
    if not path.exists():
        return None
    firsts, lasts, keys = _runs(path)
    n = int(zip_code)
    i = bisect.bisect_right(firsts, n) - 1
    return keys[i] if i >= 0 and n <= lasts[i] else None


def locality_for_zip(session: Session, zip_code: str) -> GpciLocality:
    """The newest GPCI row of the ZIP code's locality; 404 when it has none."""
    key = locality_key(zip_code)
    if key is None:
        raise NotFound(f"No Medicare locality is known for ZIP code {zip_code}.")
    mac, number = key.split("-")
    row = session.exec(
        select(GpciLocality)
        .where(GpciLocality.mac == mac, GpciLocality.locality_number == number)
        .order_by(col(GpciLocality.year).desc())
    ).first()
    if row is None:
        raise NotFound(
            f"ZIP code {zip_code} is in Medicare locality {key}, which has no GPCIs loaded."
        )
    return row
