"""Brokers: the people whose ties bridge circles that would otherwise hardly touch.

For every person: Burt's constraint (low when one's contacts are not tied to
each other, so one brokers between them), effective size (how many
non-redundant contacts one has) and betweenness (the share of shortest paths
passing through one). Constraint and effective size are array sums over the
network's triangles, so they run on hundreds of thousands of people;
betweenness is exact on small networks and sampled, with a fixed seed, on
large ones.

Everyone but ``me`` is measured on the network without ``me`` (the question is
who bridges circles without the user's help); ``me`` is measured on the whole
network.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import combinations, pairwise

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import dijkstra

from kithkin.insight.circles import SEED, CircleMap, Pair, WeightedGraph
from kithkin.insight.network import Network

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

EXACT_BETWEENNESS = 1500  # above this many people betweenness is sampled
SAMPLES = 256  # source nodes sampled for betweenness on larger networks
BLOCK_WORK = 4_000_000  # wedges looked at per step, to bound memory
HOP_COST = 1.0  # per-hop penalty in path lengths, as in path search


def _edges(n: int, src: I64, dst: I64, weight: F64) -> tuple[I64, I64, F64]:
    """Distinct undirected ties (lo < hi), the weights of repeated pairs summed."""
    keep = src != dst
    lo = np.minimum(src[keep], dst[keep])
    hi = np.maximum(src[keep], dst[keep])
    keys, inverse = np.unique(lo * n + hi, return_inverse=True)
    summed = np.bincount(inverse, weights=weight[keep], minlength=len(keys))
    return keys // n, keys % n, summed.astype(np.float64)


def _triangles(n: int, lo: I64, hi: I64, wedge_chunk: int) -> Iterator[tuple[I64, I64, I64]]:
    """Every triangle once, as the indexes of its three ties (u–v, u–w, v–w).

    Ties point from the lower-ranked end (by number of ties) to the higher, so
    no one has many ties pointing out; each pair of a node's outgoing ties
    (a wedge) closes into a triangle when the third tie exists.
    """
    degree = np.bincount(np.concatenate([lo, hi]), minlength=n)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), degree))] = np.arange(n)
    forward = rank[lo] < rank[hi]
    tail = np.where(forward, lo, hi)
    head = np.where(forward, hi, lo)
    order = np.lexsort((head, tail))
    tail, head, tie = tail[order], head[order], order.astype(np.int64)
    starts = np.searchsorted(tail, np.arange(n + 1))
    # Wedges from position k: pair it with every later position of the same tail.
    later = starts[tail + 1] - np.arange(len(tail)) - 1
    keys = lo * n + hi  # sorted, as ``_edges`` made them
    bounds = np.searchsorted(np.cumsum(later), np.arange(0, int(later.sum()), wedge_chunk))
    bounds = np.append(bounds, len(tail))
    for first, last in pairwise(np.unique(bounds).tolist()):
        counts = later[first:last]
        k1 = np.repeat(np.arange(first, last), counts)
        offset = np.arange(len(k1)) - np.repeat(np.cumsum(counts) - counts, counts) + 1
        k2 = k1 + offset
        v, w = head[k1], head[k2]
        wanted = np.minimum(v, w) * n + np.maximum(v, w)
        found = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        closed = keys[found] == wanted
        yield tie[k1[closed]], tie[k2[closed]], found[closed]


def constraint_and_effective_size(
    n: int, src: I64, dst: I64, weight: F64, *, block_work: int = BLOCK_WORK
) -> tuple[F64, F64]:
    """Burt's constraint and effective size of nodes ``0..n-1`` (nan for nodes without ties).

    With ``p_ij`` the share of i's tie weight spent on j and ``m_jq`` j's tie to q
    over j's strongest tie: constraint ``c_i = Σ_j (p_ij + Σ_q p_iq p_qj)²`` and
    effective size ``e_i = Σ_j (1 - Σ_q p_iq m_jq)``, both over i's contacts j —
    the same definitions as networkx's ``constraint`` and ``effective_size``.
    The inner sums run over the q tied to both i and j, that is over triangles,
    which are enumerated ``block_work`` wedges at a time.
    """
    lo, hi, a = _edges(n, src, dst, weight)
    total = np.bincount(lo, weights=a, minlength=n) + np.bincount(hi, weights=a, minlength=n)
    strongest = np.zeros(n)
    np.maximum.at(strongest, lo, a)
    np.maximum.at(strongest, hi, a)
    # Directed tie slots: 2e is lo→hi, 2e+1 is hi→lo.
    indirect = np.zeros(2 * len(a))
    redundant = np.zeros(2 * len(a))
    ends = np.stack([lo, hi], axis=1)
    for e1, e2, e3 in _triangles(n, lo, hi, block_work):
        # The three corners: u (on e1 and e2), v (e1 and e3), w (e2 and e3).
        u = np.where((ends[e1] == ends[e2][:, :1]).any(axis=1), ends[e2][:, 0], ends[e2][:, 1])
        v = ends[e1].sum(axis=1) - u
        w = ends[e2].sum(axis=1) - u
        slots = 2 * len(a)
        for x, y, exy, q, exq, eqy in (
            (u, v, e1, w, e2, e3),
            (v, u, e1, w, e3, e2),
            (u, w, e2, v, e1, e3),
            (w, u, e2, v, e3, e1),
            (v, w, e3, u, e1, e2),
            (w, v, e3, u, e2, e1),
        ):
            slot = 2 * exy + (x == hi[exy])
            via = a[exq] / total[x]
            indirect += np.bincount(slot, weights=via * a[eqy] / total[q], minlength=slots)
            redundant += np.bincount(slot, weights=via * a[eqy] / strongest[y], minlength=slots)
    source = np.stack([lo, hi], axis=1).ravel()
    direct = np.repeat(a, 2) / total[source]
    constraint = np.bincount(source, weights=(direct + indirect) ** 2, minlength=n)
    degree = np.bincount(source, minlength=n)
    effective = degree - np.bincount(source, weights=redundant, minlength=n)
    none = degree == 0
    constraint[none] = np.nan
    effective[none] = np.nan
    return constraint.astype(np.float64), effective.astype(np.float64)


def betweenness(
    graph: WeightedGraph,
    *,
    seed: int = SEED,
    exact_up_to: int = EXACT_BETWEENNESS,
    samples: int = SAMPLES,
) -> F64:
    """Normalised betweenness; a hop costs ``HOP_COST - log(weight)``, as paths do.

    Brandes' algorithm with the distances from scipy's Dijkstra: per source,
    the ties on shortest paths form a DAG, and both the path counts and the
    dependencies are sums over it, taken as sparse products (the DAG is
    acyclic, so the sums end after its depth). Equal-length paths share the
    credit, as in networkx. Exact up to ``exact_up_to`` people, estimated from
    ``samples`` seeded sources beyond that.
    """
    n = graph.n
    keep = graph.src != graph.dst
    if n < 3 or not keep.any():
        return np.zeros(n)
    cost = HOP_COST - np.log(np.clip(graph.weight[keep], 1e-6, 1.0))
    u = np.concatenate([graph.src[keep], graph.dst[keep]])
    v = np.concatenate([graph.dst[keep], graph.src[keep]])
    c = np.concatenate([cost, cost])
    adj = sparse.csr_matrix((c, (u, v)), shape=(n, n))
    if n <= exact_up_to:
        sources = np.arange(n)
    else:
        sources = np.sort(np.random.default_rng(seed).choice(n, min(samples, n), replace=False))
    total = np.zeros(n)
    for start in range(0, len(sources), 256):
        batch = sources[start : start + 256]
        dist = dijkstra(adj, directed=True, indices=batch)
        for row, s in zip(dist, batch.tolist(), strict=True):
            total += _dependencies(n, int(s), row, u, v, c)
    scale = 1.0 / ((n - 1) * (n - 2)) * (n / len(sources))
    return total * scale


def _dependencies(n: int, s: int, dist: F64, u: I64, v: I64, c: F64) -> F64:
    """Brandes' dependency of source ``s`` on every node, from its distances ``dist``."""
    reached = np.isfinite(dist[u])
    u, v, c = u[reached], v[reached], c[reached]
    dv = dist[v]
    on = np.abs(dist[u] + c - dv) <= 1e-9 * np.maximum(1.0, dv)
    eu, ev = u[on], v[on]
    sigma = np.zeros(n)
    sigma[s] = 1.0
    term = sigma
    while term.any():  # σ_w = Σ over predecessors u of σ_u
        term = np.asarray(np.bincount(ev, weights=term[eu], minlength=n), dtype=np.float64)
        sigma = sigma + term
    share = sigma[eu] / sigma[ev]
    delta = np.zeros(n)
    term = np.ones(n)
    while True:  # δ_u = Σ over successors w of σ_u/σ_w (1 + δ_w)
        term = np.asarray(np.bincount(eu, weights=share * term[ev], minlength=n), np.float64)
        if not term.any():
            break
        delta += term
    delta[s] = 0.0
    return delta


