"""The map's view: everyone, every tie, the circles found in the ties and the brokers.

Inputs: the scored network (every tie's weight). Incremental update: the circles
and the brokers are found among everyone but me (``insight.circles``,
``insight.brokers``), so when every pair scored again since is one of mine (my
interactions logged), they stand, and only my strengths and those pairs'
weights are read again; any other pair scored again finds them anew.
"""

from __future__ import annotations

from dataclasses import dataclass

from kithkin.insight.brokers import bridges
from kithkin.insight.circles import SEED, W_MIN, discover_circles, tie_weights
from kithkin.service.read_model.scored import Pair, Scored


@dataclass(frozen=True)
class MapNode:
    id: int
    name: str
    circle: int  # index of the discovered circle; 0 for me and for people in none
    strength: float  # my tie's strength with them, 0 when there is none
    broker: bool  # among the people who bridge circles the most
    me: bool


@dataclass(frozen=True)
class MapEdge:
    a: int
    b: int
    weight: float  # the tie's strength, floored so that every tie shows


@dataclass(frozen=True)
class MapCircle:
    index: int
    name: str
    size: int


@dataclass(frozen=True)
class NetworkMap:
    nodes: list[MapNode]
    edges: list[MapEdge]
    circles: list[MapCircle]  # biggest first
    brokers: list[int]  # person ids, most irreplaceable first


@dataclass(frozen=True)
class KeptMap:
    """The map, and what a follower patches it with: the weights it was drawn from,
    the circle of each person, and where each person and tie sits in its lists."""

    map: NetworkMap
    weights: dict[Pair, float]
    circle_of: dict[int, int]
    node_at: dict[int, int]
    edge_at: dict[Pair, int]


def _mine(scored: Scored) -> dict[int, float]:
    me, mine = scored.network.me, {}
    if me is not None:
        for (a, b), s in scored.strengths.items():
            if me in (a, b):
                mine[b if a == me else a] = s.score
    return mine


def _node(
    scored: Scored, pid: int, circle_of: dict[int, int], mine: float, top: set[int]
) -> MapNode:
    return MapNode(
        id=pid,
        name=scored.network.people[pid].display_name,
        circle=circle_of.get(pid, 0),
        strength=round(mine, 3),
        broker=pid in top,
        me=pid == scored.network.me,
    )


def _drawn(
    scored: Scored,
    weights: dict[Pair, float],
    circle_of: dict[int, int],
    circles: list[MapCircle],
    top: list[int],
) -> KeptMap:
    mine, chosen = _mine(scored), set(top)
    ids = sorted(scored.network.people)
    nodes = [_node(scored, pid, circle_of, mine.get(pid, 0.0), chosen) for pid in ids]
    pairs = sorted(weights)
    edges = [MapEdge(a, b, round(weights[(a, b)], 3)) for a, b in pairs]
    return KeptMap(
        NetworkMap(nodes, edges, circles, top),
        weights,
        circle_of,
        {pid: i for i, pid in enumerate(ids)},
        {pair: i for i, pair in enumerate(pairs)},
    )


@dataclass(frozen=True)
class MapView:
    """The map with the ``brokers`` top bridges, circles found with ``seed``."""

    brokers: int = 15
    seed: int = SEED

    @property
    def key(self) -> tuple[object, ...]:
        return ("map", self.brokers, self.seed)

    def build(self, scored: Scored) -> KeptMap:
        network = scored.network
        weights = tie_weights(network, scored.strengths)
        found = discover_circles(network, weights, seed=self.seed)
        top = [b.person for b in bridges(network, weights, found).bridges[: self.brokers]]
        circles = [MapCircle(c.index, c.name, len(c.members)) for c in found.circles]
        return _drawn(scored, weights, found.circle_of, circles, top)

    def follow(self, before: KeptMap, scored: Scored, pairs: frozenset[Pair]) -> KeptMap | None:
        me = scored.network.me
        if me is None or any(me not in pair for pair in pairs):
            return None  # a tie between two others moved: the circles may move
        if scored.network.people.keys() != before.node_at.keys():
            return None
        old = before.map
        new_pairs = [pair for pair in pairs if pair not in before.edge_at]
        if new_pairs:
            return None  # a pair weighed for the first time: the edges' order moves
        weights, nodes, edges = dict(before.weights), list(old.nodes), list(old.edges)
        chosen, touched_people = set(old.brokers), {p for pair in pairs for p in pair}
        for pair in pairs:
            strength = scored.strengths.get(pair)
            if strength is not None:  # as ``tie_weights`` weighs a scored pair
                weights[pair] = max(strength.score, W_MIN)
                edges[before.edge_at[pair]] = MapEdge(*pair, round(weights[pair], 3))
        for pid in touched_people - {me}:
            strength = scored.strengths.get((min(me, pid), max(me, pid)))
            score = 0.0 if strength is None else strength.score
            nodes[before.node_at[pid]] = _node(scored, pid, before.circle_of, score, chosen)
        drawn = NetworkMap(nodes, edges, old.circles, old.brokers)
        return KeptMap(drawn, weights, before.circle_of, before.node_at, before.edge_at)
