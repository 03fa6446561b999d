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
from itertools import pairwise
from typing import Any

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
    shared: Searches | None = None,
) -> list[RankedPath]:
    """The ``k`` best loopless paths from ``source`` to any target (person id -> extra cost).

    Diverse: a first hop is used once while other first hops still give a path;
    only then do further paths through a used first hop fill the list. With
    ``drop_shortcuts``, a path through someone the source reaches more cheaply directly
    is left out (by ties alone; ``insight.hops.rank_by_chance`` weighs the asks instead).
    ``exact`` caps the paths found by Yen (the rest are each first hop's best), ``k``
    by default. ``shared`` (one per graph, source, targets and penalty) keeps what the
    search works out for the next search of the same question (``candidate_paths``).
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
    if shared is None:
        shared = Searches()
    shared.check(graph, source, extra, penalty)
    tnodes = np.fromiter(extra, dtype=np.int64)
    tcost = np.fromiter(extra.values(), dtype=np.float64)

    # A small graph is searched whole (alternatives from every first hop); a big one
    # within a ball around the source that grows explosively with its radius.
    small = graph.n <= WIDEN_MAX_BALL
    radius = math.inf if small else 4 * (penalty + 1.0)
    while True:
        dist = shared.ball(matrix, s, radius)
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
            dist = shared.ball(matrix, s, radius)
        want = k if exact is None else min(k, exact)
        region = shared.region(matrix, s, dist, tnodes, tcost, bound, radius)
        found, yens = _search(region, want, diverse, drop_shortcuts)
        ball = region.ball
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


Adjacency = list[tuple[list[int], list[float]]]  # per node: the nodes it links to, the costs
_NO_LINKS: tuple[list[int], list[float]] = ([], [])


class _Replay:
    """A lazy sequence produced once and read by several searches: Yen's paths in order."""

    def __init__(self, source: Iterator[tuple[list[int], float]]) -> None:
        self._source = source
        self.items: list[tuple[list[int], float]] = []

    def first(self, n: int) -> Iterator[tuple[list[int], float]]:
        """Up to the first ``n`` items, produced only as far as they are read."""
        i = 0
        while i < n:
            if i == len(self.items):
                item = next(self._source, None)
                if item is None:
                    return
                self.items.append(item)
            yield self.items[i]
            i += 1


@dataclass
class _Region:
    """The people of the ball around the source that lie on some path within a bound,
    as a local graph with a virtual sink, and Yen's paths on it, cheapest first."""

    ball: npt.NDArray[np.int64]  # sorted node indices; local node i is ball[i]
    sub: csr_matrix
    sink_cost: dict[int, float]  # local target -> extra cost
    back: npt.NDArray[np.float64]  # cost from each local node to the sink
    toward: npt.NDArray[np.int32]  # the next node on that cheapest way
    adjacency: Adjacency
    start: int
    yen: _Replay
    spurs: SpurGraph
    # Each first hop's best onward path, and whether someone on it is reached more
    # cheaply directly (``_per_first_hop``): worked out once, read by every search.
    first_hops: list[tuple[list[int], float, bool]] | None = None


class Searches:
    """What the searches of one question (a graph, a source, its targets and a penalty)
    work out and can share: the balls around the source, and the regions within each
    bound with Yen's paths on them, so that a second search of the same question with
    other options reads the paths the first already found (``candidate_paths``)."""

    def __init__(self) -> None:
        self._question: tuple[object, ...] | None = None
        self._balls: dict[float, npt.NDArray[np.float64]] = {}
        self._regions: dict[tuple[float, float], _Region] = {}

    def check(self, graph: PathGraph, source: int, extra: dict[int, float], penalty: float) -> None:
        question = (id(graph), source, tuple(sorted(extra.items())), penalty)
        if self._question is None:
            self._question = question
        elif self._question != question:
            raise ValueError("a search's shared work belongs to one question")

    def ball(self, matrix: csr_matrix, s: int, radius: float) -> npt.NDArray[np.float64]:
        if radius not in self._balls:
            self._balls[radius] = dijkstra(matrix, indices=s, limit=radius)
        return self._balls[radius]

    def region(
        self,
        matrix: csr_matrix,
        s: int,
        dist: npt.NDArray[np.float64],
        tnodes: npt.NDArray[np.int64],
        tcost: npt.NDArray[np.float64],
        bound: float,
        radius: float,
    ) -> _Region:
        if (radius, bound) not in self._regions:
            self._regions[(radius, bound)] = _region(matrix, s, dist, tnodes, tcost, bound, radius)
        return self._regions[(radius, bound)]


