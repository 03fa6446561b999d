"""Circles discovered from the ties themselves, set beside the user's own circle labels.

The user's labels are *boxes* (family, neighbours:Maple Street, work:Initech);
the discovered circles are Leiden communities on the weighted network of
everyone but ``me``, since everyone is tied to ``me`` and counting those ties
would glue every circle into one. Each discovered circle is named from the
labels its members carry most (their boxes and organisations), so the user can
see where the network ignores the boxes: circles that cut across them, people
in several boxes, and the people through whom two boxes touch.

``leiden_communities`` works on plain arrays so that the evaluation on real
contact logs and the speed benchmark run the very code behind ``kith circles``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Protocol

import graspologic_native as gn
import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from kithkin.insight.network import Network
from kithkin.model.keys import organisation_key

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Pair = tuple[int, int]

SEED = 7  # fixed: the same network always gives the same circles
W_MIN = 0.02  # a stored tie is never worthless, however little is known of it
NAME_LABELS = 3  # at most this many labels in a circle's name
BOX_MIN = 2  # a box is present in a discovered circle when it holds this many of its members


class StrengthLike(Protocol):
    """What circles read of a tie's strength (``insight.strength.TieStrength``)."""

    @property
    def score(self) -> float: ...


# -- communities on arrays ---------------------------------------------------------


def leiden_communities(
    n: int,
    src: I64,
    dst: I64,
    weight: F64,
    *,
    seed: int = SEED,
    resolution: float = 1.0,
) -> tuple[I64, float]:
    """Community of each node ``0..n-1`` and the modularity Leiden reached.

    Communities are numbered by size, biggest first. Every community is a
    connected subgraph: Leiden guarantees it, and any community that would
    not be is split into its pieces, so that a circle is always people who
    actually know each other. A node without ties is a community of its own.
    """
    keep = (src != dst) & (weight > 0)
    src, dst, weight = src[keep], dst[keep], weight[keep]
    if len(src) == 0:
        return np.arange(n, dtype=np.int64), 0.0
    names = [str(i) for i in range(n)]
    edges = [
        (names[a], names[b], w)
        for a, b, w in zip(src.tolist(), dst.tolist(), weight.tolist(), strict=True)
    ]
    quality, partition = gn.leiden(edges, resolution=resolution, seed=seed, trials=1)
    raw = np.full(n, -1, dtype=np.int64)
    for node, community in partition.items():
        raw[int(node)] = community
    lonely = raw < 0
    raw[lonely] = raw.max() + 1 + np.arange(int(lonely.sum()))
    # Connected pieces of the graph restricted to ties inside a community:
    # exactly the communities, split wherever one would not hang together.
    inside = raw[src] == raw[dst]
    adj = sparse.csr_matrix((np.ones(int(inside.sum())), (src[inside], dst[inside])), shape=(n, n))
    _, pieces = connected_components(adj, directed=False)
    return _by_size(pieces.astype(np.int64)), float(quality)


def _by_size(labels: I64) -> I64:
    """Renumber labels 0.. by size (biggest first), ties broken by the smallest node."""
    _, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = np.lexsort((first, -counts))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    _, inverse = np.unique(labels, return_inverse=True)
    return rank[inverse]


def connected_share(labels: I64, src: I64, dst: I64) -> float:
    """Share of communities that are connected subgraphs (1.0 for ``leiden_communities``)."""
    n = len(labels)
    inside = labels[src] == labels[dst]
    adj = sparse.csr_matrix((np.ones(int(inside.sum())), (src[inside], dst[inside])), shape=(n, n))
    _, pieces = connected_components(adj, directed=False)
    n_communities = len(np.unique(labels))
    # A community is connected exactly when it is one piece.
    pieces_per = np.bincount(np.unique(np.stack([labels, pieces]), axis=1)[0])
    return float((pieces_per == 1).sum() / n_communities)


# -- the network as weighted arrays --------------------------------------------------


def tie_weights(
    network: Network, strengths: Mapping[Pair, StrengthLike] | None = None
) -> dict[Pair, float]:
    """Weight of every tie and every pair in contact: its strength, floored at ``W_MIN``.

    Without strengths a stored tie weighs its stated closeness (out of 5) or,
    when unknown, a modest share of its confidence.
    """
    out: dict[Pair, float] = {}
    for tie in network.ties:
        stated = tie.closeness / 5.0 if tie.closeness is not None else 0.3 * tie.confidence
        out[tie.pair] = stated
    if strengths is not None:
        for pair, s in strengths.items():
            if pair[0] in network.people and pair[1] in network.people:
                out[pair] = s.score
    return {pair: max(w, W_MIN) for pair, w in out.items() if pair[0] != pair[1]}


