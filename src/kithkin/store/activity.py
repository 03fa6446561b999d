"""Interactions, exchanges (favours), asks and life events."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, String, insert, or_, select, type_coerce, update

from kithkin.model import (
    Ask,
    AskKind,
    AskOutcome,
    Channel,
    Exchange,
    ExchangeKind,
    Interaction,
)
from kithkin.store import schema as t


class ActivityRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- interactions --------------------------------------------------------
    def add_interaction(self, it: Interaction, source: str = "user") -> int | None:
        """Insert; an interaction whose external id is already stored is skipped (None)."""
        if it.external_id:
            seen = self.conn.execute(
                select(t.interaction.c.id).where(t.interaction.c.external_id == it.external_id)
            ).scalar()
            if seen is not None:
                return None
        pk = self.conn.execute(
            insert(t.interaction).values(
                occurred_at=it.when,
                channel=it.channel.value,
                initiator_id=it.initiator,
                answered=it.answered,
                note=it.note,
                external_id=it.external_id or None,
                source=source,
            )
        ).inserted_primary_key
        assert pk is not None
        it.id = int(pk[0])
        self.conn.execute(
            insert(t.participant),
            [{"interaction_id": it.id, "person_id": p} for p in dict.fromkeys(it.participants)],
        )
        return it.id

    def set_answered(self, interaction_id: int, answered: bool) -> None:
        self.conn.execute(
            update(t.interaction)
            .where(t.interaction.c.id == interaction_id)
            .values(answered=answered)
        )

    def interactions(self, person_id: int | None = None) -> list[Interaction]:
        """All interactions, or those a person took part in, oldest first.

        The whole network's history is read on every scoring, so this reads plain
        tuples and parses times itself: SQLAlchemy's row and type processing cost
        several times the query on a large history.
        """
        i = t.interaction.c
        query = select(
            i.id,
            type_coerce(i.occurred_at, String),
            i.channel,
            i.initiator_id,
            i.answered,
            i.note,
            i.external_id,
        ).order_by(i.occurred_at, i.id)
        part_query = select(t.participant.c.interaction_id, t.participant.c.person_id).order_by(
            t.participant.c.interaction_id, t.participant.c.person_id
        )
        if person_id is not None:
            mine = select(t.participant.c.interaction_id).where(
                t.participant.c.person_id == person_id
            )
            query = query.where(i.id.in_(mine))
            part_query = part_query.where(t.participant.c.interaction_id.in_(mine))
        members: dict[int, list[int]] = defaultdict(list)
        for interaction_id, pid in self.conn.execute(part_query).all():
            members[interaction_id].append(pid)
        channels = {c.value: c for c in Channel}
        found = []
        for iid, when, channel, initiator, answered, note, external in self.conn.execute(
            query
        ).all():
            people = members.get(iid, [])
            if len(people) < 2:
                continue
            found.append(
                Interaction(
                    id=iid,
                    when=_utc(when),
                    channel=channels[channel],
                    participants=people,
                    initiator=initiator,
                    answered=None if answered is None else bool(answered),
                    note=note,
                    external_id=external or "",
                )
            )
        return found

    # -- exchanges -----------------------------------------------------------
    def add_exchange(self, ex: Exchange) -> int:
        pk = self.conn.execute(
            insert(t.exchange).values(
                giver_id=ex.giver,
                receiver_id=ex.receiver,
                kind=ex.kind.value,
                weight=ex.weight,
                occurred_at=ex.when,
                note=ex.note,
            )
        ).inserted_primary_key
        assert pk is not None
        ex.id = int(pk[0])
        return ex.id

    def exchanges(self, person_id: int | None = None) -> list[Exchange]:
        query = select(t.exchange).order_by(t.exchange.c.occurred_at, t.exchange.c.id)
        if person_id is not None:
            query = query.where(
                or_(t.exchange.c.giver_id == person_id, t.exchange.c.receiver_id == person_id)
            )
        return [
            Exchange(
                id=r.id,
                giver=r.giver_id,
                receiver=r.receiver_id,
                kind=ExchangeKind(r.kind),
                weight=float(r.weight),
                when=r.occurred_at,
                note=r.note,
            )
            for r in self.conn.execute(query)
        ]

    # -- asks ----------------------------------------------------------------
    def add_ask(self, a: Ask) -> int:
        pk = self.conn.execute(
            insert(t.ask).values(
                through_id=a.through,
                kind=a.kind.value,
                what=a.what,
                asked_at=a.when,
                outcome=a.outcome.value,
                note=a.note,
            )
        ).inserted_primary_key
        assert pk is not None
        a.id = int(pk[0])
        return a.id

    def set_ask_outcome(self, ask_id: int, outcome: AskOutcome) -> bool:
        done = self.conn.execute(
            update(t.ask).where(t.ask.c.id == ask_id).values(outcome=outcome.value)
        )
        return bool(done.rowcount)

    def asks(self, person_id: int | None = None) -> list[Ask]:
        query = select(t.ask).order_by(t.ask.c.asked_at, t.ask.c.id)
        if person_id is not None:
            query = query.where(t.ask.c.through_id == person_id)
        return [
            Ask(
                id=r.id,
                through=r.through_id,
                kind=AskKind(r.kind),
                what=r.what,
                when=r.asked_at,
                outcome=AskOutcome(r.outcome),
                note=r.note,
            )
            for r in self.conn.execute(query)
        ]

    # -- life events -----------------------------------------------------------
    def add_life_event(self, person_id: int, kind: str, when: datetime, note: str = "") -> int:
        pk = self.conn.execute(
            insert(t.life_event).values(
                person_id=person_id, kind=kind, occurred_at=when or datetime.now(UTC), note=note
            )
        ).inserted_primary_key
        assert pk is not None
        return int(pk[0])

    def life_events(self, person_id: int | None = None) -> list[dict[str, Any]]:
        query = select(t.life_event).order_by(t.life_event.c.occurred_at)
        if person_id is not None:
            query = query.where(t.life_event.c.person_id == person_id)
        return [dict(r._mapping) for r in self.conn.execute(query)]

    # -- many at once ------------------------------------------------------------------
    def add_exchanges(self, exchanges: list[Exchange]) -> None:
        if exchanges:
            self.conn.execute(
                insert(t.exchange),
                [
                    {
                        "giver_id": ex.giver,
                        "receiver_id": ex.receiver,
                        "kind": ex.kind.value,
                        "weight": ex.weight,
                        "occurred_at": ex.when,
                        "note": ex.note,
                    }
                    for ex in exchanges
                ],
            )


def _utc(value: str | datetime) -> datetime:
    """A stored time as aware UTC: SQLite hands back text, PostgreSQL a naive datetime."""
    when = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return when.replace(tzinfo=UTC)
