"""Pausing Python's cyclic garbage collector while a whole network is built.

Loading and scoring a network allocates hundreds of thousands of objects that
all stay alive; the collector, triggered every 700 allocations, walks them again
and again (a quarter of the time at 10,000 people) and frees nothing. Reference
counting still frees what is dropped while it is paused.
"""

from __future__ import annotations

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
