"""Writing many rows at once for imports: one executemany per table, not one statement per row.

Rows go to the driver as plain tuples, converted once per column here:
SQLAlchemy's per-row parameter processing costs more than the insert itself
at import sizes (hundreds of thousands of rows). Rows that others refer to
(people, ties, interactions) get their ids before they are written (see
``reserve_ids``), so they go in one executemany too, with no ``RETURNING``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from itertools import chain
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Date, Table, select, update

from kithkin.json_text import json_encoder
from kithkin.model import Interaction, Person, Tie, TieKind, TieSource, normalise_circle
from kithkin.store import schema as t
from kithkin.store.people import PERSON_FIELDS, organisation_key, person_values
from kithkin.store.types import UTCDateTime

_ROWS_PER_STATEMENT = 500
# Ids an IdPool draws at a time; PostgreSQL skips those an import leaves unused.
_FIRST_BLOCK, _LARGEST_BLOCK = 16, 256
_PERSON_COLUMNS = ("id", *PERSON_FIELDS, "created_at", "updated_at")
_TIE_COLUMNS = (
    "id",
    "person_a",
    "person_b",
    "closeness",
    "source",
    "confidence",
    "evidence",
    "since",
    "status",
    "created_at",
)
_TIE_KIND_COLUMNS = ("tie_id", "kind", "source", "confidence", "evidence")
_AFFILIATION_COLUMNS = ("person_id", "organisation_id", "role", "start", "end", "current")
_INTERACTION_COLUMNS = (
    "id",
    "occurred_at",
    "channel",
    "initiator_id",
    "answered",
    "note",
    "external_id",
    "source",
)


_json = json_encoder()


def _converter(column: Any, sqlite: bool) -> Callable[[Any], Any] | None:
    kind = column.type
    if isinstance(kind, UTCDateTime):

        def stamp(v: datetime | None) -> Any:
            if v is None:
                return None
            naive = v.astimezone(UTC).replace(tzinfo=None)
            return naive.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else naive

        return stamp
    if isinstance(kind, JSON):
        return lambda v: None if v is None else "[]" if v == [] else _json(v)
    if isinstance(kind, Date) and sqlite:
        return lambda v: v.isoformat() if isinstance(v, date) else v
    if isinstance(kind, Boolean) and sqlite:
        return lambda v: None if v is None else int(bool(v))
    return None


def _convert(column: Any, convert: Callable[[Any], Any], values: Sequence[Any]) -> list[Any]:
    """One column's values for the driver.

    Dates, times and flags repeat (an import stamps every row with the same "now"),
    so each distinct value is converted once; JSON lists are not hashable.
    """
    if isinstance(column.type, JSON):
        return [convert(v) for v in values]
    once = {v: convert(v) for v in set(values)}
    return list(map(once.__getitem__, values))


def fast_insert(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], returning: bool = False
) -> list[int]:
    """Insert rows (all with the same keys); with ``returning``, their ids in row order."""
    if not rows:
        return []
    names = list(rows[0])
    return insert_rows(conn, table, names, [tuple(r.values()) for r in rows], returning)


def insert_rows(
    conn: Connection,
    table: Table,
    names: Sequence[str],
    values: Sequence[tuple[Any, ...]],
    returning: bool = False,
) -> list[int]:
    """Insert plain tuples in ``names`` order; with ``returning``, their ids in row order.

    The hot import paths build tuples directly: a dict per row costs more than the row's insert.
    """
    if not values:
        return []
    sqlite = conn.dialect.name == "sqlite"
    mark = "?" if sqlite else "%s"
    converters = [(i, f) for i, n in enumerate(names) if (f := _converter(table.c[n], sqlite))]
    if converters:
        columns: list[Sequence[Any]] = list(zip(*values, strict=True))
        for i, f in converters:
            columns[i] = _convert(table.c[names[i]], f, columns[i])
        values = list(zip(*columns, strict=True))
    quoted = ", ".join(conn.dialect.identifier_preparer.quote(n) for n in names)
    head = f"INSERT INTO {table.name} ({quoted}) VALUES "
    one = "(" + ", ".join([mark] * len(names)) + ")"
    if not returning:
        conn.exec_driver_sql(head + one, list(values))
        return []
    ids: list[int] = []
    for i in range(0, len(values), _ROWS_PER_STATEMENT):
        chunk = values[i : i + _ROWS_PER_STATEMENT]
        sql = head + ", ".join([one] * len(chunk)) + " RETURNING id"
        flat = tuple(chain.from_iterable(chunk))
        # Ids are handed out in VALUES order, so sorted ids are the rows' ids in order.
        ids += sorted(int(r[0]) for r in conn.exec_driver_sql(sql, flat))
    return ids


def reserve_ids(conn: Connection, table: Table, n: int, after: int = 0) -> list[int]:
    """``n`` ids for rows of ``table`` not written yet (each above ``after``), ascending.

    PostgreSQL draws them from the table's sequence, so concurrent writers never
    share one. SQLite gives a new row the largest id plus one (no AUTOINCREMENT),
    which is what this counts on from: the same ids the inserts would have got.
    Another connection cannot write in between unnoticed: WAL refuses a write from a
    transaction whose snapshot is stale, and a reused id would break the primary key;
    either way the import fails whole instead of mixing rows.
    """
    if n <= 0:
        return []
    if conn.dialect.name == "postgresql":
        rows = conn.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            (table.name, n),
        )
        return sorted(int(r[0]) for r in rows)
    top = conn.exec_driver_sql(f"SELECT max(id) FROM {table.name}").scalar()
    start = max(int(top or 0), after) + 1
    return list(range(start, start + n))


class IdPool:
    """Ids handed out one at a time for rows written later, drawn in growing blocks.

    An import names a new person long before the batch holding it is written;
    with its real id from the start nothing has to be renamed after the insert.
    Every id taken must be written by the same transaction (or rolled back with
    it), and rows of the table must not be inserted another way meanwhile.
    """

    def __init__(self, conn: Connection, table: Table) -> None:
        self.conn, self.table = conn, table
        self._free: list[int] = []  # reversed: pop() hands out the smallest
        self._block = _FIRST_BLOCK
        self._last = 0

    def take(self) -> int:
        free = self._free
        if not free:
            free = self._free = reserve_ids(self.conn, self.table, self._block, self._last)[::-1]
            self._block = min(2 * self._block, _LARGEST_BLOCK)
            self._last = free[0]
        return free.pop()


class BulkWriter:
    """Inserts people, interactions and ties in batches, with ids handed back in order."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._orgs: dict[str, int] | None = None
        self._circles: dict[str, int] | None = None
        self._org_ids: dict[str, int] = {}  # organisation as written -> id: one key per name

    def _ids(self, table: Any, rows: list[dict[str, Any]]) -> list[int]:
        return fast_insert(self.conn, table, rows, returning=True)

    def _organisations(self) -> dict[str, int]:
        if self._orgs is None:
            self._orgs = {
                r.key: int(r.id)
                for r in self.conn.execute(select(t.organisation.c.id, t.organisation.c.key))
            }
        return self._orgs

    def organisation(self, name: str) -> int:
        orgs = self._organisations()
        key = organisation_key(name)
        if key not in orgs:
            (orgs[key],) = self._ids(t.organisation, [{"name": name.strip(), "key": key}])
        return orgs[key]

    def _add_organisations(self, names: set[str]) -> None:
        """Insert every organisation not known yet in one statement."""
        orgs = self._organisations()
        missing: dict[str, str] = {}
        for name in sorted(names):
            key = organisation_key(name)
            if key not in orgs and key not in missing:
                missing[key] = name.strip()
        rows = [{"name": name, "key": key} for key, name in missing.items()]
        for key, oid in zip(missing, self._ids(t.organisation, rows), strict=True):
            orgs[key] = oid

    def circle(self, name: str) -> int:
        if self._circles is None:
            self._circles = {
                r.name: int(r.id) for r in self.conn.execute(select(t.circle.c.id, t.circle.c.name))
            }
        name = normalise_circle(name)
        if name not in self._circles:
            (self._circles[name],) = self._ids(t.circle, [{"name": name}])
        return self._circles[name]

    def add_people(
        self, people: Sequence[Person], now: datetime, ids: Sequence[int] | None = None
    ) -> list[int]:
        """Insert people with their emails, phones, affiliations and circles; sets ``id``.

        ``ids`` are the people's ids when already reserved (see ``IdPool``).
        """
        self._add_organisations({a.organisation for p in people for a in p.affiliations})
        if ids is None:
            ids = reserve_ids(self.conn, t.person, len(people))
        insert_rows(
            self.conn,
            t.person,
            _PERSON_COLUMNS,
            [(pid, *person_values(p), now, now) for pid, p in zip(ids, people, strict=True)],
        )
        emails: list[tuple[Any, ...]] = []
        phones: list[tuple[Any, ...]] = []
        affiliations: list[tuple[Any, ...]] = []
        members: list[tuple[Any, ...]] = []
        org_ids = self._org_ids
        for pid, p in zip(ids, people, strict=True):
            p.id = pid
            if p.emails:
                emails += [
                    (pid, a, lbl) for a, lbl in {e.address: e.label for e in p.emails}.items()
                ]
            if p.phones:
                phones += [
                    (pid, n, lbl) for n, lbl in {ph.number: ph.label for ph in p.phones}.items()
                ]
            for a in p.affiliations:
                oid = org_ids.get(a.organisation)
                if oid is None:
                    oid = org_ids[a.organisation] = self.organisation(a.organisation)
                affiliations.append((pid, oid, a.role, a.start, a.end, a.current))
            if p.circles:
                p.circles = sorted({normalise_circle(c) for c in p.circles})
                members += [(pid, self.circle(c)) for c in p.circles]
        insert_rows(self.conn, t.email, ("person_id", "address", "label"), emails)
        insert_rows(self.conn, t.phone, ("person_id", "number", "label"), phones)
        insert_rows(self.conn, t.affiliation, _AFFILIATION_COLUMNS, affiliations)
        insert_rows(self.conn, t.membership, ("person_id", "circle_id"), members)
        return list(ids)

    def add_interactions(self, items: Sequence[Interaction], source: str) -> list[int]:
        ids = reserve_ids(self.conn, t.interaction, len(items))
        insert_rows(
            self.conn,
            t.interaction,
            _INTERACTION_COLUMNS,
            [
                (
                    iid,
                    it.when,
                    it.channel.value,
                    it.initiator,
                    it.answered,
                    it.note,
                    it.external_id or None,
                    source,
                )
                for iid, it in zip(ids, items, strict=True)
            ],
        )
        rows: list[tuple[int, int]] = []
        for iid, it in zip(ids, items, strict=True):
            it.id = iid
            rows += [(iid, p) for p in dict.fromkeys(it.participants)]
        insert_rows(self.conn, t.participant, ("interaction_id", "person_id"), rows)
        return ids

    def add_ties(self, ties: Sequence[Tie], now: datetime) -> list[int]:
        """Insert ties for pairs that have none yet, with their kinds."""
        ids = reserve_ids(self.conn, t.tie, len(ties))
        insert_rows(
            self.conn,
            t.tie,
            _TIE_COLUMNS,
            [
                (
                    tid,
                    *tie.pair,
                    tie.closeness,
                    tie.source.value,
                    tie.confidence,
                    tie.evidence,
                    tie.since,
                    tie.status.value,
                    now,
                )
                for tid, tie in zip(ids, ties, strict=True)
            ],
        )
        kinds: list[tuple[Any, ...]] = []
        for tid, tie in zip(ids, ties, strict=True):
            tie.id = tid
            if len(tie.kinds) == 1:
                k = tie.kinds[0]
                kinds.append((tid, k.kind, k.source.value, k.confidence, k.evidence))
                continue
            seen: set[str] = set()
            for k in tie.kinds:
                if k.kind not in seen:
                    seen.add(k.kind)
                    kinds.append((tid, k.kind, k.source.value, k.confidence, k.evidence))
        insert_rows(self.conn, t.tie_kind, _TIE_KIND_COLUMNS, kinds)
        return ids

    def existing_external_ids(self) -> set[str]:
        rows = self.conn.execute(
            select(t.interaction.c.external_id).where(t.interaction.c.external_id.is_not(None))
        )
        return {r[0] for r in rows}

    def tie_pairs(self) -> dict[tuple[int, int], int]:
        rows = self.conn.execute(select(t.tie.c.id, t.tie.c.person_a, t.tie.c.person_b))
        return {(int(r.person_a), int(r.person_b)): int(r.id) for r in rows}

    def upgrade_kinds(self, tie_id: int, kinds: Sequence[TieKind]) -> None:
        """A kind a file states outranks the same kind inferred earlier."""
        for k in kinds:
            if k.source is TieSource.INFERRED:
                continue
            self.conn.execute(
                update(t.tie_kind)
                .where(
                    (t.tie_kind.c.tie_id == tie_id)
                    & (t.tie_kind.c.kind == k.kind)
                    & (t.tie_kind.c.source == TieSource.INFERRED.value)
                )
                .values(source=k.source.value, confidence=k.confidence, evidence=k.evidence)
            )
