"""A ranked path in words: why each hop is there, its weakest link, and what to do first."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Protocol

from kithkin.insight.graph import Link, PathGraph
from kithkin.insight.network import Network
from kithkin.insight.paths import RankedPath
from kithkin.model import Readiness


class VerdictLike(Protocol):
    """What a path reads of ``insight.readiness.ReadinessVerdict``."""

    @property
    def status(self) -> Readiness: ...

    @property
    def reasons(self) -> list[str]: ...

    @property
    def suggestions(self) -> list[str]: ...


@dataclass(frozen=True)
class HopView:
    """One link of a path, and why it is there."""

    from_id: int
    from_name: str
    to_id: int
    to_name: str
    p: float  # the chance this hop carries the request
    strength: float
    source: str  # stated, imported or inferred
    confidence: float
    kinds: list[str]
    why: list[str]  # strength reasons, then inferred evidence
    verdict: FirstHop | None = None  # can the asker of this hop carry the ask across it


@dataclass(frozen=True)
class FirstHop:
    """Whether a person on the path can carry this ask now (the first hop: my ask)."""

    status: Readiness
    reasons: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


HopVerdict = FirstHop


@dataclass(frozen=True)
class PathView:
    rank: int
    target_id: int
    target_name: str
    target_why: str  # e.g. "Engineering Manager at Contoso"
    hops: list[HopView]
    probability: float
    cost: float
    weakest: int  # index of the weakest hop
    weakest_link: str
    first_hop: FirstHop
    advice: str  # the next step in one sentence
    chance: float = 0.0  # the chance every asked person says yes (ties × readiness × outcomes)
    verdict: Readiness = Readiness.READY  # the least ready hop's status
    learned: list[str] = field(default_factory=list)  # past asks on this route, and how they went


def hop_view(graph: PathGraph, network: Network, a: int, b: int) -> HopView:
    link = graph.link(a, b)
    assert link is not None, "a path only walks ties of its graph"
    return HopView(
        from_id=a,
        from_name=_name(network, a),
        to_id=b,
        to_name=_name(network, b),
        p=round(link.p, 3),
        strength=round(link.strength, 3),
        source=link.source.value,
        confidence=link.confidence,
        kinds=list(link.kinds),
        why=_why(link),
    )


def _why(link: Link) -> list[str]:
    why = list(link.reasons)
    if link.kinds and not any(", ".join(link.kinds) == r for r in why):
        why.append(", ".join(link.kinds))
    if link.inferred:
        why += [f"inferred ({link.confidence:.0%}): {e}" for e in link.evidence]
    return why or ["a stated tie with no recorded interaction"]


def _name(network: Network, pid: int) -> str:
    person = network.people.get(pid)
    return person.display_name if person else f"#{pid}"


ORDER = {Readiness.READY: 0, Readiness.CULTIVATE_FIRST: 1, Readiness.NOT_APPROPRIATE: 2}
# The chance an asked person says yes, by the readiness of the tie for the ask: a stated
# prior (no contact log records asks), moved on each route by the user's own outcomes
# (``insight.readiness_asks``).
WILLING = {Readiness.READY: 1.0, Readiness.CULTIVATE_FIRST: 0.5, Readiness.NOT_APPROPRIATE: 0.1}

# (asker, asked) -> whether the asker can carry the ask across that tie now.
Verdicts = Callable[[int, int], VerdictLike]
# first hop, the people after it -> the route's chance updated by past asks, and why.
Outcomes = Callable[[int, tuple[int, ...], float], tuple[float, list[str]]]


def _no_outcomes(first: int, route: tuple[int, ...], chance: float) -> tuple[float, list[str]]:
    return chance, []


@dataclass(frozen=True)
class _Scored:
    path: RankedPath
    verdicts: list[FirstHop]
    chance: float
    learned: list[str]


def _score(path: RankedPath, verdict: Verdicts, outcomes: Outcomes) -> _Scored:
    verdicts = []
    chance = path.probability
    for a, b in pairwise(path.people):
        v = verdict(a, b)
        verdicts.append(FirstHop(v.status, list(v.reasons), list(v.suggestions)))
        chance *= WILLING[v.status]
    chance, learned = outcomes(path.first_hop, path.people[2:], chance)
    return _Scored(path, verdicts, chance, learned)


def rank_by_chance(
    graph: PathGraph,
    candidates: list[RankedPath],
    verdict: Verdicts,
    k: int,
    outcomes: Outcomes = _no_outcomes,
    shortcuts: bool = True,
) -> list[_Scored]:
    """The ``k`` likeliest paths: each candidate's chance is the product over its hops of
    the tie's probability and the chance the asked person says yes (their readiness for
    the ask), updated by how past asks on that route went.

    Distinct first hops come first (several routes to one target rather than variations
    through one friend). A path through someone I could ask directly is dropped only when
    asking them directly is at least as likely. ``candidates`` come cheapest first by ties
    alone, which bounds the chance from above (unless a past yes lifts the route)."""
    known: dict[tuple[int, ...], _Scored] = {}

    def scored(path: RankedPath) -> _Scored:
        if path.people not in known:
            known[path.people] = _score(path, verdict, outcomes)
        return known[path.people]

    kept: list[_Scored] = []
    for path in sorted(candidates, key=lambda p: p.cost):
        if any(x.path.people == path.people for x in kept):
            continue  # already in as a direct ask
        best = sorted((s.chance for s in kept), reverse=True)
        if len(best) >= 2 * k:
            bound = outcomes(path.first_hop, path.people[2:], path.probability)[0]
            if max(bound, path.probability) < best[2 * k - 1]:
                continue
        s = scored(path)
        people = path.people
        shortcuts_ = [
            (people[0], *people[i:])
            for i in range(2, len(people) if shortcuts else 0)
            if _hop_p(graph, people[0], people[i]) is not None
        ]
        if any(scored(_direct(graph, d)).chance >= s.chance for d in shortcuts_):
            continue  # asking someone on it directly is at least as likely
        kept.append(s)
        for d in shortcuts_:  # the direct asks are paths in their own right
            if all(x.path.people != d for x in kept):
                kept.append(known[d])
    kept.sort(key=lambda s: (-s.chance, s.path.cost))
    chosen: list[_Scored] = []
    spare: list[_Scored] = []
    used: set[int] = set()
    for s in kept:
        (spare if s.path.first_hop in used else chosen).append(s)
        used.add(s.path.first_hop)
    out = (chosen + spare)[:k] if len(chosen) < k else chosen[:k]
    return sorted(out, key=lambda s: (-s.chance, s.path.cost))


def _hop_p(graph: PathGraph, a: int, b: int) -> float | None:
    """The probability of the graph's edge a–b, None when there is none."""
    u, v = graph.node(a), graph.node(b)
    if u is None or v is None:
        return None
    cost = float(graph.cost[u, v])
    return math.exp(-cost) if cost > 0 else None


