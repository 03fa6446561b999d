"""one definition each, in the data: no colleague ties stored by imports, organisations
keyed by ``organisation_key``

Revision ID: 0006
Revises: 0005

Older releases did two things the one-definition rules no longer allow
(docs/architecture.md, "One definition of each concept"):

- An import stored a ``colleague`` kind (source ``inferred``, evidence "both at
  ORGANISATION") between people sharing an organisation; colleagues are now
  inferred when the network is read. Those kinds go, and a tie that held
  nothing else goes with them. A tie the user stated or edited is theirs and
  keeps every kind: ``kith tie add A B --kind colleague`` on a tie that already
  had the imported kind left that kind's row as it was, so the row may be the
  user's word; when the tie has no stated kind of its own, the kind becomes a
  stated one, as the command writes it today. A tie the user paused, let go or
  snoozed is kept whole, with their decision. Where what the tie said of itself
  (source, confidence, evidence) came from the colleague rule, it is taken
  from the best kind left, as an import writes it.
- Organisation rows were keyed by a plain fold ("globex corporation", "globex");
  they are keyed by ``model.keys.organisation_key`` now ("globex"). Rows that
  now share a key become the oldest one (the name an import would have kept:
  the first seen), with the others' jobs, domain and card details.

Merges kept for ``kith unmerge`` hold copies of the same rows: they are
rewritten alike, so an unmerge brings back neither an old colleague kind nor a
job at a removed organisation row. The data version moves, so every kept view
and the last change kept for undo are let go.

Team mode runs this once per member's schema (``TeamDatabase.migrate_member``):
every statement names its tables unqualified and finds the member's schema by
the search path.

There is no downgrade of the data: the removed rows were guesses that the
network now infers when it is read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar
from uuid import uuid4

import sqlalchemy as sa
from alembic import op

from kithkin.model.keys import organisation_key
from kithkin.store.legacy import clean_snapshot, merge_contact, plan_ties

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

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


# -- colleague kinds an import stored -------------------------------------------------


def _clean_stored_ties(conn: sa.Connection) -> bool:
    k = _tie_kind.c
    tie_ids = sorted(
        set(
            conn.execute(
                sa.select(k.tie_id).where((k.kind == "colleague") & (k.source == "inferred"))
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
    plan = plan_ties(ties, kinds)
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


# -- organisation rows ------------------------------------------------------------------


def _rekey_organisations(conn: sa.Connection) -> tuple[dict[int, int], bool]:
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


# -- merges kept for unmerge --------------------------------------------------------------


def _clean_merge_log(conn: sa.Connection, moved: dict[int, int]) -> bool:
    changed = False
    for row in conn.execute(sa.select(_merge_log).order_by(_merge_log.c.id)).all():
        snapshot = row.snapshot
        if isinstance(snapshot, dict) and clean_snapshot(snapshot, moved):
            conn.execute(
                sa.update(_merge_log).where(_merge_log.c.id == row.id).values(snapshot=snapshot)
            )
            changed = True
    return changed


def _new_data_version(conn: sa.Connection) -> None:
    """The data changed outside any unit of work: every kept view must be built again."""
    where = _state.c.key == "data_version"
    token = uuid4().hex
    if conn.execute(sa.select(_state.c.value).where(where)).first() is None:
        conn.execute(sa.insert(_state).values(key="data_version", value=token))
    else:
        conn.execute(sa.update(_state).where(where).values(value=token))


def upgrade() -> None:
    conn = op.get_bind()
    ties_changed = _clean_stored_ties(conn)
    moved, orgs_changed = _rekey_organisations(conn)
    merges_changed = _clean_merge_log(conn, moved)
    if ties_changed or orgs_changed or merges_changed:
        _new_data_version(conn)


def downgrade() -> None:
    pass  # the removed rows were guesses the network now infers when read; nothing to restore
