"""kith circles, brokers and reach on a small network typed in through the CLI, both databases."""

from __future__ import annotations

import json
from typing import Any

from kithkin.model import Affiliation, Person, Tie, TieKind
from kithkin.service.app import App


def _network(app: App) -> None:
    """Family around May; Maple Street around May and Ben; Ben's team at Initech.

    Written in one unit of work (typing it in would take a minute); the
    commands under test then read it through the CLI.
    """
    people = {
        "May Parker": ["family", "neighbours:Maple Street"],
        "Rosa Parker": ["family"],
        "Tom Parker": ["family"],
        "Ben Okafor": ["neighbours:Maple Street", "work:Initech"],
        "Ida Lane": ["neighbours:Maple Street"],
        "Joe Lane": ["neighbours:Maple Street"],
        "Kim Cho": ["work:Initech"],
        "Lee Ray": ["work:Initech"],
        "Max Dahl": ["work:Initech"],
    }
    ties = [
        ("May Parker", "Rosa Parker"), ("May Parker", "Tom Parker"), ("Rosa Parker", "Tom Parker"),
        ("May Parker", "Ida Lane"), ("May Parker", "Joe Lane"), ("Ida Lane", "Joe Lane"),
        ("Ben Okafor", "Ida Lane"), ("Ben Okafor", "Joe Lane"),
        ("Ben Okafor", "Kim Cho"), ("Ben Okafor", "Lee Ray"), ("Ben Okafor", "Max Dahl"),
        ("Kim Cho", "Lee Ray"), ("Kim Cho", "Max Dahl"), ("Lee Ray", "Max Dahl"),
        ("Alex Morgan", "May Parker"), ("Alex Morgan", "Rosa Parker"), ("Alex Morgan", "Kim Cho"),
    ]  # fmt: skip
    ids: dict[str, int] = {}
    with app.uow() as uow:
        ids["Alex Morgan"] = uow.people.add(Person("Alex Morgan", is_me=True))
        for name, circles in people.items():
            orgs = [Affiliation("Initech")] if "work:Initech" in circles else []
            ids[name] = uow.people.add(Person(name, circles=circles, affiliations=orgs))
        for a, b in ties:
            uow.ties.save(Tie(ids[a], ids[b], kinds=[TieKind("friend")]))
        uow.commit()


def test_circles_brokers_and_reach(app: App, kith: Any) -> None:
    _network(app)
    circles = json.loads(kith("circles", "--json").out)
    groups = sorted(sorted(m["name"] for m in c["members"]) for c in circles["circles"])
    assert any({"Kim Cho", "Lee Ray", "Max Dahl"} <= set(g) for g in groups)
    assert all("Alex Morgan" not in g for g in groups)
    names = {c["name"] for c in circles["circles"]}
    assert any("work:Initech" in n for n in names) and any("family" in n for n in names)
    several = {p["person"]["name"] for p in circles["in_several"]}
    assert several == {"May Parker", "Ben Okafor"}
    assert circles["you"]["tied_into"]

    brokers = json.loads(kith("brokers", "--json", "--everyone").out)
    by_name = {b["person"]["name"]: b for b in brokers["bridges"]}
    sole = {(s["a"], s["b"]) for s in by_name["Ben Okafor"]["your_circles"] if s["sole"]}
    assert ("neighbours:Maple Street", "work:Initech") in sole
    assert any(s["sole"] for s in by_name["May Parker"]["your_circles"])
    assert "Rosa Parker" not in by_name or not by_name["Rosa Parker"]["your_circles"]
    assert len(brokers["everyone"]) == 9
    assert brokers["you"]["contacts"] == 3
    # Without Ben, nothing but Alex would join family and Initech.
    assert ["family", "work:Initech"] not in brokers["you"]["only_through_you"]

    reach = json.loads(kith("reach", "--json").out)
    assert (reach["contacts"], reach["second_hop"]) == (3, 6)
    fragile = {(f["kind"], f["name"]): f["through"][0]["name"] for f in reach["fragile"]}
    assert fragile[("organisation", "Initech")] == "Kim Cho"
    assert fragile[("circle", "work:Initech")] == "Kim Cho"
    assert ("circle", "neighbours:Maple Street") not in fragile  # through May, and Kim–Ben
    shown = kith("reach")
    assert shown.code == 0 and "only through Kim Cho" in shown.out


def test_empty_network_and_bad_strength_are_one_line_errors(kith: Any) -> None:
    assert kith("init", "--me", "Alex Morgan").code == 0
    empty = kith("circles")
    assert empty.code == 3 and "kith demo" in empty.err and empty.err.count("\n") == 1
    bad = kith("reach", "--min-strength", "2")
    assert bad.code == 2 and "0 to 1" in bad.err
