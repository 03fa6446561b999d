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

    def tie(self, a: int, b: int) -> Tie | None:
        return self.ties_by_pair.get((min(a, b), max(a, b)))
