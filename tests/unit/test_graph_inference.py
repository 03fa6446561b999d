"""Inferred ties: colleagues, classmates, family and co-participants, with evidence."""

from __future__ import annotations

from datetime import UTC, date, datetime

from kithkin.insight.graph import build_graph
from kithkin.insight.inference import infer_ties
from kithkin.insight.network import Network
from kithkin.insight.strength import tie_strengths
from kithkin.model import Affiliation, Channel, Interaction, Person, Tie, TieKind, TieSource

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def person(pid: int, name: str, *affs: Affiliation, circles: tuple[str, ...] = ()) -> Person:
    return Person(name, id=pid, affiliations=list(affs), circles=list(circles), is_me=pid == 1)


def network(people: list[Person], ties: list[Tie], interactions: list[Interaction]) -> Network:
    return Network(
        me=1, people={p.id: p for p in people if p.id}, ties=ties, interactions=interactions
    )


def test_overlapping_periods_make_colleagues_and_disjoint_ones_do_not() -> None:
    people = [
        person(1, "Me"),
        person(
            2, "Ana", Affiliation("Globex", "Engineer", date(2018, 1, 1), date(2021, 6, 1), False)
        ),
        person(3, "Bo", Affiliation("Globex Inc.", "Analyst", date(2020, 3, 1), None, True)),
        person(4, "Cy", Affiliation("Globex", "Intern", date(2010, 1, 1), date(2011, 1, 1), False)),
    ]
    inferred = {(t.a, t.b): t for t in infer_ties(network(people, [], []), NOW)}
    assert set(inferred) == {(2, 3)}
    tie = inferred[(2, 3)]
    assert tie.kind == "colleague"
    assert 0 < tie.confidence < 1
    assert "Globex" in tie.evidence and "2018–2021" in tie.evidence and "2020–now" in tie.evidence


def test_family_circle_school_years_and_group_meetings() -> None:
    people = [
        person(1, "Me"),
        person(2, "Aunt May", circles=("family",)),
        person(3, "Uncle Ben", circles=("family",)),
        person(
            4, "Dee", Affiliation("State University", "", date(2012, 9, 1), date(2016, 6, 1), False)
        ),
        person(
            5, "Eli", Affiliation("State University", "", date(2014, 9, 1), date(2018, 6, 1), False)
        ),
    ]
    meetings = [
        Interaction(
            datetime(2026, 5, d, tzinfo=UTC), Channel.IN_PERSON, [1, 4, 3], note="book club"
        )
        for d in (1, 8)
    ]
    inferred = {(t.a, t.b): t for t in infer_ties(network(people, [], meetings), NOW)}
    assert inferred[(2, 3)].kind == "family"
    assert inferred[(4, 5)].kind == "classmate"
    met = inferred[(3, 4)]
    assert met.kind == "met-together" and "2 group interactions" in met.evidence
    assert "book club" in met.evidence
    assert (1, 3) in inferred and (1, 4) in inferred  # pairs with me too, when nobody stated them


def test_a_stated_tie_is_never_replaced_and_inferred_hops_count_for_less() -> None:
    people = [
        person(1, "Me"),
        person(2, "Ana", Affiliation("Initech"), circles=("family",)),
        person(3, "Bo", Affiliation("Initech"), circles=("family",)),
    ]
    stated = Tie(1, 2, kinds=[TieKind("friend")])
    net = network(people, [stated], [])
    assert all((t.a, t.b) != (1, 2) for t in infer_ties(net, NOW))
    graph = build_graph(net, {}, NOW)
    inferred = graph.link(2, 3)
    assert inferred is not None and inferred.inferred and inferred.evidence
    assert inferred.p < graph.link(1, 2).p  # type: ignore[union-attr]
    assert graph.link(1, 2).source is TieSource.STATED  # type: ignore[union-attr]


def test_an_inferred_colleague_in_contact_weighs_what_the_contact_weighs() -> None:
    # Doubt about a tie is moot once the two are in touch: the inference names the
    # kind but never makes the hop weaker than the contact alone makes it.
    people = [
        person(1, "Me"),
        person(2, "Ana", Affiliation("Initech", "", date(2020, 1, 1))),
        person(3, "Bo", Affiliation("Initech", "", date(2021, 1, 1))),
    ]
    calls = [
        Interaction(datetime(2026, 5, d, tzinfo=UTC), Channel.CALL, [2, 3], initiator=2)
        for d in (2, 9, 16)
    ]
    net = network(people, [], calls)
    strengths = tie_strengths(net, NOW)
    with_rule = build_graph(net, strengths, NOW).link(2, 3)
    without = build_graph(net, strengths, NOW, inferred=[]).link(2, 3)
    assert with_rule is not None and without is not None
    assert with_rule.p == without.p
    assert "colleague" in with_rule.kinds and not with_rule.inferred
