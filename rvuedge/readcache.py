"""A cache of reference reads for one session, on only while a bulk read runs (an import
preview values thousands of cases: each asked again for the same releases, fee-schedule rows and
crediting settings, three queries a case, most of a 50,000-row preview's time).

Inside `reads_cached(session)`, `cached(session, key, read)` answers `read()` once per key; outside
it, it simply reads. Only reads that nothing in the block changes may be cached.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")
_KEY = "rvuedge_read_cache"


@contextmanager
def reads_cached(session: Session) -> Iterator[None]:
    outer = _KEY in session.info
    if not outer:
        session.info[_KEY] = {}
    try:
        yield
    finally:
        if not outer:
            session.info.pop(_KEY, None)


def cached(session: Session, key: Any, read: Callable[[], T]) -> T:
    cache = session.info.get(_KEY)
    if cache is None:
        return read()
    if key not in cache:
        cache[key] = read()
    return cache[key]
