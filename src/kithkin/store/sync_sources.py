"""The servers ``kith sync`` reads and what it read from each: one row per remote item
with its ETag (or IMAP UID) and the record keys it gave the import."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from kithkin.store import schema as t


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

    # -- items --------------------------------------------------------------------
    def items(self, source_id: int, collection: str) -> dict[str, SyncItem]:
        rows = self.conn.execute(
            select(t.sync_item.c.remote, t.sync_item.c.etag, t.sync_item.c["keys"]).where(
                (t.sync_item.c.source_id == source_id) & (t.sync_item.c.collection == collection)
            )
        )
        return {r[0]: SyncItem(r[1], list(r[2])) for r in rows}

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
