"""One database: its engine, built once from the settings with the schema ready."""

from __future__ import annotations

from kithkin.store.engine import make_engine
from kithkin.store.migrate import prepare
from kithkin.store.uow import UnitOfWork


class Database:
    """Opened once at start-up; every unit of work is opened on it."""

    def __init__(self, url: str, pool_size: int | None = None) -> None:
        engine = make_engine(url, pool_size)
        try:
            prepare(engine)
        except Exception:
            engine.dispose()
            raise
        self._engine = engine

    def uow(self, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self._engine, write)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.dialect.name

    def close(self) -> None:
        """Let go of every pooled connection (a unit of work opened later reconnects)."""
        self._engine.dispose()
