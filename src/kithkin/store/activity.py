"""Interactions, exchanges (favours), asks and life events."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, or_, select, update

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
        """All interactions, or those a person took part in, oldest first."""
        query = select(t.interaction).order_by(t.interaction.c.occurred_at, t.interaction.c.id)
        if person_id is not None:
            query = query.where(
                t.interaction.c.id.in_(
                    select(t.participant.c.interaction_id).where(
                        t.participant.c.person_id == person_id
                    )
                )
            )
        rows = list(self.conn.execute(query))
        members: dict[int, list[int]] = defaultdict(list)
        part_query = select(t.participant).order_by(
            t.participant.c.interaction_id, t.participant.c.person_id
        )
        if person_id is not None:
            part_query = part_query.where(
                t.participant.c.interaction_id.in_(
                    select(t.participant.c.interaction_id).where(
                        t.participant.c.person_id == person_id
                    )
                )
            )
        for p in self.conn.execute(part_query):
            members[p.interaction_id].append(p.person_id)
        return [
            Interaction(
                id=r.id,
                when=r.occurred_at,
                channel=Channel(r.channel),
                participants=members[r.id],
                initiator=r.initiator_id,
                answered=r.answered,
                note=r.note,
                external_id=r.external_id or "",
            )
            for r in rows
            if len(members[r.id]) >= 2
        ]

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
