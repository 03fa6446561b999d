"""Reach in one and two hops, and what hangs on a single contact."""

from __future__ import annotations

from kithkin.insight.circles import tie_weights
from kithkin.insight.network import Network
from kithkin.insight.reach import reach
from kithkin.model import Affiliation, Person, Tie


def network() -> Network:
    """Me – Ann (Initech, python) – Cat (Hooli, rust); me – Bob (Globex) – Dan (Initech)."""

    def someone(pid: int, name: str, org: str, skills: list[str], circles: list[str]) -> Person:
        return Person(name, id=pid, affiliations=[Affiliation(org)], skills=skills, circles=circles)

    people = [
        Person("Alex Morgan", id=1, is_me=True),
        someone(2, "Ann Lee", "Initech", ["Python"], ["work:Initech"]),
        someone(3, "Bob Ray", "Globex", ["sales"], ["friends"]),
        someone(4, "Cat Cho", "Hooli", ["Rust", "python"], ["community:Rust meetup"]),
        someone(5, "Dan Dahl", "Initech", [], ["work:Initech"]),
    ]
    ties = [Tie(1, 2, closeness=5), Tie(1, 3, closeness=2), Tie(2, 4), Tie(3, 5)]
    return Network(me=1, people={p.id: p for p in people if p.id}, ties=ties, interactions=[])


def test_counts_in_one_and_two_hops() -> None:
    found = reach(network(), tie_weights(network()))
    assert (found.contacts, found.second_hop) == (2, 2)
    counts = {c.kind: (c.one_hop, c.two_hops) for c in found.counts}
    assert counts["organisation"] == (2, 3)  # Initech, Globex; then Hooli
    assert counts["field"] == (2, 3)  # python and Python are one field
    assert counts["circle"] == (2, 3)


def test_what_hangs_on_one_contact_is_fragile() -> None:
    found = reach(network(), tie_weights(network()), {2: "engineering", 4: "engineering"})
    fragile = {(r.kind, r.name): r.through for r in found.fragile}
    assert fragile[("organisation", "Hooli")] == [2]
    assert fragile[("circle", "community:Rust meetup")] == [2]
    assert fragile[("discovered circle", "engineering")] == [2]
    assert ("organisation", "Initech") not in fragile  # through Ann and through Bob
    initech = next(r for r in found.reached if r.name == "Initech")
    assert initech.through == [2, 3] and initech.hops == 1
    assert all(r.kind != "field" for r in found.fragile)


def test_weak_ties_can_be_left_out() -> None:
    found = reach(network(), tie_weights(network()), min_weight=0.5)
    assert found.contacts == 1  # Bob's tie (closeness 2 of 5) is too weak
    assert {r.name for r in found.reached if r.kind == "organisation"} == {"Initech"}
