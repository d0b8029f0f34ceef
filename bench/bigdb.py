"""The large benchmark database, built once and cached under the temp directory.

200 users; one has 10 years of cases and 60,000 lines; 2,000,000 lines in all. Cases are not
invented: a few dozen are valued by the real case service, then cloned with batched SQL
(INSERT ... SELECT) across users and dates, and the daily rollup is rebuilt from the clones by the
same SQL as its migration. The cache key covers the seed and this file.
"""

import hashlib
import sqlite3
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

from rvuedge.cases import service as cases
from rvuedge.cases.schemas import CaseCreate, LineIn
from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
from rvuedge.catalog.importer import import_rvu_file
from rvuedge.catalog.seed import load_seed
from rvuedge.config import PROJECT_ROOT, get_settings
from rvuedge.db import make_engine
from rvuedge.migrations import upgrade
from rvuedge.users import service as users
from rvuedge.users.models import User
from rvuedge.users.schemas import RegisterIn

SHARED = PROJECT_ROOT.parent / "shared"
RVU_2026 = SHARED / "data" / "cms" / "PPRRVU2026_Jul_nonQPP.csv"
PASSWORD = "bench password not for humans 42"
BIG_USER = "big@bench.example.org"
USERS = 200
TOTAL_LINES = 2_000_000
BIG_LINES = 60_000
BIG_YEARS = 10
OTHER_YEARS = 3
END = date(2026, 11, 20)
TEMPLATE_DAY = date(2026, 11, 20)
# Real cases of 1 to 5 lines (3 on average) that the case service values.
TEMPLATES: list[list[tuple[str, list[str]]]] = [
    [("47562", []), ("49505", ["51"]), ("76998", [])],
    [("99213", [])],
    [("27447", []), ("20985", []), ("01402", [])],
    [("45380", []), ("45385", ["59"]), ("43239", [])],
    [("44970", []), ("49591", ["51"])],
    [("64483", []), ("64484", []), ("77003", []), ("99214", ["25"])],
    [("29881", []), ("29877", ["59"]), ("20610", [])],
    [("66984", [])],
    [("19303", []), ("38525", []), ("11042", []), ("15271", []), ("97597", [])],
    [("99223", []), ("99233", []), ("99232", [])],
    [("52000", []), ("52234", [])],
    [("63030", []), ("22551", [])],
]


def cache_path() -> Path:
    """Keyed by this file and the seed; a cached database is brought to the current migration
    head when opened (build()), as a deployment would be."""
    digest = hashlib.sha256()
    for path in sorted(get_settings().SEED_DIR.glob("*")):
        digest.update(f"{path.name}:{path.stat().st_size}".encode())
    digest.update(Path(__file__).read_bytes())
    folder = Path(tempfile.gettempdir()) / "rvuedge-bench"
    folder.mkdir(exist_ok=True)
    return folder / f"big-{digest.hexdigest()[:12]}.db"


