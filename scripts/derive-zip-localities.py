#!/usr/bin/env python3
"""Derive seed/zip_localities.csv from CMS's ZIP-code-to-carrier-locality file (ZIP5_*.txt).

Only the numbers are kept: each run of consecutive ZIP codes that share a Medicare locality
becomes one row `first_zip,last_zip,locality` (locality as MAC-locality, e.g. 01112-05, the key of
GET /api/v1/localities). A ZIP code CMS does not list that falls inside a run (between two ZIP
codes of the same locality) takes the run's locality; one outside every run has none. No CMS
descriptor is copied.

    python3 scripts/derive-zip-localities.py ../shared/data/cms/ZIP5_OCT2025.txt
"""

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "rvuedge" / "seed" / "zip_localities.csv"


def rows(source: Path) -> list[tuple[int, str]]:
    """(zip, locality) pairs from the fixed-width file (layout: ZIP5lyout.txt)."""
    found: dict[int, str] = {}
    for line in source.read_text(encoding="ascii").splitlines():
        if len(line) < 14 or not line[2:7].isdigit():
            continue
        found[int(line[2:7])] = f"{line[7:12]}-{line[12:14]}"
    return sorted(found.items())


def runs(pairs: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for zip_code, locality in pairs:
        if out and out[-1][2] == locality:
            out[-1] = (out[-1][0], zip_code, locality)
        else:
            out.append((zip_code, zip_code, locality))
    return out


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    source = Path(sys.argv[1])
    table = runs(rows(source))
    lines = [f"# derived from {source.name} by scripts/derive-zip-localities.py"]
    lines.append("first,last,locality")
    lines += [f"{a:05d},{b:05d},{loc}" for a, b, loc in table]
    OUT.write_text("\n".join(lines) + "\n", encoding="ascii")
    print(f"{len(table)} runs -> {OUT}")


if __name__ == "__main__":
    main()