def _has_shortcut(adj: Adjacency, nodes: list[int]) -> bool:
    """A path through someone the source reaches more cheaply directly is never worth taking."""
    direct = dict(zip(*adj[nodes[0]], strict=True))
    spent = 0.0
    for i in range(1, len(nodes) - 1):
        spent += _link_cost(adj, nodes[i - 1], nodes[i])
        if i >= 2 and direct.get(nodes[i], float("inf")) <= spent:
            return True
    return False


def _region(
    matrix: csr_matrix,
    s: int,
    dist: npt.NDArray[np.float64],
    tnodes: npt.NDArray[np.int64],
    tcost: npt.NDArray[np.float64],
    bound: float,
    radius: float,
) -> _Region:
    """The people of the ball who lie on some path within ``bound``, linked to a sink."""
    ball = np.flatnonzero(dist <= radius)  # sorted node indices
    sub = _induced(matrix, ball)
    sink = len(ball)
    inside = dist[tnodes] <= radius
    local_t = np.searchsorted(ball, tnodes[inside])
    sink_cost = dict(zip(local_t.tolist(), tcost[inside].tolist(), strict=True))
    back, toward = dijkstra(_with_sink(sub, sink_cost), indices=sink, return_predecessors=True)
    keep = np.flatnonzero(dist[ball] + back[:sink] <= bound + 1e-6)
    adjacency = _adjacency(sub, keep, sink_cost)
    start = int(np.searchsorted(ball, s))
    spurs = SpurGraph(sub, keep, sink_cost)
    return _Region(
        ball,
        sub,
        sink_cost,
        back,
        toward,
        adjacency,
        start,
        _Replay(_yen(adjacency, start, sink, back.tolist(), spurs)),
        spurs,
    )


def _search(
    region: _Region, k: int, diverse: bool, drop_shortcuts: bool = True
) -> tuple[list[tuple[list[int], float]], int]:
    """Yen's paths within the region's bound and, when diverse, the best path through
    each first hop anywhere in the ball; with how many of the paths are Yen's (exact
    within the bound)."""
    found: list[tuple[list[int], float]] = []
    # Diverse searches fill up with per-first-hop paths, so Yen may stop sooner.
    for nodes, cost in region.yen.first(k if diverse else 4 * k + 8):
        if not (drop_shortcuts and _has_shortcut(region.adjacency, nodes)):
            found.append((nodes[:-1], cost))
            if len(found) >= k:
                break
    exact = len(found)
    if diverse:
        if region.first_hops is None:
            region.first_hops = _per_first_hop(
                region.sub, region.start, region.back, region.toward, region.sink_cost
            )
        seen = {tuple(nodes) for nodes, _ in found}
        found += [
            (nodes, cost)
            for nodes, cost, shortcut in region.first_hops
            if not (drop_shortcuts and shortcut) and tuple(nodes) not in seen
        ]
    return found, exact


def _per_first_hop(
    sub: csr_matrix,
    start: int,
    back: npt.NDArray[np.float64],
    toward: npt.NDArray[np.int32],
    sink_cost: dict[int, float],
) -> list[tuple[list[int], float, bool]]:
    """For every first hop, its best onward path (within the ball): diverse alternatives;
    each with whether someone on it is reached more cheaply directly (a shortcut)."""
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
        shortcut = any(
            direct.get(v, np.inf) <= _prefix(sub, nodes, i) for i, v in enumerate(nodes) if i >= 2
        )
        out.append((nodes, cost + sink_cost[node], shortcut))
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
    sub: csr_matrix, keep: npt.NDArray[np.int64], sink_cost: dict[int, float]
) -> Adjacency:
    """The kept nodes' links as Python lists, indexed by node (a search reads them
    thousands of times); targets lead only to the sink (a path ends there)."""
    sink = sub.shape[0]
    kept = np.zeros(sink, dtype=bool)
    kept[keep] = True
    # The links between kept nodes, row by row as in ``sub`` (sorted by the other end).
    ok = kept[sub.indices]
    before = np.concatenate([[0], np.cumsum(ok)]).tolist()
    lo_hi = sub.indptr.tolist()
    ends, costs = sub.indices[ok].tolist(), sub.data[ok].tolist()
    adj: Adjacency = [_NO_LINKS] * (sink + 1)
    for u in keep.tolist():
        if u in sink_cost:
            adj[u] = ([sink], [sink_cost[u]])
            continue
        lo, hi = before[lo_hi[u]], before[lo_hi[u + 1]]
        adj[u] = (ends[lo:hi], costs[lo:hi])
    return adj


