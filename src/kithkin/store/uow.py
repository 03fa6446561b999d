"""The unit of work: one connection, one transaction, the repositories over it."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine

from kithkin.store.activity import ActivityRepository
from kithkin.store.goals import GoalRepository
from kithkin.store.opportunities import OpportunityRepository
from kithkin.store.people import PeopleRepository
from kithkin.store.sources import SourceRepository
from kithkin.store.state import bump, data_version
from kithkin.store.ties import TieRepository


class UnitOfWork:
    """``with UnitOfWork(engine) as uow: …; uow.commit()`` — nothing is kept unless committed."""

    conn: Connection
    people: PeopleRepository
    ties: TieRepository
    activity: ActivityRepository
    goals: GoalRepository
    opportunities: OpportunityRepository
    sources: SourceRepository

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __enter__(self) -> UnitOfWork:
        self.conn = self.engine.connect()
        self._tx = self.conn.begin()
        self.people = PeopleRepository(self.conn)
        self.ties = TieRepository(self.conn)
        self.activity = ActivityRepository(self.conn)
        self.goals = GoalRepository(self.conn)
        self.opportunities = OpportunityRepository(self.conn)
        self.sources = SourceRepository(self.conn)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._tx.is_active:
                self._tx.rollback()
        finally:
            self.conn.close()

    # After a commit: the data version before and after it (see ``store.state.bump``).
    committed: tuple[str, str] | None = None

    def commit(self) -> None:
        """Keep what was written; the data version moves so caches know."""
        step = bump(self.conn)
        self._tx.commit()
        self.committed = step

    def data_version(self) -> str:
        return data_version(self.conn)

    def rollback(self) -> None:
        self._tx.rollback()
