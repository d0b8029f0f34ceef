"""Memory settings for a long-running threaded server: fewer malloc arenas, freed heap pages
given back to the system now and then, and start-up objects kept out of the garbage collector's
full passes.

Fewer malloc arenas: glibc gives each thread that allocates under contention an arena of its
own, up to 8 per CPU; with AnyIO's 40 worker threads the server's resident set grew by about
30 MB of partly empty arenas under load. Two arenas (what MALLOC_ARENA_MAX=2 sets) cost no
measurable speed here. The environment variable, when set, wins: glibc reads it before this
runs."""

import asyncio
import ctypes
import ctypes.util
import gc
import os
from functools import lru_cache

import anyio.to_thread

M_ARENA_MAX = -8  # from glibc's malloc.h
TRIM_EVERY_SECONDS = 10.0


@lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        return ctypes.CDLL(name)
    except OSError:
        return None


def limit_malloc_arenas(arenas: int = 2) -> bool:
    """Ask glibc for at most `arenas` arenas; False where there is no glibc (or it is set)."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        libc = _libc()
        return libc is not None and bool(libc.mallopt(M_ARENA_MAX, arenas))
    except AttributeError:  # musl, macOS: no mallopt
        return False


def trim_heap() -> bool:
    """Give the free pages inside the heap back to the system (glibc's malloc_trim); False where
    there is no glibc. What a request frees between objects that live on stays mapped otherwise:
    7-17 MB after the bench's HTTP suite, of which a trim returned 4-11 MB in 1-7 ms (issue 26).
    ctypes lets go of the GIL for the call."""
    libc = _libc()
    trim = getattr(libc, "malloc_trim", None) if libc is not None else None
    if trim is None:
        return False
    trim(0)
    return True


async def trim_heap_periodically() -> None:
    """Trim the heap every TRIM_EVERY_SECONDS, on a worker thread (the trim holds malloc's locks
    for a few milliseconds; the event loop keeps serving). Runs until cancelled (the lifespan)."""
    while True:
        await asyncio.sleep(TRIM_EVERY_SECONDS)
        if not await anyio.to_thread.run_sync(trim_heap):
            return  # no glibc: nothing to trim, ever


_frozen = False


def freeze_startup_objects() -> None:
    """Keep what start-up built (modules, models, routes, schemas: about 170,000 objects) out of
    the cyclic garbage collector's full passes. Each full pass walked all of them and stopped the
    server for 65-95 ms (measured); what requests allocate is still collected. Once per process
    (gc.freeze)."""
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True
