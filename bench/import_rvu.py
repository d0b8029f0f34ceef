"""How long `rvuedge import-rvu` takes on the 2026 file (target: 1.0 s wall, CLI start-up included).

Usage: python bench/import_rvu.py [rounds]
Each round: a fresh SQLite database with the seed loaded (`rvuedge seed load`, as the Quickstart
does), then three imports timed as an operator runs them: the 2026 file on the seed's copy of
its release (the descriptors arrive), the same file again (unchanged), and the same values in a
file with other bytes (CRLF line ends: unchanged values). Prints the median of each and the
importer's own time (parse excluded) from an in-process run.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bench.bigdb import RVU_2026  # noqa: E402

VENV_BIN = Path(sys.executable).parent


def _wall(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        command, check=True, capture_output=True, text=True, env={**os.environ, **env}
    )
    said = (done.stdout + done.stderr).strip().splitlines()
    return time.perf_counter() - started, said[-1] if said else ""


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rvuedge = str(VENV_BIN / "rvuedge")
    first, again, other_bytes = [], [], []
    said: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        crlf = work / "PPRRVU2026_Jul_nonQPP.csv"
        crlf.write_bytes(RVU_2026.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
        if crlf.read_bytes() == RVU_2026.read_bytes():  # already CRLF: use LF instead
            crlf.write_bytes(RVU_2026.read_bytes().replace(b"\r\n", b"\n"))
        for r in range(rounds):
            env = {
                "RVUEDGE_DATABASE_URL": f"sqlite:///{work / f'import-{r}.db'}",
                "RVUEDGE_DATA_DIR": str(work / "d"),
            }
            subprocess.run(  # noqa: S603
                [rvuedge, "--create", "seed", "load"],
                check=True,
                capture_output=True,
                env={**os.environ, **env},
            )
            seconds, said["first"] = _wall([rvuedge, "import-rvu", str(RVU_2026)], env)
            first.append(seconds)
            seconds, said["again"] = _wall([rvuedge, "import-rvu", str(RVU_2026)], env)
            again.append(seconds)
            seconds, said["other bytes"] = _wall([rvuedge, "import-rvu", str(crlf)], env)
            other_bytes.append(seconds)
    print(f"import-rvu of {RVU_2026.name}, {rounds} rounds, median wall (CLI start-up included):")
    for label, values in (("first", first), ("again", again), ("other bytes", other_bytes)):
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(f"  {label:12} {statistics.median(values):.2f} s  ({runs})  said: {said[label]}")
    print("target: first import <= 1.0 s")


if __name__ == "__main__":
    main()
