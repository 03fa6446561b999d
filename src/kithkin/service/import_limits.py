"""How much one file may cost an import, and how an import is stopped from outside.

Parsers are linear and recurrence is capped, but a file can still be larger
than the machine (a 40 GB mailbox) or a user can give up waiting: between
records, the import checks the time and memory its current file has taken and
whether it was asked to stop, and ends that file's transaction cleanly when so,
with one line saying why.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field

from kithkin.errors import ImportFailed

# Measured on this project's benchmarks, a file imports at 10,000 records a second
# or more (import_speed): a quarter of an hour is a file of millions of records.
TIME_LIMIT = 15 * 60.0  # seconds per file
# An import streams its file: memory grows with the people it learns, about 2 KB
# each, not with the file's size. 2 GiB more than at the file's start is not that.
MEMORY_LIMIT = 2 << 30  # bytes of resident memory gained during one file
CHECK_EVERY = 256  # records between two checks: reading the clock and /proc is not free

try:
    _PAGE = os.sysconf("SC_PAGE_SIZE")
except (ValueError, OSError, AttributeError):  # no sysconf (Windows)
    _PAGE = 4096


def resident_bytes() -> int:
    """This process's resident memory now (Linux), else 0 (no memory limit is kept)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


class ImportStopped(ImportFailed):
    """The import was asked to stop (a client left, the server is shutting down)."""


@dataclass(eq=False)  # one per import, kept in a set of those running
class Limits:
    """The budget of one file, and a flag that stops the whole import when set."""

    seconds: float = TIME_LIMIT
    memory: int = MEMORY_LIMIT
    stop: threading.Event = field(default_factory=threading.Event)
    reason: str = "the import was stopped"

    def cancel(self, reason: str) -> None:
        self.reason = reason
        self.stop.set()


class FileBudget:
    """Checks one file's time and memory against its limits, every few records."""

    def __init__(self, file: str, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self.started = time.monotonic()
        self.memory_at_start = resident_bytes()
        self.records = 0

    def check(self) -> None:
        """Raise ImportFailed (or ImportStopped) when this file must stop here."""
        self.records += 1
        if self.records % CHECK_EVERY:
            return
        if self.limits.stop.is_set():
            raise ImportStopped(
                f"{self.file}: {self.limits.reason} after {self.records:,} records "
                "(nothing imported from this file)"
            )
        spent = time.monotonic() - self.started
        if spent > self.limits.seconds:
            raise ImportFailed(
                f"{self.file}: stopped after {self.records:,} records, past the limit of "
                f"{_duration(self.limits.seconds)} for one file (nothing imported from this "
                "file; split it into smaller files)"
            )
        now = resident_bytes()
        if now and self.memory_at_start and now - self.memory_at_start > self.limits.memory:
            raise ImportFailed(
                f"{self.file}: stopped after {self.records:,} records, past the limit of "
                f"{self.limits.memory / (1 << 30):.1f} GiB of memory for one file (nothing "
                "imported from this file; split it into smaller files)"
            )


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} minutes" if seconds >= 60 else f"{seconds:g} seconds"
