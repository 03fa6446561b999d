"""How far the user's network reaches: organisations, fields and circles in one and two hops."""

from __future__ import annotations

from dataclasses import dataclass

from kithkin.errors import InvalidInput, NoOwner
from kithkin.insight import reach as insight
from kithkin.insight.circles import SEED, discover_circles, tie_weights
from kithkin.service.app import App
from kithkin.service.circles_discovered import PersonRef
from kithkin.service.read_model.scored import scored_network


@dataclass(frozen=True)
class Reached:
    kind: str  # organisation, field, circle or discovered circle
    name: str
    hops: int
    through: list[PersonRef]  # your contacts it is reached through, strongest tie first


@dataclass(frozen=True)
class ReachReport:
    contacts: int  # people one hop away
    second_hop: int  # people two hops away (and not one)
    counts: list[insight.ReachCount]
    fragile: list[Reached]  # organisations and circles reached through one contact only
    reached: list[Reached]
    min_strength: float


def reach(app: App, min_strength: float = 0.0, seed: int = SEED) -> ReachReport:
    """What the user reaches in one and two hops over ties at least ``min_strength`` strong."""
    if not 0.0 <= min_strength <= 1.0:
        raise InvalidInput(f"a strength is from 0 to 1, not {min_strength}")
    with app.uow(write=False) as uow:
        scored = scored_network(app, uow)
        network = scored.network
    if network.me is None:
        raise NoOwner()
    weights = tie_weights(network, scored.strengths)
    found = discover_circles(network, weights, seed=seed)
    # A discovered "circle" of one person is no circle to reach.
    names = {c.index: f"#{c.index} {c.name}" for c in found.circles if len(c.members) > 1}
    result = insight.reach(
        network,
        weights,
        {pid: names[k] for pid, k in found.circle_of.items() if k in names},
        min_weight=min_strength,
    )

    def view(r: insight.Reachable) -> Reached:
        refs = [PersonRef(pid, network.people[pid].display_name) for pid in r.through]
        return Reached(kind=r.kind, name=r.name, hops=r.hops, through=refs)

    return ReachReport(
        contacts=result.contacts,
        second_hop=result.second_hop,
        counts=result.counts,
        fragile=[view(r) for r in result.fragile],
        reached=[view(r) for r in result.reached],
        min_strength=min_strength,
    )
