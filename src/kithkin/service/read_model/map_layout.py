"""Where each person sits on the map, computed on the server so the browser only draws.

Each discovered circle is a disc (members on a sunflower spiral, the strongest
ties to me near its centre); discs sit on a spiral around me, biggest first.
Then a few rounds of smoothing pull everyone towards their ties' positions, so
people who bridge circles end up between them. Deterministic, and linear in
the number of people and ties: fine for tens of thousands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix, csr_matrix, diags

if TYPE_CHECKING:
    from kithkin.service.read_model.network_map import NetworkMap

GOLDEN = math.pi * (3 - math.sqrt(5))
SPACING = 10.0  # distance between neighbours inside a disc
GAP = 0.9  # how far apart discs sit, relative to their size
SMOOTHING = ((0.35, 3),)  # (pull towards ties, rounds)


def _spiral(n: int, scale: float) -> np.ndarray:
    i = np.arange(n, dtype=float)
    r = scale * np.sqrt(i + 0.5)
    theta = i * GOLDEN
    return np.column_stack([r * np.cos(theta), r * np.sin(theta)])


@dataclass(frozen=True)
class LayoutBasis:
    """What a layout reads besides my strengths: the discs (who is in which, biggest
    first) and the pull of the ties between others. Neither moves when only my own
    ties are scored again, so a followed map keeps it and places the discs again."""

    discs: list[list[int]]  # node positions per disc, in placing order
    me: list[int]
    mean: csr_matrix | None  # each node's ties, weighted, averaged (None: no ties)
    has: npt.NDArray[np.bool_]  # nodes with some tie between others


def layout_basis(graph: NetworkMap) -> LayoutBasis:
    n = len(graph.nodes)
    index = {node.id: i for i, node in enumerate(graph.nodes)}
    groups: dict[int, list[int]] = {}
    for i, node in enumerate(graph.nodes):
        if not node.me:
            groups.setdefault(node.circle, []).append(i)
    # Real circles biggest first; people in no circle (index 0) go last, on the outside.
    order = sorted(groups, key=lambda c: (c == 0, -len(groups[c]), c))
    me = [i for i, node in enumerate(graph.nodes) if node.me]
    mean, has = None, np.zeros(n, dtype=bool)
    if graph.edges:
        a = np.array([index[e.a] for e in graph.edges])
        b = np.array([index[e.b] for e in graph.edges])
        keep = ~np.isin(a, me) & ~np.isin(b, me)  # everyone is tied to me: that pull means nothing
        a, b = a[keep], b[keep]
        w = np.array([e.weight for e in graph.edges])[keep]
        adj = coo_matrix((np.r_[w, w], (np.r_[a, b], np.r_[b, a])), shape=(n, n)).tocsr()
        degree = np.asarray(adj.sum(axis=1)).ravel()
        has = degree > 0
        inv = diags(np.where(has, 1.0 / np.where(has, degree, 1.0), 0.0))
        mean = (inv @ adj).tocsr()
    return LayoutBasis([groups[c] for c in order], me, mean, has)


def layout(graph: NetworkMap, basis: LayoutBasis | None = None) -> np.ndarray:
    """An (n, 2) array of positions, in the order of ``graph.nodes``."""
    n = len(graph.nodes)
    pos = np.zeros((n, 2))
    if n == 0:
        return pos
    basis = layout_basis(graph) if basis is None else basis
    placed = 1.0
    for k, disc_members in enumerate(basis.discs):
        members = sorted(disc_members, key=lambda i: -graph.nodes[i].strength)
        disc = _spiral(len(members), SPACING)
        radius = SPACING * math.sqrt(len(members) + 0.5)
        # The disc's centre moves out along a spiral as the area already used grows.
        distance = SPACING * GAP * math.sqrt(placed) + radius + 2 * SPACING
        angle = k * GOLDEN * 1.0
        centre = np.array([distance * math.cos(angle), distance * math.sin(angle)])
        pos[members] = disc + centre
        placed += len(members) * 1.6 + 8
    anchored = pos.copy()
    if basis.mean is not None:
        has = basis.has
        for pull, rounds in SMOOTHING:
            for _ in range(rounds):
                towards = basis.mean @ pos
                pos[has] = (1 - pull) * anchored[has] + pull * towards[has]
    pos[basis.me] = 0.0
    return pos
