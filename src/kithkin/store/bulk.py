"""Writing many rows at once for imports: one executemany per table, not one statement per row.

Rows go to the driver as plain tuples, converted once per column here:
SQLAlchemy's per-row parameter processing costs more than the insert itself
at import sizes (hundreds of thousands of rows).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Date, Table, select, update

from kithkin.model import Interaction, Person, Tie, TieKind, TieSource, normalise_circle
from kithkin.store import schema as t
from kithkin.store.people import _person_row, organisation_key
from kithkin.store.types import UTCDateTime

_ROWS_PER_STATEMENT = 500


def _converter(column: Any, sqlite: bool) -> Callable[[Any], Any] | None:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        seen: dict[datetime, Any] = {}  # an import stamps most rows with the same "now"

        def stamp(v: datetime | None) -> Any:
            if v is None:
                return None
            if v not in seen:
                naive = v.astimezone(UTC).replace(tzinfo=None)
                seen[v] = naive.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else naive
            return seen[v]

        return stamp
    if isinstance(kind, JSON):
        return lambda v: None if v is None else "[]" if v == [] else json.dumps(v)
    if isinstance(kind, Date) and sqlite:
        return lambda v: v.isoformat() if isinstance(v, date) else v
    if isinstance(kind, Boolean) and sqlite:
        return lambda v: None if v is None else int(bool(v))
    return None


def fast_insert(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], returning: bool = False
) -> list[int]:
    """Insert rows (all with the same keys); with ``returning``, their ids in row order."""
    if not rows:
        return []
    sqlite = conn.dialect.name == "sqlite"
    names = list(rows[0])
    mark = "?" if sqlite else "%s"
    converters = [(i, f) for i, n in enumerate(names) if (f := _converter(table.c[n], sqlite))]
    if converters:
        values = []
        for r in rows:
            row = list(r.values())
            for i, f in converters:
                row[i] = f(row[i])
            values.append(tuple(row))
    else:
        values = [tuple(r.values()) for r in rows]
    quoted = ", ".join(conn.dialect.identifier_preparer.quote(n) for n in names)
    head = f"INSERT INTO {table.name} ({quoted}) VALUES "
    one = "(" + ", ".join([mark] * len(names)) + ")"
    if not returning:
        conn.exec_driver_sql(head + one, values)
        return []
    ids: list[int] = []
    for i in range(0, len(values), _ROWS_PER_STATEMENT):
        chunk = values[i : i + _ROWS_PER_STATEMENT]
        sql = head + ", ".join([one] * len(chunk)) + " RETURNING id"
        flat = tuple(v for row in chunk for v in row)
        # Ids are handed out in VALUES order, so sorted ids are the rows' ids in order.
        ids += sorted(int(r[0]) for r in conn.exec_driver_sql(sql, flat))
    return ids


class BulkWriter:
    """Inserts people, interactions and ties in batches, with ids handed back in order."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._orgs: dict[str, int] | None = None
        self._circles: dict[str, int] | None = None

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

    def add_people(self, people: Sequence[Person], now: datetime) -> list[int]:
        """Insert people with their emails, phones, affiliations and circles; sets ``id``."""
        self._add_organisations({a.organisation for p in people for a in p.affiliations})
        ids = self._ids(
            t.person,
            [{**_person_row(p), "created_at": now, "updated_at": now} for p in people],
        )
        emails, phones, affiliations, members = [], [], [], []
        for pid, p in zip(ids, people, strict=True):
            p.id = pid
            for address, label in {e.address: e.label for e in p.emails}.items():
                emails.append({"person_id": pid, "address": address, "label": label})
            for number, label in {ph.number: ph.label for ph in p.phones}.items():
                phones.append({"person_id": pid, "number": number, "label": label})
            for a in p.affiliations:
                affiliations.append(
                    {
                        "person_id": pid,
                        "organisation_id": self.organisation(a.organisation),
                        "role": a.role,
                        "start": a.start,
                        "end": a.end,
                        "current": a.current,
                    }
                )
            p.circles = sorted({normalise_circle(c) for c in p.circles})
            members += [{"person_id": pid, "circle_id": self.circle(c)} for c in p.circles]
        for table, rows in (
            (t.email, emails),
            (t.phone, phones),
            (t.affiliation, affiliations),
            (t.membership, members),
        ):
            if rows:
                fast_insert(self.conn, table, rows)
        return ids

    def add_interactions(self, items: Sequence[Interaction], source: str) -> list[int]:
        ids = self._ids(
            t.interaction,
            [
                {
                    "occurred_at": it.when,
                    "channel": it.channel.value,
                    "initiator_id": it.initiator,
                    "answered": it.answered,
                    "note": it.note,
                    "external_id": it.external_id or None,
                    "source": source,
                }
                for it in items
            ],
        )
        rows = []
        for iid, it in zip(ids, items, strict=True):
            it.id = iid
            rows += [
                {"interaction_id": iid, "person_id": p} for p in dict.fromkeys(it.participants)
            ]
        if rows:
            fast_insert(self.conn, t.participant, rows)
        return ids

    def add_ties(self, ties: Sequence[Tie], now: datetime) -> list[int]:
        """Insert ties for pairs that have none yet, with their kinds."""
        ids = self._ids(
            t.tie,
            [
                {
                    "person_a": tie.pair[0],
                    "person_b": tie.pair[1],
                    "closeness": tie.closeness,
                    "source": tie.source.value,
                    "confidence": tie.confidence,
                    "evidence": tie.evidence,
                    "since": tie.since,
                    "status": tie.status.value,
                    "created_at": now,
                }
                for tie in ties
            ],
        )
        kinds = []
        for tid, tie in zip(ids, ties, strict=True):
            tie.id = tid
            seen: set[str] = set()
            for k in tie.kinds:
                if k.kind not in seen:
                    seen.add(k.kind)
                    kinds.append(
                        {
                            "tie_id": tid,
                            "kind": k.kind,
                            "source": k.source.value,
                            "confidence": k.confidence,
                            "evidence": k.evidence,
                        }
                    )
        if kinds:
            fast_insert(self.conn, t.tie_kind, kinds)
        return ids

    def existing_external_ids(self) -> set[str]:
        rows = self.conn.execute(
            select(t.interaction.c.external_id).where(t.interaction.c.external_id.is_not(None))
        )
        return {r[0] for r in rows}

    def tie_pairs(self) -> dict[tuple[int, int], int]:
        rows = self.conn.execute(select(t.tie.c.id, t.tie.c.person_a, t.tie.c.person_b))
        return {(int(r.person_a), int(r.person_b)): int(r.id) for r in rows}

    def organisation_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute(select(t.organisation.c.name))]

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
