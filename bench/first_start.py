"""First start on an empty database, seed load included (target: under 15 s).

Usage: python bench/first_start.py
1. Starts `rvuedge serve` on a new SQLite file in a temporary directory and measures the wall
   time from launching the process to the first answer of GET /api/v1/health (migrations, the
   whole seed: both CMS releases, GPCIs, benchmarks, search index). Then stops that server.
2. Runs the same steps in-process on another new database and prints how long each one took.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

TARGET_SECONDS = 15.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_until_healthy(workdir: Path) -> float:
    port = _free_port()
    env = {**os.environ, "RVUEDGE_DATABASE_URL": f"sqlite:///{workdir / 'first.db'}"}
    rvuedge = Path(sys.executable).with_name("rvuedge")
    started = time.perf_counter()
    server = subprocess.Popen(  # noqa: S603 (our own console script)
        [str(rvuedge), "serve", "--port", str(port)],
        env=env,
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            if server.poll() is not None:
                raise SystemExit(f"rvuedge serve exited with status {server.returncode}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).is_success:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                pass  # not listening yet
            time.sleep(0.05)
    finally:
        server.terminate()
        server.wait(timeout=30)


def in_process_steps(workdir: Path) -> dict[str, float]:
    steps: dict[str, float] = {}
    mark = time.perf_counter()
    from sqlmodel import Session

    from rvuedge.catalog.seed import load_seed
    from rvuedge.config import get_settings
    from rvuedge.db import make_engine
    from rvuedge.migrations import upgrade

    steps["import rvuedge"] = time.perf_counter() - mark
    engine = make_engine(f"sqlite:///{workdir / 'steps.db'}")
    mark = time.perf_counter()
    upgrade(engine)
    steps["migrations"] = time.perf_counter() - mark
    mark = time.perf_counter()
    with Session(engine) as session:
        load_seed(session, get_settings().SEED_DIR)
        session.commit()
    steps["seed load (38,446 CMS rows)"] = time.perf_counter() - mark
    engine.dispose()
    return steps


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        total = serve_until_healthy(workdir)
        steps = in_process_steps(workdir)
    print(f"first start, launch to first answer: {total:6.2f} s (target < {TARGET_SECONDS:.0f} s)")
    for step, seconds in steps.items():
        print(f"  in-process {step:<30} {seconds:6.2f} s")
    print(f"load average now: {', '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores)")


if __name__ == "__main__":
    main()
