"""Memory and garbage-collector tuning of the whole process, in one place.

Every setting here belongs to the interpreter, not to one request: the CLI and
the web app call these at their edges, and the service code that builds a whole
network asks for a pause through ``collector_paused``. Domain code (``insight``)
never touches the collector.

- **Paused while building.** Loading and scoring a network allocates hundreds of
  thousands of objects that all stay alive; the collector, triggered every 700
  allocations, walks them again and again (a quarter of the time at 10,000
  people) and frees nothing. Reference counting still frees what is dropped.
- **Fewer collections while importing.** An import allocates millions of small
  objects freed by reference counting; a young collection every million
  allocations instead of 700 keeps a streamed mbox's memory bounded (a pause
  would not promise that) without walking them over and over.
- **Frozen once built.** A process that keeps a scored network (the web app)
  freezes it (``gc.freeze``) so later collections skip it (a full one costs
  150 ms at 10,000 people), and thaws it before the next build so that cycles
  among the old network's objects can still be collected.
- **Freed pages returned.** glibc keeps the pages a build freed; ``malloc_trim``
  hands them back, or a server would grow by that much on every rebuild.
- **Quick exit.** A command freezes the heap at exit, so the interpreter's
  shutdown does not run the collector over everything still alive.

One controller with one lock holds the pauses and the import thresholds: pauses
nest, across threads too (web requests), and the last one out restores what
the collector was doing before the first one came in.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cache

IMPORT_THRESHOLD = 1_000_000  # allocations between young collections while importing (default 700)


class Collector:
    """The cyclic collector's state, changed by nested and concurrent callers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paused = 0  # pauses running now; the last one out restores the collector
        self._was_enabled = False
        self._eased = 0  # imports running now; the last one out restores the thresholds
        self._thresholds: tuple[int, int, int] = (700, 10, 10)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """The collector off inside; as it was before once every pause has ended."""
        with self._lock:
            if self._paused == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._paused += 1
        try:
            yield
        finally:
            with self._lock:
                self._paused -= 1
                if self._paused == 0 and self._was_enabled:
                    gc.enable()

    @contextmanager
    def eased(self, threshold: int = IMPORT_THRESHOLD) -> Iterator[None]:
        """Young collections every ``threshold`` allocations inside; the thresholds
        as they were before once every caller has left."""
        with self._lock:
            if self._eased == 0:
                self._thresholds = gc.get_threshold()
                gc.set_threshold(threshold, *self._thresholds[1:])
            self._eased += 1
        try:
            yield
        finally:
            with self._lock:
                self._eased -= 1
                if self._eased == 0:
                    gc.set_threshold(*self._thresholds)


_collector = Collector()  # the interpreter has one collector, so one controller


def collector_paused() -> AbstractContextManager[None]:
    """Pause the cyclic collector while building objects that all stay alive."""
    return _collector.paused()


def fewer_collections(threshold: int = IMPORT_THRESHOLD) -> AbstractContextManager[None]:
    """Run the young collection only every ``threshold`` allocations (imports)."""
    return _collector.eased(threshold)


def collector_frozen() -> None:
    """Move every object alive now out of the collector's sight (``gc.freeze``)."""
    gc.freeze()


def collector_thawed() -> None:
    """Give frozen objects back to the collector (``gc.unfreeze``), before they are dropped."""
    gc.unfreeze()


def memory_returned() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``).

    Elsewhere (no glibc) this does nothing. The C library is looked up on the
    first call, not when this module is imported.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def quick_exit() -> None:
    """Freeze the heap at exit, so shutdown skips collecting what the process held.

    Registered once however often it is called (a ``run()`` inside a longer-lived
    process); only at exit, so nothing changes while the process runs.
    """
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None
    return trim