@dataclass(frozen=True)
class Brokerage:
    person: int
    constraint: float | None  # None for someone without ties
    effective_size: float | None
    betweenness: float
    contacts: int


def brokerage(graph: WeightedGraph, *, seed: int = SEED) -> dict[int, Brokerage]:
    """Constraint, effective size and betweenness of everyone in ``graph``."""
    constraint, effective = constraint_and_effective_size(
        graph.n, graph.src, graph.dst, graph.weight
    )
    between = betweenness(graph, seed=seed)
    contacts = np.bincount(np.concatenate([graph.src, graph.dst]), minlength=graph.n)
    return {
        pid: Brokerage(
            person=pid,
            constraint=None if math.isnan(constraint[i]) else round(float(constraint[i]), 4),
            effective_size=None if math.isnan(effective[i]) else round(float(effective[i]), 3),
            betweenness=round(float(between[i]), 4),
            contacts=int(contacts[i]),
        )
        for i, pid in enumerate(graph.ids)
    }


# -- who bridges which circles ------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """Two circles someone bridges: how many of the links between them run through them."""

    a: str  # a box, or a discovered circle's name
    b: str
    carries: int
    of: int

    @property
    def share(self) -> float:
        return self.carries / self.of

    @property
    def sole(self) -> bool:
        """Every link between the two circles runs through this person."""
        return self.carries == self.of


