"""Around every request: its id (taken from X-Request-ID or made, echoed in the answer), HEAD
answered wherever GET is, the metrics, and the one log record of an unexpected error.

An error that escapes the application is logged here once and answered as problem details;
left to Starlette, it would be logged by its error middleware and again by uvicorn.
"""

import re
import time
import uuid
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rvuedge.observability.logs import request_id
from rvuedge.observability.metrics import Metrics

HEADER = b"x-request-id"
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
ErrorResponder = Callable[[Request, Exception], Awaitable[Response]]


def _route(scope: Scope) -> str:
    """The route's template (/api/v1/cases/{case_id}), never the raw path: a bounded label."""
    route = scope.get("route")
    path = scope.get("path", "")
    if route is not None and hasattr(route, "path"):
        template = str(route.path)
        # An included router's route knows only its own part (/codes/{code}): the rest of the
        # path before it is the routers' prefixes (/api/v1).
        rendered = template
        for name, value in (scope.get("path_params") or {}).items():
            rendered = rendered.replace("{" + name + "}", str(value))
            rendered = re.sub(r"\{" + re.escape(name) + r":[^}]*\}", str(value), rendered)
        if path.endswith(rendered) and not path.startswith(template):
            return path[: len(path) - len(rendered)] + template
        return template
    for prefix in ("/static/", "/docs-assets/"):
        if path.startswith(prefix):
            return prefix + "*"
    return "unmatched"


class RequestMiddleware:
    def __init__(self, app: ASGIApp, *, metrics: Metrics, on_error: ErrorResponder) -> None:
        self.app = app
        self.metrics = metrics
        self.on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(HEADER, b"").decode("latin-1")
        rid = given if _ACCEPTED_ID.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        head = scope["method"] == "HEAD"
        if head:  # answered as GET, without the body
            scope = {**scope, "method": "GET"}
        status = 500
        started = time.perf_counter()
        response_started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                message["headers"] = [
                    *[(k, v) for k, v in message.get("headers", []) if k.lower() != HEADER],
                    (HEADER, rid.encode("latin-1")),
                ]
            elif message["type"] == "http.response.body" and head:
                if message.get("more_body", False):
                    return  # the rest of a streamed body: nothing to send
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception as exc:
            response = await self.on_error(Request(scope), exc)  # logs it, once
            if not response_started:  # else too late to answer: the log record is all there is
                await response(scope, receive, send_wrapper)
        finally:
            seconds = time.perf_counter() - started
            method = "HEAD" if head else scope["method"]
            self.metrics.observe(method=method, route=_route(scope), status=status, seconds=seconds)
            request_id.reset(token)