def _dijkstra_path(
    adj: Adjacency, start: int, goal: int, banned_nodes: list[int], banned_next: set[int]
) -> tuple[list[int], float] | None:
    """The cheapest path from ``start`` to ``goal`` avoiding ``banned_nodes`` and the
    links from ``start`` to ``banned_next``; among equal costs, the one found first."""
    n = len(adj)
    dist = [math.inf] * n
    dist[start] = 0.0
    prev = [-1] * n
    done = bytearray(n)
    for b in banned_nodes:  # never entered: as if already settled
        done[b] = 1
    tie = 0
    heap: list[tuple[float, int, int]] = [(0.0, tie, start)]
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        d, _, u = pop(heap)
        if done[u]:
            continue
        if u == goal:
            path = [u]
            while path[-1] != start:
                path.append(prev[path[-1]])
            return path[::-1], d
        done[u] = 1
        ends, costs = adj[u]
        skip = banned_next if u == start else None
        for v, w in zip(ends, costs, strict=True):
            if done[v] or (skip is not None and v in skip):
                continue
            nd = d + w
            if nd < dist[v]:
                dist[v] = nd
                prev[v] = u
                tie += 1
                push(heap, (nd, tie, v))
    return None


def _link_cost(adj: Adjacency, u: int, v: int) -> float:
    ends, costs = adj[u]
    return costs[ends.index(v)]


def _cost(adj: Adjacency, path: list[int]) -> float:
    total = 0.0
    for u, v in pairwise(path):
        total += _link_cost(adj, u, v)
    return total


def _yen(
    adj: Adjacency,
    start: int,
    goal: int,
    back: list[float] | None = None,
    spurs: SpurGraph | None = None,
) -> Iterator[tuple[list[int], float]]:
    """Yen's loopless paths, cheapest first, produced lazily for as long as they are read.

    With ``back`` (each node's cost to ``goal`` in a graph that holds this one, so never
    more than here, give or take ``_SURE``), a spur search waits in the queue at the
    cost its path cannot beat, and runs only when no cheaper candidate is left: the
    same paths in the same order (equal costs included), without the spur searches
    that could never come first. With ``spurs`` too (the same graph, ``goal`` its sink),
    a spur search runs in compiled code, first only as far as ``SPUR_REACH`` beyond
    that cost; finding nothing so near, it waits again at the cost it reached."""
    first = _dijkstra_path(adj, start, goal, [], set())
    if first is None:
        return
    found = [first]
    yield first
    seen = {tuple(first[0])}
    # Paths found (cost, 1, nodes, None) and spur searches still to run
    # (at least this cost, 0, their order, (root, banned links)).
    queue: list[tuple[float, int, Any, Any]] = []
    waiting = 0
    while True:
        last = found[-1][0]
        spent = 0.0
        for i in range(len(last) - 1):
            root = last[: i + 1]
            if i:
                spent += _link_cost(adj, last[i - 1], last[i])
            # Every link Yen bans leaves the spur node (``root[-1]``).
            banned_next = {p[i + 1] for p, _ in found if len(p) > i + 1 and p[: i + 1] == root}
            if back is not None:
                waiting += 1
                reach = back[root[-1]] + SPUR_REACH if spurs is not None else math.inf
                job = (root, banned_next, spent, reach)
                heapq.heappush(queue, (spent + back[root[-1]] - _SURE, 0, waiting, job))
            else:
                _spur(adj, goal, root, banned_next, seen, queue)
        while queue and queue[0][1] == 0:
            _, _, order, (root, banned_next, spent, reach) = heapq.heappop(queue)
            if spurs is None:
                _spur(adj, goal, root, banned_next, seen, queue)
                continue
            spur = spurs.search(root, banned_next, reach)
            if spur is _BEYOND:  # no path within ``reach``: wait at what it cannot beat
                job = (root, banned_next, spent, math.inf)
                heapq.heappush(queue, (spent + reach - _SURE, 0, order, job))
            elif spur is _TIED:  # equal costs: the order of a search decides, so Python's
                _spur(adj, goal, root, banned_next, seen, queue)
            elif spur is not None:
                _queue_path(adj, root, spur, seen, queue)
        if not queue:
            return
        cost, _, nodes, _ = heapq.heappop(queue)
        found.append((list(nodes), cost))
        yield found[-1]


_SURE = 1e-6  # far above the rounding in sums of a few costs and the sink's 1e-9


def _spur(
    adj: Adjacency,
    goal: int,
    root: list[int],
    banned_next: set[int],
    seen: set[tuple[int, ...]],
    queue: list[tuple[float, int, Any, Any]],
) -> None:
    """Yen's spur search from the end of ``root``; a new path goes into the queue."""
    spur = _dijkstra_path(adj, root[-1], goal, root[:-1], banned_next)
    if spur is not None:
        _queue_path(adj, root, spur[0], seen, queue)