@dataclass(frozen=True)
class WeightedGraph:
    """People as nodes ``0..n-1`` (``ids`` in ascending order) and their weighted ties."""

    ids: list[int]
    src: I64
    dst: I64
    weight: F64

    @property
    def n(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, people: list[int], weights: Mapping[Pair, float]) -> WeightedGraph:
        """The ties among ``people`` only (anyone else, such as ``me``, is left out)."""
        ids = sorted(people)
        index = {pid: i for i, pid in enumerate(ids)}
        rows = sorted(
            (index[a], index[b], w) for (a, b), w in weights.items() if a in index and b in index
        )
        return cls(
            ids=ids,
            src=np.array([r[0] for r in rows], dtype=np.int64),
            dst=np.array([r[1] for r in rows], dtype=np.int64),
            weight=np.array([r[2] for r in rows], dtype=np.float64),
        )


# -- naming and boxes ------------------------------------------------------------------


def person_labels(network: Network) -> dict[int, list[str]]:
    """Each person's boxes plus their current organisations, one label per thing.

    An organisation that is also the tail of a box ("Initech" and "work:Initech")
    counts once, under the box, so that a circle is not named twice over.
    """
    tails: dict[str, str] = {}
    spelled: dict[str, str] = {}  # one label per organisation, however its name is written
    for person in network.people.values():
        for box in person.circles:
            _, sep, tail = box.partition(":")
            if sep and tail:
                tails.setdefault(organisation_key(tail), box)
        for aff in person.current_affiliations:
            spelled.setdefault(organisation_key(aff.organisation), aff.organisation)
    out: dict[int, list[str]] = {}
    for pid, person in network.people.items():
        labels = list(dict.fromkeys(person.circles))
        for aff in person.current_affiliations:
            key = organisation_key(aff.organisation)
            label = tails.get(key, spelled[key])
            if label not in labels:
                labels.append(label)
        out[pid] = labels
    return out


def circle_name(labels: Counter[str], size: int, fallback: str) -> tuple[str, list[str]]:
    """A name from the labels most members carry, and those dominant labels.

    A label is dominant when at least two members and a fifth of the circle
    carry it; a circle with none is named after ``fallback`` (its best-tied member).
    """
    need = max(2, math.ceil(0.2 * size))
    ranked = sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))
    dominant = [label for label, count in ranked if count >= need][:NAME_LABELS]
    if not dominant and ranked and ranked[0][1] >= 2:
        dominant = [ranked[0][0]]
    name = " + ".join(dominant) if dominant else f"around {fallback}"
    return name, dominant


@dataclass(frozen=True)
class DiscoveredCircle:
    index: int  # 1-based, biggest first
    name: str
    members: list[int]  # most tied-in first
    labels: dict[str, int]  # every label among its members, with how many carry it
    dominant: list[str]  # the labels its name is made of
    boxes: list[str]  # the user's own boxes present in it (``BOX_MIN`` members or more)
    my_ties: int  # members ``me`` is tied to
    my_weight: float  # the summed weight of those ties

    @property
    def cuts_across(self) -> bool:
        """Whether it spans two or more of the user's boxes."""
        return len(self.boxes) >= 2


@dataclass(frozen=True)
class BoxLink:
    """How two of the user's boxes touch without the user: every link between them.

    A link is a person in both boxes, a go-between (in neither, tied into
    each), or a tie from a member of one box only to a member of the other only.
    """

    a: str
    b: str
    shared: list[int]  # people in both boxes
    go_betweens: list[int]  # people in neither, tied to a member of each
    ties: list[tuple[int, int, float]]  # (in a only, in b only, weight), strongest first

    @property
    def links(self) -> list[tuple[int, ...]]:
        """Each link as the people it runs through."""
        return [
            *((p,) for p in self.shared),
            *((p,) for p in self.go_betweens),
            *((x, y) for x, y, _ in self.ties),
        ]

    @property
    def through(self) -> list[int]:
        """Everyone the boxes touch through, those on the most links first."""
        count = Counter(p for link in self.links for p in link)
        return sorted(count, key=lambda p: (-count[p], p))


@dataclass(frozen=True)
class CircleMap:
    circles: list[DiscoveredCircle]
    circle_of: dict[int, int]  # person id -> index of their discovered circle (``me`` absent)
    boxes: dict[str, list[int]]  # the user's own labels -> members (``me`` left out)
    multi_box: dict[int, list[str]]  # people in two boxes or more
    box_links: list[BoxLink]  # pairs of boxes that touch, most connected first
    my_boxes: list[str]
    modularity: float


