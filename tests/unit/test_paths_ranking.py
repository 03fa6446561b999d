"""Top-k path ranking on graphs given directly as hop probabilities."""

from __future__ import annotations

import math
import random
from itertools import islice

import networkx as nx
import numpy as np
import pytest
from scipy.sparse.csgraph import dijkstra

from kithkin.insight.graph import PathGraph
from kithkin.insight.paths import top_paths


def graph_of(edges: list[tuple[int, int, float]], n: int) -> PathGraph:
    ids = np.arange(n, dtype=np.int64)
    a = np.array([e[0] for e in edges], dtype=np.int64)
    b = np.array([e[1] for e in edges], dtype=np.int64)
    p = np.array([e[2] for e in edges], dtype=np.float64)
    return PathGraph.from_arrays(ids, a, b, p)


def test_strong_two_hop_chain_beats_weak_direct_route() -> None:
    # 0 = me; 1 a close friend; 2 at the target company; 3 a weak acquaintance there too.
    g = graph_of([(0, 1, 0.9), (1, 2, 0.8), (0, 3, 0.05)], 4)
    paths = top_paths(g, 0, {2: 0.0, 3: 0.0}, k=2, penalty=0.5)
    assert [p.people for p in paths] == [(0, 1, 2), (0, 3)]
    assert paths[0].probability == pytest.approx(0.9 * 0.8, rel=1e-5)


def test_hop_penalty_prefers_fewer_hops_at_equal_probability() -> None:
    # Both routes have probability 0.5; the longer one pays one more penalty.
    g = graph_of([(0, 1, 0.5), (1, 4, 0.95), (0, 2, 0.95), (2, 3, 0.95), (3, 4, 0.554)], 5)
    (best,) = top_paths(g, 0, {4: 0.0}, k=1, penalty=0.3)
    assert best.people == (0, 1, 4)


def test_unreachable_target_gives_no_path() -> None:
    g = graph_of([(0, 1, 0.9), (2, 3, 0.9)], 4)
    assert top_paths(g, 0, {3: 0.0}, k=3) == []


def test_diverse_paths_use_different_first_hops_when_they_exist() -> None:
    # Through 1 there are three cheap routes; through 5 only a dearer one.
    edges = [(0, 1, 0.9), (1, 2, 0.9), (1, 3, 0.85), (1, 4, 0.8), (0, 5, 0.3), (5, 2, 0.3)]
    g = graph_of(edges, 6)
    targets = {2: 0.0, 3: 0.0, 4: 0.0}
    diverse = top_paths(g, 0, targets, k=2, penalty=0.5)
    assert {p.first_hop for p in diverse} == {1, 5}
    plain = top_paths(g, 0, targets, k=2, penalty=0.5, diverse=False)
    assert {p.first_hop for p in plain} == {1}


def test_extra_target_cost_ranks_current_staff_before_past() -> None:
    g = graph_of([(0, 1, 0.6), (0, 2, 0.6)], 3)
    paths = top_paths(g, 0, {1: math.log(2), 2: 0.0}, k=2)
    assert [p.target for p in paths] == [2, 1]


def _networkx_best(
    edges: list[tuple[int, int, float]], source: int, targets: set[int], k: int, penalty: float
) -> list[float]:
    g = nx.Graph()
    for a, b, p in edges:
        g.add_edge(a, b, weight=-math.log(np.float32(p)) + penalty)
    sink = -1
    for t in targets:
        g.add_edge(t, sink, weight=0.0)
    costs = []
    for path in nx.shortest_simple_paths(g, source, sink, weight="weight"):
        if any(node in targets for node in path[1:-2]):
            continue  # a path ends at the first target it reaches
        if _dominated(g, path):
            continue
        costs.append(nx.path_weight(g, path, "weight"))
        if len(costs) == k:
            break
    return costs


def _dominated(g: nx.Graph, path: list[int]) -> bool:
    """Someone later on the path is reached more cheaply straight from the source."""
    spent = 0.0
    for i in range(1, len(path) - 1):
        spent += g[path[i - 1]][path[i]]["weight"]
        if i >= 2 and g.has_edge(path[0], path[i]) and g[path[0]][path[i]]["weight"] <= spent:
            return True
    return False


def test_paths_through_someone_reached_more_cheaply_directly_are_dropped() -> None:
    # Me–1 is strong, 1–2 strong, and me–2 stronger still: me → 1 → 2 → 3 is pointless.
    g = graph_of([(0, 1, 0.9), (1, 2, 0.9), (0, 2, 0.95), (2, 3, 0.9)], 4)
    paths = top_paths(g, 0, {3: 0.0}, k=3)
    assert [p.people for p in paths] == [(0, 2, 3)]


@pytest.mark.parametrize("seed", range(8))
def test_matches_exhaustive_search_on_random_graphs(seed: int) -> None:
    rng = random.Random(seed)
    n = 40
    edges = {}
    for _ in range(110):
        a, b = rng.sample(range(n), 2)
        edges[(min(a, b), max(a, b))] = rng.uniform(0.05, 0.95)
    edge_list = [(a, b, p) for (a, b), p in edges.items()]
    targets = set(rng.sample(range(1, n), 4))
    expected = _networkx_best(edge_list, 0, targets, 4, 0.5)
    got = top_paths(
        graph_of(edge_list, n), 0, dict.fromkeys(targets, 0.0), k=4, penalty=0.5, diverse=False
    )
    assert [p.cost for p in got] == pytest.approx(expected, abs=1e-4)
    for p in got:
        assert len(set(p.people)) == len(p.people)
        assert p.target in targets


