"""Recognise "could not get the lock in time", so callers answer 503 instead of failing."""

from sqlalchemy.exc import DBAPIError

# PostgreSQL: lock_not_available (lock_timeout), serialization_failure, deadlock_detected.
RETRYABLE_SQLSTATES = frozenset({"55P03", "40001", "40P01"})
# Seconds a client should wait before retrying; write transactions are kept well under this.
RETRY_AFTER_SECONDS = 2


def is_lock_timeout(exc: BaseException) -> bool:
    """The database was busy (another writer held the lock past the timeout); worth a retry.

    Looks through the exception's causes: a lock timeout while pydantic reads an expired
    attribute of a just-committed row arrives wrapped in a ValidationError, known only by text."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBAPIError):
            if getattr(current.orig, "sqlstate", None) in RETRYABLE_SQLSTATES:
                return True
            if _locked_text(str(current.orig)):
                return True
        elif type(current).__name__ == "ValidationError" and _locked_text(str(current)):
            return True
        current = current.__cause__ or current.__context__
    return False


def _locked_text(message: str) -> bool:
    message = message.lower()
    return "database is locked" in message or "database table is locked" in message


def is_damaged(exc: BaseException) -> bool:
    """SQLite found the file corrupt: retrying will not help; restoring a backup will."""
    if not isinstance(exc, DBAPIError):
        return False
    message = str(exc.orig).lower()
    return "malformed" in message or "file is not a database" in message
