"""Reading and writing ties and their kinds."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    delete,
    insert,
    or_,
    select,
    type_coerce,
    update,
)

from kithkin.model import Tie, TieKind, TieSource, TieStatus
from kithkin.store import schema as t
from kithkin.store.rows import driver_rows

# A stated tie outranks an imported one, which outranks an inferred one.
_RANK = {TieSource.STATED: 3, TieSource.IMPORTED: 2, TieSource.INFERRED: 1}


class TieRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def save(self, tie: Tie, now: datetime | None = None) -> int:
        """Insert the tie, or fold it into the existing tie of the same pair.

        Kinds are added (never dropped); the stronger source wins; stated
        closeness replaces an older value only when given.
        """
        a, b = tie.pair
        existing = self.between(a, b)
        if existing is None:
            pk = self.conn.execute(
                insert(t.tie).values(
                    person_a=a,
                    person_b=b,
                    closeness=tie.closeness,
                    source=tie.source.value,
                    confidence=tie.confidence,
                    evidence=tie.evidence,
                    since=tie.since,
                    status=tie.status.value,
                    snoozed_until=tie.snoozed_until,
                    created_at=now or datetime.now(UTC),
                )
            ).inserted_primary_key
            assert pk is not None
            tie.id = int(pk[0])
            self._add_kinds(tie.id, tie.kinds, set())
            return tie.id
        assert existing.id is not None
        values: dict[str, Any] = {}
        if _RANK[tie.source] > _RANK[existing.source]:
            values.update(source=tie.source.value, confidence=tie.confidence, evidence=tie.evidence)
        elif tie.source == existing.source and tie.confidence > existing.confidence:
            values.update(confidence=tie.confidence, evidence=tie.evidence)
        if tie.closeness is not None:
            values["closeness"] = tie.closeness
        if tie.since is not None and (existing.since is None or tie.since < existing.since):
            values["since"] = tie.since
        if values:
            self.conn.execute(update(t.tie).where(t.tie.c.id == existing.id).values(**values))
        self._add_kinds(existing.id, tie.kinds, {k.kind for k in existing.kinds})
        tie.id = existing.id
        return existing.id

    def set_state(
        self, tie_id: int, status: TieStatus | None = None, snoozed_until: Any = ...
    ) -> None:
        values: dict[str, Any] = {}
        if status is not None:
            values["status"] = status.value
        if snoozed_until is not ...:
            values["snoozed_until"] = snoozed_until
        if values:
            self.conn.execute(update(t.tie).where(t.tie.c.id == tie_id).values(**values))

    def remove(self, tie_id: int) -> None:
        self.conn.execute(delete(t.tie).where(t.tie.c.id == tie_id))

    def remove_kind(self, tie_id: int, kind: str) -> bool:
        done = self.conn.execute(
            delete(t.tie_kind).where((t.tie_kind.c.tie_id == tie_id) & (t.tie_kind.c.kind == kind))
        )
        return bool(done.rowcount)

    def between(self, a: int, b: int) -> Tie | None:
        lo, hi = min(a, b), max(a, b)
        found = self._load((t.tie.c.person_a == lo) & (t.tie.c.person_b == hi))
        return found[0] if found else None

    def of(self, person_id: int) -> list[Tie]:
        return self._load(or_(t.tie.c.person_a == person_id, t.tie.c.person_b == person_id))

    def all(self) -> list[Tie]:
        return self._load(None)

    def _add_kinds(self, tie_id: int, kinds: list[TieKind], have: set[str]) -> None:
        new = {}
        for k in kinds:
            if k.kind not in have and k.kind not in new:
                new[k.kind] = k
        if new:
            self.conn.execute(
                insert(t.tie_kind),
                [
                    {
                        "tie_id": tie_id,
                        "kind": k.kind,
                        "source": k.source.value,
                        "confidence": k.confidence,
                        "evidence": k.evidence,
                    }
                    for k in new.values()
                ],
            )

    def _load(self, where: ColumnElement[bool] | None) -> list[Tie]:
        """Ties matching ``where`` (all for None), by id, with their kinds.

        Every scoring of the network reads every tie, so this reads plain tuples
        and converts dates and enums itself: SQLAlchemy's row and type processing
        cost several times the query on a large network.
        """
        c = t.tie.c
        query = select(
            c.id,
            c.person_a,
            c.person_b,
            c.closeness,
            c.source,
            c.confidence,
            c.evidence,
            type_coerce(c.since, String),
            c.status,
            type_coerce(c.snoozed_until, String),
        ).order_by(c.id)
        k = t.tie_kind.c
        kind_query = select(k.tie_id, k.kind, k.source, k.confidence, k.evidence).order_by(k.id)
        if where is None:  # every tie: the same queries through the driver's own cursor
            rows, kind_rows = driver_rows(self.conn, query), driver_rows(self.conn, kind_query)
        else:
            rows = list(self.conn.execute(query.where(where)).all())
            if len(rows) < 900:  # SQLite caps bound parameters; beyond that, read every kind
                kind_query = kind_query.where(k.tie_id.in_([r[0] for r in rows]))
            kind_rows = list(self.conn.execute(kind_query).all()) if rows else []
        if not rows:
            return []
        kinds: dict[int, list[TieKind]] = defaultdict(list)
        for tie_id, kind, source, confidence, evidence in kind_rows:
            kinds[tie_id].append(TieKind.stored(kind, _SOURCE[source], float(confidence), evidence))
        return [
            Tie.stored(
                tid,
                a,
                b,
                kinds.get(tid, []),
                closeness,
                _SOURCE[source],
                float(conf),
                evidence,
                _date(since),
                _STATUS[status],
                _date(snoozed),
            )
            for tid, a, b, closeness, source, conf, evidence, since, status, snoozed in rows
        ]


_SOURCE = {s.value: s for s in TieSource}
_STATUS = {s.value: s for s in TieStatus}


def _date(value: str | date | None) -> date | None:
    """A date column: SQLite hands back ISO text, PostgreSQL a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)
