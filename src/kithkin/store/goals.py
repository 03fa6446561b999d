"""Reading and writing the user's goals: targets the agenda cultivates paths towards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from kithkin.store import schema as t

TARGET_KINDS = ("person", "organisation", "role", "skill")


@dataclass(frozen=True, slots=True)
class Goal:
    """A saved target, such as "work at Contoso" → organisation Contoso."""

    id: int
    text: str
    target_kind: str  # one of TARGET_KINDS
    target: str
    ask: str  # the size of ask the goal will need: intro, referral, advice…
    created_at: datetime
    active: bool = True


class GoalRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, text: str, target_kind: str, target: str, ask: str, now: datetime) -> Goal:
        pk = self.conn.execute(
            insert(t.goal).values(
                text=text, target_kind=target_kind, target=target, ask=ask, created_at=now
            )
        ).inserted_primary_key
        assert pk is not None
        return Goal(int(pk[0]), text, target_kind, target, ask, now)

    def active(self) -> list[Goal]:
        """Goals not removed, oldest first (the order the user set them)."""
        rows = self.conn.execute(
            select(t.goal).where(t.goal.c.active.is_(True)).order_by(t.goal.c.id)
        )
        return [
            Goal(int(r.id), r.text, r.target_kind, r.target, r.ask, r.created_at, bool(r.active))
            for r in rows
        ]

    def deactivate(self, goal_id: int) -> bool:
        """Removing a goal keeps its row (the history of what the user aimed at)."""
        done = self.conn.execute(
            update(t.goal)
            .where((t.goal.c.id == goal_id) & (t.goal.c.active.is_(True)))
            .values(active=False)
        )
        return bool(done.rowcount)
