"""Discovered circles and the brokers between them, beside the user's own circles."""

from __future__ import annotations

from dataclasses import dataclass

from kithkin.errors import NotFound
from kithkin.insight.brokers import Brokerage, Span, bridges
from kithkin.insight.circles import SEED, CircleMap, Pair, discover_circles, tie_weights
from kithkin.insight.network import Network
from kithkin.service.app import App
from kithkin.service.read_model.scored import scored_network


@dataclass(frozen=True)
class PersonRef:
    id: int
    name: str


@dataclass(frozen=True)
class CircleView:
    index: int
    name: str
    size: int
    members: list[PersonRef]  # most tied-in first
    labels: dict[str, int]  # labels among its members (your circles and organisations)
    your_circles: list[str]  # your own circles present in it (two members or more)
    cuts_across: bool
    you_know: int  # members you are tied to


@dataclass(frozen=True)
class InSeveral:
    person: PersonRef
    circles: list[str]


@dataclass(frozen=True)
class Connection:
    """How two of your circles touch without you."""

    a: str
    b: str
    links: int
    in_both: list[PersonRef]
    go_betweens: list[PersonRef]
    ties: int  # ties from someone only in one to someone only in the other
    through: list[PersonRef]  # the people on the most links first


@dataclass(frozen=True)
class YourPlace:
    circles: list[str]  # your own labels on yourself
    tied_into: list[tuple[int, str, int]]  # (discovered circle, name, members you know)
    closest: str  # the discovered circle you know most of


@dataclass(frozen=True)
class CirclesReport:
    circles: list[CircleView]
    cutting_across: list[int]  # indexes of discovered circles spanning two of your circles
    in_several: list[InSeveral]
    connections: list[Connection]
    you: YourPlace
    your_circles: dict[str, int]  # your circle labels and their sizes
    modularity: float
    seed: int


def _analyse(app: App, seed: int) -> tuple[Network, dict[Pair, float], CircleMap]:
    with app.uow(write=False) as uow:
        scored = scored_network(app, uow)
        network = scored.network
    if not any(pid != network.me for pid in network.people):
        raise NotFound("the network is empty", see="empty")
    weights = tie_weights(network, scored.strengths)
    return network, weights, discover_circles(network, weights, seed=seed)


def _ref(network: Network, pid: int) -> PersonRef:
    return PersonRef(pid, network.people[pid].display_name)


def discovered_circles(app: App, seed: int = SEED) -> CirclesReport:
    """Circles found in the ties themselves, set beside the user's own circles."""
    network, _, found = _analyse(app, seed)
    views = [
        CircleView(
            index=c.index,
            name=c.name,
            size=len(c.members),
            members=[_ref(network, pid) for pid in c.members],
            labels=c.labels,
            your_circles=c.boxes,
            cuts_across=c.cuts_across,
            you_know=c.my_ties,
        )
        for c in found.circles
    ]
    connections = [
        Connection(
            a=x.a,
            b=x.b,
            links=len(x.links),
            in_both=[_ref(network, p) for p in x.shared],
            go_betweens=[_ref(network, p) for p in x.go_betweens],
            ties=len(x.ties),
            through=[_ref(network, p) for p in x.through],
        )
        for x in found.box_links
    ]
    known = sorted((c for c in found.circles if c.my_ties), key=lambda c: (-c.my_weight, c.index))
    return CirclesReport(
        circles=views,
        cutting_across=[c.index for c in found.circles if c.cuts_across],
        in_several=[InSeveral(_ref(network, pid), boxes) for pid, boxes in found.multi_box.items()],
        connections=connections,
        you=YourPlace(
            circles=found.my_boxes,
            tied_into=[(c.index, c.name, c.my_ties) for c in sorted(known, key=lambda c: c.index)],
            closest=known[0].name if known else "",
        ),
        your_circles={box: len(members) for box, members in found.boxes.items()},
        modularity=found.modularity,
        seed=seed,
    )


@dataclass(frozen=True)
class SpanView:
    a: str
    b: str
    carries: int  # links between the two that run through this person
    of: int  # all links between the two
    sole: bool


@dataclass(frozen=True)
class BrokerView:
    person: PersonRef
    score: float
    betweenness: float
    constraint: float | None
    effective_size: float | None
    contacts: int
    circle: str  # their discovered circle
    your_circles: list[SpanView]  # pairs of your circles they bridge
    discovered: list[SpanView]  # pairs of discovered circles they bridge


@dataclass(frozen=True)
class PersonBrokerage:
    person: PersonRef
    constraint: float | None
    effective_size: float | None
    betweenness: float
    contacts: int


@dataclass(frozen=True)
class YourBrokerage:
    constraint: float | None
    effective_size: float | None
    betweenness: float
    contacts: int
    circles: list[str]  # your circles you are in or tied into
    only_through_you: list[tuple[str, str]]  # pairs of them nobody else joins


@dataclass(frozen=True)
class BrokersReport:
    bridges: list[BrokerView]
    you: YourBrokerage | None
    people: int
    everyone: list[PersonBrokerage]  # filled only when asked for


def _span(s: Span) -> SpanView:
    return SpanView(a=s.a, b=s.b, carries=s.carries, of=s.of, sole=s.sole)


def brokers(app: App, limit: int = 10, everyone: bool = False, seed: int = SEED) -> BrokersReport:
    """The people who bridge the user's circles, most irreplaceable first (``limit`` 0: all)."""
    network, weights, found = _analyse(app, seed)
    report = bridges(network, weights, found)
    names = {c.index: c.name for c in found.circles}
    chosen = report.bridges if limit <= 0 else report.bridges[:limit]
    views = [
        BrokerView(
            person=_ref(network, b.person),
            score=b.score,
            betweenness=b.brokerage.betweenness,
            constraint=b.brokerage.constraint,
            effective_size=b.brokerage.effective_size,
            contacts=b.brokerage.contacts,
            circle=f"#{found.circle_of[b.person]} {names[found.circle_of[b.person]]}",
            your_circles=[_span(s) for s in b.boxes],
            discovered=[_span(s) for s in b.circles],
        )
        for b in chosen
    ]
    you = None
    if report.me is not None:
        you = YourBrokerage(
            constraint=report.me.constraint,
            effective_size=report.me.effective_size,
            betweenness=report.me.betweenness,
            contacts=report.me.contacts,
            circles=report.my_boxes,
            only_through_you=report.only_through_me,
        )
    measured: list[Brokerage] = sorted(
        report.everyone.values(), key=lambda m: (-m.betweenness, m.person)
    )
    return BrokersReport(
        bridges=views,
        you=you,
        people=len(report.everyone),
        everyone=[
            PersonBrokerage(
                person=_ref(network, m.person),
                constraint=m.constraint,
                effective_size=m.effective_size,
                betweenness=m.betweenness,
                contacts=m.contacts,
            )
            for m in measured
        ]
        if everyone
        else [],
    )
