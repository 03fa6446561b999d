"""The network's health in figures: tiers, dormant and acquaintance shares, reciprocity,
reach across circles and organisations, one-sided ties. Pure: the service hands in
tiers and reciprocity, computed with the rest of the strength machinery."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from kithkin.insight.network import Network
from kithkin.model import Tier
from kithkin.model.keys import organisation_key

YOU_OWE, THEY_OWE, BALANCED = "you owe", "they owe", "balanced"
_NOT_REACHING = (Tier.ACQUAINTANCE, Tier.DORMANT)


@dataclass(frozen=True)
class Reach:
    """Circles and organisations of the people one hop, or up to two hops, away through
    real relationships (the user's acquaintances and dormant ties left out)."""

    people: int
    circles: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NetworkReport:
    now: datetime
    ties: int  # the user's own ties
    per_tier: dict[str, int]  # every tier, innermost first, zeros kept
    dormant_share: float
    acquaintance_share: float
    reciprocity: dict[str, int]  # "you owe" / "balanced" / "they owe" -> ties
    mean_balance: float  # -1..1, positive when the user has given more
    one_hop: Reach
    two_hops: Reach
    one_sided: list[str] = field(default_factory=list)  # names
    learned: list[str] = field(default_factory=list)  # what strength learned, in words


def _reach(network: Network, people: set[int]) -> Reach:
    circles: set[str] = set()
    organisations: dict[str, str] = {}
    for pid in people:
        person = network.people.get(pid)
        if person is None:
            continue
        circles.update(person.circles)
        for a in person.current_affiliations:
            organisations.setdefault(organisation_key(a.organisation), a.organisation)
    return Reach(
        len(people),
        sorted(circles),
        sorted(organisations.values(), key=str.casefold),
    )


def network_report(
    network: Network,
    now: datetime,
    tiers: dict[int, Tier],
    balances: dict[int, tuple[float, str]],
    one_sided: list[str],
) -> NetworkReport:
    """``tiers`` and ``balances`` (balance, label) are keyed by the other person of each tie."""
    me = network.me
    total = len(tiers)
    per_tier = {t.value: 0 for t in Tier}
    for tier in tiers.values():
        per_tier[tier.value] += 1
    counts = {YOU_OWE: 0, BALANCED: 0, THEY_OWE: 0}
    for _, label in balances.values():
        counts[label] = counts.get(label, 0) + 1
    mean = sum(b for b, _ in balances.values()) / len(balances) if balances else 0.0
    # Reach counts only real relationships on the first hop: an acquaintance or a dormant
    # tie does not carry anyone into a circle.
    first = {pid for pid, tier in tiers.items() if tier not in _NOT_REACHING}
    second = set(first)
    for pid in first:
        second |= network.neighbours.get(pid, set())
    second.discard(me)
    return NetworkReport(
        now=now,
        ties=total,
        per_tier=per_tier,
        dormant_share=round(per_tier[Tier.DORMANT.value] / total, 3) if total else 0.0,
        acquaintance_share=round(per_tier[Tier.ACQUAINTANCE.value] / total, 3) if total else 0.0,
        reciprocity=counts,
        mean_balance=round(mean, 3),
        one_hop=_reach(network, first),
        two_hops=_reach(network, second),
        one_sided=sorted(one_sided),
    )
