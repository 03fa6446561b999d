"""Keeping Python's cyclic garbage collector off a whole network's objects.

Loading and scoring a network allocates hundreds of thousands of objects that
all stay alive; the collector, triggered every 700 allocations, walks them again
and again (a quarter of the time at 10,000 people) and frees nothing. Reference
counting still frees what is dropped while it is paused.

A process that keeps a scored network (the web app) freezes it once built, so
the collections later requests trigger skip it too (a full one costs 150 ms at
10,000 people); it thaws them before building the next, so that cycles among
the old network's objects can still be collected.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # nested or concurrent pauses: the last one out restores the collector
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def collector_frozen() -> None:
    """Move every object alive now out of the collector's sight (``gc.freeze``)."""
    gc.freeze()


def collector_thawed() -> None:
    """Give frozen objects back to the collector (``gc.unfreeze``), before they are dropped."""
    gc.unfreeze()


def memory_returned() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``).

    Building a network frees about as much as it keeps; glibc holds the freed
    pages in its arenas, so a server's resident size would grow by that much on
    every rebuild. Elsewhere (no glibc) this does nothing.
    """
    if _trim is not None:
        _trim(0)


def _malloc_trim() -> ctypes._NamedFuncPointer | None:
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


_trim = _malloc_trim()
