"""Recognising a database that does not answer (as opposed to a bad query): the server says
503 and logs one line, rather than 500 with a traceback for every request."""

from sqlalchemy.exc import DBAPIError

# PostgreSQL's connection exceptions (class 08), shutdowns and "too many connections".
_UNAVAILABLE_STATES = {"57P01", "57P02", "57P03", "53300"}
_SQLITE_MESSAGES = ("unable to open database file", "disk i/o error")


def is_unavailable(exc: BaseException) -> bool:
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    state = getattr(orig, "sqlstate", None)
    if state is not None:
        return state.startswith("08") or state in _UNAVAILABLE_STATES
    if type(orig).__module__.startswith("psycopg"):
        # A connection that never reached the server has no SQLSTATE.
        return type(orig).__name__ == "OperationalError"
    return any(message in str(orig).lower() for message in _SQLITE_MESSAGES)
