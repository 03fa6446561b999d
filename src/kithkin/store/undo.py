"""The last change, kept so that it can be taken back.

An edit or a removal names what it is about to touch (``keep``: a person, a tie,
an interaction…) before it writes, and what it made (``created``) after; the
rows of those things are read as they were and saved beside the commit, with
the data version that commit wrote. Undo brings exactly those rows back: rows
made since are deleted, rows changed are set back, rows removed come back with
their ids. Only the last change is kept, and only while nothing else has been
written since: any later commit moves the data version and the kept change no
longer matches it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Connection, Table, delete, insert, select, update

from kithkin.store import schema as t
from kithkin.store.sources import decode_row, encode_row

# The rows that make up each kind of thing, as (table, the column naming its id).
_OWN_PARTS: tuple[tuple[Table, str], ...] = (
    (t.person, "id"),
    (t.email, "person_id"),
    (t.phone, "person_id"),
    (t.affiliation, "person_id"),
    (t.membership, "person_id"),
    (t.person_note, "person_id"),
)
PARTS: dict[str, tuple[tuple[Table, str], ...]] = {
    "person": _OWN_PARTS,
    # A removed person takes everything that points at them (the foreign keys cascade).
    "person+links": (
        *_OWN_PARTS,
        (t.tie, "person_a"),
        (t.tie, "person_b"),
        (t.participant, "person_id"),
        (t.interaction, "initiator_id"),
        (t.exchange, "giver_id"),
        (t.exchange, "receiver_id"),
        (t.ask, "through_id"),
        (t.life_event, "person_id"),
        (t.source_record, "person_id"),
        (t.merge_proposal, "person_a"),
        (t.merge_proposal, "person_b"),
    ),
    "tie": ((t.tie, "id"), (t.tie_kind, "tie_id")),
    "interaction": ((t.interaction, "id"), (t.participant, "interaction_id")),
    "favour": ((t.exchange, "id"),),
    "ask": ((t.ask, "id"),),
    "goal": ((t.goal, "id"),),
    "opportunity": ((t.opportunity, "id"),),
    "note": ((t.person_note, "id"),),
    "circle": ((t.circle, "id"), (t.membership, "circle_id")),
}
_ORDER = {table.name: i for i, table in enumerate(t.metadata.sorted_tables)}


@dataclass
class _Scope:
    table: str
    column: str
    ids: list[Any]
    rows: list[dict[str, Any]]  # as they were before the change, JSON-safe


@dataclass
class KeptChange:
    what: str
    token: str  # the data version the change's commit wrote
    at: datetime


@dataclass
class UndoLog:
    """What one unit of work is about to change, to be saved with its commit."""

    conn: Connection
    what: str = ""
    at: datetime | None = None  # when the change was made (the service's ``now``)
    scopes: list[_Scope] = field(default_factory=list)

    def keep(self, kind: str, ids: Iterable[Any]) -> None:
        """Read the rows of these things as they are now, before they change."""
        ids = list(ids)
        for table, column in PARTS[kind]:
            self._scope(table, column, ids, rows=True)
        if kind == "person+links":  # the kinds of the person's ties go with them
            tie_ids = [
                r["id"]
                for s in self.scopes
                if s.table == "tie" and s.column in {"person_a", "person_b"}
                for r in s.rows
            ]
            self._scope(t.tie_kind, "tie_id", tie_ids, rows=True)

    def created(self, kind: str, ids: Iterable[Any]) -> None:
        """Things this change made: undo removes them."""
        ids = list(ids)
        for table, column in PARTS[kind]:
            self._scope(table, column, ids, rows=False)

    def _scope(self, table: Table, column: str, ids: list[Any], rows: bool) -> None:
        if not ids:
            return
        found = (
            [encode_row(table, r._mapping) for r in self.conn.execute(_where(table, column, ids))]
            if rows
            else []
        )
        self.scopes.append(_Scope(table.name, column, ids, found))

    @property
    def pending(self) -> bool:
        return bool(self.scopes)

    # -- kept with the commit ------------------------------------------------------
    def save(self, token: str) -> None:
        """Keep this change as the one to undo (called by the commit that wrote it)."""
        snapshot = [
            {"table": s.table, "column": s.column, "ids": s.ids, "rows": s.rows}
            for s in self.scopes
        ]
        self.conn.execute(delete(t.undo))
        self.conn.execute(
            insert(t.undo).values(
                token=token,
                what=self.what[:500] or "the last change",
                snapshot=snapshot,
                at=self.at or datetime.now(UTC),
            )
        )

    def last(self) -> KeptChange | None:
        row = self.conn.execute(select(t.undo.c.what, t.undo.c.token, t.undo.c.at)).first()
        return None if row is None else KeptChange(row.what, row.token, row.at)

    def restore(self) -> None:
        """Bring the rows of the kept change back as they were, and forget it."""
        snapshot = self.conn.execute(select(t.undo.c.snapshot)).scalar()
        self.conn.execute(delete(t.undo))
        if not snapshot:
            return
        before: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = defaultdict(dict)
        current: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
        for s in snapshot:
            table = t.metadata.tables[s["table"]]
            keys = list(table.primary_key.columns)
            for raw in s["rows"]:
                row = decode_row(table, raw)
                before[table.name][_key(keys, row)] = row
            for r in self.conn.execute(_where(table, s["column"], s["ids"])):
                current[table.name].add(_key(keys, r._mapping))
        # A row kept may have moved out of its scope (an interaction whose initiator
        # was removed lost it): it still exists, and is set back rather than added.
        for name, rows in before.items():
            table = t.metadata.tables[name]
            keys = list(table.primary_key.columns)
            for key in set(rows) - current[name]:
                if self.conn.execute(select(*keys).where(_match(keys, key))).first():
                    current[name].add(key)
        names = sorted(set(before) | set(current), key=_ORDER.__getitem__)
        for name in reversed(names):  # children first: made since, so removed
            table = t.metadata.tables[name]
            keys = list(table.primary_key.columns)
            for key in current[name] - set(before[name]):
                self.conn.execute(delete(table).where(_match(keys, key)))
        for name in names:  # parents first: set back, or brought back
            table = t.metadata.tables[name]
            keys = list(table.primary_key.columns)
            for key, row in before[name].items():
                if key in current[name]:
                    self.conn.execute(update(table).where(_match(keys, key)).values(**row))
                else:
                    self.conn.execute(insert(table).values(**row))


def _where(table: Table, column: str, ids: list[Any]) -> Any:
    return select(table).where(table.c[column].in_(ids))


def _key(keys: list[Column[Any]], row: Any) -> tuple[Any, ...]:
    return tuple(row[k.name] for k in keys)


def _match(keys: list[Column[Any]], key: tuple[Any, ...]) -> Any:
    match = keys[0] == key[0]
    for column, value in zip(keys[1:], key[1:], strict=True):
        match = match & (column == value)
    return match
