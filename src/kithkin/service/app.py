"""The running application: settings, the database and a way to open units of work."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kithkin.store import Database, Settings, UnitOfWork


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
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

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
