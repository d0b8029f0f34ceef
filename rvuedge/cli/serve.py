"""`rvuedge serve`: migrate, load the seed, and serve the API and the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from rvuedge.cli.base import fail, open_engine, say, warn
from rvuedge.cli.cases import report_provisional

if TYPE_CHECKING:
    from rvuedge.config import Settings


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, help="Worker processes (use PostgreSQL for more than one)."),
) -> None:
    """Migrate the database, load the seed, and serve the API."""
    import uvicorn

    from rvuedge.cases.provisional import settle_provisional
    from rvuedge.catalog.seed import load_seed
    from rvuedge.config import get_settings
    from rvuedge.db import session_scope
    from rvuedge.migrations import upgrade
    from rvuedge.observability.logs import log_config
    from rvuedge.security import InsecureConfiguration, secret_key
    from rvuedge.storage.integrity import damage_problem
    from rvuedge.timeutil import utc_now
    from rvuedge.users.keys import key_problem

    settings = get_settings()
    try:
        secret_key(settings)
    except InsecureConfiguration as exc:
        fail(str(exc))
    engine = open_engine(may_create=True)
    _warn_about_sharing(settings, workers)
    if problem := damage_problem(engine):
        fail(problem)
    upgrade(engine)
    with session_scope(engine) as session:
        outcome = load_seed(session, settings.SEED_DIR)
        settled = settle_provisional(session, now=utc_now()) if outcome == "loaded" else None
    if problem := key_problem(engine, settings):
        fail(problem)
    say(f"database ready; seed {outcome}")
    if settled is not None:
        report_provisional(settled)
    if settings.docs_enabled:
        say(f"API docs: http://{host}:{port}/docs")
    if workers > 1:
        _share_metrics(settings)
    uvicorn.run(
        "rvuedge.main:app",
        host=host,
        port=port,
        workers=workers,
        log_config=log_config(settings.LOG_FORMAT, settings.LOG_LEVEL),
        **proxy_options(settings),
    )


def _share_metrics(settings: Settings) -> None:
    """Workers write their metrics to one folder (emptied now) so that a scrape adds them up."""
    import os
    import shutil

    from rvuedge.observability.metrics import MULTIPROCESS_ENV

    if os.environ.get(MULTIPROCESS_ENV):
        return
    folder = (settings.DATA_DIR / "metrics").resolve()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, mode=0o700)
    os.environ[MULTIPROCESS_ENV] = str(folder)


def _warn_about_sharing(settings: Settings, workers: int) -> None:
    """SQLite serves one process well; several processes on one file queue for its write lock."""
    from rvuedge.storage.integrity import sqlite_file
    from rvuedge.storage.serving import served_now

    path = sqlite_file(settings.DATABASE_URL)
    if path is None:
        return
    if workers > 1:
        warn(
            f"{workers} worker processes will share one SQLite file ({path.resolve()}): writes "
            "queue for its lock and each worker keeps its own counts. For several workers, "
            "use PostgreSQL (RVUEDGE_DATABASE_URL=postgresql://...)"
        )
    if path.exists() and served_now(path):
        warn(
            f"another server already serves {path.resolve()}: several servers on one SQLite "
            "file queue for its write lock; use PostgreSQL to serve from several processes"
        )


def proxy_options(settings: Settings) -> dict[str, Any]:
    """Believe X-Forwarded-For/-Proto only from the proxies named in RVUEDGE_TRUSTED_PROXIES.

    uvicorn's own default trusts 127.0.0.1, which would let any local client pick its address
    (and so dodge the per-address sign-in and registration limits).
    """
    trusted = settings.TRUSTED_PROXIES.strip()
    if not trusted:
        return {"proxy_headers": False, "server_header": False}
    return {"proxy_headers": True, "forwarded_allow_ips": trusted, "server_header": False}
