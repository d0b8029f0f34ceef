"""`rvuedge serve`: migrate, load the seed, and serve the API and the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from rvuedge.cli.base import fail, open_engine, say
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
    from rvuedge.security import InsecureConfiguration, secret_key
    from rvuedge.storage.integrity import damage_problem
    from rvuedge.timeutil import utc_now

    settings = get_settings()
    try:
        secret_key(settings)
    except InsecureConfiguration as exc:
        fail(str(exc))
    engine = open_engine(may_create=True)
    if problem := damage_problem(engine):
        fail(problem)
    upgrade(engine)
    with session_scope(engine) as session:
        outcome = load_seed(session, settings.SEED_DIR)
        settled = settle_provisional(session, now=utc_now()) if outcome == "loaded" else None
    say(f"database ready; seed {outcome}")
    if settled is not None:
        report_provisional(settled)
    if settings.DOCS_ENABLED:
        say(f"API docs: http://{host}:{port}/docs")
    uvicorn.run(
        "rvuedge.main:app", host=host, port=port, workers=workers, **proxy_options(settings)
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
