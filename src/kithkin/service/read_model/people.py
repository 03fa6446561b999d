"""The people list's views: my relationship with each person, and the text to search.

Inputs: the scored network (each of my ties' strength and tier) and the people
themselves. Incremental update: after one-to-one interactions were logged, the
summaries of the people touched, and of those whose tier moved with them, are
made again; the search index reads only the people, which a followed write
never changes, so it is kept as it is.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from kithkin.model import Person, Tier
from kithkin.service.read_model.scored import Pair, Scored
from kithkin.service.read_model.views import kept, moved, touched

MATCH = 80  # how well a field must match a search (rapidfuzz's partial ratio, 0-100)


@dataclass
class RelationshipSummary:
    """One line about my tie with someone, for lists."""

    strength: float
    tier: Tier
    acquaintance: bool
    interactions: int
    last_contact: datetime | None
    reason: str  # the most important reason


@dataclass(frozen=True)
class Summaries:
    tiers: dict[int, Tier]
    rows: dict[int, RelationshipSummary]


def _summary(s: Scored, pid: int, tier: Tier) -> RelationshipSummary:
    st = s.strengths[(min(s.me, pid), max(s.me, pid))]
    return RelationshipSummary(
        strength=round(st.score, 3),
        tier=tier,
        acquaintance=st.acquaintance,
        interactions=st.interactions,
        last_contact=st.last_contact,
        reason=st.reasons[0] if st.reasons else "",
    )


class SummariesView:
    """Person id -> my relationship with them, for everyone I have a tie or contact with."""

    key: tuple[object, ...] = ("summaries",)

    def build(self, scored: Scored) -> Summaries:
        tiers = scored.tiers
        return Summaries(tiers, {pid: _summary(scored, pid, t) for pid, t in tiers.items()})

    def follow(self, before: Summaries, scored: Scored, pairs: frozenset[Pair]) -> Summaries:
        tiers = scored.tiers
        changed = touched(pairs) | moved(before.tiers, tiers)
        rows = {p: r for p, r in before.rows.items() if p not in changed}
        rows.update((p, _summary(scored, p, tiers[p])) for p in changed if p in tiers)
        return Summaries(tiers, rows)


class SearchIndex:
    """Every searchable field of every person, folded once (rapidfuzz's default processing).

    Each distinct folded text is held once with everyone it belongs to: many people
    share a circle, an organisation, a role or a skill, and a search scores each text
    once. Answers are kept by question: the people never change under a followed write,
    so the same search after a logged interaction is answered without scoring again.
    """

    KEEP = 64  # answers kept (the oldest dropped first)

    def __init__(self, people: list[Person]) -> None:
        # Imported here, as in ``search``: listing people builds no index.
        from rapidfuzz import utils

        self.people = people
        at: dict[str, int] = {}
        self.fields: list[str] = []
        self.owners: list[list[int]] = []  # indexes into ``people`` of each text
        for n, p in enumerate(people):
            found = [p.display_name, *p.nicknames, p.location, p.notes, *p.skills, *p.circles]
            found += [f"{a.role} {a.organisation}" for a in p.affiliations]
            found += [e.address for e in p.emails]
            for text in found:
                if not text:
                    continue
                folded = utils.default_process(text)
                i = at.setdefault(folded, len(self.fields))
                if i == len(self.fields):
                    self.fields.append(folded)
                    self.owners.append([])
                owners = self.owners[i]
                if not owners or owners[-1] != n:
                    owners.append(n)
        self.answers: dict[tuple[str, int], list[tuple[Person, float]]] = {}
        self.lock = threading.Lock()

    def search(self, query: str, limit: int) -> list[tuple[Person, float]]:
        """The people whose fields match ``query`` fuzzily, best first."""
        key = (query, limit)
        if key in self.answers:
            return self.answers[key]
        from rapidfuzz import fuzz, process, utils

        best: dict[int, float] = {}
        hits = process.extract_iter(
            utils.default_process(query),
            self.fields,
            scorer=fuzz.partial_ratio,
            processor=None,
            score_cutoff=MATCH,
        )
        for _, score, at in hits:
            for n in self.owners[at]:
                best[n] = max(score, best.get(n, 0.0))
        # Best first, then by name, then in the order people were read.
        ranked = sorted(
            best.items(), key=lambda ns: (-ns[1], self.people[ns[0]].display_name, ns[0])
        )
        found = [(self.people[n], float(score)) for n, score in ranked[:limit]]
        with self.lock:  # a server's threads share the index
            if len(self.answers) >= self.KEEP:
                self.answers.pop(next(iter(self.answers)), None)
            self.answers[key] = found
        return found


class SearchView:
    """The search index of everyone; a followed write changes no one, so it stands."""

    key: tuple[object, ...] = ("people search",)

    def build(self, scored: Scored) -> SearchIndex:
        return SearchIndex(list(scored.network.people.values()))

    def follow(self, before: SearchIndex, scored: Scored, pairs: frozenset[Pair]) -> SearchIndex:
        return before


SUMMARIES = SummariesView()
SEARCH = SearchView()


def summaries_of(scored: Scored) -> dict[int, RelationshipSummary]:
    return kept(scored, SUMMARIES).rows


def search_of(scored: Scored, query: str, limit: int) -> list[tuple[Person, float]]:
    return kept(scored, SEARCH).search(query, limit)
