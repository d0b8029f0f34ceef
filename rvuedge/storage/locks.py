"""Recognise "could not get the lock in time", so callers answer 503 instead of failing."""

from sqlalchemy.exc import DBAPIError

# PostgreSQL: lock_not_available (lock_timeout), serialization_failure, deadlock_detected.
RETRYABLE_SQLSTATES = frozenset({"55P03", "40001", "40P01"})
# Seconds a client should wait before retrying; write transactions are kept well under this.
RETRY_AFTER_SECONDS = 2


def is_lock_timeout(exc: BaseException) -> bool:
    """The database was busy (another writer held the lock past the timeout); worth a retry."""
    if not isinstance(exc, DBAPIError):
        return False
    if getattr(exc.orig, "sqlstate", None) in RETRYABLE_SQLSTATES:
        return True
    message = str(exc.orig).lower()
    return "database is locked" in message or "database table is locked" in message


def is_damaged(exc: BaseException) -> bool:
    """SQLite found the file corrupt: retrying will not help; restoring a backup will."""
    if not isinstance(exc, DBAPIError):
        return False
    message = str(exc.orig).lower()
    return "malformed" in message or "file is not a database" in message
