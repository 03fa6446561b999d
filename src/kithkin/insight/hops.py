"""A ranked path in words: why each hop is there, its weakest link, and what to do first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
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


@dataclass(frozen=True)
class FirstHop:
    """Whether the first person on the path can carry this ask now."""

    status: Readiness
    reasons: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


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


def describe(
    graph: PathGraph,
    network: Network,
    paths: list[RankedPath],
    target_why: dict[int, str],
    ask: str,
    verdict: Callable[[int], VerdictLike],
) -> list[PathView]:
    """Paths in words; ready first hops come first, each group cheapest first."""
    views: list[PathView] = []
    for path in paths:
        hops = [
            hop_view(graph, network, a, b)
            for a, b in zip(path.people, path.people[1:], strict=False)
        ]
        weakest = min(range(len(hops)), key=lambda i: hops[i].p)
        w = hops[weakest]
        v = verdict(path.first_hop)
        first = FirstHop(v.status, list(v.reasons), list(v.suggestions))
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
            )
        )
    views.sort(key=lambda v: (ORDER[v.first_hop.status], v.cost))
    return [replace(v, rank=i + 1) for i, v in enumerate(views)]


def _advice(hops: list[HopView], first: FirstHop, ask: str) -> str:
    who = hops[0].to_name
    if len(hops) == 1:
        goal = f"ask {who} directly for {_article(ask)}"
    elif ask == "intro":
        goal = f"ask {who} for an introduction to {hops[1].to_name}"
    else:
        goal = f"ask {who} to introduce you to {hops[1].to_name}, for {_article(ask)}"
    if first.status is Readiness.READY:
        return goal[0].upper() + goal[1:] + "."
    give = f": {first.suggestions[0]}" if first.suggestions else ""
    if first.status is Readiness.CULTIVATE_FIRST:
        return f"Cultivate {who} first{give}; then {goal}."
    return f"Not now through {who}{give}."


def _article(ask: str) -> str:
    return {"intro": "an introduction", "referral": "a referral", "advice": "advice"}.get(ask, ask)
