"""Mentors anywhere in the network: expertise and seniority in a field, and how reachable.

Fit comes only from stored fields (skills and roles); reachability is the
probability of the best warm path, so an aunt's neighbour who is a principal
in the field can outrank a business card with the same title.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.sparse.csgraph import dijkstra

from kithkin.insight.graph import PathGraph
from kithkin.insight.network import Network
from kithkin.insight.paths import HOP_PENALTY, RankedPath, penalised
from kithkin.insight.targets import fold
from kithkin.model import Person

# Words in a title that say someone can mentor, with how much seniority they show.
SENIORITY = {
    "senior": 0.15,
    "sr": 0.15,
    "lead": 0.2,
    "manager": 0.2,
    "staff": 0.25,
    "architect": 0.25,
    "principal": 0.3,
    "head": 0.3,
    "director": 0.3,
    "vp": 0.3,
    "chief": 0.3,
    "cto": 0.3,
    "professor": 0.3,
    "partner": 0.25,
    "founder": 0.2,
}


@dataclass(frozen=True)
class MentorFit:
    person: int
    fit: float  # 0..1
    expertise: list[str]  # where the expertise shows, from stored fields
    seniority: str  # the title word that shows seniority, "" if none


def _stem(word: str) -> str:
    for suffix in ("ing", "ers", "er", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in fold(text).split()}


def fit(person: Person, field: str) -> MentorFit | None:
    """Expertise in ``field`` from skills and roles (every word of the field must show)."""
    wanted = _stems(field)
    if not wanted or person.id is None:
        return None
    shown: list[str] = []
    skill = next((s for s in person.skills if wanted <= _stems(s)), None)
    if skill:
        shown.append(f"skill: {skill}")
    roles = [a for a in person.affiliations if a.role and wanted <= _stems(a.role)]
    for a in roles:
        shown.append(f"{a.role} at {a.organisation}" + ("" if a.current else " (past)"))
    if not shown:
        return None
    title_words = {w for a in person.affiliations if a.role for w in fold(a.role).split()}
    senior = max(((SENIORITY[w], w) for w in title_words if w in SENIORITY), default=(0.0, ""))
    score = 0.4 + (0.3 if skill else 0.0) + (0.2 if roles else 0.0) + senior[0]
    return MentorFit(person.id, min(1.0, score), shown, senior[1])


def best_paths(
    graph: PathGraph, source: int, people: list[int], penalty: float = HOP_PENALTY
) -> dict[int, RankedPath]:
    """The single best path from ``source`` to each of ``people`` (one Dijkstra)."""
    s = graph.node(source)
    if s is None:
        return {}
    matrix = penalised(graph, penalty)
    dist, pred = dijkstra(matrix, indices=s, return_predecessors=True)
    out: dict[int, RankedPath] = {}
    for pid in people:
        t = graph.node(pid)
        if t is None or t == s or not np.isfinite(dist[t]):
            continue
        nodes = [t]
        while nodes[-1] != s:
            nodes.append(int(pred[nodes[-1]]))
        nodes.reverse()
        hops = len(nodes) - 1
        probability = math.exp(-(float(dist[t]) - penalty * hops))
        out[pid] = RankedPath(tuple(int(graph.ids[i]) for i in nodes), float(dist[t]), probability)
    return out


def rank_mentors(
    network: Network, graph: PathGraph, field: str, limit: int = 5
) -> list[tuple[MentorFit, RankedPath]]:
    """Fit times reachability (square root, so a great fit a few hops out still shows)."""
    if network.me is None:
        return []
    fits = [f for pid, p in network.people.items() if pid != network.me if (f := fit(p, field))]
    paths = best_paths(graph, network.me, [f.person for f in fits])
    ranked = [(f, paths[f.person]) for f in fits if f.person in paths]
    ranked.sort(key=lambda fp: (-fp[0].fit * math.sqrt(fp[1].probability), fp[0].person))
    return ranked[:limit]
