"""Search latency over the full 2026 catalog, in-process (target: p95 under 1 ms).

Usage: python bench/search.py [path/to/PPRRVU2026_Jul_nonQPP.csv]
Builds a temporary SQLite database (migrations + seed + full import) and times service-level
searches for a mix of typed queries, printing percentiles per query kind.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
from rvuedge.catalog.importer import import_rvu_file
from rvuedge.catalog.search import search_codes
from rvuedge.catalog.seed import load_seed
from rvuedge.config import get_settings
from rvuedge.db import make_engine
from rvuedge.migrations import upgrade

DEFAULT = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "cms" / "PPRRVU2026_Jul_nonQPP.csv"
)
QUERIES = {
    "exact code": ["47562", "99213", "27447", "G0121"],
    "code prefix": ["4756", "992", "274", "3"],
    "alias": ["lap chole", "TKA", "EGD", "ACDF"],
    "words": ["colonoscopy biopsy", "knee arthroscopy", "hernia repair", "cataract"],
    "typo": ["colonscopy", "cholecystectmy", "arthroplsty knee", "hernai"],
    "prefix words": ["lap chol", "colonosc", "thyro", "mastec"],
}
ROUNDS = 200


def measure_search(session: Session, *, rounds: int = ROUNDS) -> dict[str, dict[str, float]]:
    """Per query kind: p50, p95 and max of search_codes in milliseconds (plus "all")."""
    search_codes(session, query="warm up", limit=10)
    stats: dict[str, dict[str, float]] = {}
    every: list[float] = []
    for kind, queries in QUERIES.items():
        timings = []
        for _ in range(rounds):
            for q in queries:
                start = time.perf_counter()
                search_codes(session, query=q, limit=10)
                timings.append((time.perf_counter() - start) * 1000)
        every += timings
        stats[kind] = _stats(timings)
    stats["all"] = _stats(every)
    return stats


def _stats(timings: list[float]) -> dict[str, float]:
    timings = sorted(timings)
    return {
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95)],
        "max": timings[-1],
    }


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        with Session(engine) as session:
            load_seed(session, get_settings().SEED_DIR)
            name, data = read_rvu_source(source)
            import_rvu_file(session, parse_rvu_bytes(data, name))
            session.commit()
        with Session(engine) as session:
            print(f"catalog: {source.name}; {ROUNDS} rounds per query; limit 10")
            print(f"{'kind':<14}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
            for kind, s in measure_search(session).items():
                print(f"{kind:<14}{s['p50']:>9.3f}{s['p95']:>9.3f}{s['max']:>9.3f}")
        engine.dispose()


if __name__ == "__main__":
    main()
