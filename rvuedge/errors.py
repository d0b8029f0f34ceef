"""RFC 9457 problem details: one error base, one set of handlers."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from rvuedge.storage.locks import RETRY_AFTER_SECONDS, is_damaged, is_lock_timeout

logger = logging.getLogger("rvuedge")

PROBLEM_JSON = "application/problem+json"


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


# The answers a signed-in endpoint may give besides success, for the OpenAPI docs.
SIGNED_IN_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": Problem},
    404: {"model": Problem},
    422: {"model": Problem},
    503: {"model": Problem, "description": "The database is busy; retry after `Retry-After`."},
}


class AppError(Exception):
    status_code = 400
    title = "Bad request"
    type_slug = "bad-request"

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        self.headers = headers
        self.extra = extra


class NotFound(AppError):
    status_code = 404
    title = "Not found"
    type_slug = "not-found"


class Conflict(AppError):
    status_code = 409
    title = "Conflict"
    type_slug = "conflict"


class InvalidInput(AppError):
    status_code = 422
    title = "Invalid input"
    type_slug = "invalid-input"


class Unauthorized(AppError):
    status_code = 401
    title = "Not authenticated"
    type_slug = "unauthorized"

    def __init__(self, detail: str, **extra: Any):
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"}, **extra)


class TooManyRequests(AppError):
    status_code = 429
    title = "Too many requests"
    type_slug = "too-many-requests"


class ImportFailed(Exception):
    """A reference-data file could not be imported; nothing was written."""


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
        if is_damaged(exc):
            logger.critical("the database is damaged (%s): restore a backup", exc.orig)
            return problem_response(
                request,
                status=503,
                title="Service unavailable",
                detail="The database is damaged; the operator must restore it from a backup.",
                type_slug="database-damaged",
            )
        return await _unhandled(request, exc)

    @app.exception_handler(Exception)
    async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
        if is_lock_timeout(exc):  # e.g. while a response re-read a row after its commit
            return _busy(
                request,
                detail="The database is busy; the answer could not be "
                "completed (the change may be saved). Retry shortly.",
            )
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(
            request,
            status=500,
            title="Internal server error",
            detail="An unexpected error occurred; it has been logged.",
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


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
