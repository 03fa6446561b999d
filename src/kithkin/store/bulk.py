"""Writing many rows at once for imports: one executemany per table, not one statement per row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from kithkin.model import Interaction, Person, Tie, TieKind, TieSource, normalise_circle
from kithkin.store import schema as t
from kithkin.store.people import _person_row, organisation_key


class BulkWriter:
    """Inserts people, interactions and ties in batches, with ids handed back in order."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._orgs: dict[str, int] | None = None
        self._circles: dict[str, int] | None = None

    def _ids(self, table: Any, rows: list[dict[str, Any]]) -> list[int]:
        if not rows:
            return []
        result = self.conn.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        )
        return [int(r[0]) for r in result]

    def organisation(self, name: str) -> int:
        if self._orgs is None:
            self._orgs = {
                r.key: int(r.id)
                for r in self.conn.execute(select(t.organisation.c.id, t.organisation.c.key))
            }
        key = organisation_key(name)
        if key not in self._orgs:
            (self._orgs[key],) = self._ids(t.organisation, [{"name": name.strip(), "key": key}])
        return self._orgs[key]

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
                self.conn.execute(insert(table), rows)
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
            self.conn.execute(insert(t.participant), rows)
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
            self.conn.execute(insert(t.tie_kind), kinds)
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