def _queue_path(
    adj: Adjacency,
    root: list[int],
    spur: list[int],
    seen: set[tuple[int, ...]],
    queue: list[tuple[float, int, Any, Any]],
) -> None:
    whole = tuple(root[:-1] + spur)
    if whole in seen:
        return
    seen.add(whole)
    heapq.heappush(queue, (_cost(adj, list(whole)), 1, whole, None))


SPUR_REACH = 1.0  # how far past its lower bound a spur search first looks (a cost)
_BEYOND, _TIED = object(), object()


class SpurGraph:
    """A region's links (the kept people's, as in ``_adjacency``) for Yen's spur
    searches in compiled code (scipy's Dijkstra), each giving exactly the path
    ``_dijkstra_path`` gives.

    Dijkstra's distances are the same whichever code computes them (each is the least
    sum of costs over a way there, added in the same order), so the path is the same
    when it is the only one of its cost. When two ways tie, the Python search keeps
    the one it found first, which only the same search can tell: the search says so
    (``_TIED``) and the caller runs the Python one."""

    def __init__(
        self, sub: csr_matrix, keep: npt.NDArray[np.int64], sink_cost: dict[int, float]
    ) -> None:
        n = self.sink = sub.shape[0]
        source = np.zeros(n, dtype=bool)  # who has links of their own: kept, not a target
        source[keep] = True
        within = source.copy()
        targets = np.fromiter(sink_cost, dtype=np.int64, count=len(sink_cost))
        source[targets] = False  # a target leads only to the sink
        rows = np.repeat(np.arange(n), np.diff(sub.indptr))
        ok = source[rows] & within[sub.indices]
        self.indptr = np.concatenate([[0], np.cumsum(np.bincount(rows[ok], minlength=n))])
        self.indices = sub.indices[ok].astype(np.int32)
        self.data = sub.data[ok].astype(np.float64)
        self.matrix = csr_matrix((self.data.copy(), self.indices, self.indptr), shape=(n, n))
        # Each node's links in, as positions in ``data`` and the nodes they come from.
        by_end = np.argsort(self.indices, kind="stable")
        self.in_ptr = np.concatenate([[0], np.cumsum(np.bincount(self.indices, minlength=n))])
        self.in_at = by_end
        self.in_from = np.repeat(np.arange(n), np.diff(self.indptr))[by_end]
        self.targets = targets
        self.target_cost = np.fromiter(sink_cost.values(), dtype=np.float64, count=len(targets))

    def search(self, root: list[int], banned_next: set[int], reach: float) -> Any:
        """The cheapest path from ``root[-1]`` to the sink avoiding the rest of ``root``
        and the links from ``root[-1]`` to ``banned_next``, as ``_dijkstra_path`` finds
        it (nodes, sink included); None when there is none, ``_BEYOND`` when none costs
        at most ``reach``, ``_TIED`` when another way costs the same."""
        start, data = root[-1], self.data.copy()
        for b in root[:-1]:  # never entered
            data[self.in_at[self.in_ptr[b] : self.in_ptr[b + 1]]] = np.inf
        lo, hi = self.indptr[start], self.indptr[start + 1]
        data[lo:hi][np.isin(self.indices[lo:hi], list(banned_next))] = np.inf
        self.matrix.data = data
        limit = reach if math.isfinite(reach) else np.inf
        dist = dijkstra(self.matrix, indices=start, limit=limit)
        # The sink: the cheapest target (not left by a banned link), as the search adds it.
        total = dist[self.targets] + self.target_cost
        if self.sink in banned_next:
            total[self.targets == start] = np.inf
        best = float(total.min()) if len(total) else math.inf
        if not best <= limit or not math.isfinite(best):
            return _BEYOND if math.isfinite(reach) else None
        if int(np.count_nonzero(total == best)) > 1:
            return _TIED
        node = int(self.targets[int(np.argmin(total))])
        path = [self.sink, node]
        while node != start:
            lo, hi = self.in_ptr[node], self.in_ptr[node + 1]
            came = self.in_from[lo:hi]
            on = np.flatnonzero(dist[came] + data[self.in_at[lo:hi]] == dist[node])
            if len(on) != 1 or len(path) > self.sink:
                return _TIED
            node = int(came[on[0]])
            path.append(node)
        return path[::-1]


def _probability(graph: PathGraph, nodes: list[int]) -> float:
    prob = 1.0
    for u, v in pairwise(nodes):
        prob *= math.exp(-_edge(graph.cost, u, v))
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
    shared = Searches()  # the second search reads the paths the first found
    found = {
        p.people: p for p in top_paths(graph, source, targets, k=n, exact=2 * k, shared=shared)
    }
    again = top_paths(graph, source, targets, k=n, drop_shortcuts=False, exact=k + 2, shared=shared)
    for p in again:
        found.setdefault(p.people, p)
    return sorted(found.values(), key=lambda p: p.cost)
