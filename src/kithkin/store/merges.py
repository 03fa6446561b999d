"""Merging two people's rows into one, and undoing it exactly from a snapshot.

Every table with a column pointing at ``person`` is found from the schema, so
a table added later is carried along: its rows are moved to the kept person,
and restored on unmerge. Tables whose rows must stay unique per person
(emails, phones, circles, ties…) fold duplicates instead of moving them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, Table, and_, delete, or_, select, update

from kithkin.model import Person
from kithkin.store import schema as t
from kithkin.store.people import person_row  # the person↔row mapping lives there
from kithkin.store.sources import SourceRepository, decode_row

_RANK = {"stated": 3, "imported": 2, "inferred": 1}
# Rows unique per person on these columns: a duplicate is dropped, not moved.
_UNIQUE_WITH = {
    "email": ("address",),
    "phone": ("number",),
    "affiliation": ("organisation_id", "role"),
    "membership": ("circle_id",),
    "participant": ("interaction_id",),
}
_SPECIAL = {"tie", "merge_proposal", "person"}


class MergeRepository:
    """Two people's rows folded into one, a snapshot to undo it, and the undo itself."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def snapshot(self, kept: int, merged: int) -> dict[str, Any]:
        return snapshot(self.conn, kept, merged)

    def merge(self, kept: int, merged: int, combined: Person, now: datetime) -> None:
        """Move everything of ``merged`` to ``kept``, whose record becomes ``combined``."""
        merge_rows(self.conn, kept, merged, {**person_row(combined), "updated_at": now})

    def restore(self, snap: dict[str, Any]) -> None:
        restore(self.conn, snap)

    def names(self) -> dict[int, str]:
        """Every person's display name by id (the log names people merged long ago)."""
        query = select(t.person.c.id, t.person.c.display_name)
        return {int(r.id): str(r.display_name) for r in self.conn.execute(query)}

    def log(self) -> list[Any]:
        """The merges made by hand or by review
        (``at, kept_id, merged_id, snapshot, id, undone``)."""
        return list(self.conn.execute(select(t.merge_log)))

    def merged_by_import(self, field: str) -> list[Any]:
        """The records an import merged into a person, as its provenance kept them
        (under ``field``): ``entity_id, source, file, record, at``."""
        p = t.provenance
        query = select(p.c.entity_id, p.c.source, p.c.file, p.c.record, p.c.at).where(
            p.c.entity == "person", p.c.field == field
        )
        return list(self.conn.execute(query))

    def open_proposals(self) -> list[int]:
        """The ids of the open merge proposals, oldest first."""
        mp = t.merge_proposal
        query = select(mp.c.id).where(mp.c.status == "open").order_by(mp.c.id)
        return [int(r[0]) for r in self.conn.execute(query)]

    def open_proposal(self, proposal_id: int) -> tuple[int, int] | None:
        """The two people of a proposal still open, as they are now (earlier merges move them)."""
        mp = t.merge_proposal
        row = self.conn.execute(
            select(mp.c.person_a, mp.c.person_b).where(
                (mp.c.id == proposal_id) & (mp.c.status == "open")
            )
        ).first()
        return None if row is None else (int(row[0]), int(row[1]))

    @staticmethod
    def people_in(snap: dict[str, Any]) -> set[int]:
        return snapshot_people(snap)


def person_columns() -> list[tuple[Table, Column[Any]]]:
    """Every (table, column) that refers to a person, from the schema."""
    found = []
    for table in t.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table is t.person for fk in column.foreign_keys):
                found.append((table, column))
    found.append((t.provenance, t.provenance.c.entity_id))  # by convention, not by key
    return found


def _where(column: Column[Any], ids: tuple[int, ...]) -> Any:
    clause: Any = column.in_(ids)
    if column.table is t.provenance:
        clause = and_(clause, t.provenance.c.entity == "person")
    return clause


def snapshot(conn: Connection, kept: int, merged: int) -> dict[str, Any]:
    """Every row touching either person, as plain JSON."""
    repo = SourceRepository(conn)
    ids = (kept, merged)
    tables: dict[str, list[dict[str, Any]]] = {
        "person": repo.dump(t.person, t.person.c.id.in_(ids))
    }
    by_table: dict[str, list[Column[Any]]] = {}
    for table, column in person_columns():
        by_table.setdefault(table.name, []).append(column)
    for name, columns in by_table.items():
        table = t.metadata.tables[name]
        tables[name] = repo.dump(table, or_(*(_where(c, ids) for c in columns)))
    tie_ids = [r["id"] for r in tables.get("tie", [])]
    tables["tie_kind"] = repo.dump(t.tie_kind, t.tie_kind.c.tie_id.in_(tie_ids))
    return {"kept": kept, "merged": merged, "tables": tables}


def snapshot_people(snap: dict[str, Any]) -> set[int]:
    """Every person a snapshot's rows refer to: a later merge of one of them must go first."""
    found = {int(snap["kept"]), int(snap["merged"])}
    for table, column in person_columns():
        for row in snap["tables"].get(table.name, []):
            if row.get(column.name) is not None:
                found.add(int(row[column.name]))
    return found


