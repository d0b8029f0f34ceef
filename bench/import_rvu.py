"""How long `rvuedge import-rvu` takes on the 2026 file (target: 1.0 s wall, CLI start-up included).

Usage: python bench/import_rvu.py [rounds]
Each round: a fresh SQLite database with the seed loaded (`rvuedge seed load`, as the Quickstart
does), then three imports timed as an operator runs them: the 2026 file on the seed's copy of
its release (the descriptors arrive), the same file again (unchanged), and the same values in a
file with other bytes (CRLF line ends: unchanged values). Prints the median wall and CPU time
(the command's process: CPU is less disturbed by other load on the machine) of each, then the
same three in process (no start-up): the file's parse and the importer's own time.

The commands run byte-compiled, as an installed rvuedge does (pip compiles a wheel's modules when
it installs it): an editable install under PYTHONDONTWRITEBYTECODE (this machine's environment)
would otherwise compile every rvuedge module it imports from source on each command (0.03-0.1 s
of CPU).
"""

import hashlib
import os
import resource
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


def compile_package() -> None:
    """Byte-compile rvuedge's modules (into its __pycache__ folders, which git ignores) before
    the timed commands, as pip does when it installs the wheel."""
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "compileall", "-q", str(PROJECT_ROOT / "rvuedge")], check=True
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _wall(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(  # noqa: S603
        command, check=True, capture_output=True, text=True, env={**os.environ, **env}
    )
    said = (done.stdout + done.stderr).strip().splitlines()
    return time.perf_counter() - started, _children_cpu() - cpu, said[-1] if said else ""


def _in_process(work: Path, crlf: Path, rounds: int) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) seconds of the import function alone, parse included, on a seeded database."""
    from sqlmodel import Session

    from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
    from rvuedge.catalog.importer import import_rvu_file, unchanged_release
    from rvuedge.catalog.seed import load_seed
    from rvuedge.config import get_settings
    from rvuedge.db import make_engine
    from rvuedge.migrations import upgrade

    figures: dict[str, list[tuple[float, float]]] = {"first": [], "again": [], "other bytes": []}

    def timed(label: str, step) -> None:  # noqa: ANN001
        started, cpu = time.perf_counter(), time.process_time()
        step()
        figures[label].append((time.perf_counter() - started, time.process_time() - cpu))

    def full_import(path: Path, session: Session) -> None:
        name, data = read_rvu_source(path)
        if unchanged_release(session, sha256=hashlib.sha256(data).hexdigest()) is None:
            import_rvu_file(session, parse_rvu_bytes(data, name))
        session.commit()

    for r in range(rounds):
        engine = make_engine(f"sqlite:///{work / f'in-process-{r}.db'}")
        upgrade(engine)
        with Session(engine) as session:
            load_seed(session, get_settings().SEED_DIR)
            session.commit()
            timed("first", lambda: full_import(RVU_2026, session))  # noqa: B023
            timed("again", lambda: full_import(RVU_2026, session))  # noqa: B023
            timed("other bytes", lambda: full_import(crlf, session))  # noqa: B023
        engine.dispose()
    return figures


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rvuedge = str(VENV_BIN / "rvuedge")
    first: list[tuple[float, float]] = []
    again: list[tuple[float, float]] = []
    other_bytes: list[tuple[float, float]] = []
    said: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        crlf = work / "PPRRVU2026_Jul_nonQPP.csv"
        crlf.write_bytes(RVU_2026.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
        if crlf.read_bytes() == RVU_2026.read_bytes():  # already CRLF: use LF instead
            crlf.write_bytes(RVU_2026.read_bytes().replace(b"\r\n", b"\n"))
        compile_package()
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
            for label, path, into in (
                ("first", RVU_2026, first),
                ("again", RVU_2026, again),
                ("other bytes", crlf, other_bytes),
            ):
                wall, cpu, said[label] = _wall([rvuedge, "import-rvu", str(path)], env)
                into.append((wall, cpu))
        in_process = _in_process(work, crlf, rounds)
    print(f"import-rvu of {RVU_2026.name}, {rounds} rounds, median (CLI start-up included):")
    for label, values in (("first", first), ("again", again), ("other bytes", other_bytes)):
        _line(label, values, f"said: {said[label]}")
    print("the import function alone, in process (parse included, no start-up):")
    for label, values in in_process.items():
        _line(label, values, "")
    print(f"target: first import <= 1.0 s; load average {os.getloadavg()[0]:.2f}")


def _line(label: str, values: list[tuple[float, float]], said: str) -> None:
    wall = statistics.median(v[0] for v in values)
    cpu = statistics.median(v[1] for v in values)
    runs = ", ".join(f"{v[0]:.2f}" for v in values)
    print(f"  {label:12} wall {wall:.2f} s ({runs})  CPU {cpu:.2f} s  {said}")


if __name__ == "__main__":
    main()
