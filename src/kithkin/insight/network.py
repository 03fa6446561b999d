"""The plain-data view of a whole network that every insight function reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from kithkin.model import Ask, Exchange, Interaction, Person, Tie


@dataclass
class Network:
    """Everything insight needs, loaded once per request by ``service.network``."""

    me: int | None
    people: dict[int, Person]
    ties: list[Tie]
    interactions: list[Interaction]
    exchanges: list[Exchange] = field(default_factory=list)
    asks: list[Ask] = field(default_factory=list)
    # person id -> [(kind, when)] such as ("job-change", datetime)
    life_events: dict[int, list[tuple[str, object]]] = field(default_factory=dict)

    @cached_property
    def ties_by_pair(self) -> dict[tuple[int, int], Tie]:
        return {t.pair: t for t in self.ties}

    @cached_property
    def neighbours(self) -> dict[int, set[int]]:
        out: dict[int, set[int]] = {pid: set() for pid in self.people}
        for t in self.ties:
            out.setdefault(t.person_a, set()).add(t.person_b)
            out.setdefault(t.person_b, set()).add(t.person_a)
        return out

    @cached_property
    def interactions_of(self) -> dict[int, list[Interaction]]:
        """Person id -> the interactions they took part in, in the network's order."""
        out: dict[int, list[Interaction]] = {}
        for it in self.interactions:
            for p in set(it.participants):
                out.setdefault(p, []).append(it)
        return out

    @cached_property
    def exchanges_of(self) -> dict[int, list[Exchange]]:
        out: dict[int, list[Exchange]] = {}
        for ex in self.exchanges:
            out.setdefault(ex.giver, []).append(ex)
            out.setdefault(ex.receiver, []).append(ex)
        return out

    def interactions_between(self, a: int, b: int) -> list[Interaction]:
        """Interactions both took part in; walks the shorter of their two histories."""
        mine, theirs = self.interactions_of.get(a, []), self.interactions_of.get(b, [])
        shorter, other = (mine, b) if len(mine) <= len(theirs) else (theirs, a)
        return [it for it in shorter if other in it.participants]

    def exchanges_between(self, a: int, b: int) -> list[Exchange]:
        mine, theirs = self.exchanges_of.get(a, []), self.exchanges_of.get(b, [])
        shorter = mine if len(mine) <= len(theirs) else theirs
        return [ex for ex in shorter if {ex.giver, ex.receiver} == {a, b}]

    def tie(self, a: int, b: int) -> Tie | None:
        return self.ties_by_pair.get((min(a, b), max(a, b)))
