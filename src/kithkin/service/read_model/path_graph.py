"""The path graph view: made from the scored network, followed after logged writes.

Inputs: the scored network (``read_model.scored``) of the data version a reading
unit sees. Incremental update: after writes that only scored a few pairs again
(one-to-one interactions logged), the graph made from an earlier scoring has just
those pairs' links replaced (``insight.graph.rescored_graph``); after anything
else it is built again. Kept with it: the readiness verdicts worked out and the
answers given on it, so the same question again is free.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kithkin.insight.graph import PathGraph, build_graph, rescored_graph
from kithkin.insight.hops import Outcomes
from kithkin.insight.network import Network
from kithkin.insight.readiness import ReadinessVerdict, readiness
from kithkin.insight.readiness_asks import PastAsk, ask_targets, asks_through, route_chance
from kithkin.model import AskKind
from kithkin.process import memory_returned
from kithkin.service.app import App
from kithkin.service.read_model.scored import Pair, Scored, kept_scored, scored_network
from kithkin.service.read_model.views import kept
from kithkin.store import UnitOfWork


@dataclass
class KeptGraph:
    """The path graph, and what was worked out on it: readiness verdicts, answers."""

    graph: PathGraph
    verdicts: dict[tuple[int, int, str], ReadinessVerdict] = field(default_factory=dict)
    # Questions answered on this graph: the same search again (a page reloaded) is free.
    answers: dict[tuple[object, ...], Any] = field(default_factory=dict)


class PathGraphView:
    """The path graph of a scored network (``read_model.views``)."""

    key: tuple[object, ...] = ("path graph",)

    def build(self, scored: Scored) -> KeptGraph:
        graph = build_graph(scored.network, scored.strengths, scored.now)
        memory_returned()  # what building it freed
        return KeptGraph(graph)

    def follow(self, before: KeptGraph, scored: Scored, pairs: frozenset[Pair]) -> KeptGraph | None:
        graph = rescored_graph(before.graph, scored.strengths, pairs)
        if graph is None:
            return None
        # A verdict reads its own pair alone (its tie, strength, contacts and favours,
        # the people, their life events and my asks, which a followed write never
        # changes): only those of the pairs scored again go. Answers read every link:
        # they start again.
        verdicts = {
            k: v for k, v in before.verdicts.items() if (min(k[:2]), max(k[:2])) not in pairs
        }
        return KeptGraph(graph, verdicts)


class AskTargetsView:
    """Whom each of my past asks was for, read from its words against every name
    (``insight.readiness_asks.ask_targets``). Asks, names and ties are never changed
    by a write that is followed, so a follower keeps it as it is."""

    key: tuple[object, ...] = ("ask targets",)

    def build(self, scored: Scored) -> dict[int, tuple[frozenset[int], bool]]:
        network = scored.network
        return {a.id: ask_targets(network, a) for a in network.asks if a.id is not None}

    def follow(
        self, before: dict[int, tuple[frozenset[int], bool]], scored: Scored, pairs: frozenset[Pair]
    ) -> dict[int, tuple[frozenset[int], bool]]:
        return before


PATH_GRAPH = PathGraphView()
ASK_TARGETS = AskTargetsView()


@dataclass
class PathContext:
    """The path graph of a scored network and what path answers need of it."""

    scored: Scored
    kept: KeptGraph

    @property
    def network(self) -> Network:
        return self.scored.network

    @property
    def graph(self) -> PathGraph:
        return self.kept.graph

    @property
    def me(self) -> int:
        return self.scored.me

    @property
    def now(self) -> datetime:
        return self.scored.now

    @property
    def answers(self) -> dict[tuple[object, ...], Any]:
        return self.kept.answers

    def verdict(self, ask: AskKind) -> Callable[[int, int], ReadinessVerdict]:
        """Readiness of each hop: mine for the first, each connector's for the next."""
        verdicts, scored = self.kept.verdicts, self.scored
        targets = kept(scored, ASK_TARGETS)

        def check(asker: int, other: int) -> ReadinessVerdict:
            key = (asker, other, ask.size.value)
            if key not in verdicts:
                network, strengths, now = scored.network, scored.strengths, scored.now
                verdicts[key] = readiness(network, strengths, asker, other, ask.size, now, targets)
            return verdicts[key]

        return check

    def outcomes(self) -> Outcomes:
        """How my past asks through a first hop change the chance of a route."""
        past: dict[int, list[PastAsk]] = {}
        targets = kept(self.scored, ASK_TARGETS)

        def update(first: int, route: tuple[int, ...], chance: float) -> tuple[float, list[str]]:
            if first not in past:
                past[first] = asks_through(self.scored.network, first, self.now, targets)
            return route_chance(chance, past[first], route)

        return update


def path_context(app: App, uow: UnitOfWork) -> PathContext:
    """The path graph for now (see ``service.read_model``): kept in this process,
    followed from one built on earlier data, or built."""
    scored = scored_network(app, uow)
    return PathContext(scored, kept(scored, PATH_GRAPH))


def kept_path_context(app: App, version: Callable[[], str]) -> PathContext | None:
    """The path graph this process keeps for the data version ``version()`` says (see
    ``kept_scored``); None when it keeps none for it (``path_context`` then makes it)."""
    scored = kept_scored(app, version)
    if scored is None or PATH_GRAPH.key not in scored.views:
        return None
    graph: KeptGraph = scored.views[PATH_GRAPH.key]
    return PathContext(scored, graph)
