"""What members share with the team: their summaries, and what they hide from it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select

from kithkin.store.team_records import SharedRow
from kithkin.store.team_schema import hidden, shared_field, shared_person, shared_reach


def _row(table: Table, r: Any) -> SharedRow:
    if table is shared_reach:
        key, name = r.org_key, r.org_name
    elif table is shared_field:
        key, name = r.field_key, r.field_name
    else:
        key, name = r.key_hash, ""
    return SharedRow(r.member_id, key, name, r.strength, r.hops, r.chance, r.ready)


class SharedRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def replace(
        self,
        member_id: int,
        organisations: Sequence[SharedRow],
        people: Sequence[SharedRow],
        fields: Sequence[SharedRow],
        now: datetime,
    ) -> None:
        """The member's whole summary, replacing the one published before."""
        for table in (shared_reach, shared_person, shared_field):
            self.conn.execute(delete(table).where(table.c.member_id == member_id))
        common = {"member_id": member_id}
        if organisations:
            self.conn.execute(
                shared_reach.insert(),
                [
                    {
                        **common,
                        "org_key": r.key,
                        "org_name": r.name,
                        "strength": r.strength,
                        "hops": r.hops,
                        "chance": r.chance,
                        "ready": r.ready,
                        "published_at": now,
                    }
                    for r in organisations
                ],
            )
        if people:
            self.conn.execute(
                shared_person.insert(),
                [
                    {
                        **common,
                        "key_hash": r.key,
                        "strength": r.strength,
                        "hops": r.hops,
                        "chance": r.chance,
                        "ready": r.ready,
                    }
                    for r in people
                ],
            )
        if fields:
            self.conn.execute(
                shared_field.insert(),
                [
                    {
                        **common,
                        "field_key": r.key,
                        "field_name": r.name,
                        "strength": r.strength,
                        "hops": r.hops,
                        "chance": r.chance,
                        "ready": r.ready,
                    }
                    for r in fields
                ],
            )

    def organisations(self, key: str) -> list[SharedRow]:
        """Every member's line for an organisation whose key (``organisation_key``) is
        ``key`` or holds it as whole words ("contoso" finds "contoso health")."""
        c = shared_reach.c
        padded = func.concat(" ", c.org_key, " ")
        query = select(shared_reach).where(
            (c.org_key == key) | padded.contains(f" {key} ", autoescape=True)
        )
        return [_row(shared_reach, r) for r in self.conn.execute(query)]

    def people(self, hashes: Iterable[str]) -> list[SharedRow]:
        wanted = sorted(set(hashes))
        if not wanted:
            return []
        query = select(shared_person).where(shared_person.c.key_hash.in_(wanted))
        return [_row(shared_person, r) for r in self.conn.execute(query)]

    def fields(self, key: str) -> list[SharedRow]:
        c = shared_field.c
        padded = func.concat(" ", c.field_key, " ")
        query = select(shared_field).where(
            (c.field_key == key) | padded.contains(f" {key} ", autoescape=True)
        )
        return [_row(shared_field, r) for r in self.conn.execute(query)]

    def summary_of(self, member_id: int) -> list[SharedRow]:
        query = (
            select(shared_reach)
            .where(shared_reach.c.member_id == member_id)
            .order_by(shared_reach.c.org_key)
        )
        return [_row(shared_reach, r) for r in self.conn.execute(query)]

    # -- hidden from the team ------------------------------------------------------------
    def hide(self, member_id: int, kind: str, ref: str) -> None:
        exists = self.conn.execute(
            select(hidden.c.ref).where(
                hidden.c.member_id == member_id, hidden.c.kind == kind, hidden.c.ref == ref
            )
        ).first()
        if exists is None:
            self.conn.execute(hidden.insert().values(member_id=member_id, kind=kind, ref=ref))

    def unhide(self, member_id: int, kind: str, ref: str) -> bool:
        done = self.conn.execute(
            delete(hidden).where(
                hidden.c.member_id == member_id, hidden.c.kind == kind, hidden.c.ref == ref
            )
        )
        return bool(done.rowcount)

    def hidden(self, member_id: int) -> list[tuple[str, str]]:
        query = (
            select(hidden.c.kind, hidden.c.ref)
            .where(hidden.c.member_id == member_id)
            .order_by(hidden.c.kind, hidden.c.ref)
        )
        return [(k, r) for k, r in self.conn.execute(query)]
