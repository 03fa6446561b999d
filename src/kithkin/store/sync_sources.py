"""The servers ``kith sync`` reads and what it read from each: one row per remote item
with its ETag (or IMAP UID) and the record keys it gave the import."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from kithkin.store import schema as t
from kithkin.store.sources import INTERACTION, SYNCED


@dataclass(slots=True)
class SyncSource:
    """A configured server: a CardDAV or CalDAV URL, or an IMAP host with folders."""

    name: str
    kind: str
    url: str
    username: str
    folders: list[str] = field(default_factory=list)
    insecure: bool = False
    password_env: str = ""
    publish: str = ""  # a calendar URL the agenda is written to as tasks
    state: dict[str, Any] = field(default_factory=dict)
    last_run: datetime | None = None
    last_error: str = ""
    last_changes: dict[str, int] = field(default_factory=dict)
    id: int | None = None


@dataclass(frozen=True, slots=True)
class SyncItem:
    etag: str
    keys: list[str]


class SyncSourceRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, source: SyncSource, now: datetime) -> int:
        pk = self.conn.execute(
            insert(t.sync_source).values(
                name=source.name,
                kind=source.kind,
                url=source.url,
                username=source.username,
                folders=source.folders,
                insecure=source.insecure,
                password_env=source.password_env,
                publish=source.publish,
                state=source.state,
                last_changes={},
                created_at=now,
            )
        ).inserted_primary_key
        assert pk is not None
        source.id = int(pk[0])
        return source.id

    def all(self) -> list[SyncSource]:
        rows = self.conn.execute(select(t.sync_source).order_by(t.sync_source.c.id))
        return [_source(r) for r in rows]

    def by_name(self, name: str) -> SyncSource | None:
        row = self.conn.execute(select(t.sync_source).where(t.sync_source.c.name == name)).first()
        return _source(row) if row is not None else None

    def remove(self, source_id: int) -> None:
        self.conn.execute(delete(t.sync_item).where(t.sync_item.c.source_id == source_id))
        self.conn.execute(delete(t.sync_source).where(t.sync_source.c.id == source_id))

    def set_state(self, source_id: int, state: dict[str, Any]) -> None:
        self.conn.execute(
            update(t.sync_source).where(t.sync_source.c.id == source_id).values(state=state)
        )

    def set_run(self, source_id: int, at: datetime, error: str, changes: dict[str, int]) -> None:
        self.conn.execute(
            update(t.sync_source)
            .where(t.sync_source.c.id == source_id)
            .values(last_run=at, last_error=error, last_changes=changes)
        )

    def retract(self, fmt: str, keys: set[str]) -> int:
        return retract(self.conn, fmt, keys)

    # -- items --------------------------------------------------------------------
    def items(self, source_id: int, collection: str) -> dict[str, SyncItem]:
        rows = self.conn.execute(
            select(t.sync_item.c.remote, t.sync_item.c.etag, t.sync_item.c["keys"]).where(
                (t.sync_item.c.source_id == source_id) & (t.sync_item.c.collection == collection)
            )
        )
        return {r[0]: SyncItem(r[1], list(r[2])) for r in rows}

    def counts(self, source_id: int) -> dict[str, int]:
        """How many items each collection of a source holds."""
        rows = self.conn.execute(
            select(t.sync_item.c.collection, func.count())
            .where(t.sync_item.c.source_id == source_id)
            .group_by(t.sync_item.c.collection)
        )
        return {str(r[0]): int(r[1]) for r in rows}

    def collections(self, source_id: int) -> list[str]:
        rows = self.conn.execute(
            select(t.sync_item.c.collection).where(t.sync_item.c.source_id == source_id).distinct()
        )
        return [str(r[0]) for r in rows]

    def all_keys(self, kind: str) -> list[tuple[int, str, str, list[str]]]:
        """(source id, collection, remote, keys) of every item of every source of a kind."""
        rows = self.conn.execute(
            select(
                t.sync_item.c.source_id,
                t.sync_item.c.collection,
                t.sync_item.c.remote,
                t.sync_item.c["keys"],
            )
            .join(t.sync_source, t.sync_source.c.id == t.sync_item.c.source_id)
            .where(t.sync_source.c.kind == kind)
        )
        return [(int(r[0]), r[1], r[2], list(r[3])) for r in rows]

    def put_items(
        self, source_id: int, collection: str, items: Iterable[tuple[str, str, list[str]]]
    ) -> None:
        """(remote, etag, keys): replace what was known of these items."""
        listed = list(items)
        rows = [
            {"source_id": source_id, "collection": collection, "remote": r, "etag": e, "keys": k}
            for r, e, k in listed
        ]
        self.remove_items(source_id, collection, [r for r, _, _ in listed])
        if rows:
            self.conn.execute(insert(t.sync_item), rows)

    def remove_items(self, source_id: int, collection: str, remotes: Iterable[str]) -> None:
        names = list(remotes)
        for i in range(0, len(names), 500):
            self.conn.execute(
                delete(t.sync_item).where(
                    (t.sync_item.c.source_id == source_id)
                    & (t.sync_item.c.collection == collection)
                    & t.sync_item.c.remote.in_(names[i : i + 500])
                )
            )


def _source(r: Any) -> SyncSource:
    return SyncSource(
        id=int(r.id),
        name=r.name,
        kind=r.kind,
        url=r.url,
        username=r.username,
        folders=list(r.folders or []),
        insecure=bool(r.insecure),
        password_env=r.password_env,
        publish=r.publish,
        state=dict(r.state or {}),
        last_run=r.last_run,
        last_error=r.last_error,
        last_changes=dict(r.last_changes or {}),
    )


# -- taking back what a deleted remote item brought -----------------------------------
RETRACT_CHUNK = 500


def retract(conn: Connection, fmt: str, keys: set[str]) -> int:
    """Remove the contact records (``vcard``) or interactions (``ics``, ``mail``) with these
    keys, and the people known only through them; how many records or interactions went."""
    removed = 0
    names = sorted(keys)
    people: set[int] = set()
    for i in range(0, len(names), RETRACT_CHUNK):
        part = names[i : i + RETRACT_CHUNK]
        if fmt == "vcard":
            where = (t.source_record.c.source == fmt) & t.source_record.c.key.in_(part)
            found = conn.execute(select(t.source_record.c.person_id).where(where))
            people.update(int(r[0]) for r in found)
            removed += conn.execute(delete(t.source_record).where(where)).rowcount
            continue
        p = t.provenance
        from_files = select(p.c.entity_id).where(
            (p.c.entity == INTERACTION) & (p.c.entity_id == t.interaction.c.id)
        )
        rows = conn.execute(  # one also read from a file the user imported stays
            select(t.interaction.c.id).where(
                t.interaction.c.external_id.in_(part) & ~from_files.exists()
            )
        )
        ids = [int(r[0]) for r in rows]
        if not ids:
            continue
        took_part = conn.execute(
            select(t.participant.c.person_id).where(t.participant.c.interaction_id.in_(ids))
        )
        people.update(int(r[0]) for r in took_part)
        removed += conn.execute(delete(t.interaction).where(t.interaction.c.id.in_(ids))).rowcount
    for person_id in sorted(people):
        if _alone(conn, person_id):
            mine = (t.provenance.c.entity == "person") & (t.provenance.c.entity_id == person_id)
            conn.execute(delete(t.provenance).where(mine))
            conn.execute(delete(t.person).where(t.person.c.id == person_id))
    return removed


def _alone(conn: Connection, person_id: int) -> bool:
    """Someone known only through what was retracted: no record, no interaction, not me,
    nothing typed in by hand, nothing read from a file the user imported (a card of the
    same UID leaves one record for both; the file's provenance rows stay)."""
    p = t.provenance
    from_a_file = (
        (p.c.file != "")
        & ~p.c.file.startswith(SYNCED)
        & ~p.c.file.contains("kithkin-sync-")  # what syncs once wrote: their temporary files
    )
    checks = (
        select(t.person.c.id).where((t.person.c.id == person_id) & t.person.c.is_me.is_(True)),
        select(t.source_record.c.id).where(t.source_record.c.person_id == person_id),
        select(t.participant.c.person_id).where(t.participant.c.person_id == person_id),
        select(t.provenance.c.id).where(
            (t.provenance.c.entity == "person")
            & (t.provenance.c.entity_id == person_id)
            & (t.provenance.c.source == "user")
        ),
        select(p.c.id).where((p.c.entity == "person") & (p.c.entity_id == person_id) & from_a_file),
    )
    return all(conn.execute(q.limit(1)).first() is None for q in checks)
