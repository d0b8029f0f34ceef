"""At start-up, refuse to serve a database that is damaged or of another schema version.

A damaged SQLite file used to start fine, answer /health and then fail every list with a 500.
Now the server stops at once with one line naming the fix. A server also marks the SQLite file
as served (see serving.py), so `rvuedge restore` refuses to swap it underneath.
"""

from collections.abc import Callable, Sequence
from typing import IO

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from rvuedge.db import get_engine
from rvuedge.deps import get_session
from rvuedge.storage import serving
from rvuedge.storage.integrity import sqlite_file, startup_problem

# Another check of the database at start (e.g. the signing key's): one line, or None.
Check = Callable[[Engine], str | None]


def _check(checks: Sequence[Check] = ()) -> tuple[str | None, IO[bytes] | None]:
    engine = get_engine()
    problem = startup_problem(engine)
    for check in checks:
        problem = problem or check(engine)
    if problem:
        return problem, None
    path = sqlite_file(engine.url.render_as_string(hide_password=False))
    try:
        return None, serving.hold_shared(path) if path else None
    except serving.DatabaseInUse as exc:
        return str(exc), None


class StartupRefused(RuntimeError):
    """The database check failed: the server does not start."""


class RefuseUnfitDatabase:
    """ASGI wrapper around the app's lifespan: a failed check is a one-line start-up failure."""

    def __init__(self, app: ASGIApp, fastapi_app: FastAPI, checks: Sequence[Check] = ()):
        self.app = app
        self.fastapi_app = fastapi_app
        self.checks = tuple(checks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # An app whose sessions are wired to another database (tests) checks nothing here.
        if scope["type"] != "lifespan" or get_session in self.fastapi_app.dependency_overrides:
            await self.app(scope, receive, send)
            return
        problem, held = await run_in_threadpool(_check, self.checks)
        if problem:
            message = await receive()  # lifespan.startup
            assert message["type"] == "lifespan.startup"
            await send({"type": "lifespan.startup.failed", "message": problem})
            # As Starlette's own lifespan does: uvicorn, having read "failed", exits quietly;
            # a TestClient raises this.
            raise StartupRefused(problem)
        try:
            await self.app(scope, receive, send)
        finally:
            if held is not None:
                held.close()
