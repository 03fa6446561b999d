"""The agenda's views: what each of my ties asks for, its entry, and the one-sided ties.

Inputs: the scored network (tiers, cadences and favours of my ties), and the
goal hops the entries are ranked with. Incremental update: after one-to-one
interactions were logged, only the people of the pairs scored again (and
those whose tier moved with them) are worked out again; the rest is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from kithkin.insight.agenda import AgendaEntry, AgendaInputs, GoalHop, agenda_entries
from kithkin.insight.cadence import cadences
from kithkin.insight.effort import HistoryRows, history_rows
from kithkin.insight.network import Network
from kithkin.insight.one_sided import OneSidedTie, one_sided_ties
from kithkin.insight.reciprocity import reciprocity
from kithkin.model import Tier
from kithkin.service.read_model.scored import Pair, Scored
from kithkin.service.read_model.views import kept, moved, touched


def _owed(network: Network, me: int, now: datetime, people: Iterable[int]) -> dict[int, list[str]]:
    """Those of ``people`` who gave me favours I have not returned: the reasons."""
    favour_from = {e.giver for e in network.exchanges if e.receiver == me and e.when <= now}
    owed: dict[int, list[str]] = {}
    for other in sorted(favour_from.intersection(people)):
        r = reciprocity(network, me, other, now)
        if r.label == "you owe":
            owed[other] = r.reasons
    return owed


@dataclass(frozen=True)
class TieInputs:
    """What the ranking knows of each of my ties."""

    tiers: dict[int, Tier]
    cadence: dict[int, float]
    owed: dict[int, list[str]]  # reasons I owe them


class TieInputsView:
    """Tiers, cadences and favours owed; a follower works out again the cadences and
    favours of the people touched (cadences also of those whose tier moved)."""

    key: tuple[object, ...] = ("agenda ties",)

    def build(self, scored: Scored) -> TieInputs:
        network, now, me, tiers = scored.network, scored.now, scored.me, scored.tiers
        return TieInputs(tiers, cadences(network, me, tiers, now), _owed(network, me, now, tiers))

    def follow(self, before: TieInputs, scored: Scored, pairs: frozenset[Pair]) -> TieInputs:
        network, now, me, tiers = scored.network, scored.now, scored.me, scored.tiers
        people = touched(pairs)
        changed = people | moved(before.tiers, tiers)
        cadence = {p: c for p, c in before.cadence.items() if p in tiers and p not in changed}
        cadence.update(cadences(network, me, {p: tiers[p] for p in changed if p in tiers}, now))
        owed = {p: r for p, r in before.owed.items() if p in tiers and p not in people}
        owed.update(_owed(network, me, now, people & tiers.keys()))
        return TieInputs(tiers, cadence, owed)


class OneSidedView:
    """The one-sided ties; a follower checks again only the ties it touched."""

    key: tuple[object, ...] = ("one-sided",)

    def build(self, scored: Scored) -> list[OneSidedTie]:
        if scored.network.me is None:
            return []
        return one_sided_ties(scored.network, scored.now, rows=my_history(scored))

    def follow(
        self, before: list[OneSidedTie], scored: Scored, pairs: frozenset[Pair]
    ) -> list[OneSidedTie]:
        return one_sided_ties(scored.network, scored.now, before, touched(pairs))


@dataclass(frozen=True)
class Entries:
    """Every tie's agenda entry, and the goal hops and tiers they were worked out with."""

    hops: list[GoalHop]
    tiers: dict[int, Tier]
    entries: dict[int, AgendaEntry]


@dataclass(frozen=True)
class EntriesView:
    """Every tie's agenda entry for these goal hops; a follower redoes the entries
    whose inputs changed: touched, moved to another tier, or a goal hop then or now."""

    hops: list[GoalHop]
    key: tuple[object, ...] = ("agenda entries",)

    def _inputs(self, scored: Scored) -> tuple[TieInputs, AgendaInputs]:
        ties = kept(scored, TIE_INPUTS)
        one_sided = kept(scored, ONE_SIDED)
        return ties, AgendaInputs(ties.tiers, ties.cadence, ties.owed, self.hops, one_sided)

    def build(self, scored: Scored) -> Entries:
        ties, inputs = self._inputs(scored)
        return Entries(self.hops, ties.tiers, agenda_entries(scored.network, scored.now, inputs))

    def follow(self, before: Entries, scored: Scored, pairs: frozenset[Pair]) -> Entries:
        ties, inputs = self._inputs(scored)
        # An entry reads the tie's interactions, favours, one-sidedness and cadence, which
        # follow from its interactions and tier: redo those touched or moved since then.
        changed = set(touched(pairs)) | moved(before.tiers, ties.tiers)
        if self.hops != before.hops:
            changed |= {h.person for h in (*self.hops, *before.hops)}
        entries = dict(before.entries)
        entries.update(agenda_entries(scored.network, scored.now, inputs, changed))
        return Entries(self.hops, ties.tiers, entries)


TIE_INPUTS = TieInputsView()
ONE_SIDED = OneSidedView()


def my_history(scored: Scored) -> HistoryRows:
    """My history as rows (``insight.effort``), made once per scoring for the
    one-sided ties and the report's balances (from the columns scoring made, if it did)."""
    return scored.memo(
        ("my history",),
        lambda: history_rows(scored.network, scored.me, scored.now, scored.columns),
    )


def one_sided_of(scored: Scored) -> list[OneSidedTie]:
    """The one-sided ties of a scored network, worked out once for the agenda and report."""
    return kept(scored, ONE_SIDED)


def entries_of(scored: Scored, hops: list[GoalHop]) -> dict[int, AgendaEntry]:
    """Every tie's agenda entry for ``hops``; kept for the goal hops seen last."""
    view = EntriesView(hops)
    found = kept(scored, view)
    if found.hops == hops:
        return found.entries
    # The goals changed without a write the scoring saw: follow them alone.
    return view.follow(found, scored, frozenset()).entries
