"""Interactions, exchanges (favours), asks and life events."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, or_, select, update

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
from kithkin.store.state import Seen
from kithkin.store.types import storable_id


class ActivityRepository:
    def __init__(self, conn: Connection, seen: Seen | None = None) -> None:
        self.conn = conn
        self.seen = seen if seen is not None else Seen()  # what this unit of work added

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
        self.seen.added(it.id)
        return it.id

    def mark_replies(self, replies: list[tuple[str, int | None]]) -> None:
        """Mark each message answered whose external id a reply names, unless the reply
        came from whoever sent it: (the id it answers, who replied or None)."""
        if not replies:
            return
        self.conn.execute(
            update(t.interaction)
            .where(t.interaction.c.external_id == bindparam("irt"))
            .where(t.interaction.c.initiator_id != bindparam("who"))
            .values(answered=True),
            [{"irt": irt, "who": who if who is not None else -1} for irt, who in replies],
        )

    def interaction_count(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(t.interaction)).scalar_one())

    def most_involved(self, limit: int) -> list[tuple[int, int]]:
        """(person id, interactions they take part in), most first: a mailbox's owner
        is in every message of it."""
        n = func.count(t.participant.c.interaction_id)
        rows = self.conn.execute(
            select(t.participant.c.person_id, n)
            .group_by(t.participant.c.person_id)
            .order_by(n.desc(), t.participant.c.person_id)
            .limit(limit)
        )
        return [(int(pid), int(count)) for pid, count in rows]

    def involvement(self, person_id: int) -> int:
        """How many interactions one person takes part in."""
        return int(
            self.conn.execute(
                select(func.count())
                .select_from(t.participant)
                .where(t.participant.c.person_id == person_id)
            ).scalar_one()
        )

    def interactions(self, person_id: int | None = None) -> list[Interaction]:
        """All interactions, or those a person took part in, oldest first.

        The whole network's history is read on every scoring (and kept by the web
        app), so this reads through the driver's own cursor (SQLAlchemy's rows cost
        several times the query on a large history) and shares equal values: a
        history holds few distinct notes and times, and each person's id once.
        """
        if person_id is None:
            return self._read("", ())
        return self._read(
            " IN (SELECT interaction_id FROM participant WHERE person_id = {})", (person_id,)
        )

    def interaction(self, interaction_id: int) -> Interaction | None:
        """One interaction, exactly as ``interactions`` gives it (None: gone, or one person)."""
        found = self._read(" = {}", (interaction_id,))
        return found[0] if found else None

    def _read(self, within: str, args: tuple[int, ...]) -> list[Interaction]:
        """Interactions whose id is ``within`` (an SQL condition, ``{}`` for the parameter).

        Rows are fetched a chunk at a time: a whole history's rows at once would
        double what a server holds while it loads.
        """
        if within:
            within = within.format("?" if self.conn.dialect.paramstyle == "qmark" else "%s")
        cursor = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(
                "SELECT interaction_id, person_id FROM participant"
                + (f" WHERE interaction_id{within}" if within else "")
                + " ORDER BY interaction_id, person_id",
                args,
            )
            ids: dict[int, int] = {}  # each person's id as one int object
            members = _members(_chunks(cursor), ids)
            cursor.execute(
                "SELECT id, occurred_at, channel, initiator_id, answered, note, external_id"
                " FROM interaction"
                + (f" WHERE id{within}" if within else "")
                + " ORDER BY occurred_at, id",
                args,
            )
            channels = {c.value: c for c in Channel}
            times: dict[object, datetime] = {}
            notes: dict[str, str] = {}
            found = []
            for iid, when, channel, initiator, answered, note, external in _chunks(cursor):
                people = members.get(iid)
                if people is None:  # fewer than two people: not an interaction between people
                    continue
                at = times.get(when)
                if at is None:
                    at = times[when] = _utc(when)
                found.append(
                    Interaction.stored(
                        iid,
                        at,
                        channels[channel],
                        people,
                        ids.get(initiator, initiator),
                        None if answered is None else bool(answered),
                        notes.setdefault(note, note) if note else note,
                        external or "",
                    )
                )
        finally:
            cursor.close()
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
        if not storable_id(ask_id):
            return False
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


def _chunks(cursor: Any, size: int = 20_000) -> Iterator[Any]:
    """A cursor's rows, fetched ``size`` at a time."""
    while rows := cursor.fetchmany(size):
        yield from rows


def _members(rows: Iterable[tuple[int, int]], ids: dict[int, int]) -> dict[int, list[int]]:
    """Interaction id -> its participants (two or more), from rows sorted by interaction;
    every mention of a person is the int object ``ids`` keeps for them."""
    out: dict[int, list[int]] = {}
    current: list[int] = []
    last = None
    for iid, pid in rows:
        if iid != last:
            if len(current) >= 2:
                out[last] = current  # type: ignore[index]
            current, last = [], iid
        current.append(ids.setdefault(pid, pid))
    if len(current) >= 2:
        out[last] = current  # type: ignore[index]
    return out


def _utc(value: str | datetime) -> datetime:
    """A stored time as aware UTC: SQLite hands back text, PostgreSQL a naive datetime."""
    when = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return when.replace(tzinfo=UTC)
