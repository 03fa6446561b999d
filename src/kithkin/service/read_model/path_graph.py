"""The path graph view: made from the scored network, followed after logged writes.

Inputs: the scored network (``read_model.scored``) of the data version a reading
unit sees. Incremental update: after writes that only scored a few pairs again
(one-to-one interactions logged), the graph kept in the App has just those
pairs' links replaced (``insight.graph.rescored_graph``); after anything else it
is built again. Kept with it: the readiness verdicts worked out and the answers
given on it, so the same question again is free.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kithkin.insight.collector import memory_returned
from kithkin.insight.graph import PathGraph, build_graph, rescored_graph
from kithkin.insight.hops import Outcomes
from kithkin.insight.network import Network
from kithkin.insight.readiness import ReadinessVerdict, readiness
from kithkin.insight.readiness_asks import PastAsk, asks_through, route_chance
from kithkin.insight.strength import TieStrength
from kithkin.model import AskKind
from kithkin.service.app import App
from kithkin.service.read_model import current, said
from kithkin.service.read_model.scored import Scored, scored_network
from kithkin.store import UnitOfWork


@dataclass
class PathContext:
    """The graph and what the answers need; from the cache, the network holds people only."""

    app: App
    network: Network
    graph: PathGraph
    me: int
    now: datetime
    key: tuple[str, datetime] | None  # the data version and the time it was made for
    verdicts: dict[tuple[int, int, str], ReadinessVerdict] = field(default_factory=dict)
    # Questions answered on this graph: the same search again (a page reloaded) is free.
    answers: dict[tuple[object, ...], Any] = field(default_factory=dict)
    strengths: dict[tuple[int, int], TieStrength] | None = None
    full: Network | None = None
    dirty: bool = False

    def _scored(self) -> tuple[Network, dict[tuple[int, int], TieStrength]]:
        if self.full is None or self.strengths is None:
            scored = scored_network(self.app)
            self.full, self.strengths = scored.network, scored.strengths
        return self.full, self.strengths

    def verdict(self, ask: AskKind) -> Callable[[int, int], ReadinessVerdict]:
        """Readiness of each hop: mine for the first, each connector's for the next."""

        def check(asker: int, other: int) -> ReadinessVerdict:
            key = (asker, other, ask.size.value)
            if key not in self.verdicts:
                full, strengths = self._scored()
                self.verdicts[key] = readiness(full, strengths, asker, other, ask.size, self.now)
                self.dirty = True
            return self.verdicts[key]

        return check

    def outcomes(self) -> Outcomes:
        """How my past asks through a first hop change the chance of a route."""
        past: dict[int, list[PastAsk]] = {}

        def update(first: int, route: tuple[int, ...], chance: float) -> tuple[float, list[str]]:
            if first not in past:
                past[first] = asks_through(self._scored()[0], first, self.now)
            return route_chance(chance, past[first], route)

        return update

    def keep(self) -> None:
        """Save what was built or learned (verdicts) for the next query, if cacheable."""
        if self.dirty and self.key is not None:
            slim = Network(me=self.me, people=self.network.people, ties=[], interactions=[])
            kept = (slim, self.graph, self.verdicts, self.answers)
            with self.app.lock:
                self.app.cache["paths"] = (self.key, kept)
            self.dirty = False


def path_context(app: App, uow: UnitOfWork) -> PathContext:
    """The path graph for now (see ``service.read_model``): kept in this process,
    followed from one built on earlier data, or built."""
    version = uow.data_version()
    with app.lock:
        held = app.cache.get("paths")
        cached, made_at = None, app.now()
        if held is not None and held[0][0] == version and current(app, held[0][1]):
            made_at, cached = held[0][1], held[1]
            said("path graph", "reused", version)
        if cached is not None:
            network, graph, verdicts, answers = cached
            assert network.me is not None
            key = (version, made_at)
            app.cache["paths"] = (key, cached)
            return PathContext(app, network, graph, network.me, made_at, key, verdicts, answers)
        held = None  # a whole load drops the old graph first: no reference may keep it
        scored = scored_network(app, uow)
        held = app.cache.pop("paths", None)  # kept by a scoring that followed its own
        graph = _followed_graph(app, held, scored) if held is not None else None
        held = None  # an old graph must not stay alive while a new one is built
        if graph is not None:
            said("path graph", "followed", version)
        else:
            graph = build_graph(scored.network, scored.strengths, made_at)
            memory_returned()  # what building it freed
            said("path graph", "rebuilt", version)
        return PathContext(
            app,
            scored.network,
            graph,
            scored.me,
            made_at,
            (version, made_at),
            strengths=scored.strengths,
            full=scored.network,
            dirty=True,
        )


def _followed_graph(app: App, held: tuple[Any, Any], scored: Scored) -> PathGraph | None:
    """The graph ``held`` (key, kept), with the links of the pairs scored again since,
    when it is current and ``scored`` followed the scoring that graph was built on."""
    version, made_at = held[0]
    if not current(app, made_at):
        return None
    pairs = scored.pairs_since(version)
    if pairs is None:
        return None
    graph: PathGraph = held[1][1]
    return rescored_graph(graph, scored.strengths, pairs)
