"""The benchmark suite: one command, one table of ratios against anchors measured in the same
interleaved rounds. Not a test: run it by hand on a quiet machine (see README, Performance).

    .venv/bin/python bench/run.py                      # SQLite figures
    scripts/test-postgres.sh .venv/bin/python bench/run.py   # adds PostgreSQL (2 workers)

Options: --seconds (per load run, default 10), --rounds (default 3), --connections (16).
HTTP load: wrk when installed (apt-get install wrk), else a bundled asyncio client; runs that
check stored = acknowledged always use the asyncio client (it waits for answers in flight).
"""

import argparse
import gc
import json
import os
import platform
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bench import bigdb, loadgen  # noqa: E402
from bench.import_rvu import compile_package  # noqa: E402
from bench.loadgen import Request  # noqa: E402
from bench.search import QUERIES, measure_search  # noqa: E402
from rvuedge.calc.periods import Period  # noqa: E402
from rvuedge.db import make_engine, reading  # noqa: E402
from rvuedge.reports import service as reports  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
SECRET = "bench-q8Vw1-3nZr_LkT0yXc5HbPj2sGfD7aMe9uRi4oNl"


@dataclass
class Figure:
    name: str
    target: str
    value: str = ""
    met: bool | None = None
    rounds: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _p(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


class Server:
    def __init__(self, app: str, env: dict[str, str], workers: int = 1, cwd: Path = ROOT):
        self.port = _free_port()
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(VENV_BIN / "uvicorn"),
                app,
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env={**os.environ, **env},
            cwd=cwd,
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/", timeout=2)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"{app} did not start") from None
                time.sleep(0.3)

    def rss_mb(self) -> float:
        """Resident memory of the server process and its worker children."""
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
        total = 0
        for pid in pids:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        return total / 1024

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def sign_in(port: int, email: str, password: str) -> dict[str, str]:
    r = httpx.post(
        f"http://127.0.0.1:{port}/api/v1/auth/token",
        data={"username": email, "password": password},
        timeout=30,
    )
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


CASE_BODY = json.dumps(
    {
        "date_of_service": "2026-11-20",  # log_requests() spreads the dates
        "site": "Main OR",
        "lines": [
            {"code": "47562"},
            {"code": "49505", "modifiers": ["51"]},
            {"code": "76998"},
        ],
    }
).encode()


def search_requests() -> list[Request]:
    return [
        Request("GET", f"/api/v1/codes?q={httpx.URL('', params={'q': q}).query.decode()[2:]}")
        for queries in QUERIES.values()
        for q in queries
    ]


def log_requests(auth: dict[str, str]) -> list[Request]:
    """The same 3-line case dated over 120 days of 2026C, as a physician's log spreads."""
    headers = (("Content-Type", "application/json"), *auth.items())
    return [
        Request(
            "POST",
            "/api/v1/cases",
            CASE_BODY.replace(
                b"2026-11-20", (date(2026, 7, 1) + timedelta(days=d)).isoformat().encode()
            ),
            headers,
        )
        for d in range(120)
    ]


ANCHOR_GET = [Request("GET", "/ping")]
ANCHOR_POST = [
    Request("POST", "/insert", b'{"note": "x"}', (("Content-Type", "application/json"),))
]


def profiled(args: argparse.Namespace, server: "Server", label: str, run):  # noqa: ANN001, ANN201
    """Run a load under py-spy (--profile) and keep the top functions by inclusive samples."""
    spy = shutil.which("py-spy") or str(VENV_BIN / "py-spy")
    if not args.profile or not Path(spy).exists():
        return None
    out = Path(tempfile.gettempdir()) / f"rvuedge-bench-{label}.txt"
    recorder = subprocess.Popen(
        [
            spy,
            "record",
            "--format",
            "raw",
            "-o",
            str(out),
            "-r",
            "200",
            "--subprocesses",
            "-p",
            str(server.process.pid),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        return run()
    finally:
        recorder.send_signal(2)
        recorder.wait(timeout=60)
        PROFILES[label] = _top_functions(out)


PROFILES: dict[str, list[str]] = {}


def _top_functions(path: Path, count: int = 18) -> list[str]:
    """Inclusive share of samples per function (rvuedge and library frames) from collapsed
    stacks."""
    if not path.exists():
        return ["(no profile written)"]
    inclusive: dict[str, int] = {}
    total = 0
    for line in path.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        total += int(n)
        seen = set()
        for frame in stack.split(";"):
            name = frame.split(" (")[0]
            where = frame.split(" (")[1].split(":")[0] if " (" in frame else ""
            key = f"{name} ({Path(where).parent.name}/{Path(where).name})" if where else name
            if key not in seen:
                seen.add(key)
                inclusive[key] = inclusive.get(key, 0) + int(n)
    ranked = sorted(inclusive.items(), key=lambda kv: -kv[1])
    interesting = [
        (k, v)
        for k, v in ranked
        if "rvuedge" in k
        or "sqlalchemy" in k
        or "pydantic" in k
        or "fastapi" in k
        or "starlette" in k
        or "sqlite3" in k
        or "psycopg" in k
    ]
    return [f"{v / total:6.1%}  {k}" for k, v in interesting[:count]]


def _load_line(load: loadgen.Load) -> str:
    return (
        f"{load.rps:.0f} req/s, p50 {load.p50_ms:.1f} ms, p99 {load.p99_ms:.1f} ms, "
        f"{load.requests - load.ok} non-2xx, {load.errors} socket errors ({load.tool})"
    )


def count_cases(db: Path) -> int:
    connection = sqlite3.connect(db)
    (n,) = connection.execute("SELECT count(*) FROM logged_case").fetchone()
    connection.close()
    return n


def http_suite(args: argparse.Namespace, big: Path, work: Path, figures: list[Figure]) -> float:
    db = work / "http.db"
    shutil.copy(big, db)
    env = {
        "RVUEDGE_DATABASE_URL": f"sqlite:///{db}",
        "RVUEDGE_ENV": "production",
        "RVUEDGE_SECRET_KEY": SECRET,
        "RVUEDGE_DATA_DIR": str(work / "data"),
    }
    project = Server("rvuedge.main:app", env)
    anchor = Server("bench.anchor_app:app", {"ANCHOR_DB": str(work / "anchor.db")})
    try:
        at_start = project.rss_mb()  # loaded and answering its first GET, nothing more
        auth = sign_in(project.port, bigdb.BIG_USER, bigdb.PASSWORD)
        search = Figure("Search GET /codes?q= vs bare GET", ">= 50% req/s; p99 <= 3x")
        log = Figure(
            "Log a 3-line case vs minimal insert POST",
            ">= 40% req/s; p99 <= 100 ms; 0 errors; stored = acknowledged",
        )
        search_ratios, search_p99, log_ratios, log_p99, log_ok = [], [], [], [], True
        for r in range(args.rounds):
            bare = loadgen.run(
                anchor.port, ANCHOR_GET, connections=args.connections, seconds=args.seconds
            )
            got = loadgen.run(
                project.port, search_requests(), connections=args.connections, seconds=args.seconds
            )
            search_ratios.append(got.rps / bare.rps)
            search_p99.append(got.p99_ms / bare.p99_ms)
            search.rounds.append(
                f"round {r + 1}: anchor {_load_line(bare)}; search {_load_line(got)}"
            )
            insert = loadgen.run(
                anchor.port,
                ANCHOR_POST,
                connections=args.connections,
                seconds=args.seconds,
                exact=True,
            )
            before = count_cases(db)
            logged = loadgen.run(
                project.port,
                log_requests(auth),
                connections=args.connections,
                seconds=args.seconds,
                exact=True,
            )
            stored = count_cases(db) - before
            log_ratios.append(logged.rps / insert.rps)
            log_p99.append(logged.p99_ms)
            clean = logged.ok == logged.requests and logged.errors == 0 and stored == logged.ok
            log_ok = log_ok and clean
            log.rounds.append(
                f"round {r + 1}: anchor {_load_line(insert)}; log {_load_line(logged)}; "
                f"stored {stored} = acknowledged {logged.ok}: {stored == logged.ok}"
            )
        # One more (unmeasured) run of each under py-spy, when asked: where the time goes.
        profiled(
            args,
            project,
            "search",
            lambda: loadgen.run(
                project.port, search_requests(), connections=args.connections, seconds=args.seconds
            ),
        )
        profiled(
            args,
            project,
            "log a case",
            lambda: loadgen.run(
                project.port,
                log_requests(auth),
                connections=args.connections,
                seconds=args.seconds,
                exact=True,
            ),
        )
        search.value = (
            f"{statistics.median(search_ratios):.0%} of req/s; p99 "
            f"{statistics.median(search_p99):.1f}x"
        )
        search.met = statistics.median(search_ratios) >= 0.5 and statistics.median(search_p99) <= 3
        log.value = (
            f"{statistics.median(log_ratios):.0%} of req/s; p99 {statistics.median(log_p99):.0f} ms"
            f"; clean: {log_ok}"
        )
        log.met = (
            statistics.median(log_ratios) >= 0.4 and statistics.median(log_p99) <= 100 and log_ok
        )
        figures += [search, log]
        # Reports over HTTP for a while, so the memory figure includes them.
        start = (bigdb.END - timedelta(days=3650)).isoformat()
        loadgen.run(
            project.port,
            [
                Request("GET", "/api/v1/reports/summary", headers=tuple(auth.items())),
                Request(
                    "GET",
                    f"/api/v1/reports/totals?period=month&start={start}&end=2026-11-20",
                    headers=tuple(auth.items()),
                ),
                Request(
                    "GET",
                    f"/api/v1/reports/breakdown?start={start[:4]}-01-01&end=2026-11-20",
                    headers=tuple(auth.items()),
                ),
                Request("GET", "/api/v1/reports/benchmark", headers=tuple(auth.items())),
            ],
            connections=4,
            seconds=min(args.seconds, 5),
        )
        memory = project.rss_mb()
        figures.append(
            Figure(
                "Server resident memory after the suite",
                "<= 150 MB",
                f"{memory:.0f} MB (at start {at_start:.0f} MB)",
                memory <= 150,
            )
        )
        return statistics.median(log_ratios)
    finally:
        project.stop()
        anchor.stop()


def postgres_suite(
    args: argparse.Namespace, url: str, work: Path, figures: list[Figure], sqlite_ratio: float
) -> None:
    from rvuedge.catalog.seed import load_seed
    from rvuedge.config import get_settings
    from rvuedge.migrations import upgrade
    from rvuedge.users import service as users
    from rvuedge.users.schemas import RegisterIn

    engine = make_engine(url)
    upgrade(engine)
    # A shared deployment's load is many physicians: the cases are spread over --pg-users
    # accounts (64 by default; 1 is the old single-user run, whose writes queue on one row).
    emails = (
        [bigdb.BIG_USER]
        if args.pg_users <= 1
        else [f"bench-pg-{n:03}@example.org" for n in range(args.pg_users)]
    )
    with Session(engine) as session:
        load_seed(session, get_settings().SEED_DIR)
        for email in emails:
            if users.get_by_email(session, email) is None:
                users.register(
                    session,
                    data=RegisterIn(email=email, password=bigdb.PASSWORD, display_name="B"),
                )
        session.commit()
    env = {
        "RVUEDGE_DATABASE_URL": url,
        "RVUEDGE_ENV": "production",
        "RVUEDGE_SECRET_KEY": SECRET,
        "RVUEDGE_DATA_DIR": str(work / "pgdata"),
    }
    project = Server("rvuedge.main:app", env, workers=2)
    anchor = Server("bench.anchor_app:app", {"ANCHOR_DB": str(work / "anchor-pg.db")})
    figure = Figure(
        f"Log a 3-line case on PostgreSQL, 2 workers, {len(emails)} user(s)", ">= the SQLite ratio"
    )
    try:
        auths = [sign_in(project.port, email, bigdb.PASSWORD) for email in emails]
        # Consecutive requests are different users' (the load generators take them in order).
        requests = [
            request
            for batch in zip(*(log_requests(a) for a in auths), strict=True)
            for request in batch
        ]
        ratios, p99s, clean = [], [], True
        for r in range(args.rounds):
            insert = loadgen.run(
                anchor.port,
                ANCHOR_POST,
                connections=args.connections,
                seconds=args.seconds,
                exact=True,
            )
            with engine.connect() as c:
                before = c.exec_driver_sql("SELECT count(*) FROM logged_case").scalar_one()
            logged = loadgen.run(
                project.port,
                requests,
                connections=args.connections,
                seconds=args.seconds,
                exact=True,
            )
            with engine.connect() as c:
                stored = c.exec_driver_sql("SELECT count(*) FROM logged_case").scalar_one() - before
            ratios.append(logged.rps / insert.rps)
            p99s.append(logged.p99_ms)
            clean = clean and stored == logged.ok == logged.requests and logged.errors == 0
            figure.rounds.append(
                f"round {r + 1}: anchor {_load_line(insert)}; log {_load_line(logged)}; "
                f"stored {stored} = acknowledged {logged.ok}: {stored == logged.ok}"
            )
        profiled(
            args,
            project,
            "log a case, PostgreSQL",
            lambda: loadgen.run(
                project.port,
                requests,
                connections=args.connections,
                seconds=args.seconds,
                exact=True,
            ),
        )
        ratio = statistics.median(ratios)
        figure.value = (
            f"{ratio:.0%} of req/s (SQLite {sqlite_ratio:.0%}); p99 "
            f"{statistics.median(p99s):.0f} ms; clean: {clean}"
        )
        figure.met = ratio >= sqlite_ratio and clean
        figures.append(figure)
    finally:
        project.stop()
        anchor.stop()
        engine.dispose()


RAW_MONTHLY = (
    "SELECT strftime('%Y-%m', c.date_of_service), count(*), sum(l.credited_wrvu) "
    "FROM logged_case c JOIN case_line l ON l.case_id = c.id "
    "WHERE c.user_id = :user AND c.deleted_at IS NULL AND c.date_of_service BETWEEN :a AND :b "
    "GROUP BY 1"
)


def reports_suite(args: argparse.Namespace, big: Path, figures: list[Figure]) -> None:
    from sqlalchemy import text

    engine = make_engine(f"sqlite:///{big}")
    user_id = bigdb.big_user_id(big)
    end = bigdb.END
    ten_years = end - timedelta(days=3650)
    year = end - timedelta(days=364)
    timings: dict[str, list[float]] = {
        k: [] for k in ("raw", "totals10", "totals1", "summary", "benchmark")
    }
    with Session(reading(engine)) as session:
        from rvuedge.users.models import User

        user = session.get(User, user_id)
        assert user is not None
        calls = {
            "raw": lambda: session.execute(
                text(RAW_MONTHLY), {"user": user_id.hex, "a": ten_years, "b": end}
            ).all(),
            "totals10": lambda: reports.totals(
                session, user=user, period=Period.MONTH, start=ten_years, end=end
            ),
            "totals1": lambda: reports.totals(
                session, user=user, period=Period.MONTH, start=year, end=end
            ),
            "summary": lambda: reports.summary(session, user=user, today=end),
            "benchmark": lambda: reports.benchmark_report(
                session,
                user=user,
                today=end,
                specialty=None,
                source=None,
                year=None,
                basis="ytd_annualized",
            ),
        }
        for call in calls.values():
            call()  # warm up caches and statements
        # As the server does at start-up (rvuedge.http.memory): full garbage collections skip
        # what start-up built, which otherwise stalls a report for 65-95 ms now and then.
        gc.collect()
        gc.freeze()
        for _ in range(args.report_rounds):  # interleaved: every figure in every round
            for name, call in calls.items():
                started = time.perf_counter()
                call()
                timings[name].append((time.perf_counter() - started) * 1000)
        lines = session.execute(
            text(
                "SELECT count(*) FROM case_line l JOIN logged_case c ON c.id = l.case_id "
                "WHERE c.user_id = :u"
            ),
            {"u": user_id.hex},
        ).scalar_one()
        everything = session.execute(text("SELECT count(*) FROM case_line")).scalar_one()
    engine.dispose()
    raw95 = _p(timings["raw"], 95)
    t95 = _p(timings["totals10"], 95)
    figures.append(
        Figure(
            f"10-year monthly totals, {lines:,}-line user, {everything:,}-line DB",
            "p95 <= 30 ms (<= 0.2x raw GROUP BY)",
            f"p95 {t95:.1f} ms = {t95 / raw95:.3f}x raw GROUP BY (p95 {raw95:.0f} ms)",
            t95 <= 30 and t95 / raw95 <= 0.2,
            [f"{args.report_rounds} interleaved rounds; p50 {_p(timings['totals10'], 50):.1f} ms"],
        )
    )
    for key, label in (
        ("totals1", "1-year monthly totals"),
        ("summary", "Summary report"),
        ("benchmark", "Benchmark report"),
    ):
        p95 = _p(timings[key], 95)
        figures.append(
            Figure(
                label,
                "p95 <= 15 ms",
                f"p95 {p95:.1f} ms (p50 {_p(timings[key], 50):.1f})",
                p95 <= 15,
            )
        )


def search_suite(big: Path, figures: list[Figure]) -> None:
    engine = make_engine(f"sqlite:///{big}")
    with Session(reading(engine)) as session:
        stats = measure_search(session, rounds=100)
    engine.dispose()
    worst = max(s["p95"] for s in stats.values())
    figures.append(
        Figure(
            "Search in-process, every query kind",
            "p95 <= 0.5 ms",
            f"worst kind p95 {worst:.3f} ms",
            worst <= 0.5,
            [f"{kind}: p50 {s['p50']:.3f} ms, p95 {s['p95']:.3f} ms" for kind, s in stats.items()],
        )
    )


def _wall(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, **(env or {})})  # noqa: S603
    return time.perf_counter() - started


def import_suite(args: argparse.Namespace, work: Path, figures: list[Figure]) -> None:
    rvuedge = str(VENV_BIN / "rvuedge")
    sqlite3_cli = shutil.which("sqlite3")
    starts, imports, anchors = [], [], []
    compile_package()  # byte-compiled, as installed (see bench/import_rvu.py)
    for r in range(args.rounds):
        starts.append(_wall([rvuedge, "--help"]))
        db = work / f"import-{r}.db"
        env = {"RVUEDGE_DATABASE_URL": f"sqlite:///{db}", "RVUEDGE_DATA_DIR": str(work / "d")}
        subprocess.run(
            [rvuedge, "--create", "seed", "load"],  # a new database file
            check=True,
            capture_output=True,  # noqa: S603
            env={**os.environ, **env},
        )
        imports.append(_wall([rvuedge, "import-rvu", str(bigdb.RVU_2026)], env))
        if sqlite3_cli:
            anchors.append(
                _wall(
                    [sqlite3_cli, str(work / f"anchor-{r}.db"), f".import --csv {bigdb.RVU_2026} t"]
                )
            )
    imp = statistics.median(imports)
    anchor = statistics.median(anchors) if anchors else float("nan")
    figures.append(
        Figure(
            "Import of the 2026 file, CLI start-up included",
            "<= 1.0 s wall (<= 8x sqlite3 .import)",
            f"{imp:.2f} s = {imp / anchor:.1f}x sqlite3 .import ({anchor:.2f} s)",
            imp <= 1.0 and imp / anchor <= 8,
            [
                f"round {i + 1}: import {a:.2f} s, sqlite3 .import {b:.2f} s"
                for i, (a, b) in enumerate(zip(imports, anchors, strict=False))
            ],
        )
    )
    start = statistics.median(starts)
    figures.append(
        Figure(
            "CLI start-up (rvuedge --help)",
            "well under 0.5 s",
            f"{start:.2f} s",
            start < 0.5,
            [", ".join(f"{s:.2f} s" for s in starts)],
        )
    )


def print_table(figures: list[Figure], args: argparse.Namespace, started: float) -> None:
    load = os.getloadavg()
    print()
    print(
        f"rvuedge benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average at the end {load[0]:.1f}; {args.rounds} rounds of {args.seconds:.0f} s, "
        f"{args.connections} connections, load generator: "
        f"{'wrk' if loadgen.has_wrk() else 'asyncio'} (asyncio for stored = acknowledged); "
        f"{time.perf_counter() - started:.0f} s in all"
    )
    print()
    print("| Figure | Target | Measured | Met |")
    print("|---|---|---|---|")
    for f in figures:
        met = "yes" if f.met else ("no" if f.met is not None else "")
        print(f"| {f.name} | {f.target} | {f.value} | {met} |")
    for label, lines in PROFILES.items():
        print(f"\npy-spy, {label} load (inclusive share of samples, last round):")
        for line in lines:
            print(f"  {line}")
    print()
    for f in figures:
        if f.rounds:
            print(f"{f.name}:")
            for line in f.rounds:
                print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--report-rounds", type=int, default=40)
    parser.add_argument("--only", default="", help="comma list: reports,search,http,import,pg")
    parser.add_argument("--profile", action="store_true", help="py-spy the server under load")
    parser.add_argument(
        "--pg-users", type=int, default=64, help="accounts the PostgreSQL run logs for (64)"
    )
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    wanted = lambda part: not only or part in only  # noqa: E731
    started = time.perf_counter()
    figures: list[Figure] = []
    # The PostgreSQL and import runs do not read the large SQLite database: `--only pg` skips
    # its build (5-15 minutes the first time).
    needs_big = any(wanted(part) for part in ("reports", "search", "http"))
    big = bigdb.build(log=lambda m: print(m, flush=True)) if needs_big else Path()
    with tempfile.TemporaryDirectory(prefix="rvuedge-bench-run-") as tmp:
        work = Path(tmp)
        if wanted("reports"):
            print("reports ...", flush=True)
            reports_suite(args, big, figures)
        if wanted("search"):
            print("search in-process ...", flush=True)
            search_suite(big, figures)
        sqlite_ratio = 0.0
        if wanted("http"):
            print("HTTP rounds ...", flush=True)
            sqlite_ratio = http_suite(args, big, work, figures)
        pg_url = os.environ.get("RVUEDGE_TEST_DATABASE_URL")
        if pg_url and wanted("pg"):
            print("PostgreSQL rounds ...", flush=True)
            postgres_suite(args, pg_url, work, figures, sqlite_ratio)
        if wanted("import"):
            print("import ...", flush=True)
            import_suite(args, work, figures)
    print_table(figures, args, started)


if __name__ == "__main__":
    main()
