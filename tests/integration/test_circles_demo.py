"""On the demo network: a discovered circle joins the aunt's street and the engineering
world, and the aunt is among the bridges. Built once per database (SQLite, PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

NOW_ARG = ("--now", "2026-06-01")
STREET = "neighbours:Maple Street"


@pytest.fixture
def db_url(db_url: str, fill_demo: Callable[[str], None]) -> str:
    """The demo network (built once per session and database, copied for this test)."""
    fill_demo(db_url)
    return db_url


def test_demo_circles_cut_across_the_boxes_and_the_aunt_bridges(kith: Any) -> None:
    circles = json.loads(kith(*NOW_ARG, "circles", "--json").out)
    by_index = {c["index"]: c for c in circles["circles"]}
    spanning = [
        by_index[i]
        for i in circles["cutting_across"]
        if STREET in by_index[i]["your_circles"] and "work:Initech" in by_index[i]["your_circles"]
    ]
    assert spanning, "no discovered circle spans Maple Street and the engineering world"
    joint = spanning[0]
    members = {m["name"] for m in joint["members"]}
    assert "Ben Okafor" in members
    assert STREET in joint["name"] and "work:Initech" in joint["name"]
    # Everyone but me is in exactly one discovered circle.
    placed = [m["id"] for c in circles["circles"] for m in c["members"]]
    assert (
        len(placed)
        == len(set(placed))
        == json.loads(kith("person", "list", "--json").out)["total"] - 1
    )
    assert "Alex Morgan" not in {m["name"] for c in circles["circles"] for m in c["members"]}
    several = {p["person"]["name"]: p["circles"] for p in circles["in_several"]}
    assert several["May Parker"] == ["family", STREET]
    link = next(x for x in circles["connections"] if (x["a"], x["b"]) == ("family", STREET))
    assert link["through"][0]["name"] == "May Parker"

    shown = kith(*NOW_ARG, "circles")
    # The name is built from the circle's dominant labels, in order of weight.
    assert shown.code == 0 and joint["name"] in shown.out

    brokers = json.loads(kith(*NOW_ARG, "brokers", "--json").out)
    names = [b["person"]["name"] for b in brokers["bridges"]]
    assert "May Parker" in names
    may = brokers["bridges"][names.index("May Parker")]
    sole = [(s["a"], s["b"]) for s in may["your_circles"] if s["sole"]]
    assert ("family", STREET) in sole
    assert brokers["you"]["contacts"] > 200 and brokers["you"]["betweenness"] > 0.5
    table = kith(*NOW_ARG, "brokers")
    assert table.code == 0 and "May Parker" in table.out

    reach = json.loads(kith(*NOW_ARG, "reach", "--json").out)
    counts = {c["kind"]: c for c in reach["counts"]}
    assert counts["organisation"]["two_hops"] >= counts["organisation"]["one_hop"] > 5
    assert reach["contacts"] > 200
