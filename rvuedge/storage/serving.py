"""Which processes serve an SQLite file: each server holds a shared lock on a file beside it.

`rvuedge restore` takes the same lock exclusively, so it cannot swap the file under a running
server, and a server cannot start in the middle of a restore. The lock is an advisory flock(2):
the kernel drops it when its process ends, even on kill -9, so it never goes stale.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; restore then relies on the operator
    fcntl = None  # type: ignore[assignment]


class DatabaseInUse(RuntimeError):
    pass


def lock_file(database: Path) -> Path:
    return database.with_name(database.name + ".serving")


def hold_shared(database: Path) -> IO[bytes] | None:
    """Mark this process as serving `database` until the returned file is closed."""
    if fcntl is None:
        return None
    handle = open(lock_file(database), "a+b")  # noqa: SIM115 (held for the process's lifetime)
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise DatabaseInUse(f"a restore of {database} is in progress") from None
    return handle


@contextmanager
def exclusive(database: Path) -> Iterator[None]:
    """No server uses `database` while this is held; DatabaseInUse if one does now."""
    if fcntl is None:
        yield
        return
    with open(lock_file(database), "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DatabaseInUse(
                f"a server is using {database}; stop it first (restore swaps the file)"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def served_now(database: Path) -> bool:
    """Whether a server process holds `database` at this moment (False where unknowable)."""
    if fcntl is None or not lock_file(database).exists():
        return False
    with open(lock_file(database), "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False
