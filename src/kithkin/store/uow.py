"""The unit of work: one connection, one transaction, the repositories over it."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine

from kithkin.store.activity import ActivityRepository
from kithkin.store.goals import GoalRepository
from kithkin.store.opportunities import OpportunityRepository
from kithkin.store.people import PeopleRepository
from kithkin.store.preferences import PreferenceRepository
from kithkin.store.sources import SourceRepository
from kithkin.store.state import Change, bump, changes_since, data_version, record_change
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
    preferences: PreferenceRepository

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
        self.preferences = PreferenceRepository(self.conn)
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

    _change: Change | None = None

    def changed(self, change: Change) -> None:
        """Say what this unit of work changed, so that a process keeping the network
        can follow it instead of loading everything again (``store.state``)."""
        self._change = change

    def commit(self) -> None:
        """Keep what was written; the data version moves so caches know."""
        replaced, token = bump(self.conn)
        if self._change is not None:
            record_change(self.conn, replaced, token, self._change)
        self._tx.commit()

    def data_version(self) -> str:
        return data_version(self.conn)

    def changes_since(self, version: str) -> list[Change] | None:
        """What the writes since ``version`` changed; None if some write did not say."""
        return changes_since(self.conn, version, self.data_version())

    def rollback(self) -> None:
        self._tx.rollback()
