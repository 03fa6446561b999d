"""The plain-data view of a whole network that every insight function reads."""

from __future__ import annotations

from bisect import bisect_right, insort
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from itertools import chain, islice
from operator import lt

from kithkin.model import Ask, Exchange, Interaction, Person, Tie


@dataclass
class Network:
    """Everything insight needs, loaded once per request by ``service.network``."""

    me: int | None
    people: dict[int, Person]
    ties: list[Tie]
    interactions: Sequence[Interaction]  # a list, or as read: ``model.history``
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

    @cached_property
    def in_history_order(self) -> bool:
        """Whether the interactions are strictly in ``history_order`` (as the store reads
        them), so that any of them can be put in the network's order by that key alone."""
        from kithkin.model.history import StoredHistory  # numpy: not at start-up

        if isinstance(self.interactions, StoredHistory):  # from its columns, none made
            return self.interactions.in_history_order()
        keys = list(map(history_order, self.interactions))
        return all(map(lt, keys, islice(keys, 1, None)))

    @cached_property
    def _partners(self) -> dict[int, frozenset[int]]:
        return {}  # filled on demand by ``partners``; carried by ``followed_by``

    def partners(self, person: int) -> frozenset[int]:
        """Everyone ``person`` shares a tie or an interaction with (the pairs
        ``insight.strength.tie_strengths`` scores); worked out once per person."""
        found = self._partners.get(person)
        if found is None:
            tied = self.neighbours.get(person, set())
            seen = set(
                chain.from_iterable(it.participants for it in self.interactions_of.get(person, ()))
            )
            if person not in tied:  # only a tie with oneself makes one's own partner
                seen.discard(person)
            found = self._partners[person] = frozenset(seen | tied)
        return found

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

    def followed_by(
        self,
        added: Sequence[Interaction] = (),
        ties: list[Tie] | None = None,
        exchanges: list[Exchange] | None = None,
    ) -> Network:
        """This network with ``added`` interactions (in order of time) and, when
        given, new ties or favours; the indexes already built are carried over
        rather than built again from the whole history."""
        from kithkin.model.history import StoredHistory  # numpy: not at start-up

        history = self.interactions
        ordered = self.__dict__.get("in_history_order")
        if added:
            # A copy, then each new one in its place: no re-sort. A history as read
            # stays so: the objects not made yet are made when asked for.
            history = history.copy() if isinstance(history, StoredHistory) else list(history)
            for it in added:
                at = bisect_right(history, history_order(it), key=history_order)
                history.insert(at, it)
                if ordered and at and history_order(history[at - 1]) == history_order(it):
                    ordered = False  # two with one key: the order by key is not the list's
        new = replace(
            self,
            interactions=history,
            ties=self.ties if ties is None else ties,
            exchanges=self.exchanges if exchanges is None else exchanges,
        )
        built = self.__dict__  # where ``cached_property`` keeps what it built
        if ties is None:
            for name in ("ties_by_pair", "neighbours"):
                if name in built:
                    new.__dict__[name] = built[name]
        if ordered is not None:
            new.__dict__["in_history_order"] = ordered
        if ties is None and "_partners" in built:
            partners = dict(built["_partners"])
            for it in added:
                for p in set(it.participants):
                    if p in partners:
                        partners[p] = partners[p].union(q for q in it.participants if q != p)
            new.__dict__["_partners"] = partners
        if exchanges is None and "exchanges_of" in built:
            new.__dict__["exchanges_of"] = built["exchanges_of"]
        if "interactions_of" in built:
            index = dict(built["interactions_of"])
            for it in added:
                for p in set(it.participants):
                    theirs = list(index.get(p, ()))
                    insort(theirs, it, key=history_order)
                    index[p] = theirs
            new.__dict__["interactions_of"] = index
        return new


def history_order(it: Interaction) -> tuple[datetime, int]:
    """A history's order: by time, then by id (as the store reads it)."""
    return (it.when, it.id or 0)
