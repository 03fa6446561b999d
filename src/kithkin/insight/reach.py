"""Reach: which organisations, fields and circles the user's network touches, and how safely.

One hop is the people ``me`` is tied to; two hops adds the people they are
tied to. Something is reached *through* a contact when the contact holds it
(works there, has the skill, is in the circle) or is tied to someone who does.
Reached through only one contact, it is *fragile*: lose touch with that
person and it is gone from the network.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from kithkin.insight.circles import Pair
from kithkin.insight.network import Network
from kithkin.model.keys import organisation_key

ORGANISATION = "organisation"
FIELD = "field"
CIRCLE = "circle"  # the user's own labels
DISCOVERED = "discovered circle"
KINDS = (ORGANISATION, FIELD, CIRCLE, DISCOVERED)
FRAGILE_KINDS = (ORGANISATION, CIRCLE, DISCOVERED)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Reachable:
    kind: str
    name: str
    hops: int  # 1 when a contact holds it, else 2
    through: list[int]  # the contacts it is reached through, strongest tie first

    @property
    def fragile(self) -> bool:
        return len(self.through) == 1


@dataclass(frozen=True)
class ReachCount:
    kind: str
    one_hop: int
    two_hops: int  # within two hops, the one-hop ones included


@dataclass(frozen=True)
class Reach:
    contacts: int  # people one hop away
    second_hop: int  # people two hops away and not one
    counts: list[ReachCount]
    reached: list[Reachable]  # by kind, then fewest contacts first
    fragile: list[Reachable]  # organisations and circles reached through one contact only


def reach(
    network: Network,
    weights: Mapping[Pair, float],
    circle_names: Mapping[int, str] | None = None,
    *,
    min_weight: float = 0.0,
) -> Reach:
    """What the user reaches in one and two hops over ties weighing at least ``min_weight``.

    ``circle_names`` maps people to the name of their discovered circle.
    """
    me = network.me
    neighbours: dict[int, dict[int, float]] = defaultdict(dict)
    for (a, b), w in weights.items():
        if w >= min_weight and a in network.people and b in network.people:
            neighbours[a][b] = w
            neighbours[b][a] = w
    if me is None:
        return Reach(0, 0, [ReachCount(k, 0, 0) for k in KINDS], [], [])
    contacts = sorted(neighbours[me], key=lambda c: (-neighbours[me][c], c))
    first = set(contacts)
    second = {q for c in contacts for q in neighbours[c] if q != me and q not in first}

    def holds(pid: int) -> list[tuple[str, str]]:
        person = network.people[pid]
        found = [(ORGANISATION, a.organisation) for a in person.current_affiliations]
        found += [(FIELD, s) for s in person.skills]
        found += [(CIRCLE, c) for c in person.circles]
        if circle_names is not None and pid in circle_names:
            found.append((DISCOVERED, circle_names[pid]))
        return found

    names: dict[tuple[str, str], str] = {}
    hops: dict[tuple[str, str], int] = {}
    through: dict[tuple[str, str], dict[int, None]] = defaultdict(dict)
    for c in contacts:  # strongest tie first, so ``through`` keeps that order
        for hop, pid in [(1, c), *((2, q) for q in neighbours[c] if q != me)]:
            for kind, name in holds(pid):
                key = (kind, organisation_key(name) if kind == ORGANISATION else _fold(name))
                names.setdefault(key, name)
                hops[key] = min(hops.get(key, 2), hop)
                through[key][c] = None
    reached = [
        Reachable(kind=key[0], name=names[key], hops=hops[key], through=list(through[key]))
        for key in names
    ]
    reached.sort(key=lambda r: (KINDS.index(r.kind), len(r.through), r.hops, _fold(r.name)))
    counts = [
        ReachCount(
            kind=kind,
            one_hop=sum(1 for r in reached if r.kind == kind and r.hops == 1),
            two_hops=sum(1 for r in reached if r.kind == kind),
        )
        for kind in KINDS
    ]
    return Reach(
        contacts=len(first),
        second_hop=len(second),
        counts=counts,
        reached=reached,
        fragile=[r for r in reached if r.fragile and r.kind in FRAGILE_KINDS],
    )
