"""Interactions, exchanges (favours), asks and life events."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from functools import partial
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any

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
from kithkin.store.rows import driver_cursor
from kithkin.store.state import Seen
from kithkin.store.types import storable_id

if TYPE_CHECKING:
    from kithkin.model.history import StoredHistory


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

    def history(self) -> StoredHistory:
        """All interactions, oldest first, as ``interactions()`` gives them, read as
        columns (``model.history``): the objects are made when first asked for.

        Each field is taken from the rows a chunk at a time as a column (no Python frame
        per row), and each interaction's participants found by array arithmetic.
        """
        import numpy as np  # imported here: numpy is not needed at start-up

        from kithkin.model import values
        from kithkin.model.history import (
            ANSWERED,
            CHANNEL_CODE,
            NOBODY,
            NOT_A_QUESTION,
            UNANSWERED,
            StoredHistory,
            microseconds,
        )

        with driver_cursor(self.conn) as cursor:
            cursor.execute(
                "SELECT interaction_id, person_id FROM participant"
                " ORDER BY interaction_id, person_id"
            )
            chunks = iter(partial(cursor.fetchmany, 20_000), [])
            pairs = np.fromiter(chain.from_iterable(chain.from_iterable(chunks)), np.int64)
            # No person and no answer as numbers, the channel as its code: the database's
            # work. In the order they are stored: see below.
            channels = " ".join(f"WHEN '{c.value}' THEN {k}" for c, k in CHANNEL_CODE.items())
            cursor.execute(
                f"SELECT id, occurred_at, CASE channel {channels} END,"
                f" COALESCE(initiator_id, {NOBODY}),"
                f" CASE WHEN answered IS NULL THEN {NOT_A_QUESTION}"
                f" WHEN answered THEN {ANSWERED} ELSE {UNANSWERED} END,"
                " note, COALESCE(external_id, '') FROM interaction"
            )
            cols: list[list[Any]] = [[] for _ in range(7)]
            getters = [itemgetter(k) for k in range(7)]
            while chunk := cursor.fetchmany(20_000):
                for col, get in zip(cols, getters, strict=True):
                    col.extend(map(get, chunk))
        n = len(cols[0])

        def codes(col: list[Any], order: list[Any]) -> Any:
            """Each value as its position in ``order`` (few distinct values: times, notes)."""
            at = {v: k for k, v in enumerate(order)}
            return np.fromiter(map(at.__getitem__, col), dtype=np.int64, count=n)

        # Few distinct times and notes: each converted or checked once, and coded.
        # Times ranked as the database compares them (text by code point, which is
        # UTF-8's byte order; PostgreSQL's timestamps by time).
        times = sorted(dict.fromkeys(cols[1]))
        time_code = codes(cols[1], times)
        notes = list(dict.fromkeys(cols[5]))
        note_code = codes(cols[5], notes)
        iid = np.array(cols[0], dtype=np.int64)
        channel = np.array(cols[2], dtype=np.int8)
        initiator = np.array(cols[3], dtype=np.int64)
        answered = np.array(cols[4], dtype=np.int8)
        external: list[str] = cols[6]
        # ``ORDER BY occurred_at, id``, worked out here: the database walking its index of
        # times reads the rows out of their order on disk, at twice the cost of the read.
        order = np.lexsort((iid, time_code))
        if n and not (order[1:] > order[:-1]).all():
            iid, time_code, note_code = iid[order], time_code[order], note_code[order]
            channel, initiator, answered = channel[order], initiator[order], answered[order]
            if any(external):
                external = list(map(external.__getitem__, order.tolist()))
        p_iid, p_pid = pairs[0::2], pairs[1::2]
        # Each interaction's participant rows: where its id starts among them, how many.
        first = np.flatnonzero(np.r_[True, p_iid[1:] != p_iid[:-1]][: len(p_iid)])
        counts = np.diff(np.r_[first, len(p_iid)])
        if len(first):
            at = np.minimum(np.searchsorted(p_iid[first], iid), len(first) - 1)
            size = np.where(p_iid[first][at] == iid, counts[at], 0)
        else:
            at = size = np.zeros(n, dtype=np.int64)
        keep = size >= 2  # fewer than two people: not an interaction between people
        if not keep.all():
            iid, time_code, note_code = iid[keep], time_code[keep], note_code[keep]
            channel, initiator, answered = channel[keep], initiator[keep], answered[keep]
            at, size = at[keep], size[keep]
            external = [x for x, kept in zip(external, keep.tolist(), strict=True) if kept]
        n = len(iid)
        starts = first[at]
        offsets = np.cumsum(size) - size
        flat = p_pid[np.repeat(starts - offsets, size) + np.arange(int(size.sum()))]
        when = [_utc(w) for w in times]
        note = list(map(notes.__getitem__, note_code.tolist()))
        # Rows ``Interaction.stored`` may clean or refuse (an initiator not among the
        # people, text that is not printable or too long) are made now, as before.
        owner = np.repeat(np.arange(n), size)
        among = np.bincount(owner, weights=flat == initiator[owner], minlength=n) > 0
        doubtful = set(np.flatnonzero((initiator != NOBODY) & ~among).tolist())
        bad_notes = [k for k, x in enumerate(notes) if not x.isprintable()]
        doubtful.update(np.flatnonzero(np.isin(note_code, bad_notes)).tolist())
        if any(x and (not x.isprintable() or len(x) > values.KEY) for x in set(external)):
            doubtful.update(
                k for k, x in enumerate(external) if not x.isprintable() or len(x) > values.KEY
            )
        history = StoredHistory(
            t=np.array([microseconds(w) for w in when], dtype=np.int64)[time_code],
            id=iid,
            channel=channel,
            initiator=initiator,
            answered=answered,
            sizes=size.astype(np.int64),
            flat=flat,
            when=list(map(when.__getitem__, time_code.tolist())),
            note=note,
            external=external,
        )
        for k in sorted(doubtful):
            history[k]  # made now: cleaned, or refused as before
        return history

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
