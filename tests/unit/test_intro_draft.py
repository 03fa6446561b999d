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
        graph, net, ranked, {3: "Engineering Manager at Contoso"}, "intro", lambda _: ready
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
