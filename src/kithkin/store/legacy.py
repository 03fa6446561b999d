"""What older releases wrote that the one-definition rules no longer allow, and how it
becomes what this release writes: pure functions over rows as dictionaries, used by
migration 0006 on the tables and on the rows a merge kept for ``kith unmerge``."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

RANK = {"stated": 3, "imported": 2, "inferred": 1}


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


def plan_ties(ties: dict[int, dict[str, Any]], kinds: Sequence[dict[str, Any]]) -> TiePlan:
    """The plan for ``ties`` (rows by id) given every kind of those ties."""
    plan = TiePlan()
    by_tie: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for k in kinds:
        by_tie[int(k["tie_id"])].append(k)
    for tie_id, its in by_tie.items():
        tie = ties.get(tie_id)
        old = [k for k in its if old_colleague(k)]
        if tie is None or not old:
            continue
        (colleague,) = old  # one row per kind and tie (a unique constraint)
        if tie["source"] == "stated":
            # The user's tie: their word may have been this very kind.
            if not any(k["source"] == "stated" for k in its):
                plan.restate_kinds.add(int(colleague["id"]))
            continue
        if tie["status"] != "active" or tie["snoozed_until"] is not None:
            continue  # the user decided something about this tie: kept as they left it
        plan.drop_kinds.add(int(colleague["id"]))
        rest = [k for k in its if k is not colleague]
        from_rule = (
            tie["source"] == "inferred"
            and tie["evidence"] == colleague["evidence"]
            and math.isclose(float(tie["confidence"]), float(colleague["confidence"]))
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


def clean_snapshot(snapshot: dict[str, Any], moved: dict[int, int]) -> bool:
    """Apply both rules to a merge's saved rows; says whether anything changed."""
    tables: dict[str, list[dict[str, Any]]] = snapshot.get("tables", {})
    changed = False
    for row in tables.get("affiliation", []):
        new = moved.get(int(row["organisation_id"]))
        if new is not None:
            row["organisation_id"] = new
            changed = True
    ties = {int(r["id"]): r for r in tables.get("tie", [])}
    kinds = tables.get("tie_kind", [])
    plan = plan_ties(ties, kinds)
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
