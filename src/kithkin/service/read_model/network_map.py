"""The map's view: everyone, every tie, the circles found in the ties and the brokers.

Inputs: the scored network (every tie's weight). Incremental update: the circles
and the brokers are found among everyone but me (``insight.circles``,
``insight.brokers``), so when every pair scored again since is one of mine (my
interactions logged), they stand, and only my strengths and those pairs'
weights are read again; any other pair scored again finds them anew.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from kithkin.insight.brokers import bridges
from kithkin.insight.circles import SEED, W_MIN, discover_circles, tie_weights
from kithkin.service.read_model.map_layout import LayoutBasis, layout, layout_basis
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
class MapColumns:
    """The map as columns, people placed (``read_model.map_layout``): what the web app
    sends, one list per field rather than one object per person."""

    id: list[int]
    name: list[str]
    x: list[float]
    y: list[float]
    circle: list[int]
    strength: list[float]
    a: list[int]  # each tie's people, as positions in the people columns
    b: list[int]
    w: list[float]
    # Each column as JSON, written once, in chunks: a followed map writes again only the
    # chunks that moved (a few people and ties), and takes the rest from the map before.
    written: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)
    before: dict[str, tuple[list[Any], list[str]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def json(self, column: str) -> str:
        """One column as compact JSON (as the web app's answers are written)."""
        if column not in self.written:
            values: list[Any] = getattr(self, column)
            old_values, old_chunks = self.before.pop(column, ([], []))
            chunks = []
            for n, at in enumerate(range(0, len(values), CHUNK)):
                part = values[at : at + CHUNK]
                same = n < len(old_chunks) and old_values[at : at + CHUNK] == part
                chunks.append(old_chunks[n] if same else _compact(part)[1:-1])
            self.written[column] = chunks
        return "[" + ",".join(chunk for chunk in self.written[column] if chunk) + "]"

    def followed(self, **moved: list[Any]) -> MapColumns:
        """These columns with ``moved`` ones replaced; the JSON of the others carried,
        and of the moved ones kept to compare with, chunk by chunk."""
        written = {k: v for k, v in self.written.items() if k not in moved}
        before = {k: (getattr(self, k), self.written[k]) for k in moved if k in self.written}
        return replace(self, written=written, before=before, **moved)


CHUNK = 1024  # values per chunk of a column's JSON


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _placed(drawn: NetworkMap, basis: LayoutBasis) -> tuple[list[float], list[float]]:
    pos = layout(drawn, basis)
    return [round(v, 1) for v in pos[:, 0].tolist()], [round(v, 1) for v in pos[:, 1].tolist()]


def _columns(drawn: NetworkMap, basis: LayoutBasis, node_at: dict[int, int]) -> MapColumns:
    x, y = _placed(drawn, basis)
    nodes, edges = drawn.nodes, drawn.edges
    return MapColumns(
        id=[n.id for n in nodes],
        name=[n.name for n in nodes],
        x=x,
        y=y,
        circle=[n.circle for n in nodes],
        strength=[n.strength for n in nodes],
        a=[node_at[e.a] for e in edges],
        b=[node_at[e.b] for e in edges],
        w=[e.weight for e in edges],
    )


@dataclass(frozen=True)
class KeptMap:
    """The map, and what a follower patches it with: the weights it was drawn from,
    the circle of each person, and where each person and tie sits in its lists."""

    map: NetworkMap
    weights: dict[Pair, float]
    circle_of: dict[int, int]
    node_at: dict[int, int]
    edge_at: dict[Pair, int]
    basis: LayoutBasis
    columns: MapColumns


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
    drawn = NetworkMap(nodes, edges, circles, top)
    node_at = {pid: i for i, pid in enumerate(ids)}
    basis = layout_basis(drawn)
    return KeptMap(
        drawn,
        weights,
        circle_of,
        node_at,
        {pair: i for i, pair in enumerate(pairs)},
        basis,
        _columns(drawn, basis, node_at),
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
        cols = before.columns
        strength_col, w_col = list(cols.strength), list(cols.w)
        chosen, touched_people = set(old.brokers), {p for pair in pairs for p in pair}
        for pair in pairs:
            strength = scored.strengths.get(pair)
            if strength is not None:  # as ``tie_weights`` weighs a scored pair
                weights[pair] = max(strength.score, W_MIN)
                at = before.edge_at[pair]
                edges[at] = MapEdge(*pair, round(weights[pair], 3))
                w_col[at] = edges[at].weight
        for pid in touched_people - {me}:
            strength = scored.strengths.get((min(me, pid), max(me, pid)))
            score = 0.0 if strength is None else strength.score
            at = before.node_at[pid]
            nodes[at] = _node(scored, pid, before.circle_of, score, chosen)
            strength_col[at] = nodes[at].strength
        drawn = NetworkMap(nodes, edges, old.circles, old.brokers)
        # The discs and the pull of others' ties stand: the people are placed again.
        x, y = _placed(drawn, before.basis)
        columns = cols.followed(x=x, y=y, strength=strength_col, w=w_col)
        return replace(before, map=drawn, weights=weights, columns=columns)