def test_a_ready_connector_beats_a_likelier_tie_that_must_be_cultivated() -> None:
    from kithkin.insight.hops import rank_by_chance
    from kithkin.insight.paths import candidate_paths
    from kithkin.insight.readiness import ReadinessVerdict
    from kithkin.model import Readiness

    # 0 = me; 1 the aunt (ready); 2 the engineer, whom I reach directly at p 0.33 but
    # whose direct ask must wait (cultivate first); the aunt knows him (p 0.3).
    g = graph_of([(0, 1, 0.9), (1, 2, 0.3), (0, 2, 0.33)], 3)
    # By ties alone the aunt's path (0.27) is dearer than the direct tie, and was dropped.
    assert [p.people for p in top_paths(g, 0, {2: 0.0}, k=3)] == [(0, 2)]

    def verdict(a: int, b: int) -> ReadinessVerdict:
        wait = (a, b) == (0, 2)
        status = Readiness.CULTIVATE_FIRST if wait else Readiness.READY
        return ReadinessVerdict(status, ["why"], [])

    ranked = rank_by_chance(g, candidate_paths(g, 0, {2: 0.0}, 3), verdict, 3)
    assert [s.path.people for s in ranked] == [(0, 1, 2), (0, 2)]
    assert ranked[0].chance == pytest.approx(0.27, rel=1e-3)
    assert ranked[1].chance == pytest.approx(0.33 * 0.5, rel=1e-3)
    # When the aunt's route is no likelier than asking him directly, it is left out.
    g2 = graph_of([(0, 1, 0.9), (1, 2, 0.15), (0, 2, 0.33)], 3)
    ranked = rank_by_chance(g2, candidate_paths(g2, 0, {2: 0.0}, 3), verdict, 3)
    assert [s.path.people for s in ranked] == [(0, 2)]


@pytest.mark.parametrize("seed", range(6))
def test_searches_sharing_their_work_find_what_separate_searches_find(seed: int) -> None:
    from kithkin.insight.paths import Searches

    # Equal probabilities make many paths of equal cost: the order among them must hold too.
    rng = random.Random(seed)
    n = 60
    edges = {}
    for _ in range(200):
        a, b = rng.sample(range(n), 2)
        edges[(min(a, b), max(a, b))] = rng.choice([0.3, 0.5, 0.8, rng.uniform(0.05, 0.95)])
    g = graph_of([(a, b, p) for (a, b), p in edges.items()], n)
    targets = dict.fromkeys(rng.sample(range(1, n), 5), 0.0)
    asks = [
        {"k": 20, "exact": 6},
        {"k": 20, "drop_shortcuts": False, "exact": 5},
        {"k": 8, "diverse": False},
        {"k": 3},
    ]
    shared = Searches()
    together = [top_paths(g, 0, targets, shared=shared, **ask) for ask in asks]  # type: ignore[arg-type]
    apart = [top_paths(g, 0, targets, **ask) for ask in asks]  # type: ignore[arg-type]
    assert together == apart
    assert any(together)
    with pytest.raises(ValueError, match="one question"):
        top_paths(g, 0, {1: 0.0}, shared=shared)


@pytest.mark.parametrize("seed", range(8))
def test_spur_searches_in_compiled_code_give_the_python_searches_paths_in_order(
    seed: int,
) -> None:
    """Yen's paths with the spur searches run by scipy (and by Python where two ways
    cost the same) are the paths, in the order, of the searches all in Python."""
    from kithkin.insight import paths as kp

    # Few distinct probabilities: many ways of equal cost, where the order of a search decides.
    rng = random.Random(seed)
    n = 50
    edges = {}
    for _ in range(160):
        a, b = rng.sample(range(n), 2)
        edges[(min(a, b), max(a, b))] = rng.choice([0.3, 0.5, 0.8, 1.0, rng.uniform(0.05, 0.95)])
    g = graph_of([(a, b, p) for (a, b), p in edges.items()], n)
    targets = {t: rng.choice([0.0, 0.0, 0.4]) for t in rng.sample(range(1, n), rng.choice([1, 4]))}
    extra = {g.node(t): c for t, c in targets.items()}
    matrix = kp.penalised(g, 0.0)
    dist = dijkstra(matrix, indices=0)
    tnodes = np.fromiter(extra, dtype=np.int64)
    tcost = np.fromiter(extra.values(), dtype=np.float64)
    best = float((dist[tnodes] + tcost).min())
    region = kp._region(matrix, 0, dist, tnodes, tcost, best + 3.0, math.inf)
    sink = len(region.ball)
    back = region.back.tolist()
    python = list(islice(kp._yen(region.adjacency, region.start, sink, back), 40))
    compiled = list(islice(kp._yen(region.adjacency, region.start, sink, back, region.spurs), 40))
    assert compiled == python
    assert len(python) > 3