def build(log=print) -> Path:  # noqa: ANN001
    path = cache_path()
    if path.exists():
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)  # other migrations may have landed since it was built
        engine.dispose()
        log(f"large database: cached at {path}")
        return path
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{partial}")
    upgrade(engine)
    with Session(engine) as session:
        load_seed(session, get_settings().SEED_DIR)
        name, data = read_rvu_source(RVU_2026)
        import_rvu_file(session, parse_rvu_bytes(data, name))
        big = users.register(
            session, data=RegisterIn(email=BIG_USER, password=PASSWORD, display_name="Dr. Bench")
        )
        big.specialty = "General Surgery"
        session.add(big)
        session.flush()
        template_ids = []
        for lines in TEMPLATES:
            case, _ = cases.create_case(
                session,
                user=big,
                data=CaseCreate(
                    date_of_service=TEMPLATE_DAY,
                    lines=[LineIn(code=c, modifiers=m) for c, m in lines],
                    site="Main OR",
                ),
                today=END,
            )
            template_ids.append(case.id.hex)
        session.commit()
        big_id = big.id.hex
    engine.dispose()
    _clone(partial, big_id, template_ids)
    partial.rename(path)
    log(f"large database: built in {time.perf_counter() - started:.0f} s at {path}")
    return path


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def _clone(path: Path, big_id: str, template_ids: list[str]) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("BEGIN")
    db.execute("CREATE TEMP TABLE template (k INTEGER PRIMARY KEY, id TEXT, lines INTEGER)")
    for k, case_id in enumerate(template_ids):
        (n,) = db.execute("SELECT count(*) FROM case_line WHERE case_id = ?", (case_id,)).fetchone()
        db.execute("INSERT INTO template VALUES (?, ?, ?)", (k, case_id, n))
    lines_per_case = db.execute("SELECT avg(lines) FROM template").fetchone()[0]
    user_columns = [c for c in _columns(db, "user_account") if c not in ("id", "email")]
    user_ids = [big_id]
    for i in range(1, USERS):  # copies of the big user's account row, with their own id and email
        user_ids.append(uuid.uuid4().hex)
        db.execute(
            f"INSERT INTO user_account (id, email, {', '.join(user_columns)}) "  # noqa: S608
            f"SELECT ?, ?, {', '.join(user_columns)} FROM user_account WHERE id = ?",
            (user_ids[i], f"user{i}@bench.example.org", big_id),
        )
    case_columns = [
        c
        for c in _columns(db, "logged_case")
        if c not in ("id", "client_id", "user_id", "date_of_service")
    ]
    line_columns = [c for c in _columns(db, "case_line") if c not in ("id", "case_id")]
    db.execute("CREATE TEMP TABLE seq (n INTEGER PRIMARY KEY)")
    other_lines = (TOTAL_LINES - BIG_LINES) // (USERS - 1)
    most = max(BIG_LINES, other_lines)
    db.execute(
        "INSERT INTO seq WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s "
        "WHERE n < ?) SELECT n FROM s",
        (int(most / lines_per_case) + 10,),
    )
    db.execute(
        "CREATE TEMP TABLE fresh (id TEXT PRIMARY KEY, template_id TEXT, user_id TEXT, day TEXT)"
    )
    templates = len(template_ids)
    for i, uid in enumerate(user_ids):
        want_lines, years = (BIG_LINES, BIG_YEARS) if i == 0 else (other_lines, OTHER_YEARS)
        n_cases = round(want_lines / lines_per_case)
        span_days = years * 365
        db.execute("DELETE FROM fresh")
        # Case n uses template (n + i) mod T, dated evenly back from END over the span.
        db.execute(
            "INSERT INTO fresh SELECT lower(hex(randomblob(16))), t.id, ?, "
            "date(?, '-' || (s.n * ? / ?) || ' days') "
            "FROM seq s JOIN template t ON t.k = (s.n + ?) % ? WHERE s.n < ?",
            (uid, END.isoformat(), span_days, n_cases, i, templates, n_cases),
        )
        db.execute(
            # The API id (client_id) is unique per owner: each clone takes its own.
            "INSERT INTO logged_case (id, client_id, user_id, date_of_service, "  # noqa: S608
            f"{', '.join(case_columns)}) "
            f"SELECT f.id, f.id, f.user_id, f.day, {', '.join('c.' + c for c in case_columns)} "
            "FROM fresh f JOIN logged_case c ON c.id = f.template_id"
        )
        db.execute(
            f"INSERT INTO case_line (case_id, {', '.join(line_columns)}) "  # noqa: S608
            f"SELECT f.id, {', '.join('l.' + c for c in line_columns)} "
            "FROM fresh f JOIN case_line l ON l.case_id = f.template_id"
        )
    # The templates themselves (dated TEMPLATE_DAY) leave; the clones stay.
    db.execute("DELETE FROM case_line WHERE case_id IN (SELECT id FROM template)")
    db.execute("DELETE FROM logged_case WHERE id IN (SELECT id FROM template)")
    db.execute("DELETE FROM daily_total")
    db.execute(
        "INSERT INTO daily_total (user_id, day, cases, lines, credited_micro, base_micro, "
        "work_value_cents, payment_cents) "
        "SELECT c.user_id, c.date_of_service, COUNT(DISTINCT c.id), COUNT(*), "
        "SUM(CAST(ROUND(l.credited_wrvu * 1000000) AS BIGINT)), "
        "SUM(CAST(ROUND(l.base_wrvu * 1000000) AS BIGINT)), "
        "SUM((CAST(ROUND(l.credited_wrvu * 1000000) AS BIGINT) "
        "    * CAST(ROUND(l.conversion_factor * 10000) AS BIGINT) + 50000000) / 100000000), "
        "SUM(CAST(ROUND(l.estimated_payment * 100) AS BIGINT)) "
        "FROM logged_case c JOIN case_line l ON l.case_id = c.id "
        "WHERE c.deleted_at IS NULL GROUP BY c.user_id, c.date_of_service"
    )
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def big_user_id(path: Path) -> uuid.UUID:
    db = sqlite3.connect(path)
    (hex_id,) = db.execute("SELECT id FROM user_account WHERE email = ?", (BIG_USER,)).fetchone()
    db.close()
    return uuid.UUID(hex_id)


def big_user(session: Session) -> User:
    return session.get(User, big_user_id(Path(str(session.get_bind().url.database))))


def days_back(n: int) -> date:
    return END - timedelta(days=n)
