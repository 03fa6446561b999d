"""One graph across every circle: stated, imported and inferred ties as hop probabilities.

A hop's probability ``p`` is how likely the tie is to carry a request: its
strength, multiplied by the tie's confidence when the tie is only inferred.
The graph keeps ``-log p`` per directed edge in a CSR matrix (what the path
search walks) and, beside it, one ``Link`` per tie saying why the tie is there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix

from kithkin.insight.inference import InferredTie, infer_ties
from kithkin.insight.network import Network
from kithkin.model import TieSource

P_MIN, P_MAX = 0.02, 0.95  # a tie is never certain, and a stored tie is never worthless
INFERRED_BASE = 0.35  # strength of a tie known only from inference, before its confidence


class StrengthLike(Protocol):
    """What the graph reads of a tie's strength (``insight.strength.TieStrength``)."""

    @property
    def score(self) -> float: ...

    @property
    def reasons(self) -> list[str]: ...

    @property
    def interactions(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Link:
    """One tie of the graph, with everything needed to say why a hop is there.

    A path shows the reasons of a handful of links, while a graph holds one link
    per tie: the reasons are read from the tie's strength (``explained_by``) when
    first asked for, and written out only when the graph is pickled.
    """

    a: int
    b: int
    p: float
    strength: float
    source: TieSource
    confidence: float
    kinds: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()  # for inferred ties: what the inference rests on
    explained_by: StrengthLike | tuple[str, ...] | None = None  # or the reasons themselves

    @property
    def inferred(self) -> bool:
        return self.source is TieSource.INFERRED

    @property
    def reasons(self) -> tuple[str, ...]:
        """The tie's strength contributions, most important first."""
        found = self.explained_by
        if found is None:
            return ()
        return found if isinstance(found, tuple) else tuple(found.reasons)

    def __getstate__(self) -> tuple[object, ...]:
        # A pickled graph stands alone: the words, not the whole scoring behind them.
        return (self.a, self.b, self.p, self.strength, self.source, self.confidence,
                self.kinds, self.evidence, self.reasons)  # fmt: skip

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for name, value in zip(self.__slots__, state, strict=True):
            object.__setattr__(self, name, value)


@dataclass
class PathGraph:
    """People as nodes 0..n-1, ``cost[i, j] = -log p`` of the tie between them."""

    ids: npt.NDArray[np.int64]  # person id of each node
    cost: csr_matrix
    links: dict[tuple[int, int], Link] = field(default_factory=dict)  # keyed by person-id pair
    _index: dict[int, int] | None = field(default=None, repr=False)
    # Cost matrices with a per-hop penalty added (see ``paths.penalised``), made on demand.
    penalised: dict[float, csr_matrix] = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def index(self) -> dict[int, int]:
        """Person id -> node."""
        if self._index is None:
            self._index = {int(pid): i for i, pid in enumerate(self.ids.tolist())}
        return self._index

    def node(self, person_id: int) -> int | None:
        return self.index.get(person_id)

    def link(self, a: int, b: int) -> Link | None:
        return self.links.get((min(a, b), max(a, b)))

    @classmethod
    def from_arrays(
        cls,
        ids: npt.NDArray[np.int64],
        a: npt.NDArray[np.int64],
        b: npt.NDArray[np.int64],
        p: npt.NDArray[np.float64],
        links: dict[tuple[int, int], Link] | None = None,
    ) -> PathGraph:
        """A graph from node-index pairs ``a``–``b`` (undirected) and their hop probabilities."""
        w = _weight(p)
        n = len(ids)
        rows = np.concatenate([a, b]).astype(np.int32)
        cols = np.concatenate([b, a]).astype(np.int32)
        cost = csr_matrix((np.concatenate([w, w]), (rows, cols)), shape=(n, n))
        cost.sum_duplicates()
        return cls(ids=ids, cost=cost, links=links or {})


def _weight(p: npt.NDArray[np.float64]) -> npt.NDArray[np.float32]:
    """A hop's cost in the graph: ``-log p``, with ``p`` kept off 0 and 1."""
    return -np.log(np.clip(p, P_MIN * 0.1, P_MAX)).astype(np.float32)


# -- the graph -----------------------------------------------------------------------


def hop_probability(strength: float, confidence: float = 1.0) -> float:
    """The chance a tie carries a request: strength, discounted by doubt about the tie."""
    return min(P_MAX, max(P_MIN, strength)) * confidence


def build_graph(
    network: Network,
    strengths: Mapping[tuple[int, int], StrengthLike],
    now: datetime,
    inferred: Iterable[InferredTie] | None = None,
) -> PathGraph:
    """The whole network as one graph; ties let go carry no requests and are left out."""
    links: dict[tuple[int, int], Link] = {}
    for tie in network.ties:
        if tie.status.value == "let-go":
            continue
        s = strengths.get(tie.pair)
        score = s.score if s is not None else INFERRED_BASE
        kinds = tuple(k.kind for k in tie.kinds)
        evidence = tuple(k.evidence for k in tie.kinds if k.evidence)
        if tie.source is TieSource.INFERRED:
            confidence = tie.confidence
            evidence = evidence or ((tie.evidence,) if tie.evidence else ())
        else:
            confidence = 1.0
        links[tie.pair] = Link(
            a=tie.pair[0],
            b=tie.pair[1],
            p=hop_probability(score, confidence),
            strength=score,
            source=tie.source,
            confidence=confidence,
            kinds=kinds,
            evidence=evidence,
            explained_by=s,
        )
    for inf in infer_ties(network, now) if inferred is None else inferred:
        key = (inf.a, inf.b)
        if key in links:
            continue
        s = strengths.get(key)
        if s is not None and s.interactions > 0:
            # In contact: whether the tie exists is no longer in doubt, and the
            # inference must not make the hop weaker than the contact alone does.
            links[key] = Link(
                a=inf.a,
                b=inf.b,
                p=hop_probability(s.score),
                strength=s.score,
                source=TieSource.IMPORTED,
                confidence=1.0,
                kinds=("in contact", inf.kind),
                explained_by=s,
            )
            continue
        score = s.score if s is not None else INFERRED_BASE
        links[key] = Link(
            a=inf.a,
            b=inf.b,
            p=hop_probability(score, inf.confidence),
            strength=score,
            source=TieSource.INFERRED,
            confidence=inf.confidence,
            kinds=(inf.kind,),
            evidence=(inf.evidence,),
            explained_by=s,
        )
    for pair, s in strengths.items():
        # People in contact with no stated or inferred tie (two others met) are tied anyway.
        if pair not in links and s.interactions > 0 and pair[0] != pair[1]:
            links[pair] = Link(
                a=pair[0],
                b=pair[1],
                p=hop_probability(s.score),
                strength=s.score,
                source=TieSource.IMPORTED,
                confidence=1.0,
                kinds=("in contact",),
                explained_by=s,
            )
    ids = np.array(sorted(network.people), dtype=np.int64)
    index = {int(pid): i for i, pid in enumerate(ids.tolist())}
    return _graph(ids, links, index)


def _graph(
    ids: npt.NDArray[np.int64], links: dict[tuple[int, int], Link], index: dict[int, int]
) -> PathGraph:
    """The graph over ``ids`` (sorted person ids) with ``links``; ``index`` maps a
    person id to its node."""
    pairs = [(index[a], index[b], link.p) for (a, b), link in links.items()]
    a_idx = np.array([x[0] for x in pairs], dtype=np.int64)
    b_idx = np.array([x[1] for x in pairs], dtype=np.int64)
    p_arr = np.array([x[2] for x in pairs], dtype=np.float64)
    graph = PathGraph.from_arrays(ids, a_idx, b_idx, p_arr, links)
    graph._index = index
    return graph


def rescored_graph(
    graph: PathGraph,
    strengths: Mapping[tuple[int, int], StrengthLike],
    pairs: Iterable[tuple[int, int]],
) -> PathGraph | None:
    """``graph`` with the links of ``pairs`` given their new ``strengths``: what
    ``build_graph`` makes after one-to-one interactions were logged between
    people already linked. None for a pair not linked yet (build the graph anew).
    """
    links = dict(graph.links)
    cost = graph.cost.copy()
    for pair in pairs:
        old, s = links.get(pair), strengths.get(pair)
        if old is None or s is None or old.explained_by is None:
            return None
        # Every kind of link weighs its strength the same way: times its confidence.
        link = replace(
            old, p=hop_probability(s.score, old.confidence), strength=s.score, explained_by=s
        )
        links[pair] = link
        a, b = graph.index[pair[0]], graph.index[pair[1]]
        for u, v in ((a, b), (b, a)):  # the one entry each way, in place
            row = slice(cost.indptr[u], cost.indptr[u + 1])
            at = cost.indptr[u] + np.searchsorted(cost.indices[row], v)
            if at >= cost.indptr[u + 1] or cost.indices[at] != v:
                return None  # not in the matrix after all: build it anew
            cost.data[at] = _weight(np.array([link.p]))[0]
    return PathGraph(ids=graph.ids, cost=cost, links=links, _index=graph.index)


def graph_from_ties(
    people: npt.NDArray[np.int64],
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
    closeness: npt.NDArray[np.float64],
    confidence: npt.NDArray[np.float64],
) -> PathGraph:
    """A path graph from stored tie fields alone, for networks too big for ``build_graph``.

    Without interactions a tie's strength is read from its stated closeness
    (1–5 gives 0.3–0.9; unstated, the inferred base), times its confidence.
    """
    strength = np.where(np.isnan(closeness), INFERRED_BASE, 0.15 + 0.15 * closeness)
    p = np.clip(strength, P_MIN, P_MAX) * confidence
    return PathGraph.from_arrays(people, a, b, p)
