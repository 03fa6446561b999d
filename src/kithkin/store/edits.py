"""Changing and removing single records by id: notes, jobs, interactions, favours,
asks, goals, opportunities, ties and circles."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update

from kithkin.model import Job, PersonNote, TieKind, normalise_circle
from kithkin.store import schema as t
from kithkin.store.people import PeopleRepository
from kithkin.store.types import storable_id

# The records edited by id, by the names services use for them.
TABLES: dict[str, Table] = {
    "note": t.person_note,
    "job": t.affiliation,
    "interaction": t.interaction,
    "favour": t.exchange,
    "ask": t.ask,
    "goal": t.goal,
    "opportunity": t.opportunity,
    "tie": t.tie,
    "circle": t.circle,
}


class EditRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- any record by id ----------------------------------------------------------
    def row(self, kind: str, record_id: int) -> dict[str, Any] | None:
        """One record's row by id as plain values (None when there is no such row)."""
        table = TABLES[kind]
        if not storable_id(record_id):
            return None
        found = self.conn.execute(select(table).where(table.c.id == record_id)).first()
        return None if found is None else dict(found._mapping)

    def set(self, kind: str, record_id: int, /, **values: Any) -> None:
        table = TABLES[kind]
        if values:
            self.conn.execute(update(table).where(table.c.id == record_id).values(**values))

    def remove(self, kind: str, record_id: int) -> bool:
        table = TABLES[kind]
        if not storable_id(record_id):
            return False
        return bool(self.conn.execute(delete(table).where(table.c.id == record_id)).rowcount)

    def participants(self, interaction_id: int) -> list[int]:
        p = t.participant.c
        rows = self.conn.execute(
            select(p.person_id).where(p.interaction_id == interaction_id).order_by(p.person_id)
        )
        return [int(r) for r in rows.scalars()]

    def set_participants(self, interaction_id: int, people: list[int]) -> None:
        p = t.participant.c
        self.conn.execute(delete(t.participant).where(p.interaction_id == interaction_id))
        self.conn.execute(
            insert(t.participant),
            [{"interaction_id": interaction_id, "person_id": pid} for pid in dict.fromkeys(people)],
        )

    # -- notes -----------------------------------------------------------------------
    def add_note(self, note: PersonNote) -> int:
        pk = self.conn.execute(
            insert(t.person_note).values(
                person_id=note.person_id, written_at=note.written_at, text=note.text
            )
        ).inserted_primary_key
        assert pk is not None
        note.id = int(pk[0])
        return note.id

    def notes_of(self, person_id: int) -> list[PersonNote]:
        """A person's notes, oldest first."""
        n = t.person_note.c
        rows = self.conn.execute(
            select(t.person_note).where(n.person_id == person_id).order_by(n.written_at, n.id)
        )
        return [_note(r._mapping) for r in rows]

    def all_notes(self) -> dict[int, list[PersonNote]]:
        """Everyone's notes, oldest first per person."""
        n = t.person_note.c
        found: dict[int, list[PersonNote]] = {}
        for r in self.conn.execute(select(t.person_note).order_by(n.written_at, n.id)):
            found.setdefault(int(r.person_id), []).append(_note(r._mapping))
        return found

    def note(self, note_id: int) -> PersonNote | None:
        found = self.row("note", note_id)
        return None if found is None else _note(found)

    # -- jobs --------------------------------------------------------------------------
    def jobs_of(self, person_id: int) -> list[Job]:
        """A person's jobs in the order they were recorded."""
        a = t.affiliation.c
        rows = self.conn.execute(
            select(a.id, t.organisation.c.name, a.role, a.start, a.end, a.current)
            .join(t.organisation)
            .where(a.person_id == person_id)
            .order_by(a.id)
        )
        return [
            Job(r.name, r.role, _day(r.start), _day(r.end), bool(r.current), id=int(r.id))
            for r in rows
        ]

    def add_job(self, person_id: int, job: Job) -> int:
        pk = self.conn.execute(
            insert(t.affiliation).values(person_id=person_id, **self._job_values(job))
        ).inserted_primary_key
        assert pk is not None
        job.id = int(pk[0])
        return job.id

    def save_job(self, job: Job) -> None:
        assert job.id is not None
        self.set("job", job.id, **self._job_values(job))

    def _job_values(self, job: Job) -> dict[str, Any]:
        return {
            "organisation_id": PeopleRepository(self.conn).organisation_id(job.organisation),
            "role": job.role,
            "start": job.start,
            "end": job.end,
            "current": job.current,
        }

    # -- ties ------------------------------------------------------------------------
    def set_tie_kinds(self, tie_id: int, kinds: list[TieKind]) -> None:
        """The tie's kinds become exactly these (kinds kept keep their source)."""
        k = t.tie_kind.c
        have = {r.kind: r for r in self.conn.execute(select(t.tie_kind).where(k.tie_id == tie_id))}
        wanted = {kind.kind: kind for kind in kinds}
        gone = [name for name in have if name not in wanted]
        if gone:
            self.conn.execute(delete(t.tie_kind).where((k.tie_id == tie_id) & k.kind.in_(gone)))
        new = [kind for name, kind in wanted.items() if name not in have]
        if new:
            self.conn.execute(
                insert(t.tie_kind),
                [
                    {
                        "tie_id": tie_id,
                        "kind": kind.kind,
                        "source": kind.source.value,
                        "confidence": kind.confidence,
                        "evidence": kind.evidence,
                    }
                    for kind in new
                ],
            )

    # -- circles -----------------------------------------------------------------------
    def circle(self, name: str) -> int | None:
        c = t.circle.c
        found = self.conn.execute(select(c.id).where(c.name == normalise_circle(name))).scalar()
        return None if found is None else int(found)

    def rename_circle(self, circle_id: int, new_name: str) -> None:
        """Rename; when a circle of that name exists, its members are joined to it."""
        new_name = normalise_circle(new_name)
        into = self.circle(new_name)
        if into is None or into == circle_id:
            self.set("circle", circle_id, name=new_name)
            return
        m = t.membership.c
        already = set(self.conn.execute(select(m.person_id).where(m.circle_id == into)).scalars())
        moving = [
            r
            for r in self.conn.execute(
                select(m.person_id, m.source).where(m.circle_id == circle_id)
            )
            if r.person_id not in already
        ]
        if moving:
            self.conn.execute(
                insert(t.membership),
                [{"person_id": r.person_id, "circle_id": into, "source": r.source} for r in moving],
            )
        self.remove("circle", circle_id)


def _note(row: Any) -> PersonNote:
    return PersonNote(
        person_id=int(row["person_id"]),
        text=row["text"],
        written_at=row["written_at"],
        id=int(row["id"]),
    )


def _day(value: date | str | None) -> date | None:
    """A date column: SQLite may hand back ISO text."""
    return date.fromisoformat(value) if isinstance(value, str) else value
