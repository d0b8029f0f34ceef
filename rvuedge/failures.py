"""What services raise when a request cannot be carried out. No web framework here: the CLI and
the importers raise these too, and rvuedge.errors turns them into problem details (RFC 9457)."""

from typing import Any


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


class Forbidden(AppError):
    status_code = 403
    title = "Forbidden"
    type_slug = "forbidden"


class TooManyRequests(AppError):
    status_code = 429
    title = "Too many requests"
    type_slug = "too-many-requests"


class ImportFailed(Exception):
    """A reference-data file could not be imported; nothing was written."""