@dataclass(frozen=True)
class Bridge:
    """Someone who joins circles: the boxes and discovered circles they bridge."""

    person: int
    boxes: list[Span]  # the user's own boxes, most irreplaceable first
    circles: list[Span]  # discovered circles
    score: float  # Σ of shares over everything bridged
    brokerage: Brokerage


@dataclass(frozen=True)
class BrokerReport:
    everyone: dict[int, Brokerage]  # measured without ``me``
    bridges: list[Bridge]  # most irreplaceable first
    me: Brokerage | None  # measured on the whole network
    my_boxes: list[str]  # boxes ``me`` is in or tied into
    only_through_me: list[tuple[str, str]]  # box pairs ``me`` touches that nobody else joins


def _spans(links: dict[tuple[str, str], list[tuple[int, ...]]]) -> dict[int, list[Span]]:
    out: dict[int, list[Span]] = defaultdict(list)
    for (a, b), found in sorted(links.items()):
        carried: dict[int, int] = defaultdict(int)
        for link in found:
            for pid in link:
                carried[pid] += 1
        for pid, n in carried.items():
            out[pid].append(Span(a=a, b=b, carries=n, of=len(found)))
    for spans in out.values():
        spans.sort(key=lambda s: (-s.share, -s.carries, s.a, s.b))
    return out


def bridges(network: Network, weights: Mapping[Pair, float], circles: CircleMap) -> BrokerReport:
    """Everyone's brokerage, and the people who bridge the user's boxes and circles.

    Two circles are joined by links (``circles.BoxLink``: people in both,
    go-betweens, ties across; for discovered circles, ties across). A bridge
    is on some of those links; the more of them, the harder to replace.
    """
    others = [pid for pid in network.people if pid != network.me]
    everyone = brokerage(WeightedGraph.of(others, weights))
    me_measure = None
    if network.me is not None:
        me_measure = brokerage(WeightedGraph.of(list(network.people), weights))[network.me]

    box_spans = _spans({(x.a, x.b): x.links for x in circles.box_links})
    names = {c.index: c.name for c in circles.circles}
    across: dict[tuple[str, str], list[tuple[int, ...]]] = defaultdict(list)
    for x, y in sorted(weights):
        cx, cy = circles.circle_of.get(x), circles.circle_of.get(y)
        if cx is not None and cy is not None and cx != cy:
            (lo, p), (hi, q) = sorted([(cx, x), (cy, y)])
            across[(f"#{lo} {names[lo]}", f"#{hi} {names[hi]}")].append((p, q))
    circle_spans = _spans(across)

    found = []
    for pid in sorted(set(box_spans) | set(circle_spans)):
        spans = box_spans.get(pid, []) + circle_spans.get(pid, [])
        found.append(
            Bridge(
                person=pid,
                boxes=box_spans.get(pid, []),
                circles=circle_spans.get(pid, []),
                score=round(sum(s.share for s in spans), 4),
                brokerage=everyone[pid],
            )
        )
    found.sort(key=lambda b: (-b.score, -b.brokerage.betweenness, b.person))

    my_boxes: set[str] = set()
    if network.me is not None:
        me = network.me
        my_boxes = set(network.people[me].circles)
        for a, b in weights:
            if me in (a, b):
                my_boxes |= set(network.people[b if a == me else a].circles)
    joined = {(x.a, x.b) for x in circles.box_links}
    only_me = [pair for pair in combinations(sorted(my_boxes), 2) if pair not in joined]
    return BrokerReport(
        everyone=everyone,
        bridges=found,
        me=me_measure,
        my_boxes=sorted(my_boxes),
        only_through_me=only_me,
    )
