"""Top-k warm paths from me to any of many targets at once.

A path's cost is ``Σ (−log p + penalty)`` over its hops, so the cheapest path is
the likeliest chain of favours, with a per-hop penalty for every extra person
who has to pass the request on. All targets hang off one virtual sink, reached
at a small extra cost for weaker targets (a past employee rather than a current
one).

The search is exact for every path within ``slack`` of the best one: a
Dijkstra ball around me bounds the region, a Dijkstra back from the sink
inside that ball keeps only the people on some path within the bound, and
Yen's algorithm runs on that small remainder.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import count, pairwise

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from kithkin.insight.graph import PathGraph

# Tuned on the high-school contact log by benchmarks/path_eval.py (docs/evaluation.md).
HOP_PENALTY = 0.0
SLACK = 1.5  # paths up to this much costlier than the best are found exactly
MAX_RADIUS = 200.0
WIDEN_MAX_BALL = 20_000  # people in the ball beyond which the bound is not widened


@dataclass(frozen=True)
class RankedPath:
    """A loopless chain of person ids from the source to one target."""

    people: tuple[int, ...]
    cost: float
    probability: float  # product of the hops' p

    @property
    def first_hop(self) -> int:
        return self.people[1]

    @property
    def target(self) -> int:
        return self.people[-1]


def penalised(graph: PathGraph, penalty: float) -> csr_matrix:
    """The cost matrix with the per-hop penalty added, kept on the graph for reuse."""
    cache = graph.penalised
    if penalty not in cache:
        cache.clear()  # one penalty at a time: the matrix can be large
        m = graph.cost.copy()
        # float64 and canonical, so that every csgraph call uses it without a copy.
        m.data = m.data.astype(np.float64) + penalty
        m.has_canonical_format = True
        cache[penalty] = m
    return cache[penalty]


def top_paths(
    graph: PathGraph,
    source: int,
    targets: Mapping[int, float],
    k: int = 3,
    penalty: float = HOP_PENALTY,
    slack: float = SLACK,
    diverse: bool = True,
    drop_shortcuts: bool = True,
    exact: int | None = None,
) -> list[RankedPath]:
    """The ``k`` best loopless paths from ``source`` to any target (person id -> extra cost).

    Diverse: a first hop is used once while other first hops still give a path;
    only then do further paths through a used first hop fill the list. With
    ``drop_shortcuts``, a path through someone the source reaches more cheaply directly
    is left out (by ties alone; ``insight.hops.rank_by_chance`` weighs the asks instead).
    ``exact`` caps the paths found by Yen (the rest are each first hop's best), ``k``
    by default.
    """
    s = graph.node(source)
    if s is None or k <= 0:
        return []
    extra: dict[int, float] = {}
    for pid, add in targets.items():
        t = graph.node(pid)
        if t is not None and t != s:
            extra[t] = min(add, extra.get(t, math.inf))
    if not extra:
        return []
    matrix = penalised(graph, penalty)
    tnodes = np.fromiter(extra, dtype=np.int64)
    tcost = np.fromiter(extra.values(), dtype=np.float64)

    # A small graph is searched whole (alternatives from every first hop); a big one
    # within a ball around the source that grows explosively with its radius.
    small = graph.n <= WIDEN_MAX_BALL
    radius = math.inf if small else 4 * (penalty + 1.0)
    while True:
        dist = dijkstra(matrix, indices=s, limit=radius)
        best = float((dist[tnodes] + tcost).min())
        if math.isfinite(best):
            break
        if radius >= MAX_RADIUS:
            return []
        radius *= 2
    # Widen the bound (at most twice, small graphs only) while it holds fewer than k paths.
    for widen in range(3):
        bound = best + slack * 2**widen
        if bound > radius:
            radius = bound
            dist = dijkstra(matrix, indices=s, limit=radius)
        want = k if exact is None else min(k, exact)
        found, yens, ball = _search(
            matrix, s, dist, tnodes, tcost, bound, radius, want, diverse, drop_shortcuts
        )
        if not small or (len(found) if diverse else yens) >= want:
            break
    found.sort(key=lambda nc: nc[1])
    paths = [
        RankedPath(
            people=tuple(int(graph.ids[ball[i]]) for i in nodes),
            cost=cost,
            probability=_probability(graph, [int(ball[i]) for i in nodes]),
        )
        for nodes, cost in found
    ]
    return _diversify(paths, k) if diverse else paths[:k]


def _has_shortcut(adj: dict[int, list[tuple[int, float]]], nodes: list[int]) -> bool:
    """A path through someone the source reaches more cheaply directly is never worth taking."""
    direct = dict(adj[nodes[0]])
    spent = 0.0
    for i in range(1, len(nodes) - 1):
        spent += dict(adj[nodes[i - 1]])[nodes[i]]
        if i >= 2 and direct.get(nodes[i], float("inf")) <= spent:
            return True
    return False


def _search(
    matrix: csr_matrix,
    s: int,
    dist: npt.NDArray[np.float64],
    tnodes: npt.NDArray[np.int64],
    tcost: npt.NDArray[np.float64],
    bound: float,
    radius: float,
    k: int,
    diverse: bool,
    drop_shortcuts: bool = True,
) -> tuple[list[tuple[list[int], float]], int, npt.NDArray[np.int64]]:
    """Yen on the people of the ball who lie on some path within ``bound``, and, when
    diverse, the best path through each first hop anywhere in the ball; with how many
    of the paths are Yen's (exact within the bound)."""
    ball = np.flatnonzero(dist <= radius)  # sorted node indices
    sub = _induced(matrix, ball)
    sink = len(ball)
    inside = dist[tnodes] <= radius
    local_t = np.searchsorted(ball, tnodes[inside])
    sink_cost = dict(zip(local_t.tolist(), tcost[inside].tolist(), strict=True))
    back, toward = dijkstra(_with_sink(sub, sink_cost), indices=sink, return_predecessors=True)
    keep = np.flatnonzero(dist[ball] + back[:sink] <= bound + 1e-6).tolist()
    adjacency = _adjacency(sub, keep, sink_cost)
    start = int(np.searchsorted(ball, s))
    found: list[tuple[list[int], float]] = []
    # Diverse searches fill up with per-first-hop paths, so Yen may stop sooner.
    for nodes, cost in _yen(adjacency, start, sink, k if diverse else 4 * k + 8):
        if not (drop_shortcuts and _has_shortcut(adjacency, nodes)):
            found.append((nodes[:-1], cost))
            if len(found) >= k:
                break
    exact = len(found)
    if diverse:
        seen = {tuple(nodes) for nodes, _ in found}
        found += [
            c
            for c in _per_first_hop(sub, start, back, toward, sink_cost, drop_shortcuts)
            if tuple(c[0]) not in seen
        ]
    return found, exact, ball


def _per_first_hop(
    sub: csr_matrix,
    start: int,
    back: npt.NDArray[np.float64],
    toward: npt.NDArray[np.int32],
    sink_cost: dict[int, float],
    drop_shortcuts: bool = True,
) -> list[tuple[list[int], float]]:
    """For every first hop, its best onward path (within the ball): diverse alternatives."""
    lo, hi = sub.indptr[start], sub.indptr[start + 1]
    direct = dict(zip(sub.indices[lo:hi].tolist(), sub.data[lo:hi].tolist(), strict=True))
    out = []
    for first, w in direct.items():
        if not np.isfinite(back[first]):
            continue
        nodes, cost, node = [start, first], w, first
        while node not in sink_cost:
            nxt = int(toward[node])
            if nxt < 0 or nxt == start or nxt >= len(back) - 1:
                break
            cost += _edge(sub, node, nxt)
            nodes.append(nxt)
            node = nxt
        if node not in sink_cost or len(set(nodes)) < len(nodes):
            continue
        if drop_shortcuts and any(
            direct.get(v, np.inf) <= _prefix(sub, nodes, i) for i, v in enumerate(nodes) if i >= 2
        ):
            continue  # someone on it is reached more cheaply directly
        out.append((nodes, cost + sink_cost[node]))
    return out


def _prefix(sub: csr_matrix, nodes: list[int], i: int) -> float:
    return sum(_edge(sub, u, v) for u, v in pairwise(nodes[: i + 1]))


def _edge(sub: csr_matrix, u: int, v: int) -> float:
    """``sub[u, v]`` (0.0 when there is no such link), read from the sorted row itself:
    scipy's indexing costs a tenth of a millisecond per call, and a search makes thousands."""
    lo, hi = int(sub.indptr[u]), int(sub.indptr[u + 1])
    at = lo + int(np.searchsorted(sub.indices[lo:hi], v))
    return float(sub.data[at]) if at < hi and sub.indices[at] == v else 0.0


def _induced(matrix: csr_matrix, ball: npt.NDArray[np.int64]) -> csr_matrix:
    """The subgraph on ``ball`` (sorted), renumbered 0..len-1, without scipy's fancy indexing."""
    rows = matrix[ball]
    local = np.full(matrix.shape[0], -1, dtype=np.int64)
    local[ball] = np.arange(len(ball))
    cols = local[rows.indices]
    keep = cols >= 0
    kept_before = np.concatenate([[0], np.cumsum(keep)])
    indptr = kept_before[rows.indptr]
    sub = csr_matrix((rows.data[keep], cols[keep], indptr), shape=(len(ball), len(ball)))
    sub.has_canonical_format = True
    return sub


def _with_sink(sub: csr_matrix, sink_cost: dict[int, float]) -> csr_matrix:
    """The ball plus a virtual sink node joined to every target (both directions)."""
    sink = sub.shape[0]
    coo = sub.tocoo()
    targets = np.fromiter(sink_cost, dtype=np.int64, count=len(sink_cost))
    # A zero weight would read as "no edge", hence the tiny epsilon.
    weights = np.fromiter(sink_cost.values(), dtype=np.float64, count=len(sink_cost)) + 1e-9
    sinks = np.full(len(targets), sink, dtype=np.int64)
    rows = np.concatenate([coo.row, targets, sinks])
    cols = np.concatenate([coo.col, sinks, targets])
    data = np.concatenate([coo.data.astype(np.float64), weights, weights])
    return csr_matrix((data, (rows, cols)), shape=(sink + 1, sink + 1))


def _adjacency(
    sub: csr_matrix, keep: list[int], sink_cost: dict[int, float]
) -> dict[int, list[tuple[int, float]]]:
    """Python adjacency of the kept nodes; targets lead only to the sink (a path ends there)."""
    kept = set(keep)
    sink = sub.shape[0]
    adj: dict[int, list[tuple[int, float]]] = {}
    for u in keep:
        if u in sink_cost:
            adj[u] = [(sink, sink_cost[u])]
            continue
        lo, hi = sub.indptr[u], sub.indptr[u + 1]
        # As Python numbers first: iterating numpy scalars is several times slower.
        ends, costs = sub.indices[lo:hi].tolist(), sub.data[lo:hi].tolist()
        adj[u] = [(v, w) for v, w in zip(ends, costs, strict=True) if v in kept]
    return adj


def _dijkstra_path(
    adj: dict[int, list[tuple[int, float]]],
    start: int,
    goal: int,
    banned_nodes: set[int],
    banned_edges: set[tuple[int, int]],
) -> tuple[list[int], float] | None:
    dist = {start: 0.0}
    prev: dict[int, int] = {}
    tie = count()
    heap: list[tuple[float, int, int]] = [(0.0, next(tie), start)]
    done: set[int] = set()
    while heap:
        d, _, u = heapq.heappop(heap)
        if u in done:
            continue
        if u == goal:
            path = [u]
            while path[-1] != start:
                path.append(prev[path[-1]])
            return path[::-1], d
        done.add(u)
        for v, w in adj.get(u, ()):
            if v in banned_nodes or (u, v) in banned_edges or v in done:
                continue
            nd = d + w
            if nd < dist.get(v, math.inf):
                dist[v] = nd
                prev[v] = u
                heapq.heappush(heap, (nd, next(tie), v))
    return None


def _cost(adj: dict[int, list[tuple[int, float]]], path: list[int]) -> float:
    total = 0.0
    for u, v in pairwise(path):
        total += next(w for x, w in adj[u] if x == v)
    return total


def _yen(
    adj: dict[int, list[tuple[int, float]]], start: int, goal: int, k: int
) -> Iterator[tuple[list[int], float]]:
    """Yen's k shortest loopless paths, cheapest first, produced lazily."""
    first = _dijkstra_path(adj, start, goal, set(), set())
    if first is None:
        return
    found = [first]
    yield first
    seen = {tuple(first[0])}
    candidates: list[tuple[float, tuple[int, ...]]] = []
    while len(found) < k:
        last = found[-1][0]
        for i in range(len(last) - 1):
            root = last[: i + 1]
            banned_edges = {
                (p[i], p[i + 1]) for p, _ in found if len(p) > i + 1 and p[: i + 1] == root
            }
            banned_nodes = set(root[:-1])
            spur = _dijkstra_path(adj, root[-1], goal, banned_nodes, banned_edges)
            if spur is None:
                continue
            whole = tuple(root[:-1] + spur[0])
            if whole in seen:
                continue
            seen.add(whole)
            heapq.heappush(candidates, (_cost(adj, list(whole)), whole))
        if not candidates:
            return
        cost, nodes = heapq.heappop(candidates)
        found.append((list(nodes), cost))
        yield found[-1]


def _probability(graph: PathGraph, nodes: list[int]) -> float:
    prob = 1.0
    for u, v in pairwise(nodes):
        prob *= math.exp(-float(graph.cost[u, v]))
    return prob


def _diversify(paths: list[RankedPath], k: int) -> list[RankedPath]:
    chosen: list[RankedPath] = []
    spare: list[RankedPath] = []
    used: set[int] = set()
    for path in paths:
        if path.first_hop in used:
            spare.append(path)
        else:
            used.add(path.first_hop)
            chosen.append(path)
        if len(chosen) == k:
            break
    chosen += spare[: k - len(chosen)]
    return sorted(chosen, key=lambda p: p.cost)


def candidate_paths(
    graph: PathGraph, source: int, targets: Mapping[int, float], k: int, per_path: int = 4
) -> list[RankedPath]:
    """Paths by ties alone for ``k`` paths to be chosen from once the asks are weighed:
    the diverse ones without shortcuts (a route through each first hop) and the ones
    through someone also reached directly (a ready connector may beat a direct ask)."""
    n = per_path * k + 8
    found = {p.people: p for p in top_paths(graph, source, targets, k=n, exact=2 * k)}
    for p in top_paths(graph, source, targets, k=n, drop_shortcuts=False, exact=k + 2):
        found.setdefault(p.people, p)
    return sorted(found.values(), key=lambda p: p.cost)
