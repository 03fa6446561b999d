"""What older releases wrote that the one-definition rules no longer allow, and how it
becomes what this release writes, for the migrations that bring old data up (0006,
0007). The rules are pure functions over rows as dictionaries, applied alike to the
tables and to the rows a merge kept for ``kith unmerge``; the tables are named here
with only the columns these steps use, so that later schema changes leave them be."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import uuid4

import sqlalchemy as sa

from kithkin.model.keys import organisation_key

RANK = {"stated": 3, "imported": 2, "inferred": 1}
KEY_WIDTH = 300  # organisation.key
CHUNK = 500  # ids per IN (...), well inside SQLite's limit on bound values

_tie = sa.table(
    "tie",
    sa.column("id", sa.Integer()),
    sa.column("source", sa.String()),
    sa.column("confidence", sa.Float()),
    sa.column("evidence", sa.Text()),
    sa.column("status", sa.String()),
    sa.column("snoozed_until", sa.Date()),
)
_tie_kind = sa.table(
    "tie_kind",
    sa.column("id", sa.Integer()),
    sa.column("tie_id", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("source", sa.String()),
    sa.column("confidence", sa.Float()),
    sa.column("evidence", sa.Text()),
)
_organisation = sa.table(
    "organisation",
    sa.column("id", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("key", sa.String()),
    sa.column("domain", sa.String()),
    sa.column("contact", sa.JSON()),
)
_affiliation = sa.table(
    "affiliation",
    sa.column("id", sa.Integer()),
    sa.column("organisation_id", sa.Integer()),
)
_merge_log = sa.table(
    "merge_log",
    sa.column("id", sa.Integer()),
    sa.column("snapshot", sa.JSON()),
)
_state = sa.table("kithkin_state", sa.column("key", sa.String()), sa.column("value", sa.String()))

T = TypeVar("T")


def _chunks(items: Iterable[T]) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class OldRule:
    """Kinds an import once stored that a read-time rule now infers."""

    kinds: tuple[str, ...]
    is_old: Callable[[dict[str, Any]], bool]
    # On a tie the user stated with no stated kind of its own, whether the old kind may
    # be the user's word (``kith tie add`` leaves a kind the tie already has as it was).
    restate: bool


def old_colleague(kind: dict[str, Any]) -> bool:
    """A kind the old import rule wrote (``service/import_ties.colleague_ties`` before
    colleagues were inferred when read)."""
    return (
        kind["kind"] == "colleague"
        and kind["source"] == "inferred"
        and str(kind["evidence"]).startswith("both at ")
    )


@dataclass
class TiePlan:
    """What becomes of ties and kinds (all by id)."""

    drop_kinds: set[int] = field(default_factory=set)
    restate_kinds: set[int] = field(default_factory=set)
    drop_ties: set[int] = field(default_factory=set)
    tie_values: dict[int, dict[str, Any]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.drop_kinds or self.restate_kinds or self.drop_ties or self.tie_values)


def old_met_together(kind: dict[str, Any]) -> bool:
    """A kind an e-mail or calendar import wrote per pair on one message or meeting."""
    return kind["kind"] in ("co-recipient", "co-attendee") and kind["source"] == "inferred"


# Colleagues stored by an import (migration 0006): the user may have typed "colleague".
COLLEAGUES = OldRule(("colleague",), old_colleague, restate=True)
# Co-recipients and co-attendees stored by an import (migration 0007): kinds nobody types.
MET_TOGETHER = OldRule(("co-recipient", "co-attendee"), old_met_together, restate=False)


def plan_ties(
    ties: dict[int, dict[str, Any]], kinds: Sequence[dict[str, Any]], rule: OldRule = COLLEAGUES
) -> TiePlan:
    """The plan for ``ties`` (rows by id) given every kind of those ties."""
    plan = TiePlan()
    by_tie: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for k in kinds:
        by_tie[int(k["tie_id"])].append(k)
    for tie_id, its in by_tie.items():
        tie = ties.get(tie_id)
        old = [k for k in its if rule.is_old(k)]
        if tie is None or not old:
            continue
        if tie["source"] == "stated":
            # The user's tie: their word may have been this very kind.
            if rule.restate and not any(k["source"] == "stated" for k in its):
                plan.restate_kinds.update(int(k["id"]) for k in old)
            continue
        if tie["status"] != "active" or tie["snoozed_until"] is not None:
            continue  # the user decided something about this tie: kept as they left it
        plan.drop_kinds.update(int(k["id"]) for k in old)
        rest = [k for k in its if not rule.is_old(k)]
        from_rule = tie["source"] == "inferred" and any(
            tie["evidence"] == k["evidence"]
            and math.isclose(float(tie["confidence"]), float(k["confidence"]))
            for k in old
        )
        if not from_rule:
            continue
        if not rest:
            plan.drop_ties.add(tie_id)
            continue
        best = max(rest, key=lambda k: (RANK.get(k["source"], 0), float(k["confidence"])))
        plan.tie_values[tie_id] = {
            "source": best["source"],
            "confidence": best["confidence"],
            "evidence": best["evidence"],
        }
    return plan


def merge_contact(
    kept: dict[str, Any] | None, other: dict[str, Any] | None
) -> dict[str, Any] | None:
    """Two organisation cards' details as one, the kept row's first (as a second card
    is folded in by ``store.organisations.save_card``)."""
    if not other:
        return kept
    if not kept:
        return other
    emails = [list(e) for e in kept.get("emails", [])]
    phones = [list(p) for p in kept.get("phones", [])]
    emails += [list(e) for e in other.get("emails", []) if e[0] not in {x[0] for x in emails}]
    phones += [list(p) for p in other.get("phones", []) if p[0] not in {x[0] for x in phones}]
    location = kept.get("location") or other.get("location", "")
    return {"emails": emails, "phones": phones, "location": location}


def clean_snapshot(snapshot: dict[str, Any], moved: dict[int, int], rule: OldRule) -> bool:
    """Apply ``rule`` and the organisation rows ``moved`` to a merge's saved rows; says
    whether anything changed."""
    tables: dict[str, list[dict[str, Any]]] = snapshot.get("tables", {})
    changed = False
    for row in tables.get("affiliation", []):
        new = moved.get(int(row["organisation_id"]))
        if new is not None:
            row["organisation_id"] = new
            changed = True
    ties = {int(r["id"]): r for r in tables.get("tie", [])}
    kinds = tables.get("tie_kind", [])
    plan = plan_ties(ties, kinds, rule)
    if not plan:
        return changed
    for tid, values in plan.tie_values.items():
        ties[tid].update(values)
    for row in kinds:
        if int(row["id"]) in plan.restate_kinds:
            row.update(source="stated", confidence=1.0, evidence="")
    tables["tie_kind"] = [
        r
        for r in kinds
        if int(r["id"]) not in plan.drop_kinds and int(r["tie_id"]) not in plan.drop_ties
    ]
    tables["tie"] = [r for r in tables.get("tie", []) if int(r["id"]) not in plan.drop_ties]
    return True


def clean_stored_ties(conn: sa.Connection, rule: OldRule) -> bool:
    """Apply ``rule`` to the tie and tie_kind tables; says whether anything changed."""
    k = _tie_kind.c
    tie_ids = sorted(
        set(
            conn.execute(
                sa.select(k.tie_id).where(k.kind.in_(rule.kinds) & (k.source == "inferred"))
            ).scalars()
        )
    )
    if not tie_ids:
        return False
    ties: dict[int, dict[str, Any]] = {}
    kinds: list[dict[str, Any]] = []
    for ids in _chunks(tie_ids):
        ties.update(
            (int(r.id), dict(r._mapping))
            for r in conn.execute(sa.select(_tie).where(_tie.c.id.in_(ids)))
        )
        kinds += [
            dict(r._mapping) for r in conn.execute(sa.select(_tie_kind).where(k.tie_id.in_(ids)))
        ]
    plan = plan_ties(ties, kinds, rule)
    for ids in _chunks(sorted(plan.drop_kinds)):
        conn.execute(sa.delete(_tie_kind).where(k.id.in_(ids)))
    for ids in _chunks(sorted(plan.restate_kinds)):
        conn.execute(
            sa.update(_tie_kind)
            .where(k.id.in_(ids))
            .values(source="stated", confidence=1.0, evidence="")
        )
    if plan.tie_values:
        conn.execute(
            sa.update(_tie)
            .where(_tie.c.id == sa.bindparam("tid"))
            .values(
                source=sa.bindparam("s"), confidence=sa.bindparam("c"), evidence=sa.bindparam("e")
            ),
            [
                {"tid": tid, "s": v["source"], "c": v["confidence"], "e": v["evidence"]}
                for tid, v in sorted(plan.tie_values.items())
            ],
        )
    for ids in _chunks(sorted(plan.drop_ties)):
        conn.execute(sa.delete(_tie_kind).where(k.tie_id.in_(ids)))
        conn.execute(sa.delete(_tie).where(_tie.c.id.in_(ids)))
    return bool(plan)


def rekey_organisations(conn: sa.Connection) -> tuple[dict[int, int], bool]:
    """Re-key every row; rows sharing a key become the oldest. Returns the merged rows
    (merged id -> kept id) and whether any row changed."""
    o = _organisation.c
    rows = conn.execute(sa.select(_organisation).order_by(o.id)).all()
    groups: dict[str, list[Any]] = defaultdict(list)
    for r in rows:
        groups[organisation_key(r.name)[:KEY_WIDTH]].append(r)
    moved: dict[int, int] = {}
    rekeyed: list[tuple[int, str]] = []
    for key, (kept, *others) in groups.items():
        domain, contact = kept.domain, kept.contact
        for other in others:
            moved[int(other.id)] = int(kept.id)
            domain = domain or other.domain
            contact = merge_contact(contact, other.contact)
        if others and (domain != kept.domain or contact != kept.contact):
            conn.execute(
                sa.update(_organisation)
                .where(o.id == kept.id)
                .values(domain=domain, contact=contact)
            )
        if key != kept.key:
            rekeyed.append((int(kept.id), key))
    for old, new in sorted(moved.items()):
        conn.execute(
            sa.update(_affiliation)
            .where(_affiliation.c.organisation_id == old)
            .values(organisation_id=new)
        )
    for ids in _chunks(sorted(moved)):
        conn.execute(sa.delete(_organisation).where(o.id.in_(ids)))
    if rekeyed:
        # Through a key no name folds to first: a row may take a key another still holds.
        rename = sa.update(_organisation).where(o.id == sa.bindparam("oid"))
        conn.execute(
            rename.values(key=sa.bindparam("k")), [{"oid": i, "k": f"#{i}"} for i, _ in rekeyed]
        )
        conn.execute(rename.values(key=sa.bindparam("k")), [{"oid": i, "k": k} for i, k in rekeyed])
    return moved, bool(moved or rekeyed)


def clean_merge_log(conn: sa.Connection, moved: dict[int, int], rule: OldRule) -> bool:
    """Apply ``rule`` and the organisation rows ``moved`` to every merge kept for unmerge."""
    changed = False
    for row in conn.execute(sa.select(_merge_log).order_by(_merge_log.c.id)).all():
        snapshot = row.snapshot
        if isinstance(snapshot, dict) and clean_snapshot(snapshot, moved, rule):
            conn.execute(
                sa.update(_merge_log).where(_merge_log.c.id == row.id).values(snapshot=snapshot)
            )
            changed = True
    return changed


def new_data_version(conn: sa.Connection) -> None:
    """The data changed outside any unit of work: every kept view must be built again."""
    where = _state.c.key == "data_version"
    token = uuid4().hex
    if conn.execute(sa.select(_state.c.value).where(where)).first() is None:
        conn.execute(sa.insert(_state).values(key="data_version", value=token))
    else:
        conn.execute(sa.update(_state).where(where).values(value=token))
