"""Take back what a deleted remote item alone brought: its contact record, its
interactions, and anyone who was only known through them."""

from __future__ import annotations

from sqlalchemy import Connection, delete, select

from kithkin.service.app import App
from kithkin.store import schema as t

CHUNK = 500


def retract(app: App, fmt: str, keys: set[str]) -> int:
    """Remove the records of format ``fmt`` with these keys; how many went."""
    removed = 0
    names = sorted(keys)
    with app.uow() as uow:
        conn = uow.conn
        people: set[int] = set()
        for i in range(0, len(names), CHUNK):
            part = names[i : i + CHUNK]
            if fmt == "vcard":
                where = (t.source_record.c.source == fmt) & t.source_record.c.key.in_(part)
                people.update(
                    int(r[0])
                    for r in conn.execute(select(t.source_record.c.person_id).where(where))
                )
                removed += conn.execute(delete(t.source_record).where(where)).rowcount
            else:
                ids = [
                    int(r[0])
                    for r in conn.execute(
                        select(t.interaction.c.id).where(t.interaction.c.external_id.in_(part))
                    )
                ]
                if not ids:
                    continue
                people.update(
                    int(r[0])
                    for r in conn.execute(
                        select(t.participant.c.person_id).where(
                            t.participant.c.interaction_id.in_(ids)
                        )
                    )
                )
                removed += conn.execute(
                    delete(t.interaction).where(t.interaction.c.id.in_(ids))
                ).rowcount
        for person_id in sorted(people):
            if _alone(uow.conn, person_id):
                conn.execute(
                    delete(t.provenance).where(
                        (t.provenance.c.entity == "person")
                        & (t.provenance.c.entity_id == person_id)
                    )
                )
                uow.people.remove(person_id)
        uow.commit()
    return removed


def _alone(conn: Connection, person_id: int) -> bool:
    """Someone known only through what was retracted: no record, no interaction, not me,
    nothing typed in by hand."""
    checks = (
        select(t.person.c.id).where((t.person.c.id == person_id) & t.person.c.is_me.is_(True)),
        select(t.source_record.c.id).where(t.source_record.c.person_id == person_id),
        select(t.participant.c.person_id).where(t.participant.c.person_id == person_id),
        select(t.provenance.c.id).where(
            (t.provenance.c.entity == "person")
            & (t.provenance.c.entity_id == person_id)
            & (t.provenance.c.source == "user")
        ),
    )
    return all(conn.execute(q.limit(1)).first() is None for q in checks)
