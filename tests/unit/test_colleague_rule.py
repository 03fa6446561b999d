"""The one colleague rule (``insight.inference``): who worked together, and how sure."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kithkin.insight.inference import MAX_GROUP, colleague_confidence, infer_ties
from kithkin.insight.network import Network
from kithkin.model import Affiliation, Channel, Interaction, Person, Tie, TieKind

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
TODAY = NOW.date()


def net(*people: Person, ties: tuple[Tie, ...] = ()) -> Network:
    everyone = [Person("Me", id=1, is_me=True), *people]
    return Network(
        me=1, people={p.id: p for p in everyone if p.id}, ties=list(ties), interactions=[]
    )


def at(pid: int, *jobs: Affiliation) -> Person:
    return Person(f"P{pid}", id=pid, affiliations=list(jobs))


def job(org: str, start: int | None = None, end: int | None = None) -> Affiliation:
    """A job from January of ``start`` to January of ``end`` (None: still there)."""
    return Affiliation(
        org,
        start=date(start, 1, 1) if start else None,
        end=date(end, 1, 1) if end else None,
        current=end is None,
    )


def pairs(network: Network) -> dict[tuple[int, int], str]:
    return {(t.a, t.b): t.kind for t in infer_ties(network, NOW)}


def test_a_past_job_makes_colleagues_of_those_there_at_the_same_time() -> None:
    network = net(
        at(2, job("Initech", 2015, 2019)),
        at(3, job("Initech", 2018)),  # still there: overlaps 2018–2019
        at(4, job("Initech", 2005, 2008)),  # gone long before
        at(5, Affiliation("Initech", current=False)),  # once, nobody knows when
    )
    found = infer_ties(network, NOW)
    assert [(t.a, t.b, t.kind) for t in found] == [(2, 3, "colleague")]
    assert "2015–2019" in found[0].evidence and "2018–now" in found[0].evidence


def test_two_people_there_now_without_dates_are_colleagues_but_less_surely() -> None:
    undated = colleague_confidence(job("Initech"), job("Initech"), 2, TODAY)
    dated = colleague_confidence(job("Initech", 2020), job("Initech", 2021), 2, TODAY)
    assert 0 < undated < dated < 1
    assert pairs(net(at(2, job("Initech")), at(3, job("Initech")))) == {(2, 3): "colleague"}


def test_at_a_huge_employer_colleague_means_little_then_nothing() -> None:
    small = colleague_confidence(job("Initech", 2020), job("Initech", 2020), 3, TODAY)
    large = colleague_confidence(job("Initech", 2020), job("Initech", 2020), 40, TODAY)
    assert 0 < large < small
    assert colleague_confidence(job("Initech"), job("Initech"), MAX_GROUP + 1, TODAY) == 0
    crowd = [at(pid, job("Megacorp", 2020)) for pid in range(2, MAX_GROUP + 3)]
    assert pairs(net(*crowd)) == {}


@pytest.mark.parametrize("other", ["Globex", "Globex, Inc.", "the globex corp"])
def test_one_employer_however_its_name_is_spelled(other: str) -> None:
    found = infer_ties(net(at(2, job("Globex Corporation", 2020)), at(3, job(other, 2021))), NOW)
    assert [(t.a, t.b, t.kind) for t in found] == [(2, 3, "colleague")]
    assert found[0].evidence.startswith("both at Globex Corporation")


def test_one_person_under_two_spellings_is_one_member_of_the_group() -> None:
    # Two spellings of one job do not make the group look larger (and its ties less sure).
    twice = at(2, job("Globex Corporation", 2020), job("Globex", 2020))
    once = at(2, job("Globex Corporation", 2020))
    others = [at(pid, job("Globex", 2020)) for pid in range(3, 12)]  # a group of ten
    assert infer_ties(net(twice, *others), NOW) == infer_ties(net(once, *others), NOW)


def test_a_stored_tie_comes_first_and_a_school_makes_classmates() -> None:
    stated = Tie(2, 3, kinds=[TieKind("friend")])
    people = (at(2, job("Initech", 2020)), at(3, job("Initech", 2020)))
    assert pairs(net(*people, ties=(stated,))) == {}
    school = (
        at(2, job("State University", 2010, 2014)),
        at(3, job("State University", 2012, 2016)),
    )
    assert pairs(net(*school)) == {(2, 3): "classmate"}


def test_only_the_ties_of_some_people_are_the_same_ties() -> None:
    network = net(
        at(2, job("Initech", 2020)),
        at(3, job("Initech", 2021)),
        at(4, job("Globex", 2020)),
        at(5, job("Globex Inc", 2022)),
        at(6),
    )
    network.interactions = [
        Interaction(datetime(2026, 5, day, tzinfo=UTC), Channel.IN_PERSON, [1, 3, 6], note=note)
        for day, note in ((2, "lunch"), (9, "book club"))
    ]
    every = infer_ties(network, NOW)
    assert {t.kind for t in every} == {"colleague", "met-together"}
    for among in ((4,), (6,), (3, 5)):
        theirs = [t for t in every if t.a in among or t.b in among]
        assert infer_ties(network, NOW, among=among) == theirs


def test_one_name_twice_at_one_employer_is_no_pair_of_colleagues() -> None:
    # Two records of Priya Raman at Northwind: a merge to review, not two colleagues.
    card = Person("Priya Raman", id=2, affiliations=[job("Northwind Health")])
    linkedin = Person("Priya  raman", id=3, affiliations=[job("Northwind Health")])
    lena = Person("Lena Fischer", id=4, affiliations=[job("Northwind Health")])
    assert pairs(net(card, linkedin, lena)) == {(2, 4): "colleague", (3, 4): "colleague"}