def discover_circles(
    network: Network, weights: Mapping[Pair, float], *, seed: int = SEED
) -> CircleMap:
    """Discovered circles of everyone but ``me``, beside the user's own boxes."""
    others = [pid for pid in network.people if pid != network.me]
    graph = WeightedGraph.of(others, weights)
    labels, modularity = leiden_communities(graph.n, graph.src, graph.dst, graph.weight, seed=seed)
    strength_in = np.zeros(graph.n)  # weight of each node's ties inside its circle
    inside = labels[graph.src] == labels[graph.dst]
    np.add.at(strength_in, graph.src[inside], graph.weight[inside])
    np.add.at(strength_in, graph.dst[inside], graph.weight[inside])

    boxes = own_boxes(network)
    labels_of = person_labels(network)
    mine = {b if a == network.me else a: w for (a, b), w in weights.items() if network.me in (a, b)}
    members: dict[int, list[int]] = defaultdict(list)
    for node in np.lexsort((np.array(graph.ids), -strength_in)).tolist():
        members[int(labels[node])].append(graph.ids[node])
    circles = []
    for k in sorted(members):
        people = members[k]
        counts = Counter(label for pid in people for label in labels_of[pid])
        name, dominant = circle_name(counts, len(people), network.people[people[0]].display_name)
        box_counts = {box: c for box, c in counts.items() if box in boxes and c >= BOX_MIN}
        circles.append(
            DiscoveredCircle(
                index=k + 1,
                name=name,
                members=people,
                labels=dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
                dominant=dominant,
                boxes=sorted(box_counts, key=lambda b: (-box_counts[b], b)),
                my_ties=sum(1 for pid in people if pid in mine),
                my_weight=round(sum(mine.get(pid, 0.0) for pid in people), 3),
            )
        )
    circles = distinct_names(circles, network)
    circle_of = {pid: c.index for c in circles for pid in c.members}
    me = network.people.get(network.me) if network.me is not None else None
    return CircleMap(
        circles=circles,
        circle_of=circle_of,
        boxes=boxes,
        multi_box=multi_box(network),
        box_links=box_links(network, weights),
        my_boxes=sorted(me.circles) if me is not None else [],
        modularity=round(modularity, 4),
    )


def distinct_names(circles: list[DiscoveredCircle], network: Network) -> list[DiscoveredCircle]:
    """Circles that would share a name ("friends" three times) are told apart by their
    best-tied member: "friends, around Ana Lima". The CLI, the web and the map all read
    these names, so every face of the app calls a circle the same."""
    seen = Counter(c.name for c in circles)
    out: list[DiscoveredCircle] = []
    taken: set[str] = set()
    for c in circles:
        name = c.name
        if seen[c.name] > 1 and not name.startswith("around "):
            name = f"{c.name}, around {network.people[c.members[0]].display_name}"
        base, n = name, 2
        while name in taken:  # two namesakes as best-tied members: number them
            name, n = f"{base} ({n})", n + 1
        taken.add(name)
        out.append(replace(c, name=name))
    return out


def own_boxes(network: Network) -> dict[str, list[int]]:
    """The user's circle labels and their members, ``me`` left out."""
    out: dict[str, list[int]] = defaultdict(list)
    for pid in sorted(network.people):
        if pid != network.me:
            for box in network.people[pid].circles:
                out[box].append(pid)
    return dict(sorted(out.items()))


def multi_box(network: Network) -> dict[int, list[str]]:
    """People (not ``me``) who sit in two boxes or more."""
    return {
        pid: sorted(p.circles)
        for pid, p in sorted(network.people.items())
        if pid != network.me and len(set(p.circles)) >= 2
    }


def box_links(network: Network, weights: Mapping[Pair, float]) -> list[BoxLink]:
    """Every pair of boxes that touch through anyone but ``me``, most links first.

    Ties through ``me`` do not count: the point is how the boxes connect
    without the user.
    """
    boxes_of = {pid: set(p.circles) for pid, p in network.people.items() if pid != network.me}
    contacts: dict[int, list[int]] = defaultdict(list)
    across: dict[tuple[str, str], list[tuple[int, int, float]]] = defaultdict(list)
    for (x, y), w in sorted(weights.items()):
        if x not in boxes_of or y not in boxes_of:
            continue
        contacts[x].append(y)
        contacts[y].append(x)
        bx, by = boxes_of[x], boxes_of[y]
        for a in bx - by:
            for b in by - bx:
                key, ends = ((a, b), (x, y)) if a < b else ((b, a), (y, x))
                across[key].append((ends[0], ends[1], round(w, 3)))
    shared: dict[tuple[str, str], list[int]] = defaultdict(list)
    between: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pid in sorted(boxes_of):
        for a, b in combinations(sorted(boxes_of[pid]), 2):
            shared[(a, b)].append(pid)
        for key in _go_between(boxes_of[pid], [boxes_of[q] for q in contacts[pid]]):
            between[key].append(pid)
    links = []
    for key in set(shared) | set(between) | set(across):
        ties = sorted(across.get(key, []), key=lambda t: (-t[2], t[0], t[1]))
        links.append(
            BoxLink(
                a=key[0],
                b=key[1],
                shared=shared.get(key, []),
                go_betweens=between.get(key, []),
                ties=ties,
            )
        )
    links.sort(key=lambda link: (-len(link.links), link.a, link.b))
    return links


def _go_between(own: set[str], contacts: list[set[str]]) -> list[tuple[str, str]]:
    """Pairs of boxes, neither one's own, that one is tied into: A through a contact
    in A but not B, and B through a contact in B but not A."""
    holders: dict[str, set[int]] = defaultdict(set)
    for i, boxes in enumerate(contacts):
        for box in boxes - own:
            holders[box].add(i)
    return [
        (a, b)
        for a, b in combinations(sorted(holders), 2)
        if holders[a] - holders[b] and holders[b] - holders[a]
    ]
