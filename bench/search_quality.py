"""Search quality per specialty on a fresh install (seed only, no CMS import): top-1 and top-3.

Usage: python bench/search_quality.py
Builds a temporary SQLite database (migrations + seed), runs each specialty's typed queries
(tests/catalog/search_queries.py) through the service-level search, anonymous (no profile, no
recent codes), and prints the share whose expected code is first, and among the first three.
"""

import sys
import tempfile
from datetime import date
from pathlib import Path

from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rvuedge.catalog.search import search  # noqa: E402
from rvuedge.catalog.seed import load_seed  # noqa: E402
from rvuedge.config import get_settings  # noqa: E402
from rvuedge.db import make_engine  # noqa: E402
from rvuedge.migrations import upgrade  # noqa: E402
from tests.catalog.search_queries import QUERIES  # noqa: E402

TODAY = date(2026, 9, 1)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/quality.db")
        upgrade(engine)
        with Session(engine) as session:
            load_seed(session, get_settings().SEED_DIR)
            session.commit()
        total = [0, 0, 0]
        print(f"{'specialty':<28}{'queries':>8}{'top-1':>8}{'top-3':>8}")
        with Session(engine) as session:
            for specialty, queries in QUERIES.items():
                top1 = top3 = 0
                for query, code in queries:
                    hits = [
                        h.code for h in search(session, query=query, limit=10, today=TODAY).hits
                    ]
                    top1 += hits[:1] == [code]
                    top3 += code in hits[:3]
                n = len(queries)
                total = [total[0] + n, total[1] + top1, total[2] + top3]
                print(f"{specialty:<28}{n:>8}{top1 / n:>8.0%}{top3 / n:>8.0%}")
        n, top1, top3 = total
        print(f"{'all':<28}{n:>8}{top1 / n:>8.0%}{top3 / n:>8.0%}")
        engine.dispose()


if __name__ == "__main__":
    main()
