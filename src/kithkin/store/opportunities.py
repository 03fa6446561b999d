"""Reading and writing opportunities: job openings the user records as path targets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from kithkin.model import Opportunity
from kithkin.store import schema as t
from kithkin.store.types import storable_id


class OpportunityRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, opp: Opportunity, now: datetime) -> int:
        pk = self.conn.execute(
            insert(t.opportunity).values(
                organisation=opp.organisation.strip(),
                role=opp.role.strip(),
                url=opp.url,
                note=opp.note,
                created_at=now,
            )
        ).inserted_primary_key
        assert pk is not None
        opp.id = int(pk[0])
        return opp.id

    def get(self, opp_id: int) -> Opportunity | None:
        if not storable_id(opp_id):
            return None
        found = self._load(select(t.opportunity).where(t.opportunity.c.id == opp_id))
        return found[0] if found else None

    def all(self) -> list[Opportunity]:
        return self._load(select(t.opportunity).order_by(t.opportunity.c.id))

    def remove(self, opp_id: int) -> bool:
        if not storable_id(opp_id):
            return False
        done = self.conn.execute(delete(t.opportunity).where(t.opportunity.c.id == opp_id))
        return bool(done.rowcount)

    def _load(self, query: Any) -> list[Opportunity]:
        return [
            Opportunity(id=r.id, organisation=r.organisation, role=r.role, url=r.url, note=r.note)
            for r in self.conn.execute(query)
        ]