def _direct(graph: PathGraph, people: tuple[int, ...]) -> RankedPath:
    prob = 1.0
    for a, b in pairwise(people):
        prob *= _hop_p(graph, a, b) or 0.0
    return RankedPath(people=people, cost=-math.log(max(prob, 1e-300)), probability=prob)


def describe(
    graph: PathGraph,
    network: Network,
    paths: list[RankedPath],
    target_why: dict[int, str],
    ask: str,
    verdict: Verdicts,
    outcomes: Outcomes = _no_outcomes,
    k: int | None = None,
    shortcuts: bool = True,
) -> list[PathView]:
    """Paths in words, likeliest first, every hop with its verdict (see ``rank_by_chance``;
    without ``shortcuts``, every path given is kept)."""
    views: list[PathView] = []
    ranked = rank_by_chance(graph, paths, verdict, k or len(paths), outcomes, shortcuts=shortcuts)
    for s in ranked:
        path = s.path
        hops = [
            replace(hop_view(graph, network, a, b), verdict=v)
            for (a, b), v in zip(pairwise(path.people), s.verdicts, strict=True)
        ]
        weakest = min(range(len(hops)), key=lambda i: hops[i].p)
        w = hops[weakest]
        first = s.verdicts[0]
        worst = max((v.status for v in s.verdicts), key=ORDER.__getitem__)
        views.append(
            PathView(
                rank=0,
                target_id=path.target,
                target_name=_name(network, path.target),
                target_why=target_why.get(path.target, ""),
                hops=hops,
                probability=round(path.probability, 4),
                cost=round(path.cost, 3),
                weakest=weakest,
                weakest_link=f"{w.from_name} – {w.to_name} (p {w.p:.2f})",
                first_hop=first,
                advice=_advice(hops, first, ask),
                chance=round(s.chance, 4),
                verdict=worst,
                learned=s.learned,
            )
        )
    return [replace(v, rank=i + 1) for i, v in enumerate(views)]


def _advice(hops: list[HopView], first: FirstHop, ask: str) -> str:
    who = hops[0].to_name
    if len(hops) == 1:
        goal = f"ask {who} directly for {_article(ask)}"
    elif ask == "intro":
        goal = f"ask {who} for an introduction to {hops[1].to_name}"
    else:
        goal = f"ask {who} to introduce you to {hops[1].to_name}, for {_article(ask)}"
    later = next(
        (h for h in hops[1:] if h.verdict is not None and h.verdict.status is not Readiness.READY),
        None,
    )
    if later is not None and later.verdict is not None:
        goal += (
            f", after asking whether {later.from_name} knows {later.to_name} well enough"
            f" ({later.verdict.reasons[0]})"
        )
    if first.status is Readiness.READY:
        return goal[0].upper() + goal[1:] + "."
    give = f": {first.suggestions[0]}" if first.suggestions else ""
    if first.status is Readiness.CULTIVATE_FIRST:
        return f"Cultivate {who} first{give}; then {goal}."
    return f"Not now through {who}{give}."


def _article(ask: str) -> str:
    return {"intro": "an introduction", "referral": "a referral", "advice": "advice"}.get(ask, ask)
