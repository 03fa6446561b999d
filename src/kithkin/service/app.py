"""The running application: settings, the database and a way to open units of work."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kithkin.store import Database, Settings, UnitOfWork


class GatedLock:
    """A re-entrant lock that, while held, also holds one place of a gate it shares with
    other such locks.

    The read model is worked out under its App's lock (``service.read_model``): loading,
    scoring, following, building views. On a team server every member has an App, all
    in one process, and those locks never meet; the gate bounds how many members' such
    work runs at once, so that short requests (team reach read from kept answers, a
    call logged, a page from a kept view) wait behind a few long ones at most, not
    behind every member's. The gate is taken after the lock, and released with it.
    """

    def __init__(self, gate: threading.Semaphore) -> None:
        self._lock = threading.RLock()
        self._gate = gate
        self._depth = 0  # changed only by the thread holding _lock

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if not self._lock.acquire(blocking, timeout):
            return False
        if self._depth == 0 and not self._gate.acquire(blocking, None if timeout < 0 else timeout):
            self._lock.release()
            return False
        self._depth += 1
        return True

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._gate.release()
        self._lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


@dataclass
class App:
    """Built once at start-up by an adapter; passed to every service function.

    Building it opens the database (the engine, the schema created or upgraded):
    the one place where that happens.
    """

    settings: Settings
    fixed_now: datetime | None = None
    db: Database = field(init=False, repr=False)
    # What is kept between requests: the read model (service.read_model) and its lock.
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    lock: threading.RLock | GatedLock = field(default_factory=threading.RLock, repr=False)

    def __post_init__(self) -> None:
        self.db = Database(self.settings.database_url, self.settings.pool_size)

    @classmethod
    def open(cls, db: str | Path | None = None, now: datetime | None = None) -> App:
        return cls(settings=Settings.from_env(db), fixed_now=now)

    def uow(self, write: bool = True) -> UnitOfWork:
        """A unit of work that may write (the default), or one that only reads and
        sees one consistent version of the data (``write=False``)."""
        return self.db.uow(write)

    def now(self) -> datetime:
        """``--now`` when given (reproducible output), else the clock."""
        return self.fixed_now or datetime.now(UTC)

    def close(self) -> None:
        self.cache.clear()
        self.db.close()
