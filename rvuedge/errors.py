"""RFC 9457 problem details: one error base, one set of handlers."""

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from rvuedge.failures import (  # noqa: F401  (re-exported for the routers)
    AppError,
    Conflict,
    ImportFailed,
    InvalidInput,
    NotFound,
    TooManyRequests,
    Unauthorized,
)
from rvuedge.observability.outage import is_unavailable
from rvuedge.storage.locks import RETRY_AFTER_SECONDS, is_damaged, is_lock_timeout

logger = logging.getLogger("rvuedge")

PROBLEM_JSON = "application/problem+json"


class CodeSuggestion(BaseModel):
    """A known code offered for a mistyped one, with what the physician needs to pick it."""

    code: str = Field(description="The five-character CPT/HCPCS code.")
    name: str = Field(description="The name rvuedge shows for it.")
    work_rvu: float | None = Field(
        description="Its work RVU (no modifier) in the release in force today; null when it "
        "has no row there."
    )


class ProblemError(BaseModel):
    """One problem with one part of the request."""

    loc: list[str | int] | None = Field(
        default=None,
        description="Where: `body`, `query`, `path` or `header`, then the field names and "
        'list positions down to the value, e.g. ["body", "lines", 0, "code"].',
    )
    msg: str = Field(description="What is wrong there, in a sentence.")
    type: str | None = Field(default=None, description="A machine-readable kind of problem.")
    near_codes: list[str] | None = Field(
        default=None, description="For an unknown code: known codes that look like it."
    )
    suggestions: list[CodeSuggestion] | None = Field(
        default=None,
        description="For an unknown or unreadable code: the nearest known codes with their "
        "names and work RVUs, best first (did you mean).",
    )
    fragment: str | None = Field(
        default=None, description="For typed text: the part that could not be read."
    )
    start: int | None = Field(
        default=None, description="For typed text: where that part starts (from 0)."
    )
    row: int | None = Field(
        default=None, description="For an uploaded file: the row the problem is on."
    )
    column: str | int | None = Field(
        default=None, description="For an uploaded file: the column the problem is in."
    )


