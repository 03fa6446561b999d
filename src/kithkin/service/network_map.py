"""The whole network as one graph for the map: discovered circles, strengths and brokers."""

from __future__ import annotations

from kithkin.errors import NotFound
from kithkin.insight.circles import SEED
from kithkin.service.app import App
from kithkin.service.read_model.network_map import (
    KeptMap,
    MapCircle,
    MapEdge,
    MapNode,
    MapView,
    NetworkMap,
)
from kithkin.service.read_model.scored import scored_network
from kithkin.service.read_model.views import kept

__all__ = ["KeptMap", "MapCircle", "MapEdge", "MapNode", "NetworkMap", "map_data", "network_map"]


def network_map(app: App, brokers: int = 15, seed: int = SEED) -> NetworkMap:
    """Everyone, every tie, the circles found in the ties, and the top ``brokers`` bridges;
    kept with the scored network and followed after my interactions are logged."""
    return map_data(app, brokers, seed).map


def map_data(app: App, brokers: int = 15, seed: int = SEED) -> KeptMap:
    """The map with its columns, everyone placed (what the web app draws)."""
    with app.uow(write=False) as uow:
        scored = scored_network(app, uow)
    network = scored.network
    if not any(pid != network.me for pid in network.people):
        raise NotFound("the network is empty", see="empty")
    return kept(scored, MapView(brokers, seed))
