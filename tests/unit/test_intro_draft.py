"""Introduction drafts: every sentence is built only from stored records."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kithkin.insight.graph import build_graph
from kithkin.insight.hops import FirstHop, describe
from kithkin.insight.intro import draft_intro
from kithkin.insight.network import Network
from kithkin.insight.paths import top_paths
from kithkin.model import (
    Affiliation,
    Channel,
    Interaction,
    Opportunity,
    Person,
    Readiness,
    Tie,
    TieKind,
)

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def demo_network(with_interaction: bool) -> Network:
    people = {
        1: Person("Alex Morgan", id=1, given_name="Alex", is_me=True),
        2: Person("Leo Martins", id=2, given_name="Leo"),
        3: Person("Priya Shah", id=3, affiliations=[Affiliation("Contoso", "Engineering Manager")]),
    }
    ties = [Tie(1, 2, kinds=[TieKind("friend")]), Tie(2, 3, kinds=[TieKind("friend")])]
    interactions = (
        [
            Interaction(
                datetime(2026, 5, 20, tzinfo=UTC),
                Channel.CALL,
                [1, 2],
                id=7,
                note="talked about his move to Lisbon",
            )
        ]
        if with_interaction
        else []
    )
    return Network(me=1, people=people, ties=ties, interactions=interactions)


def record_value(net: Network, opp: Opportunity, source: str) -> str:
    """Read the value a fact's source names straight from the records."""
    kind, ref, attr = source.split(" ", 2)
    if kind == "person":
        p = net.people[int(ref.lstrip("#"))]
        if attr == "affiliations":
            return "; ".join(f"{a.role} at {a.organisation}" for a in p.affiliations)
        return str(getattr(p, attr))
    if kind == "interaction":
        (it,) = [i for i in net.interactions if i.id == int(ref.lstrip("#"))]
        return f"{it.when:%-d %B %Y}" if attr == "when" else str(getattr(it, attr))
    if kind == "opportunity":
        return str(getattr(opp, attr))
    if kind == "tie":
        a, b = (int(x) for x in ref.split("–"))
        tie = net.tie(a, b)
        assert tie is not None
        return ", ".join(k.kind for k in tie.kinds)
    raise AssertionError(f"unknown source {source}")


@pytest.mark.parametrize("with_interaction", [True, False])
def test_every_sentence_is_traceable_to_stored_records(with_interaction: bool) -> None:
    net = demo_network(with_interaction)
    graph = build_graph(net, {}, NOW)
    ranked = top_paths(graph, 1, {3: 0.0}, k=1)
    ready = FirstHop(Readiness.READY)
    (path,) = describe(
        graph, net, ranked, {3: "Engineering Manager at Contoso"}, "intro", lambda _a, _b: ready
    )
    opp = Opportunity("Contoso", "Platform Engineer", id=4)
    draft = draft_intro(net, path, "intro", opp)
    assert draft.to_name == "Leo Martins"
    for sentence in draft.sentences:
        assert sentence.facts, f"an untraceable sentence: {sentence.text}"
        for fact in sentence.facts:
            assert fact.value in sentence.text
            if fact.source in ("the ask you chose",):
                continue
            if "channel" in fact.source:
                continue  # worded from the channel, checked below
            assert fact.value in record_value(net, opp, fact.source), fact
    text = draft.text
    assert ("Lisbon" in text) is with_interaction
    assert "Platform Engineer" in text and "Priya Shah" in text
    if with_interaction:
        assert "talking on the phone on 20 May 2026" in text


@pytest.mark.parametrize("ask", ["intro", "referral", "advice"])
def test_direct_and_three_hop_drafts_stay_traceable(ask: str) -> None:
    net = demo_network(with_interaction=False)
    net.people[4] = Person("Sam Lee", id=4, given_name="Sam")
    net.ties.append(Tie(3, 4, kinds=[TieKind("colleague")]))
    net.ties.append(Tie(1, 3, kinds=[TieKind("met-at:DataConf")]))
    graph = build_graph(net, {}, NOW)
    ready = FirstHop(Readiness.READY)
    for target in (3, 4):
        ranked = top_paths(graph, 1, {target: 0.0}, k=1)
        (path,) = describe(graph, net, ranked, {}, ask, lambda _a, _b: ready)
        draft = draft_intro(net, path, ask)
        for sentence in draft.sentences:
            assert sentence.facts and all(f.value in sentence.text for f in sentence.facts)
        if len(path.hops) == 1:
            assert "hoping to reach" not in draft.text
        else:
            assert net.people[target].display_name in draft.text
