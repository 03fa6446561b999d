"""Where data came from and what became of it: source records, provenance,
merge proposals and the merge log, plus rows as plain JSON for snapshots and backups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, literal, select, update
from sqlalchemy.sql.elements import ColumnElement

from kithkin.model import Provenance
from kithkin.store import schema as t
from kithkin.store.bulk import insert_rows
from kithkin.store.types import UTCDateTime

CHUNK = 900  # SQLite caps bound parameters per statement
SOURCE_RECORD_COLUMNS = ("source", "key", "person_id", "digest", "file", "imported_at")
PROVENANCE_COLUMNS = ("entity", "entity_id", "field", "source", "file", "record", "at")
INTERACTION, READ = "interaction", "read"  # an interaction's provenance: read from a file
SYNCED = "sync:"  # the file of what kith sync read: sync:SOURCE


@dataclass(frozen=True, slots=True)
class SourceRow:
    """What an earlier import made of one record of a file."""

    id: int
    person_id: int
    digest: str


@dataclass(slots=True)
class Proposal:
    """Two people who may be one, with why we think so."""

    id: int
    person_a: int
    person_b: int
    score: float
    evidence: str
    status: str


@dataclass(slots=True)
class MergeEntry:
    id: int
    kept_id: int
    merged_id: int
    snapshot: dict[str, Any]
    at: datetime
    undone: bool


class SourceRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- source records -------------------------------------------------------
    def source_records(self, source: str) -> dict[str, SourceRow]:
        rows = self.conn.execute(
            select(
                t.source_record.c.id,
                t.source_record.c.key,
                t.source_record.c.person_id,
                t.source_record.c.digest,
            ).where(t.source_record.c.source == source)
        )
        return {r.key: SourceRow(int(r.id), int(r.person_id), r.digest) for r in rows}

    def add_source_record_rows(
        self, rows: Sequence[tuple[str, str, int, str, str, datetime]]
    ) -> None:
        """(source, key, person_id, digest, file, imported_at) tuples, as an import builds them."""
        insert_rows(self.conn, t.source_record, SOURCE_RECORD_COLUMNS, rows)

    def update_source_records(self, rows: Sequence[tuple[int, str, str]], at: datetime) -> None:
        """(row id, digest, file) of records a newer file changed, in one executemany."""
        if rows:
            self.conn.execute(
                update(t.source_record)
                .where(t.source_record.c.id == bindparam("row_id"))
                .values(digest=bindparam("new_digest"), file=bindparam("new_file"), imported_at=at),
                [{"row_id": r, "new_digest": d, "new_file": f} for r, d, f in rows],
            )

    # -- provenance -----------------------------------------------------------
    def add_provenance(self, items: Iterable[Provenance]) -> None:
        self.add_provenance_rows(
            [(p.entity, p.entity_id, p.field, p.source, p.file, p.record, p.at) for p in items]
        )

    def add_provenance_rows(
        self, rows: Sequence[tuple[str, int, str, str, str, str, datetime | None]]
    ) -> None:
        """(entity, entity_id, field, source, file, record, at) tuples, as an import builds them."""
        insert_rows(self.conn, t.provenance, PROVENANCE_COLUMNS, rows)

    def add_interaction_provenance(
        self, rows: Sequence[tuple[int, tuple[str, str, str]]], at: datetime
    ) -> None:
        """(interaction id, (source, file, record)): where an import read each interaction."""
        self.add_provenance_rows(
            [
                (INTERACTION, iid, READ, source, file, record[:200], at)
                for iid, (source, file, record) in rows
            ]
        )

    def add_interaction_provenance_by_key(
        self, found: dict[str, tuple[str, str, str]], at: datetime
    ) -> None:
        """Interactions an import read again, by external id: a row for each file not
        already named in their provenance."""
        keys = sorted(found)
        rows: list[tuple[int, tuple[str, str, str]]] = []
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            ids = dict(
                self.conn.execute(
                    select(t.interaction.c.external_id, t.interaction.c.id).where(
                        t.interaction.c.external_id.in_(part)
                    )
                ).all()
            )
            named = set(
                self.conn.execute(
                    select(t.provenance.c.entity_id, t.provenance.c.file).where(
                        (t.provenance.c.entity == INTERACTION)
                        & t.provenance.c.entity_id.in_(list(ids.values()))
                    )
                ).all()
            )
            for key in part:
                iid = ids.get(key)
                if iid is not None and (iid, found[key][1]) not in named:
                    rows.append((int(iid), found[key]))
        self.add_interaction_provenance(rows, at)

    def provenance(self, entity: str, entity_id: int) -> list[Provenance]:
        rows = self.conn.execute(
            select(t.provenance)
            .where((t.provenance.c.entity == entity) & (t.provenance.c.entity_id == entity_id))
            .order_by(t.provenance.c.id)
        )
        return [
            Provenance(r.entity, r.entity_id, r.field, r.source, r.file, r.record, r.at)
            for r in rows
        ]

    def field_sources(self, entity: str = "person") -> dict[int, dict[str, str]]:
        """The latest source of every field of every entity of a kind: what may overwrite it."""
        latest: dict[int, dict[str, str]] = defaultdict(dict)
        rows = self.conn.execute(
            select(t.provenance.c.entity_id, t.provenance.c.field, t.provenance.c.source)
            .where(t.provenance.c.entity == entity)
            .order_by(t.provenance.c.id)
        )
        for r in rows:
            latest[int(r.entity_id)][r.field] = r.source
        return latest

    # -- merge proposals --------------------------------------------------------
    def proposals(self, status: str | None = "open") -> list[Proposal]:
        query = select(t.merge_proposal).order_by(t.merge_proposal.c.id)
        if status is not None:
            query = query.where(t.merge_proposal.c.status == status)
        return [
            Proposal(r.id, r.person_a, r.person_b, float(r.score), r.evidence, r.status)
            for r in self.conn.execute(query)
        ]

    def proposal_pairs(self) -> set[tuple[int, int]]:
        rows = self.conn.execute(select(t.merge_proposal.c.person_a, t.merge_proposal.c.person_b))
        return {(int(r[0]), int(r[1])) for r in rows}

    def add_proposals(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(insert(t.merge_proposal), rows)

    def set_proposal_status(self, proposal_id: int, status: str) -> None:
        self.conn.execute(
            update(t.merge_proposal)
            .where(t.merge_proposal.c.id == proposal_id)
            .values(status=status)
        )

    # -- merge log --------------------------------------------------------------
    def add_merge(self, kept: int, merged: int, snapshot: dict[str, Any], at: datetime) -> int:
        pk = self.conn.execute(
            insert(t.merge_log).values(
                kept_id=kept, merged_id=merged, snapshot=snapshot, at=at, undone=False
            )
        ).inserted_primary_key
        assert pk is not None
        return int(pk[0])

    def merges(self) -> list[MergeEntry]:
        rows = self.conn.execute(select(t.merge_log).order_by(t.merge_log.c.id))
        return [
            MergeEntry(r.id, r.kept_id, r.merged_id, dict(r.snapshot), r.at, bool(r.undone))
            for r in rows
        ]

    def mark_undone(self, merge_id: int) -> None:
        self.conn.execute(
            update(t.merge_log).where(t.merge_log.c.id == merge_id).values(undone=True)
        )

    # -- rows as plain JSON -------------------------------------------------------
    def dump(self, table: Table, where: ColumnElement[bool] | None = None) -> list[dict[str, Any]]:
        """Rows of a table in primary-key order, every value JSON-safe."""
        query = select(table).order_by(*table.primary_key.columns)
        if where is not None:
            query = query.where(where)
        return [encode_row(table, r._mapping) for r in self.conn.execute(query)]

    def load(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Insert rows exactly as dumped, ids included."""
        decoded = [decode_row(table, r) for r in rows]
        for i in range(0, len(decoded), CHUNK):
            self.conn.execute(insert(table), decoded[i : i + CHUNK])

    def put(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Bring rows back to their dumped values: update the row with that key, or insert it."""
        keys = list(table.primary_key.columns)
        for raw in rows:
            row = decode_row(table, raw)
            match = _key_match(keys, row)
            found = self.conn.execute(select(*keys).where(match)).first()
            if found is None:
                self.conn.execute(insert(table).values(**row))
            else:
                self.conn.execute(update(table).where(match).values(**row))

    def has_rows(self, table: Table) -> bool:
        return self.conn.execute(select(literal(1)).select_from(table).limit(1)).first() is not None

    def reset_sequences(self) -> None:
        _reset(self.conn)

    def remove(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        keys = list(table.primary_key.columns)
        for raw in rows:
            self.conn.execute(delete(table).where(_key_match(keys, decode_row(table, raw))))


def _key_match(keys: list[Any], row: dict[str, Any]) -> ColumnElement[bool]:
    match: ColumnElement[bool] = keys[0] == row[keys[0].name]
    for column in keys[1:]:
        match = match & (column == row[column.name])
    return match


def encode_row(table: Table, row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        value = row[column.name]
        if isinstance(value, datetime | date):
            value = value.isoformat()
        out[column.name] = value
    return out


def decode_row(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.name not in row:
            continue
        value = row[column.name]
        if value is not None:
            if isinstance(column.type, UTCDateTime):
                value = datetime.fromisoformat(value)
            elif type(column.type).__name__ == "Date":
                value = date.fromisoformat(value)
        out[column.name] = value
    return out


def _reset(conn: Connection) -> None:
    """PostgreSQL sequences continue after the highest id restored (SQLite needs nothing)."""
    if conn.dialect.name != "postgresql":
        return
    for table in t.metadata.sorted_tables:
        if "id" in table.c and list(table.primary_key.columns) == [table.c.id]:
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
