"""The whole network as one graph for the map: discovered circles, strengths and brokers."""

from __future__ import annotations

from dataclasses import dataclass

from kithkin.errors import NotFound
from kithkin.insight.brokers import bridges
from kithkin.insight.circles import SEED, discover_circles, tie_weights
from kithkin.service.app import App
from kithkin.service.snapshot import scored_network


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


def network_map(app: App, brokers: int = 15, seed: int = SEED) -> NetworkMap:
    """Everyone, every tie, the circles found in the ties, and the top ``brokers`` bridges."""
    with app.uow(write=False) as uow:
        scored = scored_network(app, uow)
        network = scored.network
    if not any(pid != network.me for pid in network.people):
        raise NotFound("the network is empty", see="empty")
    strengths = scored.strengths
    weights = tie_weights(network, strengths)
    found = discover_circles(network, weights, seed=seed)
    top = [b.person for b in bridges(network, weights, found).bridges[:brokers]]
    chosen = set(top)
    me = network.me
    mine: dict[int, float] = {}
    if me is not None:
        for (a, b), s in strengths.items():
            if me in (a, b):
                mine[b if a == me else a] = s.score
    nodes = [
        MapNode(
            id=pid,
            name=p.display_name,
            circle=found.circle_of.get(pid, 0),
            strength=round(mine.get(pid, 0.0), 3),
            broker=pid in chosen,
            me=pid == me,
        )
        for pid, p in sorted(network.people.items())
    ]
    edges = [MapEdge(a, b, round(w, 3)) for (a, b), w in sorted(weights.items())]
    circles = [MapCircle(c.index, c.name, len(c.members)) for c in found.circles]
    return NetworkMap(nodes, edges, circles, top)
