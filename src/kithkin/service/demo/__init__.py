"""``kith demo``: a seeded demo network that tells the story of the founding article.

About 300 people across family, friends, neighbours, school, three employers and
two community groups, about 1,000 ties (most between other people), two years
of interactions and favours, and the planted situations ``docs/demo.md``
describes. Everything counts back from ``app.now()``, so ``--now`` and
``--seed`` fix the network byte for byte.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kithkin.errors import InvalidInput
from kithkin.model import Ask, Exchange, Interaction, Tie
from kithkin.service.app import App
from kithkin.service.demo.builder import ME, Plan
from kithkin.service.demo.crowd import populate
from kithkin.service.demo.story import plant
from kithkin.store import UnitOfWork

DEFAULT_SEED = 2026

__all__ = ["DEFAULT_SEED", "DemoSummary", "build_demo", "plan_demo"]


@dataclass
class DemoSummary:
    """What ``kith demo`` built."""

    seed: int
    now: datetime
    me: str
    people: int
    ties: int
    ties_between_others: int
    interactions: int
    favours: int
    asks: int
    life_events: int
    circles: dict[str, int]  # circle -> members, largest first
    replaced: int  # people removed first by --replace


def plan_demo(now: datetime, seed: int = DEFAULT_SEED) -> Plan:
    """The whole demo network in memory; the same ``now`` and ``seed`` give the same plan."""
    plan = Plan(now=now, seed=seed)
    cast = plant(plan)
    populate(plan, cast)
    plan.interactions.sort(key=lambda it: it.when)
    plan.exchanges.sort(key=lambda ex: ex.when)
    plan.asks.sort(key=lambda a: a.when)
    return plan


def build_demo(
    app: App,
    seed: int = DEFAULT_SEED,
    replace: bool = False,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Write the demo network in one transaction, into an empty database unless ``replace``."""
    step = progress or (lambda _: None)
    now = app.now()
    step("drawing the network")
    plan = plan_demo(now, seed)
    with app.uow() as uow:
        held = uow.people.count()
        if held and not replace:
            raise InvalidInput(
                f"the database already holds {held} people; use a new --db or --replace"
            )
        if held:
            step("emptying the network")
            uow.people.clear_network()
        _write(uow, plan, now, step)
        uow.commit()
    from kithkin.service.calibration import refresh

    step("learning from the history")
    refresh(app, force=True)  # a new history: strength learns from it, as after an import
    circles = Counter(c for p in plan.people for c in p.circles)
    return DemoSummary(
        seed=seed,
        now=now,
        me=plan.people[ME].display_name,
        people=len(plan.people),
        ties=len(plan.ties),
        ties_between_others=sum(1 for pair in plan.ties if ME not in pair),
        interactions=len(plan.interactions),
        favours=len(plan.exchanges),
        asks=len(plan.asks),
        life_events=len(plan.life_events),
        circles=dict(sorted(circles.items(), key=lambda kv: (-kv[1], kv[0]))),
        replaced=held,
    )


def _write(uow: UnitOfWork, plan: Plan, now: datetime, step: Callable[[str], None]) -> None:
    """Bulk inserts, translating the plan's list indexes into database ids."""
    bulk = uow.bulk
    step("people")
    ids = bulk.add_people(plan.people, now)
    step("ties")
    bulk.add_ties(
        [
            Tie(
                ids[t.person_a],
                ids[t.person_b],
                kinds=t.kinds,
                closeness=t.closeness,
                since=t.since,
            )
            for t in plan.ties.values()
        ],
        now,
    )
    step("interactions")
    bulk.add_interactions(
        [
            Interaction(
                when=it.when,
                channel=it.channel,
                participants=[ids[p] for p in it.participants],
                initiator=None if it.initiator is None else ids[it.initiator],
                answered=it.answered,
                note=it.note,
            )
            for it in plan.interactions
        ],
        source="demo",
    )
    step("favours and asks")
    uow.activity.add_exchanges(
        [
            Exchange(ids[e.giver], ids[e.receiver], e.kind, e.when, weight=e.weight, note=e.note)
            for e in plan.exchanges
        ]
    )
    for a in plan.asks:
        uow.activity.add_ask(
            Ask(ids[a.through], a.kind, a.what, a.when, outcome=a.outcome, note=a.note)
        )
    for person, kind, when, note in plan.life_events:
        uow.activity.add_life_event(ids[person], kind, when, note)
