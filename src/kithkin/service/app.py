"""The running application: settings, engine and a way to open units of work."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from kithkin.store import Settings, UnitOfWork, make_engine, prepare


@dataclass
class App:
    """Built once at start-up by an adapter; passed to every service function."""

    settings: Settings
    fixed_now: datetime | None = None
    _engine: Engine | None = field(default=None, repr=False)
    # Results that are costly to compute, keyed by the service that owns them
    # (see service.snapshot); each entry checks the data version itself.
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    # Whether such results are also written to files beside the database, for the
    # next command; a server keeps its own in memory and skips the cost of writing.
    cache_files: bool = True

    @classmethod
    def open(cls, db: str | Path | None = None, now: datetime | None = None) -> App:
        return cls(settings=Settings.from_env(db), fixed_now=now)

    @property
    def engine(self) -> Engine:
        """The engine, with the schema created or upgraded on first use."""
        if self._engine is None:
            engine = make_engine(self.settings.database_url)
            try:
                prepare(engine)
            except Exception:
                engine.dispose()
                raise
            self._engine = engine
        return self._engine

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine)

    def now(self) -> datetime:
        """``--now`` when given (reproducible output), else the clock."""
        return self.fixed_now or datetime.now(UTC)

    def close(self) -> None:
        self.cache.clear()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
