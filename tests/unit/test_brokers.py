"""Brokers: constraint and effective size against networkx, betweenness, and who bridges what."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from test_circles import demo_like

from kithkin.insight.brokers import (
    betweenness,
    bridges,
    constraint_and_effective_size,
)
from kithkin.insight.circles import WeightedGraph, discover_circles, tie_weights

N = 80


def weighted_graph(seed: int, equal: bool = False) -> nx.Graph:
    g = nx.connected_watts_strogatz_graph(N, 6, 0.3, seed=seed)
    rng = np.random.default_rng(seed)
    for u, v in g.edges:
        g[u][v]["weight"] = 0.5 if equal else float(rng.random() + 0.05)
        g[u][v]["cost"] = 1.0 - math.log(min(g[u][v]["weight"], 1.0))
    g.add_node(N)  # someone without ties
    return g


def as_arrays(g: nx.Graph) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    edges = list(g.edges(data="weight"))
    return (
        np.array([e[0] for e in edges]),
        np.array([e[1] for e in edges]),
        np.array([e[2] for e in edges], dtype=np.float64),
    )


@pytest.mark.parametrize("block_work", [50, 20_000_000])
def test_constraint_and_effective_size_match_networkx(block_work: int) -> None:
    g = weighted_graph(1)
    src, dst, w = as_arrays(g)
    constraint, effective = constraint_and_effective_size(
        g.number_of_nodes(), src, dst, w, block_work=block_work
    )
    expected_c = nx.constraint(g, weight="weight")
    # networkx's one-call path for all nodes normalises by the wrong axis when
    # weighted; its per-node path is the reference definition.
    expected_e = nx.effective_size(g, nodes=list(range(N)), weight="weight")
    for node in range(N):
        assert constraint[node] == pytest.approx(expected_c[node], abs=1e-12)
        assert effective[node] == pytest.approx(expected_e[node], abs=1e-12)
    assert math.isnan(constraint[N]) and math.isnan(effective[N])


def test_a_bridge_is_less_constrained_and_more_between() -> None:
    # Two triangles joined only through person 3.
    edges = [(0, 1), (0, 2), (1, 2), (2, 3), (3, 4), (4, 5), (4, 6), (5, 6)]
    graph = WeightedGraph(
        ids=list(range(7)),
        src=np.array([a for a, _ in edges]),
        dst=np.array([b for _, b in edges]),
        weight=np.ones(len(edges)),
    )
    between = betweenness(graph)
    assert int(np.argmax(between)) == 3
    constraint, _ = constraint_and_effective_size(7, graph.src, graph.dst, graph.weight)
    assert constraint[3] < constraint[0]


@pytest.mark.parametrize("equal", [True, False])
def test_betweenness_matches_networkx_with_and_without_equal_paths(equal: bool) -> None:
    g = weighted_graph(3, equal)
    src, dst, w = as_arrays(g)
    found = betweenness(WeightedGraph(ids=list(range(N + 1)), src=src, dst=dst, weight=w))
    expected = nx.betweenness_centrality(g, weight="cost")
    assert found.tolist() == pytest.approx([expected[i] for i in range(N + 1)], abs=1e-12)


def test_sampled_betweenness_is_seeded_and_close_to_exact() -> None:
    g = weighted_graph(2)
    src, dst, w = as_arrays(g)
    graph = WeightedGraph(ids=list(range(N + 1)), src=src, dst=dst, weight=w)
    exact = betweenness(graph)
    sampled = betweenness(graph, exact_up_to=50, samples=40, seed=5)
    assert sampled.tolist() == betweenness(graph, exact_up_to=50, samples=40, seed=5).tolist()
    assert not np.allclose(sampled, exact)
    assert np.corrcoef(sampled, exact)[0, 1] > 0.8


def test_the_aunt_carries_every_link_between_family_and_her_street() -> None:
    network = demo_like()
    weights = tie_weights(network)
    report = bridges(network, weights, discover_circles(network, weights))
    may = next(b for b in report.bridges if b.person == 2)
    street = next(s for s in may.boxes if (s.a, s.b) == ("family", "neighbours:Maple Street"))
    assert street.sole and street.of == 3
    ben = next(b for b in report.bridges if b.person == 5)
    # Ben is the only one in both Maple Street and Initech, and the go-between
    # of family and the State U people.
    sole = {(s.a, s.b) for s in ben.boxes if s.sole}
    assert {("neighbours:Maple Street", "work:Initech"), ("family", "school:State U")} <= sole
    assert [b.person for b in report.bridges[:2]] == [5, 2]
    assert set(report.everyone) == set(range(2, 11))
    assert report.me is not None and report.me.contacts == 5
    # Rosa, tied only within the family, bridges no boxes.
    assert 3 not in {b.person for b in report.bridges if b.boxes}


def test_box_pairs_only_the_user_joins() -> None:
    network = demo_like()
    network.ties = [t for t in network.ties if 5 not in t.pair]  # without Ben
    weights = tie_weights(network)
    report = bridges(network, weights, discover_circles(network, weights))
    assert report.my_boxes == ["family", "school:State U"]
    assert report.only_through_me == [("family", "school:State U")]