def merge_rows(conn: Connection, kept: int, merged: int, person_values: dict[str, Any]) -> None:
    """Move everything of ``merged`` to ``kept``, then delete ``merged``."""
    for table, column in person_columns():
        if table.name in _SPECIAL:
            continue
        if table.name in _UNIQUE_WITH:
            _fold_unique(conn, table, column, kept, merged, _UNIQUE_WITH[table.name])
        clause = column == merged
        if table is t.provenance:
            clause = and_(clause, t.provenance.c.entity == "person")
        conn.execute(update(table).where(clause).values({column.name: kept}))
    _merge_ties(conn, kept, merged)
    _merge_proposals(conn, kept, merged)
    conn.execute(update(t.person).where(t.person.c.id == kept).values(**person_values))
    conn.execute(delete(t.person).where(t.person.c.id == merged))


def _fold_unique(
    conn: Connection,
    table: Table,
    column: Column[Any],
    kept: int,
    merged: int,
    on: tuple[str, ...],
) -> None:
    cols = [table.c[name] for name in on]
    have = {tuple(r) for r in conn.execute(select(*cols).where(column == kept))}
    for row in conn.execute(select(table).where(column == merged)).all():
        values = tuple(row._mapping[name] for name in on)
        if values in have:
            keys = list(table.primary_key.columns)
            conn.execute(delete(table).where(and_(*(k == row._mapping[k.name] for k in keys))))


def _merge_ties(conn: Connection, kept: int, merged: int) -> None:
    tie = t.tie
    ties = conn.execute(
        select(tie).where(or_(tie.c.person_a == merged, tie.c.person_b == merged))
    ).all()
    for row in ties:
        other = row.person_b if row.person_a == merged else row.person_a
        if other == kept:
            conn.execute(delete(tie).where(tie.c.id == row.id))
            continue
        a, b = sorted((kept, other))
        mine = conn.execute(
            select(tie).where((tie.c.person_a == a) & (tie.c.person_b == b))
        ).first()
        if mine is None:
            conn.execute(update(tie).where(tie.c.id == row.id).values(person_a=a, person_b=b))
            continue
        values: dict[str, Any] = {}
        if _RANK[row.source] > _RANK[mine.source] or (
            row.source == mine.source and row.confidence > mine.confidence
        ):
            values.update(source=row.source, confidence=row.confidence, evidence=row.evidence)
        if mine.closeness is None and row.closeness is not None:
            values["closeness"] = row.closeness
        if row.since is not None and (mine.since is None or row.since < mine.since):
            values["since"] = row.since
        if values:
            conn.execute(update(tie).where(tie.c.id == mine.id).values(**values))
        kinds = {
            r.kind
            for r in conn.execute(select(t.tie_kind.c.kind).where(t.tie_kind.c.tie_id == mine.id))
        }
        for k in conn.execute(select(t.tie_kind).where(t.tie_kind.c.tie_id == row.id)).all():
            if k.kind not in kinds:
                conn.execute(
                    update(t.tie_kind).where(t.tie_kind.c.id == k.id).values(tie_id=mine.id)
                )
        conn.execute(delete(tie).where(tie.c.id == row.id))


def _merge_proposals(conn: Connection, kept: int, merged: int) -> None:
    mp = t.merge_proposal
    rows = conn.execute(
        select(mp).where(or_(mp.c.person_a == merged, mp.c.person_b == merged))
    ).all()
    for row in rows:
        other = row.person_b if row.person_a == merged else row.person_a
        if other == kept:
            continue  # goes with the merged person; the merge log keeps the decision
        a, b = sorted((kept, other))
        clash = conn.execute(
            select(mp.c.id).where((mp.c.person_a == a) & (mp.c.person_b == b))
        ).first()
        if clash is None:
            conn.execute(update(mp).where(mp.c.id == row.id).values(person_a=a, person_b=b))
        else:
            conn.execute(delete(mp).where(mp.c.id == row.id))


def restore(conn: Connection, snap: dict[str, Any]) -> None:
    """Undo a merge: both people and every row they had, as they were."""
    repo = SourceRepository(conn)
    kept, merged = int(snap["kept"]), int(snap["merged"])
    tables: dict[str, list[dict[str, Any]]] = snap["tables"]
    repo.put(t.person, tables["person"])
    for table in t.metadata.sorted_tables:
        rows = tables.get(table.name)
        if rows is None or table is t.person:
            continue
        keys = list(table.primary_key.columns)
        if len(keys) == 1:
            repo.put(table, rows)
            continue
        # A composite key changed with the move: drop the moved rows, put back the originals.
        column = next(c for tb, c in person_columns() if tb is table)
        before_kept = {_rest(table, column, r) for r in rows if r[column.name] == kept}
        for r in rows:
            if r[column.name] == merged and _rest(table, column, r) not in before_kept:
                moved = dict(r, **{column.name: kept})
                repo.remove(table, [moved])
        missing = [r for r in rows if not _exists(conn, table, r)]
        repo.load(table, missing)


def _rest(table: Table, column: Column[Any], row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[k.name] for k in table.primary_key.columns if k.name != column.name)


def _exists(conn: Connection, table: Table, raw: dict[str, Any]) -> bool:
    row = decode_row(table, raw)
    keys = list(table.primary_key.columns)
    return (
        conn.execute(select(*keys).where(and_(*(k == row[k.name] for k in keys)))).first()
        is not None
    )