class Problem(BaseModel):
    """An RFC 9457 problem: what went wrong, for people (`title`, `detail`) and programs."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "/problems/invalid-input",
                    "title": "Invalid input",
                    "status": 422,
                    "detail": "lines[0].code: unknown code 47569",
                    "instance": "/api/v1/cases",
                    "errors": [
                        {
                            "loc": ["body", "lines", 0, "code"],
                            "msg": "unknown code 47569",
                            "near_codes": ["47562", "47563"],
                        }
                    ],
                }
            ]
        }
    )

    type: str = Field(
        default="about:blank", description="A URI reference naming the kind of problem."
    )
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str | None = Field(default=None, description="What went wrong this time.")
    instance: str | None = Field(default=None, description="The path that was requested.")
    errors: list[ProblemError] | None = Field(
        default=None, description="For invalid input: each problem and where it is."
    )
    near_codes: list[str] | None = Field(
        default=None, description="For an unknown code: known codes that look like it."
    )
    suggestions: list[CodeSuggestion] | None = Field(
        default=None,
        description="For an unknown code: the nearest known codes with their names and work "
        "RVUs, best first (did you mean).",
    )


# The answers a signed-in endpoint may give besides success, for the OpenAPI docs.
SIGNED_IN_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem},
    404: {"model": Problem},
    422: {"model": Problem},
    503: {"model": Problem, "description": "The database is busy; retry after `Retry-After`."},
}


def problem_response(
    request: Request,
    *,
    status: int,
    title: str,
    detail: str | None,
    type_slug: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"/problems/{type_slug}" if type_slug else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        return problem_response(
            request,
            status=exc.status_code,
            title=exc.title,
            detail=exc.detail,
            type_slug=exc.type_slug,
            headers=exc.headers,
            **exc.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        literal = allowed_methods(request, literal_only=True)
        if literal and request.method not in literal:
            # e.g. GET /cases/preview: a literal path, not a case id that fails to parse.
            return _method_not_allowed(request, literal)
        errors = [
            {
                "loc": list(err.get("loc", ())),
                "msg": err.get("msg", ""),
                "type": err.get("type", ""),
            }
            for err in exc.errors()
        ]
        summary = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors[:5])
        return problem_response(
            request,
            status=422,
            title="Invalid input",
            detail=summary or "The request is not valid.",
            type_slug="invalid-input",
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 405:
            methods = allowed_methods(request, literal_only=True) or allowed_methods(request)
            return _method_not_allowed(request, methods)
        return problem_response(
            request,
            status=exc.status_code,
            title=_reason(exc.status_code),
            detail=str(exc.detail) if exc.detail else None,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        if is_lock_timeout(exc):
            return _busy(request)
        if is_unavailable(exc):
            return _unavailable(request, exc)
        if is_damaged(exc):
            logger.critical("the database is damaged (%s): restore a backup", exc.orig)
            return problem_response(
                request,
                status=503,
                title="Service unavailable",
                detail="The database is damaged; the operator must restore it from a backup.",
                type_slug="database-damaged",
            )
        return await unexpected_error(request, exc)

    # The request middleware (observability/middleware.py) answers errors that escape the app
    # with this too; registered here as well, for an app without it.
    app.add_exception_handler(Exception, unexpected_error)


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """The answer to an exception nothing else handled: one log record, then problem details."""
    if is_lock_timeout(exc):  # e.g. while a response re-read a row after its commit
        return _busy(
            request,
            detail="The database is busy; the answer could not be "
            "completed (the change may be saved). Retry shortly.",
        )
    if is_unavailable(exc):
        return _unavailable(request, exc)
    logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    if metrics := getattr(request.app.state, "metrics", None):
        metrics.errors.inc()
    return problem_response(
        request,
        status=500,
        title="Internal server error",
        detail="An unexpected error occurred; it has been logged.",
    )


def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The database does not answer: one line in the log (no traceback), 503 to the client."""
    cause = getattr(exc, "orig", None) or exc
    logger.error(
        "database unavailable on %s %s: %s",
        request.method,
        request.url.path,
        " ".join(str(cause).split())[:300],
    )
    if metrics := getattr(request.app.state, "metrics", None):
        metrics.outages.inc()
    return problem_response(
        request,
        status=503,
        title="Service unavailable",
        detail="The database is not answering; try again shortly.",
        type_slug="database-unavailable",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def _busy(
    request: Request,
    detail: str = "The database is busy with other writes; nothing was saved. Retry shortly.",
) -> JSONResponse:
    """Another writer held the lock past the busy timeout: nothing was written, and the same
    request will very likely succeed in a moment."""
    return problem_response(
        request,
        status=503,
        title="Service unavailable",
        detail=detail,
        type_slug="database-busy",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def allowed_methods(request: Request, *, literal_only: bool = False) -> set[str]:
    """Every documented method at this path (Starlette's Allow names only one route's)."""
    methods: set[str] = set()
    for template, regex, path_methods in _documented_paths(request.app):
        if literal_only and "{" in template:
            continue
        if regex.fullmatch(request.url.path):
            methods |= path_methods
    if "GET" in methods:
        methods.add("HEAD")  # answered wherever GET is (observability/middleware.py)
    return methods


def _documented_paths(app: FastAPI) -> list[tuple[str, re.Pattern[str], set[str]]]:
    cached = getattr(app.state, "documented_paths", None)
    if cached is None:
        cached = [
            (
                template,
                re.compile(re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template))),
                {method.upper() for method in item if method != "parameters"},
            )
            for template, item in app.openapi().get("paths", {}).items()
        ]
        app.state.documented_paths = cached
    return cached


def _method_not_allowed(request: Request, methods: set[str]) -> JSONResponse:
    allow = ", ".join(sorted(methods))
    return problem_response(
        request,
        status=405,
        title="Method Not Allowed",
        detail=f"{request.method} is not served here; try {allow}.",
        headers={"Allow": allow},
    )


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
